//! The OCSP client (RFC 6960): builds a request with a fresh nonce, sends it over HTTP POST,
//! and accepts the answer only when it is signed by the CA or by a delegated responder the CA
//! certified for OCSP signing (valid now), names the certificate asked about, echoes the nonce
//! when it carries one, and is fresh (thisUpdate not in the future, nextUpdate not passed).

use std::time::Duration;

use der::asn1::{GeneralizedTime, Null, OctetString};
use der::{Any, Decode, Encode};
use sha1::Sha1;
use sha2::Digest;
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::AuthorityInfoAccessSyntax;
use x509_cert::ext::Extension;
use x509_cert::Certificate;
use x509_ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspRequest, OcspResponse, OcspResponseStatus, Request,
    SingleResponse, TbsRequest,
};

pub(crate) use super::signer_trust::check_delegation;
use super::signer_trust::check_signer;
use crate::error::refusal;
use crate::error::{Error, Result};
use crate::ocsp::{NONCE, SHA1};
use crate::status::Reason;

use crate::oid::AD_OCSP;
/// Clock difference tolerated between client and responder, seconds.
const CLOCK_SKEW: u64 = 300;

/// What the responder says of the certificate: the responder side's own [`CertState`](crate::ocsp::CertState).
pub use crate::ocsp::CertState as Verdict;

/// A checked answer about one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    /// The answer.
    pub verdict: Verdict,
    /// thisUpdate, Unix seconds.
    pub this_update: u64,
    /// nextUpdate, Unix seconds, if given.
    pub next_update: Option<u64>,
    /// producedAt, Unix seconds.
    pub produced_at: u64,
    /// Who signed it: the CA itself, or the delegated responder's subject.
    pub signed_by: String,
    /// The serial (hex) of the certificate whose key signed it.
    pub signer_serial: String,
}

/// Whether an answer must echo the request's nonce (RFC 9654). Without one, an answer captured
/// earlier (before a revocation, say) can be replayed by anyone on the path for its whole
/// validity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoncePolicy {
    /// The answer must carry the nonce sent.
    Required,
    /// A nonce-less answer (pre-signed by the responder) is accepted only if its thisUpdate is
    /// no older than `max_age` seconds; one with a nonce must carry the nonce sent.
    Optional {
        /// Oldest thisUpdate accepted for a nonce-less answer, seconds before now.
        max_age: u64,
    },
}

/// A request about `cert` (issued by `issuer`) and the nonce it carries.
pub struct Query {
    cert_id: CertId,
    nonce: Vec<u8>,
    der: Vec<u8>,
    nonce_policy: NoncePolicy,
}

