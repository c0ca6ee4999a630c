//! What verification is asked (the options) and what it answers (a report of named checks).

use std::time::Duration;

use super::{CertificateRevocation, NoncePolicy, Timestamp, ValidationItem};
use crate::error::Refusal;

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
    /// Decide from the material the signature carries (and `crls`) alone: no responder asked.
    pub offline: bool,
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
            offline: false,
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
    /// The same as a message key and its arguments (`check-…`), for a front end that words it
    /// in another language.
    pub words: Refusal,
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
    /// The CRLs and OCSP answers the signature carries, as considered for each certificate.
    pub validation_data: Vec<ValidationItem>,
    /// Remarks that are not checks (certificates ignored, duplicates dropped).
    pub notes: Vec<Refusal>,
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

    pub(super) fn check(&mut self, name: &'static str, passed: bool, words: Refusal) {
        self.checks.push(Check {
            name,
            passed,
            detail: words.to_string(),
            words,
        });
    }
}
