//! Verifying a detached CMS signature end to end, into a [`Report`] of named checks rather
//! than a bare yes or no: the content digest, the signature over the signed attributes, the
//! signingCertificateV2 binding (which `openssl cms -verify` does not check), the path to a
//! trusted root at the signing time (rustls-webpki), the signer's key usage (which webpki
//! ignores), and revocation by OCSP or a CRL under a [`RevocationPolicy`].

use std::io::Read;
use std::time::Duration;

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use rustls_pki_types::{CertificateDer, TrustAnchor, UnixTime};
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{KeyUsage, SubjectKeyIdentifier};
use x509_cert::time::Time;
use x509_cert::Certificate;

use crate::error::{Error, Result};
use crate::keys::verify_with_algorithm;
use crate::ocsp_client::{ocsp_url, Query, Verdict};
use crate::signing::{
    DigestAlgorithm, SigningCertificateV2, ATTR_CONTENT_TYPE, ATTR_MESSAGE_DIGEST,
    ATTR_SIGNING_CERTIFICATE_V2, ATTR_SIGNING_TIME, ID_DATA, ID_SIGNED_DATA,
};

/// id-kp-documentSigning (RFC 9336), the purpose our signing profile names.
const EKU_DOCUMENT_SIGNING: &[u8] = &[0x2b, 6, 1, 5, 5, 7, 3, 0x24];
/// id-kp-emailProtection, the purpose of S/MIME signing certificates.
const EKU_EMAIL_PROTECTION: &[u8] = &[0x2b, 6, 1, 5, 5, 7, 3, 4];

/// Whether revocation must be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationPolicy {
    /// A revocation answer is needed; none (unreachable responder, no source) fails.
    Required,
    /// Checked when a source answers; otherwise noted and passed.
    IfAvailable,
    /// Not checked.
    Off,
}

/// Where to ask about revocation by OCSP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OcspSource {
    /// The URL in the signer certificate's Authority Information Access.
    Auto,
    /// This URL.
    Url(String),
    /// Do not ask.
    Off,
}

/// How to verify.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// Trusted root certificates, DER.
    pub trust: Vec<Vec<u8>>,
    /// OCSP, used when no CRL is given.
    pub ocsp: OcspSource,
    /// A CRL (DER) of the signer's issuer; used instead of OCSP when given.
    pub crl: Option<Vec<u8>>,
    /// Whether revocation must be established.
    pub policy: RevocationPolicy,
    /// The current time, Unix seconds (for OCSP and CRL freshness).
    pub now: u64,
    /// Time to wait for an OCSP responder.
    pub timeout: Duration,
}

/// One named check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// `digest`, `signature`, `signing-certificate`, `chain`, `key-usage`, `revocation`.
    pub name: &'static str,
    /// Whether it passed.
    pub passed: bool,
    /// What was found.
    pub detail: String,
}

/// The revocation answer used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationOutcome {
    /// `good`, `revoked`, `unknown`, `unavailable` or `not checked`.
    pub status: String,
    /// `ocsp URL`, `crl`, or `none`.
    pub source: String,
}

/// Everything found about a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The signer certificate's subject, when found.
    pub signer_subject: Option<String>,
    /// Its serial (hex).
    pub signer_serial: Option<String>,
    /// The signingTime attribute, Unix seconds.
    pub signing_time: Option<u64>,
    /// Subjects from the signer up to the trusted root, when a path was found.
    pub chain: Vec<String>,
    /// The revocation answer.
    pub revocation: RevocationOutcome,
    /// Every check made, in order.
    pub checks: Vec<Check>,
}

impl Report {
    /// True only when every check passed.
    pub fn valid(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.passed)
    }

    /// The failed checks, as `name: detail`.
    pub fn errors(&self) -> Vec<String> {
        self.checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| format!("{}: {}", c.name, c.detail))
            .collect()
    }

    fn check(&mut self, name: &'static str, passed: bool, detail: impl Into<String>) {
        self.checks.push(Check {
            name,
            passed,
            detail: detail.into(),
        });
    }
}

fn unreadable(what: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("the signature cannot be read: {what}"))
}

