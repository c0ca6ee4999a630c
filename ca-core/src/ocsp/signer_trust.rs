//! Whom an OCSP answer may come from (RFC 6960 §4.2.2.2): the CA itself, or a responder the CA
//! delegated by certificate (issued by it, id-kp-OCSPSigning, valid), named by key hash or name.

use der::{Decode, Encode};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::Certificate;
use x509_ocsp::{BasicOcspResponse, ResponderId};

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::verify_with_algorithm;
use crate::oid::KP_OCSP_SIGNING;
use crate::time::unix_of;

/// Whether `key_hash` (a responderID byKey) is the SHA-1 of `cert`'s public key.
pub(super) fn key_hash_matches(key_hash: &[u8], cert: &Certificate) -> bool {
    let key = cert
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes();
    Sha1::digest(key).as_slice() == key_hash || Sha256::digest(key).as_slice() == key_hash
}

/// Finds who signed the response and checks that signature and that signer's authority:
/// the CA itself, or a certificate in the response that the CA issued for OCSP signing and
/// that is valid at `now`. Returns a name for the signer and its certificate's serial.
pub(super) fn check_signer(
    basic: &BasicOcspResponse,
    issuer: &Certificate,
    now: u64,
) -> Result<(String, String)> {
    let untrusted = Error::UntrustedResponse;
    let names_signer = |cert: &Certificate| match &basic.tbs_response_data.responder_id {
        ResponderId::ByKey(hash) => key_hash_matches(hash.as_bytes(), cert),
        ResponderId::ByName(name) => *name == cert.tbs_certificate.subject,
    };
    let (signer, who) = if names_signer(issuer) {
        (issuer, "the CA".to_owned())
    } else {
        let delegated = basic
            .certs
            .iter()
            .flatten()
            .find(|c| names_signer(c))
            .ok_or_else(|| {
                untrusted(refusal!(
                    "refusal-untrusted-signed-by-responder-whose",
                    "it is signed by a responder whose certificate it does not include"
                ))
            })?;
        check_delegation(delegated, issuer, now)?;
        (
            delegated,
            crate::names::subject::display_name(&delegated.tbs_certificate.subject),
        )
    };
    let message = basic.tbs_response_data.to_der()?;
    let signature = basic.signature.as_bytes().ok_or_else(|| {
        untrusted(refusal!(
            "refusal-untrusted-signature-not-whole-number",
            "the signature is not a whole number of bytes"
        ))
    })?;
    if !verify_with_algorithm(
        &signer.tbs_certificate.subject_public_key_info,
        &basic.signature_algorithm.oid,
        &message,
        signature,
    ) {
        return Err(untrusted(refusal!(
            "refusal-untrusted-signature-does-not-verify",
            "its signature does not verify"
        )));
    }
    let serial = crate::serial::hex(signer.tbs_certificate.serial_number.as_bytes());
    Ok((who, serial))
}

/// A delegated responder: issued (signed) by the CA, extendedKeyUsage id-kp-OCSPSigning, valid
/// at `now`.
pub(crate) fn check_delegation(signer: &Certificate, issuer: &Certificate, now: u64) -> Result<()> {
    let untrusted = Error::UntrustedResponse;
    if !crate::keys::issued_by(signer, issuer) {
        return Err(untrusted(refusal!(
            "refusal-untrusted-signer-certificate-not-signed",
            "its signer certificate is not signed by this CA"
        )));
    }
    let eku = signer
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == crate::oid::EXT_KEY_USAGE)
        .and_then(|e| ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok());
    if !eku.is_some_and(|eku| eku.0.contains(&KP_OCSP_SIGNING)) {
        return Err(untrusted(refusal!(
            "refusal-untrusted-signer-certificate-not-authorised",
            "its signer certificate is not authorised for OCSP signing (no id-kp-OCSPSigning)"
        )));
    }
    let validity = &signer.tbs_certificate.validity;
    if now < unix_of(&validity.not_before) || now > unix_of(&validity.not_after) {
        return Err(untrusted(refusal!(
            "refusal-untrusted-signer-certificate-not-valid",
            "its signer certificate is not valid now"
        )));
    }
    Ok(())
}
