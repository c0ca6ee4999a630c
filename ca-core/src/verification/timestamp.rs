//! Signature time-stamps (RFC 3161 tokens in the unsigned attribute
//! id-aa-signatureTimeStampToken, RFC 5126 / ETSI EN 319 122-1 CAdES-T): checking a token
//! against a signature, and adding one to a signature (`ca extend --token`).
//!
//! A token proves that the signature value existed at its genTime when it is signed by a
//! time-stamping authority the verifier trusts (a path to a `--tsa-trust` root, extended key
//! usage timeStamping, valid at genTime), its TSTInfo is what the TSA signed (messageDigest),
//! and its messageImprint is the hash of this signature's value.

use cms::signed_data::{SignedData, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use x509_cert::attr::Attribute;
use x509_cert::Certificate;
use x509_tsp::{TimeStampResp, TstInfo};

use super::ber::Sets;
use super::path::{self, EKU_TIME_STAMPING};
use super::{attribute_once, signer_certificate};
use crate::error::refusal;
use crate::error::{Error, Result};
use crate::signing::{DigestAlgorithm, ATTR_CONTENT_TYPE, ATTR_MESSAGE_DIGEST};

/// id-aa-signatureTimeStampToken (RFC 3161 Appendix A).
pub use crate::oid::ATTR_SIGNATURE_TIME_STAMP_TOKEN;
/// id-ct-TSTInfo.
use crate::oid::CT_TST_INFO as ID_CT_TST_INFO;

/// A token that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// genTime, Unix seconds: the time the signature is proven to have existed.
    pub gen_time: u64,
    /// The TSA certificate's subject.
    pub tsa: String,
    /// The TSA certificate's notAfter, Unix seconds: beyond it the token proves nothing
    /// unless an archive time-stamp (B-LTA) made before it covers the signature.
    pub tsa_valid_until: u64,
}

/// The parts of a token needed to check it.
struct Token {
    signed: SignedData,
    certificates: Vec<Certificate>,
    tst_der: Vec<u8>,
    info: TstInfo,
}

fn parse_token(der: &[u8]) -> std::result::Result<Token, String> {
    let decoded =
        super::decode_signature(der, Sets::Extract).map_err(|e| format!("not a CMS token: {e}"))?;
    let certificates = decoded.certificates();
    let (_, signed) = decoded.into_parts();
    if signed.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err("the token does not carry a TSTInfo".into());
    }
    let tst_der = signed
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or("the token carries no TSTInfo")?
        .decode_as::<OctetString>()
        .map_err(|e| format!("the token's content: {e}"))?
        .into_bytes();
    let info = TstInfo::from_der(&tst_der).map_err(|e| format!("the TSTInfo: {e}"))?;
    Ok(Token {
        signed,
        certificates,
        tst_der,
        info,
    })
}

/// The token inside a file: a TimeStampResp (`openssl ts -reply`, status granted) or the
/// token (a ContentInfo) alone.
pub fn token_from_file(bytes: &[u8]) -> Result<Vec<u8>> {
    let bad = |problem: String| {
        Error::Invalid(refusal!(
            "refusal-token-unreadable",
            "the time-stamp token cannot be read: {problem}",
            problem = problem
        ))
    };
    let der = crate::pem::decode_any(bytes).map_err(|e| bad(e.to_string()))?;
    if parse_token(&der).is_ok() {
        return Ok(der);
    }
    let response = TimeStampResp::from_der(&der)
        .map_err(|e| bad(format!("neither a TimeStampResp nor a token ({e})")))?;
    let status = response.status.status as u8;
    if status > 1 {
        return Err(bad(format!(
            "the TSA refused the request (PKIStatus {status})"
        )));
    }
    let token = response
        .time_stamp_token
        .ok_or_else(|| bad("the response carries no token".into()))?;
    let der = token.to_der()?;
    parse_token(&der).map_err(bad)?;
    Ok(der)
}

/// Whether the token's messageImprint is the hash of `signature_value`.
fn imprint_matches(info: &TstInfo, signature_value: &[u8]) -> std::result::Result<(), String> {
    let imprint = &info.message_imprint;
    let algorithm = DigestAlgorithm::from_oid(&imprint.hash_algorithm.oid).ok_or_else(|| {
        format!(
            "the token's imprint uses an unsupported hash {}",
            imprint.hash_algorithm.oid
        )
    })?;
    if imprint.hashed_message.as_bytes() == algorithm.digest(signature_value).as_slice() {
        Ok(())
    } else {
        Err(
            "the token time-stamps something else (its imprint is not this signature's value)"
                .into(),
        )
    }
}