/// Reads a signature file: DER, or PEM (`CMS` or `PKCS7`) which is decoded first.
pub fn signature_der(bytes: &[u8]) -> Result<Vec<u8>> {
    if bytes.starts_with(b"-----BEGIN") {
        return crate::pem::decode_one(bytes, "CMS")
            .or_else(|_| crate::pem::decode_one(bytes, "PKCS7"))
            .map_err(|_| {
                unreadable("PEM that is not a CMS (or PKCS7) block, or broken; give the .sig file")
            });
    }
    Ok(bytes.to_vec())
}

/// The value of the single-valued signed attribute `oid`.
fn attribute<T: for<'a> Decode<'a>>(
    signer: &SignerInfo,
    oid: ObjectIdentifier,
) -> Option<Result<T>> {
    let attr = signer
        .signed_attrs
        .as_ref()?
        .iter()
        .find(|a| a.oid == oid)?;
    Some(match attr.values.iter().next() {
        Some(value) => value
            .to_der()
            .and_then(|der| T::from_der(&der))
            .map_err(|e| unreadable(format!("attribute {oid}: {e}"))),
        None => Err(unreadable(format!("attribute {oid} has no value"))),
    })
}

fn unix_of_time(t: &Time) -> u64 {
    t.to_unix_duration().as_secs()
}

fn names_signer(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            ias.issuer == cert.tbs_certificate.issuer
                && ias.serial_number == cert.tbs_certificate.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => cert
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == ObjectIdentifier::new_unwrap("2.5.29.14"))
            .filter_map(|e| SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok())
            .any(|own| own == *ski),
    }
}

/// The signature algorithm to verify with: CMS signers often name only the key type
/// (rsaEncryption, id-ecPublicKey) and leave the hash to the digest algorithm.
fn signature_oid(named: ObjectIdentifier, digest: DigestAlgorithm) -> ObjectIdentifier {
    const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
    const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
    let pick = |sha256: &str, sha384: &str, sha512: &str| {
        ObjectIdentifier::new_unwrap(match digest {
            DigestAlgorithm::Sha256 => sha256,
            DigestAlgorithm::Sha384 => sha384,
            DigestAlgorithm::Sha512 => sha512,
        })
    };
    if named == ObjectIdentifier::new_unwrap(RSA_ENCRYPTION) {
        pick(
            "1.2.840.113549.1.1.11",
            "1.2.840.113549.1.1.12",
            "1.2.840.113549.1.1.13",
        )
    } else if named == ObjectIdentifier::new_unwrap(EC_PUBLIC_KEY) {
        pick(
            "1.2.840.10045.4.3.2",
            "1.2.840.10045.4.3.3",
            "1.2.840.10045.4.3.4",
        )
    } else {
        named
    }
}

/// Verifies the detached signature `signature` (DER or PEM) over the content `content` yields.
/// Unreadable input is an `Err`; every other finding is a check in the report.
pub fn verify_detached(
    signature: &[u8],
    mut content: impl Read + Send,
    options: &VerifyOptions,
) -> Result<Report> {
    let der = signature_der(signature)?;
    let info = ContentInfo::from_der(&der).map_err(|e| {
        unreadable(format!(
            "not a DER CMS ContentInfo ({e}); is it truncated or not a signature?"
        ))
    })?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(unreadable(format!(
            "a CMS {} message, not SignedData",
            info.content_type
        )));
    }
    let signed: SignedData = info
        .content
        .decode_as()
        .map_err(|e| unreadable(format!("SignedData: {e}")))?;
    if signed.encap_content_info.econtent.is_some() {
        return Err(unreadable(
            "the content is inside the signature; a detached signature is expected",
        ));
    }
    let signer = match signed.signer_infos.0.as_slice() {
        [one] => one,
        [] => return Err(unreadable("it has no signer")),
        more => {
            return Err(unreadable(format!(
                "it has {} signers; one is supported",
                more.len()
            )))
        }
    };
    let certificates: Vec<Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(cert) => Some(cert.clone()),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let mut report = Report {
        signer_subject: None,
        signer_serial: None,
        signing_time: None,
        chain: Vec::new(),
        revocation: RevocationOutcome {
            status: "not checked".into(),
            source: "none".into(),
        },
        checks: Vec::new(),
    };
    let Some(cert) = certificates.iter().find(|c| names_signer(&signer.sid, c)) else {
        report.check(
            "signature",
            false,
            "the signer's certificate is not in the signature",
        );
        return Ok(report);
    };
    let cert_der = cert.to_der()?;
    report.signer_subject = Some(cert.tbs_certificate.subject.to_string());
    report.signer_serial = Some(crate::serial::hex(
        cert.tbs_certificate.serial_number.as_bytes(),
    ));
    let Some(signed_attrs) = &signer.signed_attrs else {
        report.check(
            "signature",
            false,
            "no signed attributes: not a CAdES signature, the content type and digest are unsigned",
        );
        return Ok(report);
    };
    report.signing_time = attribute::<Time>(signer, ATTR_SIGNING_TIME)
        .transpose()?
        .map(|t| unix_of_time(&t));

    check_digest(&mut report, signer, &mut content)?;
    let Some(digest) = DigestAlgorithm::from_oid(&signer.digest_alg.oid) else {
        return Ok(report);
    };
    let verified = verify_with_algorithm(
        &cert.tbs_certificate.subject_public_key_info,
        &signature_oid(signer.signature_algorithm.oid, digest),
        &signed_attrs.to_der()?,
        signer.signature.as_bytes(),
    );
    report.check(
        "signature",
        verified,
        if verified {
            "valid over the signed attributes".to_owned()
        } else {
            format!(
                "does not verify with the signer's key ({})",
                signer.signature_algorithm.oid
            )
        },
    );
    check_signing_certificate(&mut report, signer, cert, &cert_der)?;
    let at = report.signing_time.unwrap_or(options.now);
    let issuer = check_chain(&mut report, &cert_der, &certificates, options, at);
    check_key_usage(&mut report, cert);
    check_revocation(&mut report, cert, issuer.as_ref(), options, at);
    Ok(report)
}

