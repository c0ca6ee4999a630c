//! The time-stamping authority (RFC 3161): a TimeStampReq in, a TimeStampResp out — a token
//! signed by the TSA key (CMS SignedData over a TSTInfo, with the ESS signingCertificateV2 of
//! RFC 5816), or a refusal with its PKIFailureInfo. The structures are RustCrypto `x509-tsp`,
//! `cmpv2` and `cms` types; the signature goes through any [`Signer`].
//!
//! What a token says: the TSA's policy, the request's message imprint, a fresh random 127-bit
//! serial number, genTime from the clock given (whole seconds, accuracy ± 1 s), the request's
//! nonce, and — when the request asks (certReq) — the TSA certificate.

use cmpv2::status::{PkiStatus, PkiStatusInfo};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{BitString, GeneralizedTime, Int, ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use ring::rand::{SecureRandom, SystemRandom};
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::Certificate;
use x509_tsp::{Accuracy, TimeStampReq, TimeStampResp, TspVersion, TstInfo};

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::{KeyAlgorithm, Signer};
use crate::oid::CT_TST_INFO;
use crate::signing::{
    attribute, signing_certificate_v2, DigestAlgorithm, ATTR_CONTENT_TYPE, ATTR_MESSAGE_DIGEST,
    ATTR_SIGNING_CERTIFICATE_V2, ID_SIGNED_DATA,
};

/// The policy a TSA states when none is configured: ETSI EN 319 421's best-practices
/// time-stamp policy (itu-t(0) identified-organization(4) etsi(0) time-stamp-policy(2023)
/// policy-identifiers(1) best-practices-ts-policy(1)).
pub const DEFAULT_POLICY: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.2023.1.1");

/// Why a request was refused (RFC 3161 §2.4.2 PKIFailureInfo).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The message imprint's hash algorithm is not accepted, or its length is wrong.
    BadAlg,
    /// The request is not a TimeStampReq (or not version 1).
    BadRequest,
    /// The request names a policy this TSA does not follow.
    UnacceptedPolicy,
    /// The request asks for an extension this TSA does not know.
    UnacceptedExtension,
}

impl Refusal {
    /// The PKIFailureInfo bit (RFC 3161 §2.4.2).
    fn bit(self) -> usize {
        match self {
            Refusal::BadAlg => 0,
            Refusal::BadRequest => 2,
            Refusal::UnacceptedPolicy => 15,
            Refusal::UnacceptedExtension => 16,
        }
    }

    /// PKIFailureInfo with this one bit set, as DER names it: no trailing zero bits.
    fn fail_info(self) -> Result<BitString> {
        let bit = self.bit();
        let mut bytes = vec![0u8; bit / 8 + 1];
        bytes[bit / 8] = 0x80 >> (bit % 8);
        Ok(BitString::new((7 - bit % 8) as u8, bytes)?)
    }

    /// The metric label and the words of the statusString.
    pub fn name(self) -> &'static str {
        match self {
            Refusal::BadAlg => "badAlg",
            Refusal::BadRequest => "badRequest",
            Refusal::UnacceptedPolicy => "unacceptedPolicy",
            Refusal::UnacceptedExtension => "unacceptedExtension",
        }
    }
}

/// A TimeStampResp (DER) and what it was.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The TimeStampResp, DER.
    pub der: Vec<u8>,
    /// `None` for a granted token, else why not.
    pub refused: Option<Refusal>,
}

/// A time-stamping authority: its key, its certificate (profile `tsa`) and its policy.
pub struct TimeStampAuthority {
    key: Box<dyn Signer + Send + Sync>,
    certificate: Certificate,
    certificate_der: Vec<u8>,
    policy: ObjectIdentifier,
    digest: DigestAlgorithm,
    gost: bool,
}

