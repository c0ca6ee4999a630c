//! Verifying a detached CMS signature end to end, into a [`Report`] of named checks rather
//! than a bare yes or no: the signed attributes (each at most once), the content digest, the
//! signature over the signed attributes, the signingCertificateV2 binding (which `openssl cms
//! -verify` does not check), a signature time-stamp, the path to a trusted root, the signer's
//! key usage (which webpki ignores), and the revocation of every certificate on the path by
//! OCSP or CRLs under a [`RevocationPolicy`].
//!
//! **Time (SPEC §7).** The signingTime attribute is the signer's own claim and proves nothing:
//! a thief with a stolen key sets the clock back. The *validation time* is the genTime of a
//! signature time-stamp token from a trusted TSA when one is present and verifies, and *now*
//! otherwise. The path must be valid, and no certificate on it revoked (or compromised, by its
//! invalidityDate), at the validation time.
//!
//! Input from honest peers is accepted: BER (rewritten once as DER), duplicate certificates, PEM with
//! text around it. The work is bounded: at most [`MAX_CERTIFICATES`] distinct certificates are
//! considered, and the report says when more were carried.

mod ber;
mod path;
pub mod revocation;
pub mod timestamp;

use std::io::Read;
use std::time::Duration;

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{KeyUsage, SubjectKeyIdentifier};
use x509_cert::time::Time;
use x509_cert::Certificate;

use crate::error::{Error, Result};
use crate::keys::verify_with_algorithm;
pub use crate::ocsp::client::NoncePolicy;
use crate::signing::{
    DigestAlgorithm, SigningCertificateV2, ATTR_CONTENT_TYPE, ATTR_MESSAGE_DIGEST,
    ATTR_SIGNING_CERTIFICATE_V2, ATTR_SIGNING_TIME, ID_DATA, ID_SIGNED_DATA,
};
pub use revocation::CertificateRevocation;
pub use timestamp::{add_signature_timestamp, query_for, token_from_file, Timestamp};

/// Most distinct certificates considered in a signature (a real path has a handful); the
/// rest are ignored and the report says so.
pub const MAX_CERTIFICATES: usize = 64;
/// Clock difference tolerated between a signer's claimed time and the proven time, seconds.
const CLOCK_SKEW: u64 = 300;
/// id-aa-signingCertificate (RFC 2634, ESS v1).
use crate::oid::ATTR_SIGNING_CERTIFICATE;

/// Whether revocation must be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationPolicy {
    /// A revocation answer is needed for every certificate of the path; none (unreachable
    /// responder, no source) fails.
    Required,
    /// Checked when a source answers; otherwise noted and passed.
    IfAvailable,
    /// Not checked.
    Off,
}

/// Where to ask about revocation by OCSP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OcspSource {
    /// The URL in each certificate's Authority Information Access.
    Auto,
    /// This URL for the signer's certificate (the rest of the path: their own AIA).
    Url(String),
    /// Do not ask.
    Off,
}

/// How to verify.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// Trusted root certificates, DER.
    pub trust: Vec<Vec<u8>>,
    /// Roots trusted for time-stamps, DER; `None`: the `trust` roots.
    pub tsa_trust: Option<Vec<Vec<u8>>>,
    /// OCSP, used for a certificate whose issuer has no CRL among `crls`.
    pub ocsp: OcspSource,
    /// CRLs (DER), one per issuer; a certificate whose issuer has one is checked against it.
    pub crls: Vec<Vec<u8>>,
    /// Whether revocation must be established.
    pub policy: RevocationPolicy,
    /// Whether OCSP answers must echo a nonce.
    pub nonce: NoncePolicy,
    /// The current time, Unix seconds (the validation time without a time-stamp; OCSP and CRL
    /// freshness).
    pub now: u64,
    /// Time to wait for an OCSP responder.
    pub timeout: Duration,
}

impl VerifyOptions {
    /// Trusting `trust`, at `now`: OCSP from the certificates, revocation required, nonces
    /// required, 10 s per responder.
    pub fn new(trust: Vec<Vec<u8>>, now: u64) -> Self {
        VerifyOptions {
            trust,
            tsa_trust: None,
            ocsp: OcspSource::Auto,
            crls: Vec::new(),
            policy: RevocationPolicy::Required,
            nonce: NoncePolicy::Required,
            now,
            timeout: Duration::from_secs(10),
        }
    }
}

