//! PKCS#10 requests: parsed and proof-of-possession checked with x509-parser, turned into a
//! [`VerifiedCsr`] that can only exist for a request whose signature is good.

use der::Decode;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::name::Name;
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::cri_attributes::ParsedCriAttribute;
use x509_parser::prelude::FromDer;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::KeyAlgorithm;

/// Extensions a request may mark critical; any other critical extension is refused.
const KNOWN_EXTENSIONS: [&str; 5] = [
    "2.5.29.15", // keyUsage
    "2.5.29.17", // subjectAltName
    "2.5.29.19", // basicConstraints
    "2.5.29.37", // extKeyUsage
    "2.5.29.14", // subjectKeyIdentifier
];

/// A certificate request whose self-signature verified.
#[derive(Debug, Clone)]
pub struct VerifiedCsr {
    /// The subject the applicant asked for.
    pub subject: Name,
    /// The applicant's public key.
    pub public_key: SubjectPublicKeyInfoOwned,
    /// The key's algorithm.
    pub algorithm: KeyAlgorithm,
}

/// Decodes PEM (`CERTIFICATE REQUEST`) or DER and checks the request.
pub fn verify_csr(input: &[u8]) -> Result<VerifiedCsr> {
    let der = if crate::pem::is_pem(input) {
        crate::pem::decode_labelled(input, &["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"])
            .map_err(|e| {
                Error::Csr(refusal!(
                    "refusal-csr-pem-could-not-be",
                    "the PEM could not be read: {problem}",
                    problem = e
                ))
            })?
    } else {
        input.to_vec()
    };
    let (rest, csr) = X509CertificationRequest::from_der(&der).map_err(|e| {
        Error::Csr(refusal!(
            "refusal-csr-not-pkcs-10-request",
            "not a PKCS#10 request: {problem}",
            problem = e
        ))
    })?;
    if !rest.is_empty() {
        return Err(Error::Csr(refusal!(
            "refusal-csr-bytes-trailing-data-after",
            "{rest} bytes of trailing data after the request",
            rest = rest.len()
        )));
    }
    let info = &csr.certification_request_info;
    let public_key = SubjectPublicKeyInfoOwned::from_der(info.subject_pki.raw).map_err(|e| {
        Error::Csr(refusal!(
            "refusal-csr-public-key",
            "public key: {problem}",
            problem = e
        ))
    })?;
    let algorithm = KeyAlgorithm::of_spki(&public_key).map_err(|e| {
        Error::Csr(refusal!(
            "refusal-csr-unsupported-key",
            "unsupported key: {problem}",
            problem = e
        ))
    })?;
    let unproven = |why: String| {
        Error::Csr(refusal!(
            "refusal-csr-signature-does-not-verify",
            "the signature does not verify with the request's own key, so the applicant has not \
             shown possession of the private key ({why})",
            why = why
        ))
    };
    if let KeyAlgorithm::Gost(_) = algorithm {
        // x509-parser cannot check GOST: ours, over the request info as signed.
        let named: der::asn1::ObjectIdentifier = csr
            .signature_algorithm
            .algorithm
            .to_id_string()
            .parse()
            .map_err(|e: der::oid::Error| {
                Error::Csr(refusal!(
                    "refusal-csr-signature-algorithm",
                    "signature algorithm: {problem}",
                    problem = e
                ))
            })?;
        let signature = csr.signature_value.data.as_ref();
        if !crate::keys::verify_with_algorithm(&public_key, &named, info.raw, signature) {
            return Err(unproven(format!("GOST signature under {named}")));
        }
    } else {
        csr.verify_signature()
            .map_err(|e| unproven(e.to_string()))?;
    }
    for attribute in info.iter_attributes() {
        if let ParsedCriAttribute::ExtensionRequest(request) = attribute.parsed_attribute() {
            for ext in &request.extensions {
                let oid = ext.oid.to_id_string();
                if ext.critical && !KNOWN_EXTENSIONS.contains(&oid.as_str()) {
                    return Err(Error::Csr(refusal!("refusal-csr-request-asks-for-critical", "the request asks for critical extension {oid}, which this CA does not know", oid = oid)));
                }
            }
        }
    }
    let subject = Name::from_der(info.subject.as_raw()).map_err(|e| {
        Error::Csr(refusal!(
            "refusal-csr-subject",
            "subject: {problem}",
            problem = e
        ))
    })?;
    crate::names::subject::check_identifiers_in(&subject)?;
    Ok(VerifiedCsr {
        subject,
        public_key,
        algorithm,
    })
}