impl Query {
    /// A request with a SHA-1 CertID (what responders universally accept) and a fresh
    /// 16-byte nonce.
    pub fn new(cert: &Certificate, issuer: &Certificate) -> Result<Self> {
        if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
            return Err(Error::Invalid(refusal!(
                "refusal-not-issued-by",
                "the certificate was not issued by the given issuer (names differ); pass the \
                 issuing CA's certificate"
            )));
        }
        let cert_id = cert_id(cert, issuer)?;
        let mut nonce = vec![0u8; 16];
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut nonce).map_err(
            |_| {
                Error::Key(refusal!(
                    "refusal-key-system-random-generator-failed",
                    "the system random generator failed"
                ))
            },
        )?;
        let extension = Extension {
            extn_id: NONCE,
            critical: false,
            extn_value: OctetString::new(OctetString::new(nonce.clone())?.to_der()?)?,
        };
        let request = OcspRequest {
            tbs_request: TbsRequest {
                version: Default::default(),
                requestor_name: None,
                request_list: vec![Request {
                    req_cert: cert_id.clone(),
                    single_request_extensions: None,
                }],
                request_extensions: Some(vec![extension]),
            },
            optional_signature: None,
        };
        Ok(Query {
            der: request.to_der()?,
            cert_id,
            nonce,
            nonce_policy: NoncePolicy::Required,
        })
    }

    /// The same query under another nonce policy (the default is [`NoncePolicy::Required`]).
    pub fn with_nonce_policy(mut self, policy: NoncePolicy) -> Self {
        self.nonce_policy = policy;
        self
    }

    /// The DER request.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Sends the request to `url` (HTTP POST) and checks the answer.
    pub fn ask(
        &self,
        url: &str,
        issuer: &Certificate,
        now: u64,
        timeout: Duration,
    ) -> Result<StatusReport> {
        let response = post(url, &self.der, timeout)?;
        self.check(&response, issuer, now)
    }

    /// [`Query::ask`], keeping the DER answer (to embed it in a long-term signature).
    pub fn ask_keeping(
        &self,
        url: &str,
        issuer: &Certificate,
        now: u64,
        timeout: Duration,
    ) -> Result<(StatusReport, Vec<u8>)> {
        let response = post(url, &self.der, timeout)?;
        let report = self.check(&response, issuer, now)?;
        Ok((report, response))
    }

    /// Checks a DER `OCSPResponse` to this request at time `now`.
    pub fn check(&self, response: &[u8], issuer: &Certificate, now: u64) -> Result<StatusReport> {
        let untrusted = Error::UntrustedResponse;
        let basic = basic_response(response)?;
        let signed_by = check_signer(&basic, issuer, now)?;
        let data = &basic.tbs_response_data;
        let nonce_echoed = match data.nonce() {
            Some(nonce) if nonce.0.as_bytes() != self.nonce.as_slice() => {
                return Err(untrusted(refusal!(
                    "refusal-untrusted-nonce-not-one-sent",
                    "the nonce is not the one sent (a replayed answer?)"
                )));
            }
            Some(_) => true,
            None if self.nonce_policy == NoncePolicy::Required => {
                return Err(untrusted(refusal!(
                    "refusal-untrusted-answer-carries-nonce-so",
                    "the answer carries no nonce, so it may be a replay of an old one; a \
                     responder that only serves pre-signed answers needs --ocsp-nonce optional"
                )));
            }
            None => false,
        };
        let single = data
            .responses
            .iter()
            .find(|r| same_cert(&r.cert_id, &self.cert_id))
            .ok_or_else(|| {
                untrusted(refusal!(
                    "refusal-untrusted-does-not-answer-for",
                    "it does not answer for this certificate"
                ))
            })?;
        let report = report(single, signed_by, unix_of_ocsp(&data.produced_at))?;
        if report.this_update > now + CLOCK_SKEW {
            return Err(untrusted(refusal!(
                "refusal-untrusted-thisupdate-in-future",
                "thisUpdate {time} is in the future",
                time = crate::time::rfc3339(report.this_update)
            )));
        }
        if let (false, NoncePolicy::Optional { max_age }) = (nonce_echoed, self.nonce_policy) {
            if report.this_update + max_age < now {
                return Err(untrusted(refusal!(
                    "refusal-untrusted-nonce-less-answer-from",
                    "a nonce-less answer from {time} is older than the {max_age} s accepted \
                     (--ocsp-max-age)",
                    time = crate::time::rfc3339(report.this_update),
                    max_age = max_age
                )));
            }
        }
        if let Some(next) = report.next_update {
            if next + CLOCK_SKEW < now {
                return Err(untrusted(refusal!(
                    "refusal-untrusted-stale-nextupdate-has-passed",
                    "stale: nextUpdate {time} has passed",
                    time = crate::time::rfc3339(next)
                )));
            }
        }
        Ok(report)
    }
}

/// The BasicOCSPResponse of a successful DER `OCSPResponse`.
pub(crate) fn basic_response(response: &[u8]) -> Result<BasicOcspResponse> {
    let untrusted = Error::UntrustedResponse;
    let response = OcspResponse::from_der(response).map_err(|e| {
        untrusted(refusal!(
            "refusal-untrusted-not-ocsp-response",
            "not an OCSP response: {problem}",
            problem = e
        ))
    })?;
    if response.response_status != OcspResponseStatus::Successful {
        return Err(untrusted(refusal!(
            "refusal-untrusted-responder-answered-instead-status",
            "the responder answered {status} instead of a status",
            status = format!("{:?}", response.response_status)
        )));
    }
    let bytes = response.response_bytes.ok_or_else(|| {
        untrusted(refusal!(
            "refusal-untrusted-successful-response-without-body",
            "a successful response without a body"
        ))
    })?;
    BasicOcspResponse::from_der(bytes.response.as_bytes()).map_err(|e| {
        untrusted(refusal!(
            "refusal-untrusted-not-basic-ocsp-response",
            "not a basic OCSP response: {problem}",
            problem = e
        ))
    })
}