fn check_digest(
    report: &mut Report,
    signer: &SignerInfo,
    content: &mut (dyn Read + Send),
) -> Result<()> {
    let Some(algorithm) = DigestAlgorithm::from_oid(&signer.digest_alg.oid) else {
        report.check(
            "digest",
            false,
            format!("unsupported digest algorithm {}", signer.digest_alg.oid),
        );
        return Ok(());
    };
    match attribute::<ObjectIdentifier>(signer, ATTR_CONTENT_TYPE).transpose()? {
        Some(ID_DATA) => {}
        other => {
            report.check(
                "digest",
                false,
                format!("the signed contentType is {other:?}, not id-data"),
            );
            return Ok(());
        }
    }
    let Some(stated) = attribute::<OctetString>(signer, ATTR_MESSAGE_DIGEST).transpose()? else {
        report.check("digest", false, "no messageDigest attribute");
        return Ok(());
    };
    let actual = algorithm.digest_reader(content)?;
    let matches = stated.as_bytes() == actual.as_slice();
    report.check(
        "digest",
        matches,
        if matches {
            format!("the content matches ({algorithm:?})")
        } else {
            "the content is not what was signed (its digest differs)".to_owned()
        },
    );
    Ok(())
}

fn check_signing_certificate(
    report: &mut Report,
    signer: &SignerInfo,
    cert: &Certificate,
    cert_der: &[u8],
) -> Result<()> {
    let Some(binding) =
        attribute::<SigningCertificateV2>(signer, ATTR_SIGNING_CERTIFICATE_V2).transpose()?
    else {
        report.check(
            "signing-certificate",
            true,
            "no signingCertificateV2 attribute (not CAdES-BES): the certificate is found by \
             issuer and serial only",
        );
        return Ok(());
    };
    let Some(first) = binding.certs.first() else {
        report.check(
            "signing-certificate",
            false,
            "signingCertificateV2 names no certificate",
        );
        return Ok(());
    };
    let algorithm = match &first.hash_algorithm {
        None => Some(DigestAlgorithm::Sha256),
        Some(id) => DigestAlgorithm::from_oid(&id.oid),
    };
    let Some(algorithm) = algorithm else {
        report.check(
            "signing-certificate",
            false,
            "signingCertificateV2 uses an unsupported hash",
        );
        return Ok(());
    };
    let hash_matches = first.cert_hash.as_bytes() == algorithm.digest(cert_der).as_slice();
    let issuer_matches = first.issuer_serial.as_ref().is_none_or(|is| {
        is.serial_number == cert.tbs_certificate.serial_number
            && is.issuer.iter().any(|n| {
                matches!(n, GeneralName::DirectoryName(name) if *name == cert.tbs_certificate.issuer)
            })
    });
    report.check(
        "signing-certificate",
        hash_matches && issuer_matches,
        if hash_matches && issuer_matches {
            "signingCertificateV2 names the signer's certificate"
        } else {
            "signingCertificateV2 names another certificate than the one that signed"
        },
    );
    Ok(())
}