/// One named check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// `signed-attributes`, `digest`, `signature`, `signing-certificate`, `timestamp`,
    /// `signing-time`, `chain`, `key-usage`, `revocation`.
    pub name: &'static str,
    /// Whether it passed.
    pub passed: bool,
    /// What was found.
    pub detail: String,
}

/// The revocation answer used for the signer's certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationOutcome {
    /// `good`, `revoked`, `unknown`, `unavailable` or `not checked`.
    pub status: String,
    /// `ocsp URL`, `crl`, or `none`.
    pub source: String,
}

/// Where the validation time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSource {
    /// The genTime of a verified signature time-stamp token.
    Timestamp,
    /// The time of verification: nothing proves an earlier one.
    Now,
}

impl TimeSource {
    /// `timestamp` or `now`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::Timestamp => "timestamp",
            TimeSource::Now => "now",
        }
    }
}

/// Everything found about a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The signer certificate's subject, when found.
    pub signer_subject: Option<String>,
    /// Its serial (hex).
    pub signer_serial: Option<String>,
    /// The signingTime attribute, Unix seconds: the signer's claim, not proof.
    pub signing_time: Option<u64>,
    /// The time the signature was judged at, Unix seconds.
    pub validation_time: u64,
    /// Where [`Report::validation_time`] comes from.
    pub validation_time_source: TimeSource,
    /// The time-stamp that fixed the validation time, if one did.
    pub timestamp: Option<Timestamp>,
    /// Subjects from the signer up to the trusted root, when a path was found.
    pub chain: Vec<String>,
    /// The revocation answer for the signer's certificate.
    pub revocation: RevocationOutcome,
    /// The answer for each certificate of the path but the trust anchor, signer first.
    pub path_revocation: Vec<CertificateRevocation>,
    /// Remarks that are not checks (certificates ignored, duplicates dropped).
    pub notes: Vec<String>,
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

/// Reads a signature file: DER or BER, or PEM (`CMS` or `PKCS7`, text around it allowed).
pub fn signature_der(bytes: &[u8]) -> Result<Vec<u8>> {
    if crate::pem::is_pem(bytes) {
        return crate::pem::decode_labelled(bytes, &["CMS", "PKCS7"]).map_err(|e| {
            unreadable(format!(
                "{e}; give the .sig file (DER) or a CMS or PKCS7 PEM block"
            ))
        });
    }
    Ok(bytes.to_vec())
}

/// A signature decoded: its ContentInfo and SignedData, and what normalisation did (with
/// [`ber::Sets::Extract`], the certificates are in `normalized`, not in `signed`).
pub(crate) struct DecodedSignature {
    info: ContentInfo,
    signed: SignedData,
    normalized: ber::Normalized,
}

impl DecodedSignature {
    pub(crate) fn into_parts(self) -> (ContentInfo, SignedData) {
        (self.info, self.signed)
    }

    /// The certificates taken out of the signature, decoded (undecodable ones skipped).
    pub(crate) fn certificates(&self) -> Vec<Certificate> {
        self.normalized
            .certificates
            .iter()
            .filter_map(|der| Certificate::from_der(der).ok())
            .collect()
    }
}