/// Checks an answer kept from the past (embedded in a long-term signature) about `cert`, as of
/// the time it speaks for, its producedAt: signed by `issuer` or by a responder `issuer`
/// delegated and whose certificate was valid then. Its nonce and freshness are not judged: the
/// caller decides whether the time it speaks for is late enough.
pub(crate) fn check_archived(
    basic: &BasicOcspResponse,
    cert: &Certificate,
    issuer: &Certificate,
) -> Result<StatusReport> {
    let produced_at = unix_of_ocsp(&basic.tbs_response_data.produced_at);
    let signed_by = check_signer(basic, issuer, produced_at)?;
    let single = basic
        .tbs_response_data
        .responses
        .iter()
        .find(|r| {
            cert_id_with(cert, issuer, &r.cert_id.hash_algorithm.oid)
                .is_ok_and(|id| same_cert(&r.cert_id, &id))
        })
        .ok_or_else(|| {
            Error::UntrustedResponse(refusal!(
                "refusal-untrusted-does-not-answer-for",
                "it does not answer for this certificate"
            ))
        })?;
    report(single, signed_by, produced_at)
}

/// The OCSP URL of a certificate's Authority Information Access, if it names one.
pub fn ocsp_url(cert: &Certificate) -> Option<String> {
    let aia = cert
        .tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == crate::oid::AUTHORITY_INFO_ACCESS)?;
    let aia = AuthorityInfoAccessSyntax::from_der(aia.extn_value.as_bytes()).ok()?;
    aia.0.into_iter().find_map(|d| match d.access_location {
        GeneralName::UniformResourceIdentifier(uri) if d.access_method == AD_OCSP => {
            Some(uri.to_string())
        }
        _ => None,
    })
}

fn cert_id(cert: &Certificate, issuer: &Certificate) -> Result<CertId> {
    cert_id_with(cert, issuer, &SHA1)
}

/// The CertID of `cert` with the hash `algorithm` (SHA-1, SHA-2 or Streebog).
fn cert_id_with(
    cert: &Certificate,
    issuer: &Certificate,
    algorithm: &der::asn1::ObjectIdentifier,
) -> Result<CertId> {
    let hash = |bytes: &[u8]| -> Result<Vec<u8>> {
        if *algorithm == SHA1 {
            return Ok(Sha1::digest(bytes).to_vec());
        }
        crate::signing::DigestAlgorithm::from_oid(algorithm)
            .map(|digest| digest.digest(bytes))
            .ok_or_else(|| {
                Error::UntrustedResponse(refusal!(
                    "refusal-untrusted-certid-hash-not-supported",
                    "CertID hash {algorithm} is not supported",
                    algorithm = algorithm
                ))
            })
    };
    let name = issuer.tbs_certificate.subject.to_der()?;
    let key = issuer
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes();
    Ok(CertId {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: *algorithm,
            parameters: Some(Any::from(Null)),
        },
        issuer_name_hash: OctetString::new(hash(&name)?)?,
        issuer_key_hash: OctetString::new(hash(key)?)?,
        serial_number: cert.tbs_certificate.serial_number.clone(),
    })
}

/// Same certificate: hash algorithm, issuer hashes and serial (NULL parameters or none).
fn same_cert(a: &CertId, b: &CertId) -> bool {
    a.hash_algorithm.oid == b.hash_algorithm.oid
        && a.issuer_name_hash == b.issuer_name_hash
        && a.issuer_key_hash == b.issuer_key_hash
        && a.serial_number == b.serial_number
}

fn unix_of_ocsp(t: &x509_ocsp::OcspGeneralizedTime) -> u64 {
    t.0.to_unix_duration().as_secs()
}

fn report(
    single: &SingleResponse,
    (signed_by, signer_serial): (String, String),
    produced_at: u64,
) -> Result<StatusReport> {
    let verdict = match &single.cert_status {
        CertStatus::Good(_) => Verdict::Good,
        CertStatus::Unknown(_) => Verdict::Unknown,
        CertStatus::Revoked(info) => Verdict::Revoked {
            time: unix_of_ocsp(&info.revocation_time),
            reason: info
                .revocation_reason
                .map(Reason::from_crl_reason)
                .unwrap_or(Reason::Unspecified),
            invalidity: single
                .single_extensions
                .iter()
                .flatten()
                .find(|e| e.extn_id == crate::ocsp::INVALIDITY_DATE)
                .and_then(|e| GeneralizedTime::from_der(e.extn_value.as_bytes()).ok())
                .map(|t| t.to_unix_duration().as_secs()),
        },
    };
    Ok(StatusReport {
        verdict,
        this_update: unix_of_ocsp(&single.this_update),
        next_update: single.next_update.as_ref().map(unix_of_ocsp),
        produced_at,
        signed_by,
        signer_serial,
    })
}