/// Builds the path at the signing time; returns the signer's issuer certificate (DER).
fn check_chain(
    report: &mut Report,
    cert_der: &[u8],
    certificates: &[Certificate],
    options: &VerifyOptions,
    at: u64,
) -> Option<Vec<u8>> {
    let anchors: Vec<(TrustAnchor<'static>, &Vec<u8>)> = options
        .trust
        .iter()
        .filter_map(|der| {
            webpki::anchor_from_trusted_cert(&CertificateDer::from(der.as_slice()))
                .ok()
                .map(|a| (a.to_owned(), der))
        })
        .collect();
    let trust: Vec<TrustAnchor<'static>> = anchors.iter().map(|(a, _)| a.clone()).collect();
    let others: Vec<Vec<u8>> = certificates
        .iter()
        .filter_map(|c| c.to_der().ok())
        .filter(|d| d.as_slice() != cert_der)
        .collect();
    let intermediates: Vec<CertificateDer<'_>> = others
        .iter()
        .map(|d| CertificateDer::from(d.as_slice()))
        .collect();
    let ee_der = CertificateDer::from(cert_der);
    let ee = match webpki::EndEntityCert::try_from(&ee_der) {
        Ok(ee) => ee,
        Err(e) => {
            report.check(
                "chain",
                false,
                format!("the signer certificate cannot be used: {e:?}"),
            );
            return None;
        }
    };
    let time = UnixTime::since_unix_epoch(Duration::from_secs(at));
    let attempt = |purpose: &'static [u8]| {
        ee.verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &trust,
            &intermediates,
            time,
            webpki::KeyUsage::required_if_present(purpose),
            None,
            None,
        )
    };
    let path = match attempt(EKU_DOCUMENT_SIGNING) {
        Err(webpki::Error::RequiredEkuNotFoundContext(_)) => attempt(EKU_EMAIL_PROTECTION),
        other => other,
    };
    let path = match path {
        Ok(path) => path,
        Err(e) => {
            let why = match e {
                webpki::Error::CertExpired { .. } => {
                    "a certificate on the path had expired at the signing time".to_owned()
                }
                webpki::Error::CertNotValidYet { .. } => {
                    "a certificate on the path was not yet valid at the signing time".to_owned()
                }
                webpki::Error::UnknownIssuer => {
                    "the signer is not certified under a trusted root".to_owned()
                }
                webpki::Error::RequiredEkuNotFoundContext(_) => {
                    "the signer certificate is not for signing documents (extended key usage)"
                        .to_owned()
                }
                other => format!("no valid path to a trusted root ({other:?})"),
            };
            report.check("chain", false, why);
            return None;
        }
    };
    let subject_of = |der: &[u8]| {
        Certificate::from_der(der)
            .map(|c| c.tbs_certificate.subject.to_string())
            .unwrap_or_else(|_| "?".into())
    };
    report.chain.push(subject_of(cert_der));
    let mut issuer = None;
    for intermediate in path.intermediate_certificates() {
        let der = intermediate.der().to_vec();
        report.chain.push(subject_of(&der));
        issuer.get_or_insert(der);
    }
    let anchor = path.anchor();
    let root = anchors
        .iter()
        .find(|(a, _)| {
            a.subject == anchor.subject
                && a.subject_public_key_info == anchor.subject_public_key_info
        })
        .map(|(_, der)| (*der).clone());
    if let Some(root) = &root {
        report.chain.push(subject_of(root));
    }
    report.check(
        "chain",
        true,
        format!(
            "valid at the signing time {} up to a trusted root",
            crate::time::rfc3339(at)
        ),
    );
    issuer.or(root)
}

fn check_key_usage(report: &mut Report, cert: &Certificate) {
    let usage = cert
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == ObjectIdentifier::new_unwrap("2.5.29.15"))
        .map(|e| KeyUsage::from_der(e.extn_value.as_bytes()));
    match usage {
        None => report.check("key-usage", true, "no keyUsage extension (any use allowed)"),
        Some(Err(e)) => report.check("key-usage", false, format!("keyUsage cannot be read: {e}")),
        Some(Ok(ku)) => {
            let allowed = ku.digital_signature() || ku.non_repudiation();
            report.check(
                "key-usage",
                allowed,
                if allowed {
                    "digitalSignature or contentCommitment"
                } else {
                    "the key may not sign documents (neither digitalSignature nor contentCommitment)"
                },
            );
        }
    }
}

