//! OCSP (RFC 6960): answering requests about one CA's certificates, signed by its delegated
//! responder (EKU OCSPSigning, id-pkix-ocsp-nocheck). Request decoding and response structures
//! are x509-ocsp's; the signature goes through a [`Signer`]. Bad input never fails: it is
//! answered `malformedRequest` (or `unauthorized` for another CA's certificates).

pub mod client;
mod signer_trust;

use der::asn1::{BitStringRef, GeneralizedTime, ObjectIdentifier, OctetString};
use der::{AnyRef, DateTime, Decode, Encode, Sequence};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_cert::ext::Extension;
use x509_cert::Certificate;
use x509_ocsp::{
    CertId, CertStatus, OcspGeneralizedTime, OcspRequest, OcspResponse, OcspResponseStatus,
    ResponderId, ResponseBytes, ResponseData, RevokedInfo, SingleResponse,
};

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::Signer;
use crate::status::Reason;

/// id-ce-invalidityDate (RFC 5280 §5.3.2), also a singleExtension (RFC 6960 §4.4.5).
use crate::oid::INVALIDITY_DATE;
/// id-pkix-ocsp-nonce.
pub(crate) use crate::oid::OCSP_NONCE as NONCE;
/// id-sha1, the CertID hash most clients use.
pub(crate) use crate::oid::SHA1;
/// id-sha256.
pub(crate) use crate::oid::SHA256;
/// id-sha384.
use crate::oid::SHA384;
/// id-sha512.
use crate::oid::SHA512;
/// Longest nonce accepted (RFC 9654 §2.1: 1 to 32 octets; some clients send 16).
const MAX_NONCE: usize = 32;

/// id-pkix-ocsp-basic.
use crate::oid::OCSP_BASIC_RESPONSE as BASIC_RESPONSE;

/// RFC 6960 BasicOCSPResponse with its parts already encoded: `x509_ocsp::BasicOcspResponse`
/// field for field, but holding the ResponseData as signed and the signer certificate as
/// issued, so neither is encoded again for each answer.
#[derive(Sequence)]
struct PreEncodedBasicResponse<'a> {
    tbs_response_data: AnyRef<'a>,
    signature_algorithm: spki::AlgorithmIdentifierOwned,
    signature: BitStringRef<'a>,
    #[asn1(context_specific = "0", optional = "true", tag_mode = "EXPLICIT")]
    certs: Option<Vec<AnyRef<'a>>>,
}

/// What the responder knows of a serial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertState {
    /// Issued and not revoked.
    Good,
    /// Revoked (reason certificateHold while on hold), since `time` (Unix seconds).
    Revoked {
        /// Revocation time.
        time: u64,
        /// Reason, if not unspecified.
        reason: Reason,
        /// invalidityDate (Unix seconds), written as a singleExtension (RFC 6960 §4.4.5).
        invalidity: Option<u64>,
    },
    /// Never issued by this CA.
    Unknown,
}

impl CertState {
    /// Whether it says revoked (or on hold).
    pub fn is_revoked(&self) -> bool {
        matches!(self, CertState::Revoked { .. })
    }

    /// `good`, `revoked` or `unknown`.
    pub fn word(&self) -> &'static str {
        match self {
            CertState::Good => "good",
            CertState::Revoked { .. } => "revoked",
            CertState::Unknown => "unknown",
        }
    }
}

/// A DER `OCSPResponse`, and whether the same request may be answered with it again (a
/// successful answer to a request about one certificate, without a nonce).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The response.
    pub der: Vec<u8>,
    /// Whether it may be cached until the status changes.
    pub reusable: bool,
}

/// Answers OCSP requests for one CA.
pub struct Responder {
    /// The CA's name and key hashed for CertIDs: SHA-1, SHA-256, SHA-384, SHA-512 (RFC 6960
    /// lets a client pick any hash).
    issuer_hashes: [(ObjectIdentifier, Vec<u8>, Vec<u8>); 6],
    signer: Box<dyn Signer>,
    /// The signer certificate, DER: included in every answer as it is, never re-encoded.
    signer_certificate: Vec<u8>,
    responder_key_id: Vec<u8>,
    signer_not_after: u64,
    validity_secs: u64,
}