impl std::fmt::Debug for TimeStampAuthority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimeStampAuthority")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl TimeStampAuthority {
    /// The TSA of `key` and its certificate (DER), stating `policy`. Refused when the key is
    /// not the certificate's or the certificate is not for time-stamping (RFC 3161 §2.3: the
    /// extended key usage is id-kp-timeStamping alone, critical).
    pub fn new(
        key: Box<dyn Signer + Send + Sync>,
        certificate_der: Vec<u8>,
        policy: ObjectIdentifier,
    ) -> Result<Self> {
        let certificate = Certificate::from_der(&certificate_der).map_err(|e| {
            Error::Invalid(refusal!(
                "refusal-tsa-certificate",
                "the TSA certificate: {problem}",
                problem = e
            ))
        })?;
        if certificate.tbs_certificate.subject_public_key_info != *key.public_key() {
            return Err(Error::Key(refusal!(
                "refusal-key-tsa-key-does-not",
                "the TSA key does not belong to the TSA certificate (their public keys differ)"
            )));
        }
        let time_stamping = certificate
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .find(|e| e.extn_id == crate::oid::EXT_KEY_USAGE)
            .filter(|e| e.critical)
            .and_then(|e| ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok())
            .is_some_and(|eku| eku.0 == [crate::oid::KP_TIME_STAMPING]);
        if !time_stamping {
            return Err(Error::Invalid(refusal!(
                "refusal-tsa-key-usage",
                "the TSA certificate must have the extended key usage id-kp-timeStamping alone, \
                 critical (RFC 3161 §2.3): issue it with `ca tsa-signer`"
            )));
        }
        let algorithm = KeyAlgorithm::of_spki(key.public_key())?;
        Ok(TimeStampAuthority {
            digest: DigestAlgorithm::for_key(algorithm),
            gost: matches!(algorithm, KeyAlgorithm::Gost(_)),
            key,
            certificate,
            certificate_der,
            policy,
        })
    }

    /// The policy stated in every token.
    pub fn policy(&self) -> ObjectIdentifier {
        self.policy
    }

    /// The answer to `request` (DER) at `now` (Unix seconds): a token, or a refusal. Errors
    /// only when signing fails.
    pub fn respond(&self, request: &[u8], now: u64) -> Result<Answer> {
        match self.check(request) {
            Err(refusal) => Ok(Answer {
                der: refusal_der(refusal)?,
                refused: Some(refusal),
            }),
            Ok(request) => Ok(Answer {
                der: TimeStampResp {
                    status: PkiStatusInfo {
                        status: PkiStatus::Accepted,
                        status_string: None,
                        fail_info: None,
                    },
                    time_stamp_token: Some(self.token(&request, now)?),
                }
                .to_der()?,
                refused: None,
            }),
        }
    }

    /// The request, if this TSA grants it.
    fn check(&self, der: &[u8]) -> std::result::Result<TimeStampReq, Refusal> {
        let request = TimeStampReq::from_der(der).map_err(|_| Refusal::BadRequest)?;
        if request.version != TspVersion::V1 {
            return Err(Refusal::BadRequest);
        }
        if request.extensions.as_ref().is_some_and(|e| !e.is_empty()) {
            return Err(Refusal::UnacceptedExtension);
        }
        if request.req_policy.is_some_and(|p| p != self.policy) {
            return Err(Refusal::UnacceptedPolicy);
        }
        let imprint = &request.message_imprint;
        let algorithm = DigestAlgorithm::from_oid(&imprint.hash_algorithm.oid)
            .filter(|a| match a {
                DigestAlgorithm::Streebog256 | DigestAlgorithm::Streebog512 => self.gost,
                _ => true,
            })
            .ok_or(Refusal::BadAlg)?;
        if imprint.hashed_message.as_bytes().len() != algorithm.digest(b"").len() {
            return Err(Refusal::BadAlg);
        }
        Ok(request)
    }

    /// The TimeStampToken: SignedData over the TSTInfo.
    fn token(&self, request: &TimeStampReq, now: u64) -> Result<ContentInfo> {
        let mut serial = [0u8; 16];
        SystemRandom::new().fill(&mut serial).map_err(|_| {
            Error::Key(refusal!(
                "refusal-key-os-random-generator-failed",
                "the OS random generator failed"
            ))
        })?;
        serial[0] &= 0x7f;
        serial[0] |= 0x40; // positive, and no leading zero octet to strip
        let info = TstInfo {
            version: TspVersion::V1,
            policy: self.policy,
            message_imprint: request.message_imprint.clone(),
            serial_number: Int::new(&serial)?,
            gen_time: GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(now))?,
            accuracy: Some(Accuracy {
                seconds: Some(1),
                millis: None,
                micros: None,
            }),
            ordering: false,
            nonce: request.nonce.clone(),
            tsa: None,
            extensions: None,
        };
        let info_der = info.to_der()?;
        let signed_attrs = SetOfVec::try_from(vec![
            attribute(ATTR_CONTENT_TYPE, CT_TST_INFO)?,
            attribute(
                ATTR_MESSAGE_DIGEST,
                OctetString::new(self.digest.digest(&info_der))?,
            )?,
            attribute(
                ATTR_SIGNING_CERTIFICATE_V2,
                signing_certificate_v2(&self.certificate_der, self.digest)?,
            )?,
        ])?;
        let signature = self.key.sign(&signed_attrs.to_der()?)?;
        let signer_info = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: self.certificate.tbs_certificate.issuer.clone(),
                serial_number: self.certificate.tbs_certificate.serial_number.clone(),
            }),
            digest_alg: self.digest.identifier(),
            signed_attrs: Some(signed_attrs),
            signature_algorithm: self.key.signature_algorithm(),
            signature: OctetString::new(signature)?,
            unsigned_attrs: None,
        };
        let certificates = request
            .cert_req
            .then(|| -> Result<CertificateSet> {
                Ok(CertificateSet(SetOfVec::try_from(vec![
                    CertificateChoices::Certificate(self.certificate.clone()),
                ])?))
            })
            .transpose()?;
        let signed_data = SignedData {
            // RFC 5652 §5.1: version 3 when the content is not id-data.
            version: CmsVersion::V3,
            digest_algorithms: SetOfVec::try_from(vec![self.digest.identifier()])?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: CT_TST_INFO,
                econtent: Some(Any::from_der(&OctetString::new(info_der)?.to_der()?)?),
            },
            certificates,
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info])?),
        };
        Ok(ContentInfo {
            content_type: ID_SIGNED_DATA,
            content: Any::from_der(&signed_data.to_der()?)?,
        })
    }
}

/// PKIStatusInfo of a refusal. (cmpv2 0.2's PKIFailureInfo takes its bit numbers for masks
/// and encodes unacceptedPolicy as bits 0–3, so the BIT STRING is written here.)
#[derive(Sequence)]
pub(crate) struct RefusalStatus {
    /// rejection (2).
    pub(crate) status: u8,
    /// PKIFreeText: the refusal's name.
    pub(crate) status_string: Vec<String>,
    /// PKIFailureInfo.
    pub(crate) fail_info: BitString,
}

/// TimeStampResp without a token.
#[derive(Sequence)]
pub(crate) struct RefusalResponse {
    pub(crate) status: RefusalStatus,
}

/// A TimeStampResp refusing with `refusal`.
fn refusal_der(refusal: Refusal) -> Result<Vec<u8>> {
    Ok(RefusalResponse {
        status: RefusalStatus {
            status: PkiStatus::Rejection as u8,
            status_string: vec![refusal.name().to_owned()],
            fail_info: refusal.fail_info()?,
        },
    }
    .to_der()?)
}

#[cfg(all(test, feature = "authority"))]
mod tests;