/// Decodes a signature or token (PEM, DER or BER) into its SignedData.
pub(crate) fn decode_signature(bytes: &[u8], sets: ber::Sets) -> Result<DecodedSignature> {
    let raw = signature_der(bytes)?;
    let normalized = ber::normalize(&raw, sets)?;
    let info = ContentInfo::from_der(&normalized.der).map_err(|e| {
        unreadable(format!(
            "not a CMS ContentInfo ({e}); is it truncated or not a signature?"
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
    Ok(DecodedSignature {
        info,
        signed,
        normalized,
    })
}

/// The certificate a SignerInfo names, among `certificates`.
pub(crate) fn signer_certificate<'a>(
    signer: &SignerInfo,
    certificates: &'a [Certificate],
) -> Option<&'a Certificate> {
    certificates.iter().find(|c| names_signer(&signer.sid, c))
}

/// Signed attributes RFC 5652 and ESS allow once, with one value.
const SINGLE_ATTRIBUTES: [(ObjectIdentifier, &str); 5] = [
    (ATTR_CONTENT_TYPE, "contentType"),
    (ATTR_MESSAGE_DIGEST, "messageDigest"),
    (ATTR_SIGNING_TIME, "signingTime"),
    (ATTR_SIGNING_CERTIFICATE, "signingCertificate"),
    (ATTR_SIGNING_CERTIFICATE_V2, "signingCertificateV2"),
];

/// Why the signed attributes break the once-only rule, if they do.
fn repeated_attribute(signer: &SignerInfo) -> Option<String> {
    let attrs = signer.signed_attrs.as_ref()?;
    SINGLE_ATTRIBUTES.iter().find_map(|(oid, name)| {
        let present: Vec<_> = attrs.iter().filter(|a| a.oid == *oid).collect();
        let values: usize = present.iter().map(|a| a.values.len()).sum();
        match (present.len(), values) {
            (0, _) | (1, 1) => None,
            (1, n) => Some(format!("{name} has {n} values; it may have one")),
            (n, _) => Some(format!("{name} appears {n} times; it may appear once")),
        }
    })
}

/// The value of a signed attribute allowed once; an error if it is repeated.
pub(crate) fn attribute_once<T: for<'a> Decode<'a>>(
    signer: &SignerInfo,
    oid: ObjectIdentifier,
) -> Result<Option<T>> {
    let Some(attrs) = signer.signed_attrs.as_ref() else {
        return Ok(None);
    };
    let mut values = attrs
        .iter()
        .filter(|a| a.oid == oid)
        .flat_map(|a| a.values.iter());
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(unreadable(format!(
            "attribute {oid} has more than one value"
        )));
    }
    value
        .to_der()
        .and_then(|der| T::from_der(&der))
        .map(Some)
        .map_err(|e| unreadable(format!("attribute {oid}: {e}")))
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
            .filter(|e| e.extn_id == crate::oid::SUBJECT_KEY_IDENTIFIER)
            .filter_map(|e| SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok())
            .any(|own| own == *ski),
    }
}

/// The signature algorithm to verify with: CMS signers often name only the key type
/// (rsaEncryption, id-ecPublicKey) and leave the hash to the digest algorithm.
pub(crate) fn signature_oid(named: ObjectIdentifier, digest: DigestAlgorithm) -> ObjectIdentifier {
    use crate::oid;
    let pick = |sha256, sha384, sha512| match digest {
        DigestAlgorithm::Sha256 => sha256,
        DigestAlgorithm::Sha384 => sha384,
        DigestAlgorithm::Sha512 => sha512,
    };
    if named == oid::RSA_ENCRYPTION {
        pick(
            oid::SHA256_WITH_RSA,
            oid::SHA384_WITH_RSA,
            oid::SHA512_WITH_RSA,
        )
    } else if named == oid::EC_PUBLIC_KEY {
        pick(
            oid::ECDSA_WITH_SHA256,
            oid::ECDSA_WITH_SHA384,
            oid::ECDSA_WITH_SHA512,
        )
    } else {
        named
    }
}

/// Whether the signature of `signer` over the DER of its signed attributes verifies with
/// `cert`'s key (the signature algorithm completed with the hash of `digest`).
pub(crate) fn signed_by(
    signer: &SignerInfo,
    signed_attrs: &cms::signed_data::SignedAttributes,
    cert: &Certificate,
    digest: DigestAlgorithm,
) -> Result<bool> {
    Ok(verify_with_algorithm(
        &cert.tbs_certificate.subject_public_key_info,
        &signature_oid(signer.signature_algorithm.oid, digest),
        &signed_attrs.to_der()?,
        signer.signature.as_bytes(),
    ))
}

/// Checks the trusted roots are certificates at all (an empty or text-only file is a mistake
/// of the caller, not a finding about the signature).
fn check_trust(trust: &[Vec<u8>], what: &str) -> Result<()> {
    if trust.is_empty() {
        return Err(Error::Invalid(format!("no {what} certificate was given")));
    }
    for der in trust {
        Certificate::from_der(der)
            .map_err(|e| Error::Invalid(format!("a {what} certificate cannot be read: {e}")))?;
    }
    Ok(())
}

