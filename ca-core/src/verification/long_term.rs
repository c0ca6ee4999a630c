//! Making a time-stamped signature long-term (ETSI EN 319 122-1 B-LT): for every certificate
//! of the signer's path the signature carries, a fresh OCSP answer from the responder its
//! certificate names and the CRL at its distribution point, fetched after the time-stamp (so
//! they speak for a time at or after it), go into SignedData.crls — a CRL as itself, an OCSP
//! answer as RFC 5940 other revocation information — and the certificates that signed the
//! OCSP answers into SignedData.certificates. A verifier can then decide offline, years later.

use std::time::Duration;

use cms::cert::CertificateChoices;
use der::{Decode, Encode};
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::CrlDistributionPoints;
use x509_cert::Certificate;

use super::ber::Sets;
use super::validation_data::OtherRevocationInfo;
use crate::error::refusal;
use crate::error::{Error, Result};
use crate::ocsp::client::{basic_response, ocsp_url, Query};
use crate::ocsp::CertState;

/// Largest CRL fetched, bytes (100,000 entries take about 4 MB).
const MAX_CRL_BYTES: u64 = 64 * 1024 * 1024;
/// Longest path followed from the signer.
const MAX_PATH: usize = 8;

/// One piece of validation material fetched for one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectedItem {
    /// `ocsp` or `crl`.
    pub kind: &'static str,
    /// The certificate it speaks of: serial (hex).
    pub certificate_serial: String,
    /// Its subject.
    pub subject: String,
    /// Where it came from.
    pub url: String,
    /// `good`, `revoked`, `unknown`, or why nothing was had (`unavailable: …`).
    pub status: String,
    /// Whether it was embedded.
    pub embedded: bool,
}

/// Fetches the validation material for the signer's path and embeds it in `signature`, which
/// must carry a signature time-stamp. Refused, with nothing written, when no OCSP answer or
/// CRL can be had for the signer's own certificate, or when it says the certificate is revoked
/// or unknown. Returns the long-term signature (DER) and what was fetched.
pub fn add_long_term_data(
    signature: &[u8],
    now: u64,
    timeout: Duration,
) -> Result<(Vec<u8>, Vec<CollectedItem>)> {
    let decoded = super::decode_signature(signature, Sets::Extract)?;
    let [signer] = decoded.signed.signer_infos.0.as_slice() else {
        return Err(Error::Invalid(refusal!(
            "refusal-one-signer",
            "the signature must have exactly one signer"
        )));
    };
    if super::timestamp::tokens_of(signer).is_empty() {
        return Err(Error::Invalid(refusal!(
            "refusal-no-timestamp",
            "the signature has no signature time-stamp: a long-term signature needs one first \
             (--tsa URL)"
        )));
    }
    let certificates = decoded.certificates();
    let signer_cert = super::signer_certificate(signer, &certificates).ok_or_else(|| {
        Error::Invalid(refusal!(
            "refusal-no-signer-certificate",
            "the signer's certificate is not in the signature"
        ))
    })?;
    let mut fetched = Fetched::default();
    let mut current = signer_cert.clone();
    for depth in 0..MAX_PATH {
        if crate::keys::issued_by(&current, &current) {
            break;
        }
        let Some(issuer) = certificates
            .iter()
            .find(|c| *c != &current && crate::keys::issued_by(&current, c))
            .cloned()
        else {
            break;
        };
        let before = fetched.items.len();
        fetch_for(&current, &issuer, now, timeout, &mut fetched);
        if depth == 0 {
            check_signer_material(&fetched.items[before..])?;
        }
        current = issuer;
    }
    if fetched.items.is_empty() {
        return Err(Error::Invalid(refusal!(
            "refusal-no-issuer-certificate",
            "the signature does not carry the certificate that issued the signer's: give it \
             when signing (--chain)"
        )));
    }
    let long_term = embed_validation_data(signature, &fetched.responses, &fetched.crls)?;
    Ok((long_term, fetched.items))
}

/// The signer's own certificate needs one item that says good.
fn check_signer_material(items: &[CollectedItem]) -> Result<()> {
    if let Some(bad) = items
        .iter()
        .find(|i| i.embedded && (i.status == "revoked" || i.status == "unknown"))
    {
        return Err(Error::Invalid(refusal!(
            "refusal-signer-not-good",
            "the {source} at {url} says the signer's certificate is {status}: a long-term \
             signature would not verify; nothing written",
            source = bad.kind,
            url = bad.url,
            status = bad.status
        )));
    }
    if !items.iter().any(|i| i.embedded) {
        let why: Vec<String> = items
            .iter()
            .map(|i| format!("{} {}: {}", i.kind, i.url, i.status))
            .collect();
        return Err(Error::Invalid(if why.is_empty() {
            refusal!(
                "refusal-no-validation-source",
                "the signer's certificate names neither an OCSP responder nor a CRL distribution \
                 point: nothing proves it good"
            )
        } else {
            refusal!(
                "refusal-no-validation-data",
                "no validation data could be had for the signer's certificate ({why}); nothing \
                 written",
                why = why.join("; ")
            )
        }));
    }
    Ok(())
}