/// The revocation state found: `Ok((verdict, revoked_at_or_none))` or why none was found.
enum Found {
    Good,
    Revoked { time: u64, reason: String },
    Unknown,
}

fn check_revocation(
    report: &mut Report,
    cert: &Certificate,
    issuer: Option<&Vec<u8>>,
    options: &VerifyOptions,
    signed_at: u64,
) {
    if options.policy == RevocationPolicy::Off {
        report.check("revocation", true, "not checked (revocation off)");
        return;
    }
    let unavailable = |report: &mut Report, why: String| {
        report.revocation.status = "unavailable".into();
        let required = options.policy == RevocationPolicy::Required;
        report.check(
            "revocation",
            !required,
            if required {
                format!("required but not established: {why}")
            } else {
                format!("not established ({why}); accepted as the policy allows")
            },
        );
    };
    let Some(issuer) = issuer.and_then(|der| Certificate::from_der(der).ok()) else {
        unavailable(report, "the issuer is unknown (no valid path)".into());
        return;
    };
    let found = if let Some(crl) = &options.crl {
        report.revocation.source = "crl".into();
        crl_status(crl, cert, &issuer, options.now)
    } else {
        let url = match &options.ocsp {
            OcspSource::Off => {
                unavailable(report, "no CRL given and OCSP off".into());
                return;
            }
            OcspSource::Url(url) => Some(url.clone()),
            OcspSource::Auto => ocsp_url(cert),
        };
        let Some(url) = url else {
            unavailable(report, "the certificate names no OCSP responder".into());
            return;
        };
        report.revocation.source = format!("ocsp {url}");
        Query::new(cert, &issuer)
            .and_then(|q| q.ask(&url, &issuer, options.now, options.timeout))
            .map(|r| match r.verdict {
                Verdict::Good => Found::Good,
                Verdict::Unknown => Found::Unknown,
                Verdict::Revoked { time, reason } => Found::Revoked {
                    time,
                    reason: reason.to_string(),
                },
            })
            .map_err(|e| e.to_string())
    };
    match found {
        Err(why) => unavailable(report, why),
        Ok(Found::Good) => {
            report.revocation.status = "good".into();
            report.check("revocation", true, "not revoked");
        }
        Ok(Found::Unknown) => {
            report.revocation.status = "unknown".into();
            report.check(
                "revocation",
                false,
                "the responder does not know this certificate",
            );
        }
        Ok(Found::Revoked { time, reason }) => {
            report.revocation.status = "revoked".into();
            let before = time <= signed_at;
            report.check(
                "revocation",
                !before,
                if before {
                    format!(
                        "revoked at {} ({reason}), before the signing time",
                        crate::time::rfc3339(time)
                    )
                } else {
                    format!(
                        "revoked at {} ({reason}), after the signing time: the signature stands",
                        crate::time::rfc3339(time)
                    )
                },
            );
        }
    }
}

