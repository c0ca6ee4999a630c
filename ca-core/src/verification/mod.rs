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
mod gost_algorithms;
mod long_term;
mod path;
mod report;
pub mod revocation;
mod signed_data;
#[cfg(test)]
mod tests;
pub mod timestamp;
mod validation_data;

use std::io::Read;

use cms::signed_data::SignerInfo;
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::KeyUsage;
use x509_cert::time::Time;
use x509_cert::Certificate;

use crate::error::refusal;
use crate::error::{Error, Result};
pub use crate::ocsp::client::NoncePolicy;
use crate::signing::{
    DigestAlgorithm, SigningCertificateV2, ATTR_CONTENT_TYPE, ATTR_MESSAGE_DIGEST,
    ATTR_SIGNING_CERTIFICATE_V2, ATTR_SIGNING_TIME, ID_DATA,
};
pub use long_term::{add_long_term_data, crl_url, embed_validation_data, CollectedItem};
pub use report::*;
pub use revocation::CertificateRevocation;
pub use signed_data::signature_der;
pub(crate) use signed_data::*;
pub use timestamp::{
    add_signature_timestamp, query_for, time_stamp_online, token_from_file, Timestamp,
};
pub use validation_data::ValidationItem;

/// Most distinct certificates considered in a signature (a real path has a handful); the
/// rest are ignored and the report says so.
pub const MAX_CERTIFICATES: usize = 64;
/// Clock difference tolerated between a signer's claimed time and the proven time, seconds.
const CLOCK_SKEW: u64 = 300;

