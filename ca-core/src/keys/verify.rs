//! Signature checks: a signature by a key, under the algorithm a structure names, and a
//! certificate issued by another — the one place each is written.

use der::Encode;
use ring::signature as sig;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;

use super::{gost, KeyAlgorithm};
use crate::oid;

/// Whether the key is a GOST R 34.10-2012 key (its checks happen once, in the verification).
fn is_gost(public_key: &SubjectPublicKeyInfoOwned) -> bool {
    matches!(
        public_key.algorithm.oid,
        oid::GOST_2012_256 | oid::GOST_2012_512
    )
}

/// A GOST signature s ‖ r over `message` (hashed with Streebog of the key's size) by a GOST
/// SubjectPublicKeyInfo whose signature algorithm is `named` (the signature's OID, or — as CMS
/// SignerInfos from the gost engine and CryptoPro write it — the key's), if given. The point is
/// decoded and checked (on the curve, in the subgroup) once, by the verification itself.
fn verify_gost(
    public_key: &SubjectPublicKeyInfoOwned,
    named: Option<&der::asn1::ObjectIdentifier>,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let Ok((set, public)) = gost::encoding::public_point(public_key) else {
        return false;
    };
    let named_ok = named.is_none_or(|n| *n == set.signature_oid() || *n == set.key_oid());
    named_ok && gost::verify(set, public, message, signature)
}

/// Whether `signature` over `message` verifies with `public_key` (P-256/P-384 ECDSA, Ed25519,
/// RSA PKCS#1 v1.5 with SHA-256, GOST R 34.10-2012 with Streebog), as a
/// [`Signer`](super::Signer) of that key makes it.
pub fn verify_signature(
    public_key: &SubjectPublicKeyInfoOwned,
    message: &[u8],
    signature: &[u8],
) -> bool {
    if is_gost(public_key) {
        return verify_gost(public_key, None, message, signature);
    }
    let algorithm: &dyn sig::VerificationAlgorithm = match KeyAlgorithm::of_spki(public_key) {
        Ok(KeyAlgorithm::Gost(_)) => return false,
        Ok(KeyAlgorithm::EcdsaP256) => &sig::ECDSA_P256_SHA256_ASN1,
        Ok(KeyAlgorithm::EcdsaP384) => &sig::ECDSA_P384_SHA384_ASN1,
        Ok(KeyAlgorithm::Ed25519) => &sig::ED25519,
        Ok(KeyAlgorithm::Rsa) => &sig::RSA_PKCS1_2048_8192_SHA256,
        Err(_) => return false,
    };
    sig::UnparsedPublicKey::new(algorithm, public_key.subject_public_key.raw_bytes())
        .verify(message, signature)
        .is_ok()
}

/// Checks `signature` over `message` by `public_key` under the signature algorithm a structure
/// names (a certificate's, an OCSP response's, a CMS signer's): ECDSA with SHA-256/384,
/// RSA PKCS#1 v1.5 with SHA-256/384/512, Ed25519, GOST R 34.10-2012 with Streebog of its size
/// (named by the signature OID, or — as CMS SignerInfos from the gost engine and CryptoPro do —
/// by the key's OID). False for anything else.
pub fn verify_with_algorithm(
    public_key: &SubjectPublicKeyInfoOwned,
    algorithm: &der::asn1::ObjectIdentifier,
    message: &[u8],
    signature: &[u8],
) -> bool {
    use oid::{
        ECDSA_WITH_SHA256 as ECDSA_SHA256, ECDSA_WITH_SHA384 as ECDSA_SHA384, ED25519,
        SHA256_WITH_RSA as RSA_SHA256, SHA384_WITH_RSA as RSA_SHA384,
        SHA512_WITH_RSA as RSA_SHA512,
    };
    if is_gost(public_key) {
        return verify_gost(public_key, Some(algorithm), message, signature);
    }
    let key = KeyAlgorithm::of_spki(public_key);
    let verifier: &dyn sig::VerificationAlgorithm = match (key, *algorithm) {
        (Ok(KeyAlgorithm::EcdsaP256), ECDSA_SHA256) => &sig::ECDSA_P256_SHA256_ASN1,
        (Ok(KeyAlgorithm::EcdsaP256), ECDSA_SHA384) => &sig::ECDSA_P256_SHA384_ASN1,
        (Ok(KeyAlgorithm::EcdsaP384), ECDSA_SHA256) => &sig::ECDSA_P384_SHA256_ASN1,
        (Ok(KeyAlgorithm::EcdsaP384), ECDSA_SHA384) => &sig::ECDSA_P384_SHA384_ASN1,
        (Ok(KeyAlgorithm::Rsa), RSA_SHA256) => &sig::RSA_PKCS1_2048_8192_SHA256,
        (Ok(KeyAlgorithm::Rsa), RSA_SHA384) => &sig::RSA_PKCS1_2048_8192_SHA384,
        (Ok(KeyAlgorithm::Rsa), RSA_SHA512) => &sig::RSA_PKCS1_2048_8192_SHA512,
        (Ok(KeyAlgorithm::Ed25519), ED25519) => &sig::ED25519,
        _ => return false,
    };
    sig::UnparsedPublicKey::new(verifier, public_key.subject_public_key.raw_bytes())
        .verify(message, signature)
        .is_ok()
}

/// Whether `issuer` issued `certificate`: the issuer name matches and the certificate's
/// signature verifies with the issuer's key under the algorithm it names.
pub fn issued_by(certificate: &Certificate, issuer: &Certificate) -> bool {
    certificate.tbs_certificate.issuer == issuer.tbs_certificate.subject
        && certificate.tbs_certificate.to_der().is_ok_and(|tbs| {
            verify_with_algorithm(
                &issuer.tbs_certificate.subject_public_key_info,
                &certificate.signature_algorithm.oid,
                &tbs,
                certificate.signature.raw_bytes(),
            )
        })
}