/// Checks the token `der` for the signature value `signature_value` against `tsa_trust`.
pub(crate) fn verify_token(
    der: &[u8],
    signature_value: &[u8],
    tsa_trust: &[Vec<u8>],
) -> std::result::Result<Timestamp, String> {
    let token = parse_token(der)?;
    imprint_matches(&token.info, signature_value)?;
    let signer: &SignerInfo = match token.signed.signer_infos.0.as_slice() {
        [one] => one,
        _ => return Err("the token must have exactly one signer".into()),
    };
    let cert = signer_certificate(signer, &token.certificates)
        .ok_or("the TSA's certificate is not in the token")?;
    let attrs = signer
        .signed_attrs
        .as_ref()
        .ok_or("the token's signer has no signed attributes")?;
    let content_type =
        attribute_once::<ObjectIdentifier>(signer, ATTR_CONTENT_TYPE).map_err(|e| e.to_string())?;
    if content_type != Some(ID_CT_TST_INFO) {
        return Err("the token's signed contentType is not id-ct-TSTInfo".into());
    }
    let digest = DigestAlgorithm::from_oid(&signer.digest_alg.oid)
        .ok_or_else(|| format!("unsupported digest {}", signer.digest_alg.oid))?;
    let stated = attribute_once::<OctetString>(signer, ATTR_MESSAGE_DIGEST)
        .map_err(|e| e.to_string())?
        .ok_or("the token has no messageDigest")?;
    if stated.as_bytes() != digest.digest(&token.tst_der).as_slice() {
        return Err("the TSTInfo is not what the TSA signed (messageDigest differs)".into());
    }
    if !super::signed_by(signer, attrs, cert, digest).map_err(|e| e.to_string())? {
        return Err("the TSA's signature over the token does not verify".into());
    }
    let gen_time = token.info.gen_time.to_unix_duration().as_secs();
    let cert_der = cert.to_der().map_err(|e| e.to_string())?;
    let others = path::candidates(cert, &token.certificates, super::MAX_CERTIFICATES).certificates;
    path::build(
        &cert_der,
        &others,
        tsa_trust,
        gen_time,
        &[EKU_TIME_STAMPING],
        true,
    )
    .map_err(|why| format!("the TSA certificate at genTime: {why}"))?;
    Ok(Timestamp {
        gen_time,
        tsa: crate::names::subject::display_name(&cert.tbs_certificate.subject),
        tsa_valid_until: crate::time::unix_of(&cert.tbs_certificate.validity.not_after),
    })
}

/// The signature-time-stamp tokens a signer carries (DER of each).
pub(crate) fn tokens_of(signer: &SignerInfo) -> Vec<Vec<u8>> {
    signer
        .unsigned_attrs
        .iter()
        .flat_map(|attrs| attrs.iter())
        .filter(|a| a.oid == ATTR_SIGNATURE_TIME_STAMP_TOKEN)
        .flat_map(|a| a.values.iter())
        .filter_map(|v| v.to_der().ok())
        .collect()
}

/// An RFC 3161 TimeStampReq (DER) for the value of the one signer of `signature`: SHA-256,
/// the TSA's certificate asked for. Send it to a TSA (`openssl ts -reply -queryfile`, or over
/// HTTP) and add the answer with [`add_signature_timestamp`].
pub fn query_for(signature: &[u8]) -> Result<Vec<u8>> {
    query_with_nonce(signature, None)
}

/// [`query_for`], with a nonce the TSA must echo.
fn query_with_nonce(signature: &[u8], nonce: Option<der::asn1::Int>) -> Result<Vec<u8>> {
    let (_, signed) = super::decode_signature(signature, Sets::Extract)?.into_parts();
    let [signer] = signed.signer_infos.0.as_slice() else {
        return Err(Error::Invalid(refusal!(
            "refusal-one-signer",
            "the signature must have exactly one signer"
        )));
    };
    let request = x509_tsp::TimeStampReq {
        version: x509_tsp::TspVersion::V1,
        message_imprint: x509_tsp::MessageImprint {
            hash_algorithm: spki::AlgorithmIdentifier {
                oid: DigestAlgorithm::Sha256.oid(),
                parameters: None,
            },
            hashed_message: OctetString::new(
                DigestAlgorithm::Sha256.digest(signer.signature.as_bytes()),
            )?,
        },
        req_policy: None,
        nonce,
        cert_req: true,
        extensions: None,
    };
    Ok(request.to_der()?)
}