/// What was fetched for the path: each outcome, and the OCSP answers and CRLs to embed.
#[derive(Default)]
struct Fetched {
    items: Vec<CollectedItem>,
    responses: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
}

/// Asks the OCSP responder and fetches the CRL `cert` names; records each outcome.
fn fetch_for(
    cert: &Certificate,
    issuer: &Certificate,
    now: u64,
    timeout: Duration,
    fetched: &mut Fetched,
) {
    let item = |kind, url: &str, outcome: std::result::Result<CertState, String>| {
        let (status, embedded) = match outcome {
            Ok(state) => (state.word().to_owned(), true),
            Err(why) => (format!("unavailable: {why}"), false),
        };
        CollectedItem {
            kind,
            certificate_serial: crate::serial::hex(cert.tbs_certificate.serial_number.as_bytes()),
            subject: crate::names::subject::display_name(&cert.tbs_certificate.subject),
            url: url.to_owned(),
            status,
            embedded,
        }
    };
    if let Some(url) = ocsp_url(cert) {
        let asked = Query::new(cert, issuer)
            .and_then(|query| query.ask_keeping(&url, issuer, now, timeout))
            .map(|(report, der)| {
                fetched.responses.push(der);
                report.verdict
            })
            .map_err(|e| e.to_string());
        fetched.items.push(item("ocsp", &url, asked));
    }
    if let Some(url) = crl_url(cert) {
        let got = crate::http_client::get(&url, timeout, MAX_CRL_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|der| {
                let state = super::revocation::crl_status(&der, cert, issuer, Some(now))
                    .map_err(|why| why.to_string())?;
                fetched.crls.push(der);
                Ok(state)
            });
        fetched.items.push(item("crl", &url, got));
    }
}

/// The first http:// URL of a certificate's CRL distribution points.
pub fn crl_url(cert: &Certificate) -> Option<String> {
    let extension = cert
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == crate::oid::CRL_DISTRIBUTION_POINTS)?;
    let points = CrlDistributionPoints::from_der(extension.extn_value.as_bytes()).ok()?;
    points
        .0
        .into_iter()
        .find_map(|point| match point.distribution_point {
            Some(DistributionPointName::FullName(names)) => {
                names.into_iter().find_map(|n| match n {
                    GeneralName::UniformResourceIdentifier(uri)
                        if uri.as_str().starts_with("http://") =>
                    {
                        Some(uri.to_string())
                    }
                    _ => None,
                })
            }
            _ => None,
        })
}

/// Adds OCSP answers (DER OCSPResponses) and CRLs (DER) to the revocation information of
/// `signature`, and the certificates the answers carry to its certificates; items it already
/// holds are not repeated. The result is DER. Whether an item is any use is for the verifier
/// to judge (an answer older than the time-stamp, for one, is not).
pub fn embed_validation_data(
    signature: &[u8],
    ocsp_responses: &[Vec<u8>],
    crls: &[Vec<u8>],
) -> Result<Vec<u8>> {
    let decoded = super::decode_signature(signature, Sets::Keep(super::MAX_CERTIFICATES))?;
    let mut revocation_info = decoded.revocation_info().to_vec();
    let (info, mut signed) = decoded.into_parts();
    let mut certificates: Vec<CertificateChoices> = signed
        .certificates
        .take()
        .map(|set| set.0.into_vec())
        .unwrap_or_default();
    for response in ocsp_responses {
        let basic = basic_response(response)?;
        for cert in basic.certs.into_iter().flatten() {
            let choice = CertificateChoices::Certificate(cert);
            if !certificates.contains(&choice) {
                certificates.push(choice);
            }
        }
        let item = OtherRevocationInfo::ocsp_choice(response)?.to_der()?;
        if !revocation_info.contains(&item) {
            revocation_info.push(item);
        }
    }
    for crl in crls {
        x509_cert::crl::CertificateList::from_der(crl).map_err(|e| {
            Error::Invalid(refusal!(
                "refusal-crl-to-embed",
                "a CRL to embed cannot be read: {problem}",
                problem = e
            ))
        })?;
        if !revocation_info.contains(crl) {
            revocation_info.push(crl.clone());
        }
    }
    if revocation_info.len() > super::ber::MAX_REVOCATION_INFO {
        return Err(Error::Invalid(refusal!(
            "refusal-too-much-revocation-info",
            "the signature would carry {count} CRLs and OCSP answers; at most {max} are kept",
            count = revocation_info.len(),
            max = super::ber::MAX_REVOCATION_INFO
        )));
    }
    if !certificates.is_empty() {
        signed.certificates = Some(cms::signed_data::CertificateSet(
            der::asn1::SetOfVec::try_from(certificates)?,
        ));
    }
    super::encode_signature(info, signed, &revocation_info)
}
