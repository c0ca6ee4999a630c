//! The path from a certificate to a trusted root at a given time, for a given purpose: built
//! by rustls-webpki from the certificates a signature (or a time-stamp token) carries.

use std::time::Duration;

use der::asn1::ObjectIdentifier as Oid;
use der::{Decode, Encode};
use rustls_pki_types::{CertificateDer, TrustAnchor, UnixTime};
use x509_cert::Certificate;

use crate::error::{refusal, Refusal};

/// The purposes a path is checked for, as webpki takes them (the OIDs' content bytes).
pub(crate) const EKU_DOCUMENT_SIGNING: &Oid = &crate::oid::KP_DOCUMENT_SIGNING;
/// id-kp-emailProtection.
pub(crate) const EKU_EMAIL_PROTECTION: &Oid = &crate::oid::KP_EMAIL_PROTECTION;
/// id-kp-timeStamping.
pub(crate) const EKU_TIME_STAMPING: &Oid = &crate::oid::KP_TIME_STAMPING;

/// A valid path, DER certificates from the end entity to the trust anchor (inclusive).
#[derive(Debug, Clone)]
pub(crate) struct Path {
    pub(crate) certificates: Vec<Vec<u8>>,
}

impl Path {
    /// Each certificate but the anchor, with the certificate that issued it.
    pub(crate) fn issued_pairs(&self) -> impl Iterator<Item = (&Vec<u8>, &Vec<u8>)> {
        self.certificates
            .iter()
            .zip(self.certificates.iter().skip(1))
    }
}

/// The certificates that could be on a path from an end entity, found by following issuer
/// names (linear in the number carried), at most a bound of them.
pub(crate) struct Candidates {
    /// DER certificates whose subject is the end entity's issuer, or theirs, and so on.
    pub certificates: Vec<Vec<u8>>,
    /// Whether the bound left some out.
    pub limited: bool,
}

/// Longest path followed when choosing candidates.
const MAX_DEPTH: usize = 8;

/// The certificates among `all` that may be on a path up from `end_entity`, at most `max`.
pub(crate) fn candidates(end_entity: &Certificate, all: &[Certificate], max: usize) -> Candidates {
    use std::collections::{HashMap, HashSet};
    let mut by_subject: HashMap<Vec<u8>, Vec<&Certificate>> = HashMap::new();
    for cert in all {
        if let Ok(subject) = cert.tbs_certificate.subject.to_der() {
            by_subject.entry(subject).or_default().push(cert);
        }
    }
    let mut out = Candidates {
        certificates: Vec::new(),
        limited: false,
    };
    let mut seen_names = HashSet::new();
    let mut names = vec![end_entity
        .tbs_certificate
        .issuer
        .to_der()
        .unwrap_or_default()];
    for _ in 0..MAX_DEPTH {
        let mut next = Vec::new();
        for name in names {
            if !seen_names.insert(name.clone()) {
                continue;
            }
            for cert in by_subject.get(&name).into_iter().flatten() {
                if out.certificates.len() >= max {
                    out.limited = true;
                    return out;
                }
                if let Ok(der) = cert.to_der() {
                    out.certificates.push(der);
                }
                next.push(cert.tbs_certificate.issuer.to_der().unwrap_or_default());
            }
        }
        names = next;
    }
    out
}

/// The subject of a DER certificate, printed as every command prints names.
pub(crate) fn subject_of(der: &[u8]) -> String {
    Certificate::from_der(der)
        .map(|c| crate::names::subject::display_name(&c.tbs_certificate.subject))
        .unwrap_or_else(|_| "?".into())
}

/// Builds a path for `end_entity` at `at` (Unix seconds) whose end entity allows one of
/// `purposes` (tried in order) when it names any extended key usage; `purpose_required`
/// demands the first purpose be present. Returns why none exists, in words.
pub(crate) fn build(
    end_entity: &[u8],
    others: &[Vec<u8>],
    trust: &[Vec<u8>],
    at: u64,
    purposes: &[&'static Oid],
    purpose_required: bool,
) -> Result<Path, Refusal> {
    let anchors: Vec<(TrustAnchor<'static>, &Vec<u8>)> = trust
        .iter()
        .filter_map(|der| {
            webpki::anchor_from_trusted_cert(&CertificateDer::from(der.as_slice()))
                .ok()
                .map(|a| (a.to_owned(), der))
        })
        .collect();
    let anchor_list: Vec<TrustAnchor<'static>> = anchors.iter().map(|(a, _)| a.clone()).collect();
    let intermediates: Vec<CertificateDer<'_>> = others
        .iter()
        .filter(|d| d.as_slice() != end_entity)
        .map(|d| CertificateDer::from(d.as_slice()))
        .collect();
    let ee_der = CertificateDer::from(end_entity);
    let ee = webpki::EndEntityCert::try_from(&ee_der).map_err(|e| {
        refusal!(
            "check-path-unusable",
            "the certificate cannot be used: {problem}",
            problem = format!("{e:?}")
        )
    })?;
    let time = UnixTime::since_unix_epoch(Duration::from_secs(at));
    let attempt = |purpose: &'static Oid| {
        let purpose = purpose.as_bytes();
        let usage = if purpose_required {
            webpki::KeyUsage::required(purpose)
        } else {
            webpki::KeyUsage::required_if_present(purpose)
        };
        ee.verify_for_usage(
            super::gost_algorithms::with_webpki(),
            &anchor_list,
            &intermediates,
            time,
            usage,
            None,
            None,
        )
    };
    let mut result = Err(webpki::Error::UnknownIssuer);
    for purpose in purposes {
        result = attempt(purpose);
        if !matches!(result, Err(webpki::Error::RequiredEkuNotFoundContext(_))) {
            break;
        }
    }
    let path = result.map_err(|e| match e {
        webpki::Error::CertExpired { .. } => {
            refusal!(
                "check-path-expired",
                "a certificate on the path had expired"
            )
        }
        webpki::Error::CertNotValidYet { .. } => refusal!(
            "check-path-not-yet-valid",
            "a certificate on the path was not yet valid"
        ),
        webpki::Error::UnknownIssuer => {
            refusal!(
                "check-path-unknown-issuer",
                "not certified under a trusted root"
            )
        }
        webpki::Error::RequiredEkuNotFoundContext(_) => refusal!(
            "check-path-purpose",
            "the certificate is not for this purpose (extended key usage)"
        ),
        other => refusal!(
            "check-path-none",
            "no valid path to a trusted root ({problem})",
            problem = format!("{other:?}")
        ),
    })?;
    let mut certificates = vec![end_entity.to_vec()];
    certificates.extend(path.intermediate_certificates().map(|c| c.der().to_vec()));
    let anchor = path.anchor();
    if let Some((_, root)) = anchors.iter().find(|(a, _)| {
        a.subject == anchor.subject && a.subject_public_key_info == anchor.subject_public_key_info
    }) {
        certificates.push((*root).clone());
    }
    Ok(Path { certificates })
}