/// Checks the trusted roots are certificates at all (an empty or text-only file is a mistake
/// of the caller, not a finding about the signature).
fn check_trust(trust: &[Vec<u8>], what: &str) -> Result<()> {
    if trust.is_empty() {
        return Err(Error::Invalid(refusal!(
            "refusal-no-trust",
            "no {what} certificate was given",
            what = what
        )));
    }
    for der in trust {
        Certificate::from_der(der).map_err(|e| {
            Error::Invalid(refusal!(
                "refusal-trust-unreadable",
                "a {what} certificate cannot be read: {problem}",
                what = what,
                problem = e
            ))
        })?;
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
    let embedded = validation_data::Embedded::read(
        &decoded.normalized.revocation_info,
        signer.unsigned_attrs.as_ref(),
    );
    let mut certificates = decoded.certificates();
    certificates.extend(embedded.certificates.iter().cloned());
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
        validation_data: Vec::new(),
        notes: Vec::new(),
        checks: Vec::new(),
    };
    let normalized = &decoded.normalized;
    if normalized.duplicates_dropped > 0 {
        report.notes.push(refusal!(
            "note-duplicates",
            "{count} duplicate certificate(s) in the signature ignored",
            count = normalized.duplicates_dropped
        ));
    }
    let Some(cert) = signer_certificate(signer, &certificates) else {
        report.check(
            "signature",
            false,
            refusal!(
                "check-signature-no-certificate",
                "the signer's certificate is not in the signature"
            ),
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
            refusal!(
                "check-signature-unsigned",
                "no signed attributes: not a CAdES signature, the content type and digest are \
                 unsigned"
            ),
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
    if verified {
        report.check(
            "signature",
            true,
            refusal!("check-signature-ok", "valid over the signed attributes"),
        );
    } else {
        let algorithm = signer.signature_algorithm.oid.to_string();
        report.check(
            "signature",
            false,
            refusal!(
                "check-signature-bad",
                "does not verify with the signer's key ({algorithm})",
                algorithm = algorithm
            ),
        );
    }
    check_signing_certificate(&mut report, signer, cert, &cert_der)?;
    check_timestamp(&mut report, signer, options);
    check_signing_time(&mut report, cert);
    let candidates = path::candidates(cert, &certificates, MAX_CERTIFICATES);
    if candidates.limited {
        report.notes.push(refusal!(
            "note-too-many-certificates",
            "the signature carries {count} certificates; only {max} that could be on the path \
             were considered",
            count = normalized.certificates_seen,
            max = MAX_CERTIFICATES
        ));
    }
    let found = check_chain(&mut report, &cert_der, &candidates.certificates, options);
    check_key_usage(&mut report, cert);
    for unreadable in &embedded.unreadable {
        report.notes.push(refusal!(
            "note-unreadable-validation-data",
            "embedded validation data ignored: {problem}",
            problem = unreadable
        ));
    }
    if options.offline && !embedded.has_revocation_data() {
        report.notes.push(refusal!(
            "note-no-validation-data",
            "the signature carries no CRL or OCSP answer (not a long-term signature)"
        ));
    }
    check_revocation(&mut report, found.as_ref(), options, &embedded);
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
                let tsa_expired = options.now > stamp.tsa_valid_until;
                report.validation_time = proven;
                report.validation_time_source = TimeSource::Timestamp;
                if claim_after.is_none() && !tsa_expired {
                    report.check(
                        "timestamp",
                        true,
                        refusal!(
                            "check-timestamp-ok",
                            "the signature existed at {time} (time-stamp by {tsa})",
                            time = crate::time::rfc3339(proven),
                            tsa = stamp.tsa
                        ),
                    );
                } else {
                    report.check(
                        "timestamp",
                        false,
                        match claim_after {
                            None => refusal!(
                                "check-timestamp-tsa-expired",
                                "the TSA's certificate expired at {expired}: its time-stamp of \
                                 {time} no longer proves when the signature existed (an archive \
                                 time-stamp, B-LTA, made while it was valid would be needed)",
                                expired = crate::time::rfc3339(stamp.tsa_valid_until),
                                time = crate::time::rfc3339(proven)
                            ),
                            Some(claimed) => refusal!(
                                "check-timestamp-claim-after",
                                "the signing time claimed, {claimed}, is after the time-stamp \
                                 {time}",
                                claimed = crate::time::rfc3339(claimed),
                                time = crate::time::rfc3339(proven)
                            ),
                        },
                    );
                }
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
        refusal!(
            "check-timestamp-bad",
            "the signature time-stamp does not verify: {problem}",
            problem = first_failure.unwrap_or_default()
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
        Some(refusal!(
            "check-signing-time-after-expiry",
            "the signer claims {claimed}, after the certificate expired ({expired})",
            claimed = words,
            expired = crate::time::rfc3339(not_after)
        ))
    } else if claimed + CLOCK_SKEW < not_before {
        Some(refusal!(
            "check-signing-time-before-validity",
            "the signer claims {claimed}, before the certificate was valid",
            claimed = words
        ))
    } else if claimed > report.validation_time + CLOCK_SKEW {
        Some(refusal!(
            "check-signing-time-after-validation",
            "the signer claims {claimed}, after the validation time {time}",
            claimed = words,
            time = crate::time::rfc3339(report.validation_time)
        ))
    } else {
        None
    };
    match problem {
        Some(why) => report.check("signing-time", false, why),
        None => report.check(
            "signing-time",
            true,
            refusal!(
                "check-signing-time-ok",
                "claimed {time} (the signer's claim; not what the checks rely on)",
                time = words
            ),
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
            refusal!(
                "check-digest-unsupported",
                "unsupported digest algorithm {oid}",
                oid = signer.digest_alg.oid
            ),
        );
        return Ok(());
    };
    match attribute_once::<ObjectIdentifier>(signer, ATTR_CONTENT_TYPE)? {
        Some(ID_DATA) => {}
        other => {
            report.check(
                "digest",
                false,
                refusal!(
                    "check-digest-content-type",
                    "the signed contentType is {found}, not id-data",
                    found = format!("{other:?}")
                ),
            );
            return Ok(());
        }
    }
    let Some(stated) = attribute_once::<OctetString>(signer, ATTR_MESSAGE_DIGEST)? else {
        report.check(
            "digest",
            false,
            refusal!("check-digest-missing", "no messageDigest attribute"),
        );
        return Ok(());
    };
    let actual = algorithm.digest_reader(content)?;
    let matches = stated.as_bytes() == actual.as_slice();
    if matches {
        report.check(
            "digest",
            true,
            refusal!(
                "check-digest-ok",
                "the content matches ({algorithm})",
                algorithm = format!("{algorithm:?}")
            ),
        );
    } else {
        report.check(
            "digest",
            false,
            refusal!(
                "check-digest-differs",
                "the content is not what was signed (its digest differs)"
            ),
        );
    }
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
            refusal!(
                "check-signing-certificate-absent",
                "no signingCertificateV2 attribute (not CAdES-BES): the certificate is found by \
                 issuer and serial only"
            ),
        );
        return Ok(());
    };
    let Some(first) = binding.certs.first() else {
        report.check(
            "signing-certificate",
            false,
            refusal!(
                "check-signing-certificate-empty",
                "signingCertificateV2 names no certificate"
            ),
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
            refusal!(
                "check-signing-certificate-hash",
                "signingCertificateV2 uses an unsupported hash"
            ),
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
    if hash_matches && issuer_matches {
        report.check(
            "signing-certificate",
            true,
            refusal!(
                "check-signing-certificate-ok",
                "signingCertificateV2 names the signer's certificate"
            ),
        );
    } else {
        report.check(
            "signing-certificate",
            false,
            refusal!(
                "check-signing-certificate-other",
                "signingCertificateV2 names another certificate than the one that signed"
            ),
        );
    }
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
    let time = crate::time::rfc3339(at);
    let source = report.validation_time_source.as_str().to_owned();
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
            report.check(
                "chain",
                true,
                refusal!(
                    "check-chain-ok",
                    "valid at the validation time {time} ({source}) up to a trusted root",
                    time = time,
                    source = source
                ),
            );
            Some(found)
        }
        Err(why) => {
            report.check(
                "chain",
                false,
                refusal!(
                    "check-chain-failed",
                    "{problem} at the validation time {time} ({source})",
                    problem = why,
                    time = time,
                    source = source;
                    reason = why.key,
                    detail = why
                        .args
                        .iter()
                        .find(|(name, _)| *name == "problem")
                        .map(|(_, value)| value.as_str())
                        .unwrap_or_default()
                ),
            );
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
        None => report.check(
            "key-usage",
            true,
            refusal!(
                "check-key-usage-absent",
                "no keyUsage extension (any use allowed)"
            ),
        ),
        Some(Err(e)) => report.check(
            "key-usage",
            false,
            refusal!(
                "check-key-usage-unreadable",
                "keyUsage cannot be read: {problem}",
                problem = e
            ),
        ),
        Some(Ok(ku)) => {
            let allowed = ku.digital_signature() || ku.non_repudiation();
            if allowed {
                report.check(
                    "key-usage",
                    true,
                    refusal!(
                        "check-key-usage-ok",
                        "digitalSignature or contentCommitment"
                    ),
                );
            } else {
                report.check(
                    "key-usage",
                    false,
                    refusal!(
                        "check-key-usage-not-allowed",
                        "the key may not sign documents (neither digitalSignature nor \
                         contentCommitment)"
                    ),
                );
            }
        }
    }
}

/// Checks every certificate of the path but the anchor.
fn check_revocation(
    report: &mut Report,
    found: Option<&path::Path>,
    options: &VerifyOptions,
    embedded: &validation_data::Embedded,
) {
    if options.policy == RevocationPolicy::Off {
        report.check(
            "revocation",
            true,
            refusal!("check-revocation-off", "not checked (revocation off)"),
        );
        return;
    }
    let Some(found) = found else {
        report.revocation.status = "unavailable".into();
        let required = options.policy == RevocationPolicy::Required;
        report.check(
            "revocation",
            !required,
            refusal!(
                "check-revocation-no-path",
                "not established: the issuer is unknown (no valid path)"
            ),
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
        let (answer, items) = revocation::check(
            &cert,
            &issuer,
            index == 0,
            options,
            report.validation_time,
            embedded,
        );
        report.path_revocation.push(answer);
        report.validation_data.extend(items);
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
    let all_good = !report.path_revocation.is_empty()
        && report.path_revocation.iter().all(|r| r.status == "good");
    let count = report.path_revocation.len();
    let words = match (failed.as_slice(), report.path_revocation.as_slice()) {
        ([], [_]) if all_good => refusal!("check-revocation-good", "not revoked"; count = count),
        ([], [only]) => only.words.clone(),
        ([], _) if all_good => refusal!(
            "check-revocation-good",
            "none of the {count} certificates of the path is revoked",
            count = count
        ),
        ([], _) => refusal!(
            "check-revocation-none-revoked",
            "none of the {count} certificates of the path is revoked",
            count = count
        ),
        ([one], _) if report.path_revocation.first() == Some(*one) => one.words.clone(),
        (some, _) => refusal!(
            "check-revocation-path",
            "{findings}",
            findings = some
                .iter()
                .map(|r| format!("{} (serial {}): {}", r.subject, r.serial, r.detail))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    report.check("revocation", failed.is_empty(), words);
}
