//! Revocation of each certificate on a path, by a CRL of its issuer or by OCSP, judged at the
//! validation time: revoked (or compromised, by the invalidityDate) at or before it means the
//! signature fails; revoked after it leaves the signature standing.

use der::asn1::ObjectIdentifier;
use der::Decode;
use x509_cert::crl::CertificateList;
use x509_cert::Certificate;

use super::validation_data::{judge_embedded, Embedded, ValidationItem};
use super::{OcspSource, RevocationPolicy, VerifyOptions};
use crate::error::{refusal, Refusal};
use crate::keys::verify_with_algorithm;
use crate::ocsp::client::{ocsp_url, Query};
use crate::status::Reason;
use crate::time::rfc3339;

/// id-ce-cRLReasons.
use crate::oid::CRL_REASON;
/// id-ce-invalidityDate (RFC 5280 §5.3.2).
use crate::oid::INVALIDITY_DATE;

/// What one source said of one certificate: the responder side's own state.
use crate::ocsp::CertState as Found;

/// The answer for one certificate of the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRevocation {
    /// The certificate's serial (hex).
    pub serial: String,
    /// Its subject.
    pub subject: String,
    /// `good`, `revoked`, `unknown`, `unavailable` or `not checked`.
    pub status: String,
    /// `ocsp URL`, `crl`, or `none`.
    pub source: String,
    /// Whether this answer lets the signature stand.
    pub passed: bool,
    /// What was found, in words.
    pub detail: String,
    /// The same as a message key and its arguments.
    pub words: Refusal,
}

/// Checks `cert` (issued by `issuer`) under the options' policy at `validation_time`.
pub(crate) fn check(
    cert: &Certificate,
    issuer: &Certificate,
    is_signer: bool,
    options: &VerifyOptions,
    validation_time: u64,
    embedded: &Embedded,
) -> (CertificateRevocation, Vec<ValidationItem>) {
    let mut out = CertificateRevocation {
        serial: crate::serial::hex(cert.tbs_certificate.serial_number.as_bytes()),
        subject: crate::names::subject::display_name(&cert.tbs_certificate.subject),
        status: "not checked".into(),
        source: "none".into(),
        passed: true,
        detail: "not checked (revocation off)".into(),
        words: refusal!("check-revocation-off", "not checked (revocation off)"),
    };
    if options.policy == RevocationPolicy::Off {
        return (out, Vec::new());
    }
    let (decided, items) = judge_embedded(embedded, cert, issuer, validation_time);
    let found = match (decided, matching_crl(&options.crls, issuer)) {
        (Some((found, source)), _) => {
            out.source = source;
            Ok(found)
        }
        (None, Some(crl)) => {
            out.source = "crl".into();
            crl_status(crl, cert, issuer, Some(options.now))
        }
        (None, None) if options.offline => Err(if items.is_empty() {
            refusal!(
                "revocation-offline-nothing",
                "offline, and the signature carries no CRL or OCSP answer for it"
            )
        } else {
            refusal!(
                "revocation-offline-none-counts",
                "offline, and none of the {count} CRL or OCSP answers the signature carries for \
                 it speaks for the validation time or later",
                count = items.len()
            )
        }),
        (None, None) => {
            let url = match (&options.ocsp, is_signer) {
                (OcspSource::Off, _) => None,
                (OcspSource::Url(url), true) => Some(url.clone()),
                _ => ocsp_url(cert),
            };
            match url {
                None if !options.crls.is_empty() => Err(refusal!(
                    "revocation-no-source",
                    "no CRL of its issuer was given and it names no OCSP responder"
                )),
                None if options.ocsp == OcspSource::Off => Err(refusal!(
                    "revocation-nothing-asked",
                    "no CRL given and OCSP off"
                )),
                None => Err(refusal!(
                    "revocation-no-responder",
                    "the certificate names no OCSP responder"
                )),
                Some(url) => {
                    out.source = format!("ocsp {url}");
                    Query::new(cert, issuer)
                        .map(|q| q.with_nonce_policy(options.nonce))
                        .and_then(|q| q.ask(&url, issuer, options.now, options.timeout))
                        .map(|r| r.verdict)
                        .map_err(query_failure)
                }
            }
        }
    };
    judge(&mut out, found, options.policy, validation_time);
    (out, items)
}

