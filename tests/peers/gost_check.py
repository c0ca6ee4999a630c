"""GOST R 34.10-2012 by gostcrypto (PyPI), an implementation independent of ours, in our byte
conventions: keys and digests little-endian, public keys LE(X) || LE(Y), signatures s || r.

    gost_check.py public CURVE D_LE
    gost_check.py sign   CURVE D_LE DIGEST K_LE      (a fixed nonce k)
    gost_check.py verify CURVE PUBLIC_LE DIGEST SIG  (prints OK or FAIL)

CURVE is a gostcrypto curve name (id-tc26-gost-3410-...); arguments are hex.
"""
import sys

import gostcrypto.gostsignature as gs


def signer(curve):
    mode = gs.MODE_512 if "512" in curve else gs.MODE_256
    return gs.new(mode, gs.CURVES_R_1323565_1_024_2019[curve]), (64 if mode == gs.MODE_512 else 32)


def halves_reversed(data, size):
    return data[:size][::-1] + data[size:][::-1]


def main(argv):
    command, curve, *args = argv
    gost, size = signer(curve)
    if command == "public":
        d = bytes.fromhex(args[0])[::-1]
        print(halves_reversed(bytes(gost.public_key_generate(bytearray(d))), size).hex())
    elif command == "sign":
        d, digest, k = (bytes.fromhex(a) for a in args)
        r_s = bytes(gost.sign(bytearray(d[::-1]), bytearray(digest[::-1]), bytearray(k[::-1])))
        print((r_s[size:] + r_s[:size]).hex())
    elif command == "verify":
        public, digest, signature = (bytes.fromhex(a) for a in args)
        r_s = signature[size:] + signature[:size]
        ok = gost.verify(bytearray(halves_reversed(public, size)), bytearray(digest[::-1]), bytearray(r_s))
        print("OK" if ok else "FAIL")
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