/// Asks the time-stamping authority at `url` (RFC 3161 over HTTP POST) for a token over the
/// value of the one signer of `signature`, with a fresh nonce it must echo, and adds it as the
/// signature time-stamp (CAdES-T). Returns the extended signature (DER) and the token's
/// genTime (Unix seconds). Whether the TSA is trusted is for the verifier (`--tsa-trust`).
pub fn time_stamp_online(
    signature: &[u8],
    url: &str,
    timeout: std::time::Duration,
) -> Result<(Vec<u8>, u64)> {
    let mut nonce = [0u8; 8];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut nonce).map_err(|_| {
        Error::Key(refusal!(
            "refusal-key-os-random-generator-failed",
            "the OS random generator failed"
        ))
    })?;
    nonce[0] = (nonce[0] & 0x7f) | 0x01;
    let nonce = der::asn1::Int::new(&nonce)?;
    let query = query_with_nonce(signature, Some(nonce.clone()))?;
    let reply = crate::http_client::post(
        url,
        "application/timestamp-query",
        &query,
        timeout,
        1024 * 1024,
    )?;
    let answered = |problem: &dyn std::fmt::Display| {
        Error::Invalid(refusal!(
            "refusal-tsa-answered",
            "the TSA at {url} answered: {problem}",
            url = url,
            problem = problem
        ))
    };
    let token = token_from_file(&reply).map_err(|e| answered(&e))?;
    let info = parse_token(&token).map_err(|e| answered(&e))?.info;
    if info.nonce.as_ref() != Some(&nonce) {
        return Err(Error::Invalid(refusal!(
            "refusal-tsa-nonce",
            "the TSA at {url} did not echo the request's nonce: refused (a replayed or \
             misdirected answer)",
            url = url
        )));
    }
    let extended = add_signature_timestamp(signature, &token)?;
    Ok((extended, info.gen_time.to_unix_duration().as_secs()))
}

/// Adds `token` (DER, from [`token_from_file`]) to the one signer of `signature` (DER, PEM or
/// BER) as its signature time-stamp; the result is DER. A token whose imprint is not this
/// signature's value is refused.
pub fn add_signature_timestamp(signature: &[u8], token: &[u8]) -> Result<Vec<u8>> {
    let decoded = super::decode_signature(signature, Sets::Keep(super::MAX_CERTIFICATES))?;
    let revocation_info = decoded.revocation_info().to_vec();
    let (info, mut signed) = decoded.into_parts();
    let token_info = parse_token(token).map_err(|e| {
        Error::Invalid(refusal!(
            "refusal-token-unreadable",
            "the time-stamp token cannot be read: {problem}",
            problem = e
        ))
    })?;
    let mut signers: Vec<SignerInfo> = signed.signer_infos.0.clone().into_vec();
    let [signer] = signers.as_mut_slice() else {
        return Err(Error::Invalid(refusal!(
            "refusal-one-signer",
            "the signature must have exactly one signer"
        )));
    };
    imprint_matches(&token_info.info, signer.signature.as_bytes()).map_err(|e| {
        Error::Invalid(refusal!(
            "refusal-token-other-signature",
            "refused: {problem}",
            problem = e
        ))
    })?;
    let attribute = Attribute {
        oid: ATTR_SIGNATURE_TIME_STAMP_TOKEN,
        values: SetOfVec::try_from(vec![Any::from_der(token)?])?,
    };
    let mut unsigned: Vec<Attribute> = signer
        .unsigned_attrs
        .take()
        .map(|set| set.into_vec())
        .unwrap_or_default();
    unsigned.push(attribute);
    signer.unsigned_attrs = Some(SetOfVec::try_from(unsigned).map_err(|_| {
        Error::Invalid(refusal!(
            "refusal-token-present",
            "the signature already carries this very token"
        ))
    })?);
    signed.signer_infos = cms::signed_data::SignerInfos(SetOfVec::try_from(signers)?);
    super::encode_signature(info, signed, &revocation_info)
}