fn judge(
    out: &mut CertificateRevocation,
    found: Result<Found, Refusal>,
    policy: RevocationPolicy,
    validation_time: u64,
) {
    let (status, passed, words) = match found {
        Err(why) if policy == RevocationPolicy::Required => (
            "unavailable",
            false,
            refusal!(
                "check-revocation-required",
                "required but not established: {problem}",
                problem = why
            )
            .nest("problem", why),
        ),
        Err(why) => (
            "unavailable",
            true,
            refusal!(
                "check-revocation-accepted",
                "not established ({problem}); accepted as the policy allows",
                problem = why
            )
            .nest("problem", why),
        ),
        Ok(Found::Good) => (
            "good",
            true,
            refusal!("check-revocation-not-revoked", "not revoked"),
        ),
        Ok(Found::Unknown) => (
            "unknown",
            false,
            refusal!(
                "check-revocation-unknown",
                "the responder does not know this certificate"
            ),
        ),
        Ok(Found::Revoked {
            time,
            reason,
            invalidity,
        }) => {
            let compromised_since = invalidity.map_or(time, |i| i.min(time));
            // `compromised` is empty when no earlier compromise is stated.
            let (since, compromised) = match invalidity {
                Some(i) if i < time => (
                    format!(
                        "revoked at {} ({reason}), its key compromised since {}",
                        rfc3339(time),
                        rfc3339(i)
                    ),
                    rfc3339(i),
                ),
                _ => (
                    format!("revoked at {} ({reason})", rfc3339(time)),
                    String::new(),
                ),
            };
            let stated = if compromised.is_empty() {
                "none"
            } else {
                "compromised"
            };
            if compromised_since <= validation_time {
                let words = refusal!(
                    "check-revocation-revoked",
                    "{since}, not after the validation time {validation}",
                    since = since,
                    validation = rfc3339(validation_time);
                    time = rfc3339(time),
                    reason = reason,
                    compromised = compromised,
                    stated = stated
                );
                ("revoked", false, words)
            } else {
                let words = refusal!(
                    "check-revocation-revoked-later",
                    "{since}, after the validation time {validation} (proven by a time-stamp): \
                     the signature stands",
                    since = since,
                    validation = rfc3339(validation_time);
                    time = rfc3339(time),
                    reason = reason,
                    compromised = compromised,
                    stated = stated
                );
                ("revoked", true, words)
            }
        }
    };
    out.status = status.into();
    out.passed = passed;
    out.detail = words.to_string();
    out.words = words;
}

/// The first CRL whose issuer is `issuer` by name.
fn matching_crl<'a>(crls: &'a [Vec<u8>], issuer: &Certificate) -> Option<&'a Vec<u8>> {
    crls.iter().find(|der| {
        CertificateList::from_der(der)
            .is_ok_and(|crl| crl.tbs_cert_list.issuer == issuer.tbs_certificate.subject)
    })
}

/// The words for an OCSP query that failed: an untrusted answer and an unreachable responder
/// by their own words, anything else as the library says it.
fn query_failure(error: crate::Error) -> Refusal {
    match error {
        crate::Error::UntrustedResponse(words) => refusal!(
            "revocation-untrusted",
            "the OCSP response cannot be trusted: {problem}",
            problem = words
        )
        .nest("problem", words),
        crate::Error::Unreachable { url, reason } => refusal!(
            "revocation-unreachable",
            "{url}: {reason}",
            url = url,
            reason = reason
        ),
        other => refusal!("revocation-query-failed", "{problem}", problem = other),
    }
}