/// Verifies the detached signature `signature` (DER, BER or PEM) over the content `content`
/// yields. Unreadable input is an `Err`; every other finding is a check in the report.
pub fn verify_detached(
    signature: &[u8],
    mut content: impl Read + Send,
    options: &VerifyOptions,
) -> Result<Report> {
    check_trust(&options.trust, "trusted root")?;
    if let Some(tsa) = &options.tsa_trust {
        check_trust(tsa, "trusted TSA root")?;
    }
    let decoded = decode_signature(signature, ber::Sets::Extract)?;
    let signed = &decoded.signed;
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
    let certificates = decoded.certificates();
    let mut report = Report {
        signer_subject: None,
        signer_serial: None,
        signing_time: None,
        validation_time: options.now,
        validation_time_source: TimeSource::Now,
        timestamp: None,
        chain: Vec::new(),
        revocation: RevocationOutcome {
            status: "not checked".into(),
            source: "none".into(),
        },
        path_revocation: Vec::new(),
        notes: Vec::new(),
        checks: Vec::new(),
    };
    let normalized = &decoded.normalized;
    if normalized.duplicates_dropped > 0 {
        report.notes.push(format!(
            "{} duplicate certificate(s) in the signature ignored",
            normalized.duplicates_dropped
        ));
    }
    let Some(cert) = signer_certificate(signer, &certificates) else {
        report.check(
            "signature",
            false,
            "the signer's certificate is not in the signature",
        );
        return Ok(report);
    };
    let cert_der = cert.to_der()?;
    report.signer_subject = Some(crate::names::subject::display_name(
        &cert.tbs_certificate.subject,
    ));
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
    if let Some(why) = repeated_attribute(signer) {
        report.check("signed-attributes", false, why);
        return Ok(report);
    }
    report.signing_time =
        attribute_once::<Time>(signer, ATTR_SIGNING_TIME)?.map(|t| t.to_unix_duration().as_secs());

    check_digest(&mut report, signer, &mut content)?;
    let Some(digest) = DigestAlgorithm::from_oid(&signer.digest_alg.oid) else {
        return Ok(report);
    };
    let verified = signed_by(signer, signed_attrs, cert, digest)?;
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
    check_timestamp(&mut report, signer, options);
    check_signing_time(&mut report, cert);
    let candidates = path::candidates(cert, &certificates, MAX_CERTIFICATES);
    if candidates.limited {
        report.notes.push(format!(
            "the signature carries {} certificates; only {MAX_CERTIFICATES} that could be on \
             the path were considered",
            normalized.certificates_seen
        ));
    }
    let found = check_chain(&mut report, &cert_der, &candidates.certificates, options);
    check_key_usage(&mut report, cert);
    check_revocation(&mut report, found.as_ref(), options);
    Ok(report)
}

/// Fixes the validation time from the first signature time-stamp that verifies.
fn check_timestamp(report: &mut Report, signer: &SignerInfo, options: &VerifyOptions) {
    let tokens = timestamp::tokens_of(signer);
    if tokens.is_empty() {
        return;
    }
    let tsa_trust = options.tsa_trust.as_ref().unwrap_or(&options.trust);
    let mut first_failure = None;
    for token in &tokens {
        match timestamp::verify_token(token, signer.signature.as_bytes(), tsa_trust) {
            Ok(stamp) => {
                let proven = stamp.gen_time;
                let claim_after = report
                    .signing_time
                    .filter(|claimed| *claimed > proven + CLOCK_SKEW);
                report.validation_time = proven;
                report.validation_time_source = TimeSource::Timestamp;
                report.check(
                    "timestamp",
                    claim_after.is_none(),
                    match claim_after {
                        None => format!(
                            "the signature existed at {} (time-stamp by {})",
                            crate::time::rfc3339(proven),
                            stamp.tsa
                        ),
                        Some(claimed) => format!(
                            "the signing time claimed, {}, is after the time-stamp {}",
                            crate::time::rfc3339(claimed),
                            crate::time::rfc3339(proven)
                        ),
                    },
                );
                report.timestamp = Some(stamp);
                return;
            }
            Err(why) => {
                first_failure.get_or_insert(why);
            }
        }
    }
    report.check(
        "timestamp",
        false,
        format!(
            "the signature time-stamp does not verify: {}",
            first_failure.unwrap_or_default()
        ),
    );
}