/// POSTs an OCSP request; the DER response.
fn post(url: &str, request: &[u8], timeout: Duration) -> Result<Vec<u8>> {
    crate::http_client::post(
        url,
        "application/ocsp-request",
        request,
        timeout,
        1024 * 1024,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ocsp::SHA256;

    use crate::ocsp::tests::responder_and_ca;
    use crate::ocsp::CertState;

    fn error_of(result: Result<StatusReport>) -> String {
        match result {
            Err(Error::UntrustedResponse(m)) => m.to_string(),
            other => panic!("expected an untrusted response, got {other:?}"),
        }
    }

    #[test]
    fn answers_are_trusted_only_when_signed_fresh_and_about_the_request() {
        let start = 1_700_000_000;
        let (responder, ca_der) = responder_and_ca(start);
        let ca = Certificate::from_der(&ca_der).expect("ca");
        // The CA certificate names itself as issuer: ask about it.
        let query = Query::new(&ca, &ca).expect("query");
        let revoked = |_: &[u8]| {
            Ok(CertState::Revoked {
                time: start - 10,
                reason: Reason::KeyCompromise,
                invalidity: Some(start - 500),
            })
        };
        let answer = responder.answer(query.der(), start, &revoked).der;
        let report = query.check(&answer, &ca, start + 5).expect("trusted");
        assert_eq!(
            report.verdict,
            Verdict::Revoked {
                time: start - 10,
                reason: Reason::KeyCompromise,
                invalidity: Some(start - 500),
            }
        );
        assert_ne!(
            report.signed_by, "the CA",
            "signed by the delegated responder"
        );
        assert_eq!(report.next_update, Some(start + 3600));

        let other_query = Query::new(&ca, &ca).expect("query");
        assert!(error_of(other_query.check(&answer, &ca, start)).contains("nonce"));
        assert!(error_of(query.check(&answer, &ca, start + 3600 + 400)).contains("stale"));
        let ahead = responder.answer(query.der(), start + 1000, &revoked).der;
        assert!(error_of(query.check(&ahead, &ca, start + 600)).contains("future"));
        let mut tampered = answer.clone();
        let last = tampered.len() - 1 - 600;
        tampered[last] ^= 0x01;
        assert!(query.check(&tampered, &ca, start).is_err());
        // A CA with the same name but another key did not certify this signer.
        let (_, impostor_der) = responder_and_ca(start);
        let impostor = Certificate::from_der(&impostor_der).expect("ca");
        assert!(error_of(query.check(&answer, &impostor, start)).contains("not signed by this CA"));
        assert!(error_of(query.check(b"junk", &ca, start)).contains("not an OCSP response"));
    }

    #[test]
    fn a_nonce_less_answer_is_a_possible_replay() {
        let start = 1_700_000_000;
        let (responder, ca_der) = responder_and_ca(start);
        let ca = Certificate::from_der(&ca_der).expect("ca");
        let query = Query::new(&ca, &ca).expect("query");
        // What a pre-signed (or captured and replayed) answer looks like: no nonce.
        let plain = OcspRequest {
            tbs_request: TbsRequest {
                version: Default::default(),
                requestor_name: None,
                request_list: vec![Request {
                    req_cert: query.cert_id.clone(),
                    single_request_extensions: None,
                }],
                request_extensions: None,
            },
            optional_signature: None,
        }
        .to_der()
        .expect("request");
        let good = |_: &[u8]| Ok(CertState::Good);
        let captured = responder.answer(&plain, start, &good).der;
        assert!(error_of(query.check(&captured, &ca, start + 10)).contains("no nonce"));
        let lenient = Query::new(&ca, &ca)
            .expect("query")
            .with_nonce_policy(NoncePolicy::Optional { max_age: 300 });
        let lenient = Query {
            cert_id: query.cert_id.clone(),
            ..lenient
        };
        assert_eq!(
            lenient
                .check(&captured, &ca, start + 10)
                .expect("fresh")
                .verdict,
            Verdict::Good
        );
        assert!(error_of(lenient.check(&captured, &ca, start + 301)).contains("older than"));
        // Optional still refuses somebody else's nonce.
        let echoed = responder.answer(query.der(), start, &good).der;
        assert!(error_of(lenient.check(&echoed, &ca, start)).contains("nonce"));
    }

    #[test]
    fn sha256_cert_ids_are_not_confused_with_sha1() {
        let a = CertId {
            hash_algorithm: AlgorithmIdentifierOwned {
                oid: SHA1,
                parameters: None,
            },
            issuer_name_hash: OctetString::new(vec![1]).expect("o"),
            issuer_key_hash: OctetString::new(vec![2]).expect("o"),
            serial_number: x509_cert::serial_number::SerialNumber::new(&[5]).expect("s"),
        };
        let mut b = a.clone();
        assert!(same_cert(&a, &b));
        b.hash_algorithm.oid = SHA256;
        assert!(!same_cert(&a, &b));
    }
}