/// Looks the certificate up in a CRL signed by `issuer` and still current at `now`.
fn crl_status(
    crl_der: &[u8],
    cert: &Certificate,
    issuer: &Certificate,
    now: u64,
) -> std::result::Result<Found, String> {
    let crl =
        CertificateList::from_der(crl_der).map_err(|e| format!("the CRL cannot be read: {e}"))?;
    let tbs = &crl.tbs_cert_list;
    if tbs.issuer != issuer.tbs_certificate.subject {
        return Err("the CRL is not the signer's issuer's".into());
    }
    let signed = tbs.to_der().is_ok_and(|message| {
        crl.signature.as_bytes().is_some_and(|signature| {
            verify_with_algorithm(
                &issuer.tbs_certificate.subject_public_key_info,
                &crl.signature_algorithm.oid,
                &message,
                signature,
            )
        })
    });
    if !signed {
        return Err("the CRL's signature does not verify with the issuer's key".into());
    }
    if tbs
        .next_update
        .as_ref()
        .is_some_and(|n| unix_of_time(n) < now)
    {
        return Err("the CRL is out of date (its nextUpdate has passed)".into());
    }
    let serial = &cert.tbs_certificate.serial_number;
    Ok(
        match tbs
            .revoked_certificates
            .iter()
            .flatten()
            .find(|r| r.serial_number == *serial)
        {
            None => Found::Good,
            Some(entry) => {
                let reason = entry
                    .crl_entry_extensions
                    .iter()
                    .flatten()
                    .find(|e| e.extn_id == ObjectIdentifier::new_unwrap("2.5.29.21"))
                    .and_then(|e| {
                        x509_cert::ext::pkix::CrlReason::from_der(e.extn_value.as_bytes()).ok()
                    })
                    .map(|r| crate::revocation::Reason::from_crl_reason(r).to_string())
                    .unwrap_or_else(|| "unspecified".into());
                Found::Revoked {
                    time: unix_of_time(&entry.revocation_date),
                    reason,
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issuance::self_signed_root;
    use crate::signing::{sign_detached, signing_certificate_v2, SignOptions};
    use crate::{Identifiers, KeyAlgorithm, Signer, SoftwareKey};
    use cms::signed_data::SignerInfos;
    use der::asn1::SetOfVec;
    use der::Any;
    use x509_cert::attr::{Attribute, AttributeValue};

    fn self_signed(cn: &str, start: u64) -> (SoftwareKey, Vec<u8>) {
        let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        let name = crate::subject::parse_subject(cn, &Identifiers::default()).expect("name");
        let cert = self_signed_root(name, &key, start, 365).expect("cert");
        (key, cert)
    }

    fn check<'a>(report: &'a Report, name: &str) -> &'a Check {
        report
            .checks
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no {name} check in {report:?}"))
    }

    /// Replaces the signingCertificateV2 attribute with one naming `other`, and signs the
    /// attributes again with `key`: everything else about the signature stays valid.
    fn rebind(der: &[u8], other: &[u8], key: &SoftwareKey) -> Vec<u8> {
        let mut info = ContentInfo::from_der(der).expect("ci");
        let mut signed: SignedData = info.content.decode_as().expect("sd");
        let mut signer = signed.signer_infos.0.as_slice()[0].clone();
        let value = AttributeValue::from_der(
            &signing_certificate_v2(other)
                .expect("v2")
                .to_der()
                .expect("der"),
        )
        .expect("value");
        let attrs: Vec<Attribute> = signer
            .signed_attrs
            .as_ref()
            .expect("attrs")
            .iter()
            .map(|a| {
                let mut a = a.clone();
                if a.oid == ATTR_SIGNING_CERTIFICATE_V2 {
                    a.values = SetOfVec::try_from(vec![value.clone()]).expect("set");
                }
                a
            })
            .collect();
        let attrs = SetOfVec::try_from(attrs).expect("attrs");
        signer.signature =
            OctetString::new(key.sign(&attrs.to_der().expect("der")).expect("sign")).expect("o");
        signer.signed_attrs = Some(attrs);
        signed.signer_infos = SignerInfos(SetOfVec::try_from(vec![signer]).expect("set"));
        info.content = Any::from_der(&signed.to_der().expect("der")).expect("any");
        info.to_der().expect("der")
    }

    #[test]
    fn a_binding_to_another_certificate_fails_only_that_check() {
        let start = 1_700_000_000;
        let (key, cert) = self_signed("CN=Signer", start);
        let (_, other) = self_signed("CN=Someone else", start);
        let content = b"an application".as_slice();
        let der =
            sign_detached(content, &key, &cert, &[], &SignOptions::at(start + 5)).expect("sign");
        let options = VerifyOptions {
            trust: vec![cert.clone()],
            ocsp: OcspSource::Off,
            crl: None,
            policy: RevocationPolicy::Off,
            now: start + 10,
            timeout: Duration::from_secs(1),
        };
        let honest = verify_detached(&der, content, &options).expect("report");
        assert!(check(&honest, "signing-certificate").passed, "{honest:?}");
        let rebound = rebind(&der, &other, &key);
        let report = verify_detached(&rebound, content, &options).expect("report");
        assert!(check(&report, "digest").passed);
        assert!(check(&report, "signature").passed, "{report:?}");
        assert!(!check(&report, "signing-certificate").passed);
        assert!(!report.valid());
        assert_eq!(report.signing_time, Some(start + 5));
    }
}