/// Looks the certificate up in a CRL signed by `issuer` and, given `now`, still current then
/// (an archived CRL, `None`, is judged at its own time by the caller).
pub(super) fn crl_status(
    crl_der: &[u8],
    cert: &Certificate,
    issuer: &Certificate,
    now: Option<u64>,
) -> Result<Found, Refusal> {
    let crl = CertificateList::from_der(crl_der).map_err(|e| {
        refusal!(
            "revocation-crl-unreadable",
            "the CRL cannot be read: {problem}",
            problem = e
        )
    })?;
    let tbs = &crl.tbs_cert_list;
    let signed = der::Encode::to_der(tbs).is_ok_and(|message| {
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
        return Err(refusal!(
            "revocation-crl-signature",
            "the CRL's signature does not verify with the issuer's key"
        ));
    }
    if let (Some(now), Some(next)) = (now, tbs.next_update.as_ref()) {
        if next.to_unix_duration().as_secs() < now {
            return Err(refusal!(
                "revocation-crl-stale",
                "the CRL is out of date (its nextUpdate has passed)"
            ));
        }
    }
    lookup(tbs, cert)
}

/// The entry of `cert` in a CRL's list, if any.
fn lookup(tbs: &x509_cert::crl::TbsCertList, cert: &Certificate) -> Result<Found, Refusal> {
    let serial = &cert.tbs_certificate.serial_number;
    let Some(entry) = tbs
        .revoked_certificates
        .iter()
        .flatten()
        .find(|r| r.serial_number == *serial)
    else {
        return Ok(Found::Good);
    };
    let extension = |oid: ObjectIdentifier| {
        entry
            .crl_entry_extensions
            .iter()
            .flatten()
            .find(|e| e.extn_id == oid)
            .map(|e| e.extn_value.as_bytes())
    };
    let reason = extension(CRL_REASON)
        .and_then(|v| x509_cert::ext::pkix::CrlReason::from_der(v).ok())
        .map(Reason::from_crl_reason)
        .unwrap_or(Reason::Unspecified);
    let invalidity = extension(INVALIDITY_DATE)
        .and_then(|v| der::asn1::GeneralizedTime::from_der(v).ok())
        .map(|t| t.to_unix_duration().as_secs());
    Ok(Found::Revoked {
        time: entry.revocation_date.to_unix_duration().as_secs(),
        reason,
        invalidity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(found: Result<Found, Refusal>, policy: RevocationPolicy, at: u64) -> (String, bool) {
        let mut out = CertificateRevocation {
            serial: "01".into(),
            subject: "CN=x".into(),
            status: String::new(),
            source: "crl".into(),
            passed: true,
            detail: String::new(),
            words: refusal!("check-revocation-off", "not checked (revocation off)"),
        };
        judge(&mut out, found, policy, at);
        (out.status, out.passed)
    }

    #[test]
    fn revoked_counts_from_the_earlier_of_revocation_and_invalidity() {
        let revoked = |invalidity| {
            Ok(Found::Revoked {
                time: 1000,
                reason: Reason::KeyCompromise,
                invalidity,
            })
        };
        let required = RevocationPolicy::Required;
        assert!(judged(revoked(None), required, 999).1);
        assert!(!judged(revoked(None), required, 1000).1);
        assert!(judged(revoked(Some(500)), required, 499).1);
        assert!(!judged(revoked(Some(500)), required, 500).1);
        assert!(!judged(revoked(Some(500)), required, 999).1);
        // An invalidity date after the revocation does not postpone it.
        assert!(!judged(revoked(Some(5000)), required, 1000).1);
        assert!(!judged(Ok(Found::Unknown), required, 0).1);
        assert!(!judged(Err(refusal!("refusal-test-down", "down")), required, 0).1);
        assert_eq!(
            judged(
                Err(refusal!("refusal-test-down", "down")),
                RevocationPolicy::IfAvailable,
                0
            ),
            ("unavailable".into(), true)
        );
    }
}
