"""pyHanko as a CMS peer for the end-to-end tests (run in the venv the tests make):

    sign CERT.pem KEY.pem DOC OUT    a detached CMS signature made by pyHanko's signer
    verify SIG DOC CA.pem            exit 0 and print VERIFIED when pyHanko finds the signature
                                     intact, valid and trusted under CA; exit 1 otherwise
    verify-ts SIG DOC CA.pem         the same for the signature time-stamp (CAdES-T) and the
                                     TSA trusted under CA: print TIMESTAMP VALID and its time
"""
import asyncio
import sys

from asn1crypto import cms, pem, x509
from pyhanko.sign import signers
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko_certvalidator import ValidationContext


def certificate(path):
    with open(path, "rb") as f:
        data = f.read()
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return x509.Certificate.load(data)


async def sign(cert, key, doc, out):
    signer = signers.SimpleSigner.load(key, cert)
    with open(doc, "rb") as f:
        data = f.read()
    signature = await signer.async_sign_general_data(data, "sha256", detached=True)
    with open(out, "wb") as f:
        f.write(signature.dump())


async def verify(sig, doc, ca):
    with open(sig, "rb") as f:
        signed = cms.ContentInfo.load(f.read())["content"]
    with open(doc, "rb") as f:
        data = f.read()
    context = ValidationContext(trust_roots=[certificate(ca)], allow_fetching=False)
    status = await async_validate_detached_cms(data, signed, signer_validation_context=context)
    ok = status.intact and status.valid and status.trusted
    print("VERIFIED" if ok else f"NOT VERIFIED: {status.pretty_print_details()}")
    return ok


async def verify_timestamp(sig, doc, ca):
    with open(sig, "rb") as f:
        signed = cms.ContentInfo.load(f.read())["content"]
    with open(doc, "rb") as f:
        data = f.read()
    trust = [certificate(ca)]
    status = await async_validate_detached_cms(
        data,
        signed,
        signer_validation_context=ValidationContext(trust_roots=trust, allow_fetching=False),
        ts_validation_context=ValidationContext(trust_roots=trust, allow_fetching=False),
    )
    stamp = status.timestamp_validity
    if stamp is None:
        print("NO TIMESTAMP")
        return False
    ok = stamp.intact and stamp.valid and stamp.trusted
    print(f"TIMESTAMP VALID {stamp.timestamp.isoformat()}" if ok
          else f"TIMESTAMP NOT VALID: {stamp.pretty_print_details()}")
    return ok


if __name__ == "__main__":
    if sys.argv[1] == "sign":
        asyncio.run(sign(*sys.argv[2:6]))
    elif sys.argv[1] == "verify-ts":
        sys.exit(0 if asyncio.run(verify_timestamp(*sys.argv[2:5])) else 1)
    else:
        sys.exit(0 if asyncio.run(verify(*sys.argv[2:5])) else 1)