fn ocsp_time(unix: u64) -> Result<OcspGeneralizedTime> {
    let dt = DateTime::from_unix_duration(std::time::Duration::from_secs(unix))
        .map_err(|e| Error::Encoding(format!("time {unix}: {e}")))?;
    Ok(OcspGeneralizedTime(GeneralizedTime::from_date_time(dt)))
}

impl Responder {
    /// A responder for the CA `ca_certificate`, signing with `signer` whose certificate is
    /// `signer_certificate` (DER, issued by that CA). Answers are valid `validity_secs`.
    pub fn new(
        ca_certificate: &[u8],
        signer_certificate: &[u8],
        signer: Box<dyn Signer>,
        validity_secs: u64,
    ) -> Result<Self> {
        let ca = Certificate::from_der(ca_certificate).map_err(|e| {
            Error::Invalid(refusal!(
                "refusal-ca-certificate",
                "CA certificate: {problem}",
                problem = e
            ))
        })?;
        let signer_cert = Certificate::from_der(signer_certificate).map_err(|e| {
            Error::Invalid(refusal!(
                "refusal-ocsp-signer-certificate",
                "OCSP signer certificate: {problem}",
                problem = e
            ))
        })?;
        if signer_cert.tbs_certificate.subject_public_key_info != *signer.public_key() {
            return Err(Error::Key(refusal!(
                "refusal-key-ocsp-signer-key-does",
                "the OCSP signer key does not belong to the signer certificate"
            )));
        }
        if !crate::keys::issued_by(&signer_cert, &ca) {
            return Err(Error::Invalid(refusal!(
                "refusal-ocsp-signer-other-ca",
                "the OCSP signer certificate was not issued by this CA"
            )));
        }
        // RFC 6960 §4.2.2.2: a delegated responder's certificate names id-kp-OCSPSigning;
        // without it every client refuses the answers.
        let for_ocsp = signer_cert
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == crate::oid::EXT_KEY_USAGE)
            .filter_map(|e| {
                x509_cert::ext::pkix::ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok()
            })
            .any(|eku| eku.0.contains(&crate::oid::KP_OCSP_SIGNING));
        if !for_ocsp {
            return Err(Error::Invalid(refusal!(
                "refusal-ocsp-signer-usage",
                "the OCSP signer certificate is not for OCSP signing (no extended key usage \
                 OCSPSigning); issue one with `ca ocsp-signer`"
            )));
        }
        let name = ca.tbs_certificate.subject.to_der()?;
        let key = ca
            .tbs_certificate
            .subject_public_key_info
            .subject_public_key
            .raw_bytes()
            .to_vec();
        let responder_key_id = Sha1::digest(
            signer_cert
                .tbs_certificate
                .subject_public_key_info
                .subject_public_key
                .raw_bytes(),
        )
        .to_vec();
        let signer_not_after =
            crate::time::unix_of(&signer_cert.tbs_certificate.validity.not_after);
        Ok(Responder {
            signer_not_after,
            issuer_hashes: [
                (
                    SHA1,
                    Sha1::digest(&name).to_vec(),
                    Sha1::digest(&key).to_vec(),
                ),
                (
                    SHA256,
                    Sha256::digest(&name).to_vec(),
                    Sha256::digest(&key).to_vec(),
                ),
                (
                    SHA384,
                    Sha384::digest(&name).to_vec(),
                    Sha384::digest(&key).to_vec(),
                ),
                (
                    SHA512,
                    Sha512::digest(&name).to_vec(),
                    Sha512::digest(&key).to_vec(),
                ),
                (
                    crate::oid::STREEBOG_256,
                    crate::signing::DigestAlgorithm::Streebog256.digest(&name),
                    crate::signing::DigestAlgorithm::Streebog256.digest(&key),
                ),
                (
                    crate::oid::STREEBOG_512,
                    crate::signing::DigestAlgorithm::Streebog512.digest(&name),
                    crate::signing::DigestAlgorithm::Streebog512.digest(&key),
                ),
            ],
            signer,
            signer_certificate: signer_certificate.to_vec(),
            responder_key_id,
            validity_secs,
        })
    }

    /// Whether `cert_id` names this CA as issuer: `Some(true)` yes, `Some(false)` another CA,
    /// `None` a hash algorithm we do not support.
    fn is_ours(&self, cert_id: &CertId) -> Option<bool> {
        let (_, name, key) = self
            .issuer_hashes
            .iter()
            .find(|(oid, _, _)| *oid == cert_id.hash_algorithm.oid)?;
        Some(
            cert_id.issuer_name_hash.as_bytes() == name.as_slice()
                && cert_id.issuer_key_hash.as_bytes() == key.as_slice(),
        )
    }

    /// When the signer certificate expires, Unix seconds.
    pub fn signer_not_after(&self) -> u64 {
        self.signer_not_after
    }

    /// Signs the acknowledgement of a status update (see [`crate::publish::ack`]) as the responder
    /// whose feed URL is `url`.
    pub fn acknowledge(
        &self,
        url: &str,
        nonce: &[u8],
        applied: bool,
        held: (u64, &[u8]),
    ) -> Result<crate::publish::ack::Acknowledgement> {
        crate::publish::ack::Acknowledgement::sign(
            self.signer.as_ref(),
            &self.signer_certificate,
            url,
            nonce,
            applied,
            held,
        )
    }

    /// Answers a DER `OCSPRequest`, looking each serial up with `lookup`. Never fails: bad
    /// input gets `malformedRequest`, another CA's certificates `unauthorized`, an internal
    /// failure `internalError`, and once the signer certificate has expired every request gets
    /// `tryLater` (renew it with `ca ocsp-signer`).
    pub fn answer(
        &self,
        request: &[u8],
        now: u64,
        lookup: &dyn Fn(&[u8]) -> Result<CertState>,
    ) -> Answer {
        let mut reusable = false;
        let response = match OcspRequest::from_der(request) {
            Err(_) => OcspResponse::malformed_request(),
            Ok(_) if now > self.signer_not_after => OcspResponse::try_later(),
            Ok(req) => match self.respond(&req, now, lookup) {
                Ok(response) => {
                    // Worth keeping: what RFC 5019 clients send, one CertID and no nonce. A
                    // request naming hundreds of certificates is answered, not kept.
                    reusable = req.nonce().is_none()
                        && req.tbs_request.request_list.len() == 1
                        && response.response_status == x509_ocsp::OcspResponseStatus::Successful;
                    response
                }
                Err(_) => OcspResponse::internal_error(),
            },
        };
        Answer {
            der: response.to_der().unwrap_or_default(),
            reusable,
        }
    }

    fn respond(
        &self,
        req: &OcspRequest,
        now: u64,
        lookup: &dyn Fn(&[u8]) -> Result<CertState>,
    ) -> Result<OcspResponse> {
        let list = &req.tbs_request.request_list;
        if list.is_empty() {
            return Ok(OcspResponse::malformed_request());
        }
        let this_update = ocsp_time(now)?;
        let next_update = ocsp_time(now + self.validity_secs)?;
        let mut responses = Vec::with_capacity(list.len());
        for one in list {
            match self.is_ours(&one.req_cert) {
                None => return Ok(OcspResponse::malformed_request()),
                Some(false) => return Ok(OcspResponse::unauthorized()),
                Some(true) => {}
            }
            let state = lookup(one.req_cert.serial_number.as_bytes())?;
            let mut single_extensions = None;
            let cert_status = match state {
                CertState::Good => CertStatus::good(),
                CertState::Unknown => CertStatus::unknown(),
                CertState::Revoked {
                    time,
                    reason,
                    invalidity,
                } => {
                    if let Some(invalidity) = invalidity {
                        single_extensions = Some(vec![Extension {
                            extn_id: INVALIDITY_DATE,
                            critical: false,
                            extn_value: OctetString::new(ocsp_time(invalidity)?.0.to_der()?)?,
                        }]);
                    }
                    CertStatus::revoked(RevokedInfo {
                        revocation_time: ocsp_time(time)?,
                        revocation_reason: (reason != Reason::Unspecified)
                            .then(|| reason.crl_reason()),
                    })
                }
            };
            responses.push(SingleResponse {
                cert_id: one.req_cert.clone(),
                cert_status,
                this_update,
                next_update: Some(next_update),
                single_extensions,
            });
        }
        let mut extensions = Vec::new();
        if let Some(nonce) = req.nonce() {
            let bytes = nonce.0.as_bytes();
            if bytes.is_empty() || bytes.len() > MAX_NONCE {
                return Ok(OcspResponse::malformed_request());
            }
            extensions.push(Extension {
                extn_id: NONCE,
                critical: false,
                extn_value: OctetString::new(nonce.0.to_der()?)?,
            });
        }
        let tbs = ResponseData {
            version: Default::default(),
            responder_id: ResponderId::ByKey(OctetString::new(self.responder_key_id.clone())?),
            produced_at: this_update,
            responses,
            response_extensions: (!extensions.is_empty()).then_some(extensions),
        };
        // ResponseData is encoded once, signed, and placed in the answer as it was signed.
        let tbs = tbs.to_der()?;
        let signature = self.signer.sign(&tbs)?;
        let basic = PreEncodedBasicResponse {
            tbs_response_data: AnyRef::try_from(tbs.as_slice())?,
            signature_algorithm: self.signer.signature_algorithm(),
            signature: BitStringRef::from_bytes(&signature)?,
            certs: Some(vec![AnyRef::try_from(self.signer_certificate.as_slice())?]),
        };
        Ok(OcspResponse {
            response_status: OcspResponseStatus::Successful,
            response_bytes: Some(ResponseBytes {
                response_type: BASIC_RESPONSE,
                response: OctetString::new(basic.to_der()?)?,
            }),
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A CA, its delegated signer (30 days from `start`), and a responder.
    fn responder(start: u64) -> Responder {
        responder_and_ca(start).0
    }

    /// The same, with the CA certificate (DER).
    pub(crate) fn responder_and_ca(start: u64) -> (Responder, Vec<u8>) {
        let ca = crate::test_ca::TestCa::new("CN=OCSP CA", start);
        let (signer, der) = ca.issue_new("CN=OCSP responder", "ocsp-signer");
        let root = ca.root;
        let record_der = der;
        let responder =
            Responder::new(&root, &record_der, Box::new(signer), 3600).expect("responder");
        (responder, root)
    }

    fn status_of(response: &[u8]) -> u8 {
        // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, ... }: 30 LL 0a 01 SS
        response[4]
    }

    #[test]
    fn garbage_is_malformed_and_an_expired_signer_answers_try_later() {
        let start = 1_700_000_000;
        let r = responder(start);
        assert_eq!(
            status_of(&r.answer(b"garbage", start, &|_| Ok(CertState::Good)).der),
            1
        );
        // A syntactically valid request, answered after the signer expired: tryLater (3).
        let req = OcspRequest {
            tbs_request: x509_ocsp::TbsRequest {
                version: Default::default(),
                requestor_name: None,
                request_list: vec![],
                request_extensions: None,
            },
            optional_signature: None,
        }
        .to_der()
        .expect("der");
        let late = r.signer_not_after() + 1;
        assert_eq!(
            status_of(&r.answer(&req, late, &|_| Ok(CertState::Good)).der),
            3
        );
        // Before it expired, an empty request list is malformed (1).
        assert_eq!(
            status_of(&r.answer(&req, start, &|_| Ok(CertState::Good)).der),
            1
        );
    }

    #[test]
    fn a_certificate_not_for_ocsp_signing_cannot_sign_answers() {
        let ca = crate::test_ca::TestCa::new("CN=OCSP CA", 1_700_000_000);
        let (signer, citizen) = ca.issue_new("CN=Citizen", "signing");
        let refused = Responder::new(&ca.root, &citizen, Box::new(signer), 3600);
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.to_string().contains("not for OCSP signing")),
            "{:?}",
            refused.err()
        );
    }
}