/// The claimed signing time must fall within the signer certificate's validity and not after
/// the validation time: a claim outside it is the signer's own statement that the signature
/// is not good.
fn check_signing_time(report: &mut Report, cert: &Certificate) {
    let Some(claimed) = report.signing_time else {
        return;
    };
    let validity = &cert.tbs_certificate.validity;
    let not_before = validity.not_before.to_unix_duration().as_secs();
    let not_after = validity.not_after.to_unix_duration().as_secs();
    let words = crate::time::rfc3339(claimed);
    let problem = if claimed > not_after {
        Some(format!(
            "the signer claims {words}, after the certificate expired ({})",
            crate::time::rfc3339(not_after)
        ))
    } else if claimed + CLOCK_SKEW < not_before {
        Some(format!(
            "the signer claims {words}, before the certificate was valid"
        ))
    } else if claimed > report.validation_time + CLOCK_SKEW {
        Some(format!(
            "the signer claims {words}, after the validation time {}",
            crate::time::rfc3339(report.validation_time)
        ))
    } else {
        None
    };
    match problem {
        Some(why) => report.check("signing-time", false, why),
        None => report.check(
            "signing-time",
            true,
            format!("claimed {words} (the signer's claim; not what the checks rely on)"),
        ),
    }
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
    match attribute_once::<ObjectIdentifier>(signer, ATTR_CONTENT_TYPE)? {
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
    let Some(stated) = attribute_once::<OctetString>(signer, ATTR_MESSAGE_DIGEST)? else {
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
        attribute_once::<SigningCertificateV2>(signer, ATTR_SIGNING_CERTIFICATE_V2)?
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

/// Builds the path at the validation time; records its subjects.
fn check_chain(
    report: &mut Report,
    cert_der: &[u8],
    others: &[Vec<u8>],
    options: &VerifyOptions,
) -> Option<path::Path> {
    let at = report.validation_time;
    let when = format!(
        "at the validation time {} ({})",
        crate::time::rfc3339(at),
        report.validation_time_source.as_str()
    );
    match path::build(
        cert_der,
        others,
        &options.trust,
        at,
        &[path::EKU_DOCUMENT_SIGNING, path::EKU_EMAIL_PROTECTION],
        false,
    ) {
        Ok(found) => {
            report.chain = found
                .certificates
                .iter()
                .map(|der| path::subject_of(der))
                .collect();
            report.check("chain", true, format!("valid {when} up to a trusted root"));
            Some(found)
        }
        Err(why) => {
            report.check("chain", false, format!("{why} {when}"));
            None
        }
    }
}

fn check_key_usage(report: &mut Report, cert: &Certificate) {
    let usage = cert
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == crate::oid::KEY_USAGE)
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

/// Checks every certificate of the path but the anchor.
fn check_revocation(report: &mut Report, found: Option<&path::Path>, options: &VerifyOptions) {
    if options.policy == RevocationPolicy::Off {
        report.check("revocation", true, "not checked (revocation off)");
        return;
    }
    let Some(found) = found else {
        report.revocation.status = "unavailable".into();
        let required = options.policy == RevocationPolicy::Required;
        report.check(
            "revocation",
            !required,
            "not established: the issuer is unknown (no valid path)",
        );
        return;
    };
    for (index, (cert_der, issuer_der)) in found.issued_pairs().enumerate() {
        let (Ok(cert), Ok(issuer)) = (
            Certificate::from_der(cert_der),
            Certificate::from_der(issuer_der),
        ) else {
            continue;
        };
        let answer = revocation::check(&cert, &issuer, index == 0, options, report.validation_time);
        report.path_revocation.push(answer);
    }
    if let Some(signer) = report.path_revocation.first() {
        report.revocation = RevocationOutcome {
            status: signer.status.clone(),
            source: signer.source.clone(),
        };
    }
    let failed: Vec<&CertificateRevocation> = report
        .path_revocation
        .iter()
        .filter(|r| !r.passed)
        .collect();
    let detail = match (failed.as_slice(), report.path_revocation.as_slice()) {
        ([], [only]) => only.detail.clone(),
        ([], all) => format!(
            "none of the {} certificates of the path is revoked",
            all.len()
        ),
        ([one], _) if report.path_revocation.first() == Some(*one) => one.detail.clone(),
        (some, _) => some
            .iter()
            .map(|r| format!("{} (serial {}): {}", r.subject, r.serial, r.detail))
            .collect::<Vec<_>>()
            .join("; "),
    };
    report.check("revocation", failed.is_empty(), detail);
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
        let name = crate::names::subject::parse_subject(cn, &Identifiers::default()).expect("name");
        let cert = self_signed_root(name, &key, start, 365).expect("cert");
        (key, cert)
    }

    /// A root and a signing certificate it issued at `start`, with the signer's key.
    fn root_and_signer(start: u64) -> (Vec<u8>, SoftwareKey, Vec<u8>) {
        let ca = crate::test_ca::TestCa::new("CN=Root", start);
        let (key, cert) = ca.issue_new("CN=Signer", "signing");
        (ca.root, key, cert)
    }

    const CONTENT: &[u8] = b"an application";

    /// `content` signed at `start + 5` with a certificate a root issued.
    struct Signed {
        root: Vec<u8>,
        key: SoftwareKey,
        cert: Vec<u8>,
        der: Vec<u8>,
        /// Trusting the root at `start + 10`, revocation off.
        options: VerifyOptions,
    }

    fn signed_by_issued_certificate(start: u64, content: &[u8]) -> Signed {
        let (root, key, cert) = root_and_signer(start);
        let der =
            sign_detached(content, &key, &cert, &[], &SignOptions::at(start + 5)).expect("sign");
        let options = VerifyOptions {
            policy: RevocationPolicy::Off,
            ..VerifyOptions::new(vec![root.clone()], start + 10)
        };
        Signed {
            root,
            key,
            cert,
            der,
            options,
        }
    }

    fn check<'a>(report: &'a Report, name: &str) -> &'a Check {
        report
            .checks
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no {name} check in {report:?}"))
    }

    /// Changes the signed attributes with `edit` and signs them again with `key`: the
    /// signature value stays valid over whatever the attributes now say.
    fn resign(der: &[u8], key: &SoftwareKey, edit: impl FnOnce(&mut Vec<Attribute>)) -> Vec<u8> {
        let mut info = ContentInfo::from_der(der).expect("ci");
        let mut signed: SignedData = info.content.decode_as().expect("sd");
        let mut signer = signed.signer_infos.0.as_slice()[0].clone();
        let mut attrs: Vec<Attribute> = signer.signed_attrs.clone().expect("attrs").into_vec();
        edit(&mut attrs);
        let attrs = SetOfVec::try_from(attrs).expect("attrs");
        signer.signature =
            OctetString::new(key.sign(&attrs.to_der().expect("der")).expect("sign")).expect("o");
        signer.signed_attrs = Some(attrs);
        signed.signer_infos = SignerInfos(SetOfVec::try_from(vec![signer]).expect("set"));
        info.content = Any::from_der(&signed.to_der().expect("der")).expect("any");
        info.to_der().expect("der")
    }

    /// Replaces the signingCertificateV2 attribute with one naming `other`.
    fn rebind(der: &[u8], other: &[u8], key: &SoftwareKey) -> Vec<u8> {
        let value = AttributeValue::from_der(
            &signing_certificate_v2(other)
                .expect("v2")
                .to_der()
                .expect("der"),
        )
        .expect("value");
        resign(der, key, |attrs| {
            for a in attrs.iter_mut() {
                if a.oid == ATTR_SIGNING_CERTIFICATE_V2 {
                    a.values = SetOfVec::try_from(vec![value.clone()]).expect("set");
                }
            }
        })
    }

    fn digest_value(bytes: &[u8]) -> AttributeValue {
        let digest = DigestAlgorithm::Sha256.digest(bytes);
        AttributeValue::from_der(&OctetString::new(digest).expect("o").to_der().expect("der"))
            .expect("value")
    }

    #[test]
    fn a_signed_attribute_allowed_once_may_not_repeat() {
        let start = 1_700_000_000;
        let Signed {
            key, der, options, ..
        } = signed_by_issued_certificate(start, CONTENT);
        let content = CONTENT;
        // A second messageDigest attribute naming other content: the first one matches.
        let other = digest_value(b"another application");
        let twice = resign(&der, &key, |attrs| {
            attrs.push(Attribute {
                oid: ATTR_MESSAGE_DIGEST,
                values: SetOfVec::try_from(vec![other.clone()]).expect("set"),
            })
        });
        let report = verify_detached(&twice, content, &options).expect("report");
        assert!(!report.valid());
        assert!(
            check(&report, "signed-attributes")
                .detail
                .contains("messageDigest appears 2 times"),
            "{report:?}"
        );
        // One messageDigest attribute with two values.
        let two_values = resign(&der, &key, |attrs| {
            for a in attrs.iter_mut() {
                if a.oid == ATTR_MESSAGE_DIGEST {
                    let mut values = a.values.clone().into_vec();
                    values.push(other.clone());
                    a.values = SetOfVec::try_from(values).expect("set");
                }
            }
        });
        let report = verify_detached(&two_values, content, &options).expect("report");
        assert!(
            check(&report, "signed-attributes")
                .detail
                .contains("2 values"),
            "{report:?}"
        );
        // The untouched signature verifies.
        assert!(verify_detached(&der, content, &options)
            .expect("report")
            .valid());
    }

    /// A SignedData whose certificate set is `certificates`, spliced in as DER (building it
    /// with `cms` would sort the set, the quadratic cost under test).
    fn with_certificates(der: &[u8], certificates: &[Vec<u8>]) -> Vec<u8> {
        let info = ContentInfo::from_der(der).expect("ci");
        let signed: SignedData = info.content.decode_as().expect("sd");
        let wrap = |tag: der::Tag, content: &[u8]| {
            let mut out = der::Header::new(tag, der::Length::try_from(content.len()).expect("len"))
                .expect("header")
                .to_der()
                .expect("der");
            out.extend_from_slice(content);
            out
        };
        let mut body = signed.version.to_der().expect("v");
        body.extend(signed.digest_algorithms.to_der().expect("d"));
        body.extend(signed.encap_content_info.to_der().expect("e"));
        let set_tag = der::Tag::ContextSpecific {
            constructed: true,
            number: der::TagNumber::N0,
        };
        body.extend(wrap(set_tag, &certificates.concat()));
        body.extend(signed.signer_infos.to_der().expect("s"));
        let signed_data = wrap(der::Tag::Sequence, &body);
        let mut content = info.content_type.to_der().expect("oid");
        content.extend(wrap(set_tag, &signed_data));
        wrap(der::Tag::Sequence, &content)
    }

    #[test]
    fn a_signature_stuffed_with_certificates_costs_linear_time_and_says_so() {
        let start = 1_700_000_000;
        let Signed {
            root,
            cert,
            der,
            options,
            ..
        } = signed_by_issued_certificate(start, CONTENT);
        let content = CONTENT;
        // 20,000 distinct certificates named like the signer's issuer (6 MB), the signer's
        // own certificate among them twice.
        let template = Certificate::from_der(&root).expect("cert");
        let mut stuffed: Vec<Vec<u8>> = (1..=20_000u32)
            .map(|i| {
                let mut c = template.clone();
                c.tbs_certificate.serial_number =
                    x509_cert::serial_number::SerialNumber::new(&i.to_be_bytes()).expect("serial");
                c.to_der().expect("der")
            })
            .collect();
        stuffed.insert(10_000, cert.clone());
        stuffed.push(cert.clone());
        let big = with_certificates(&der, &stuffed);
        assert!(big.len() > 6_000_000);
        let report = verify_detached(&big, content, &options).expect("report");
        assert!(report.valid(), "{:?}", report.errors());
        assert!(
            report
                .notes
                .iter()
                .any(|n| n.contains("20002 certificates")),
            "{:?}",
            report.notes
        );
        assert!(report.notes.iter().any(|n| n.contains("1 duplicate")));
    }
    #[test]
    fn a_time_stamp_needs_a_certificate_for_time_stamping() {
        // openssl ts refuses to sign with such a certificate, so this is shown on the path
        // check that timestamp::verify_token makes of the TSA's certificate.
        let start = 1_700_000_000;
        let (root, _, cert) = root_and_signer(start);
        let roots = [root];
        let tsa_path = path::build(
            &cert,
            &[],
            &roots,
            start + 10,
            &[path::EKU_TIME_STAMPING],
            true,
        );
        assert!(
            tsa_path
                .as_ref()
                .is_err_and(|why| why.contains("not for this purpose")),
            "{tsa_path:?}"
        );
        let signing_path = path::build(
            &cert,
            &[],
            &roots,
            start + 10,
            &[path::EKU_DOCUMENT_SIGNING],
            false,
        );
        assert!(signing_path.is_ok(), "{signing_path:?}");
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
            policy: RevocationPolicy::Off,
            ..VerifyOptions::new(vec![cert.clone()], start + 10)
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
