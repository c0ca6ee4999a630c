//! Acknowledgements of the status feed, proven: a responder answers each `POST /publish` with a
//! statement signed by its delegated OCSP key — the nonce the CA chose for that delivery, the
//! responder's own feed URL, whether it applied the update, and the sequence it now holds. The
//! CA believes a delivery only when that statement verifies, so an on-path attacker who answers
//! 200 (or replays an old acknowledgement, or forwards the update to another responder that
//! shares the signer) cannot make it prune its outbox or show a responder up to date.

use der::Decode;
use serde::{Deserialize, Serialize};
use x509_cert::Certificate;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::{verify_signature, Signer};

/// The request header carrying the CA's nonce (hex) for one delivery.
pub const NONCE_HEADER: &str = "feed-nonce";
/// The response header carrying the acknowledgement (base64 of CBOR).
pub const ACK_HEADER: &str = "feed-ack";

/// What a responder signs.
#[derive(Serialize)]
struct Statement<'a> {
    context: &'static str,
    url: &'a str,
    #[serde(with = "serde_bytes")]
    nonce: &'a [u8],
    applied: bool,
    sequence: u64,
    #[serde(with = "serde_bytes")]
    head: &'a [u8],
}

/// A responder's signed acknowledgement of one delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    /// The responder's feed URL, as the CA registered it.
    pub url: String,
    /// The CA's nonce for this delivery.
    #[serde(with = "serde_bytes")]
    pub nonce: Vec<u8>,
    /// Whether the update was applied (else refused as replayed or out of order).
    pub applied: bool,
    /// The feed sequence the responder holds now.
    pub sequence: u64,
    /// The feed's head it holds now (empty: none, from before heads).
    #[serde(with = "serde_bytes")]
    pub head: Vec<u8>,
    /// The delegated OCSP signer's certificate (DER).
    #[serde(with = "serde_bytes")]
    pub signer_certificate: Vec<u8>,
    /// Its signature over the statement.
    #[serde(with = "serde_bytes")]
    pub signature: Vec<u8>,
}

/// The URL as compared: no trailing slash.
fn normal(url: &str) -> &str {
    url.trim_end_matches('/')
}

fn statement(
    url: &str,
    nonce: &[u8],
    applied: bool,
    sequence: u64,
    head: &[u8],
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    ciborium::into_writer(
        &Statement {
            context: "ca feed acknowledgement v1",
            url: normal(url),
            nonce,
            applied,
            sequence,
            head,
        },
        &mut out,
    )
    .map_err(|e| Error::Encoding(format!("an acknowledgement: {e}")))?;
    Ok(out)
}

impl Acknowledgement {
    /// Signs an acknowledgement with the responder's OCSP signer.
    pub fn sign(
        signer: &dyn Signer,
        signer_certificate: &[u8],
        url: &str,
        nonce: &[u8],
        applied: bool,
        (sequence, head): (u64, &[u8]),
    ) -> Result<Self> {
        let signature = signer.sign(&statement(url, nonce, applied, sequence, head)?)?;
        Ok(Acknowledgement {
            url: normal(url).to_owned(),
            nonce: nonce.to_vec(),
            applied,
            sequence,
            head: head.to_vec(),
            signer_certificate: signer_certificate.to_vec(),
            signature,
        })
    }

    /// The header value: base64 of CBOR.
    pub fn to_header(&self) -> Result<String> {
        use base64::Engine;
        let mut out = Vec::new();
        ciborium::into_writer(self, &mut out)
            .map_err(|e| Error::Encoding(format!("an acknowledgement: {e}")))?;
        Ok(base64::engine::general_purpose::STANDARD.encode(out))
    }

    /// Reads a header value.
    pub fn from_header(value: &str) -> Result<Self> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(value.trim())
            .map_err(|e| {
                Error::UntrustedResponse(refusal!(
                    "refusal-untrusted-acknowledgement",
                    "an acknowledgement: {problem}",
                    problem = e
                ))
            })?;
        ciborium::from_reader(bytes.as_slice()).map_err(|e| {
            Error::UntrustedResponse(refusal!(
                "refusal-untrusted-acknowledgement",
                "an acknowledgement: {problem}",
                problem = e
            ))
        })
    }

    /// Checks that the acknowledgement answers this delivery (`nonce`) from the responder
    /// registered as `url`, signed by a delegated OCSP signer the CA (`ca_certificate`, DER)
    /// certified and valid at `now`.
    pub fn verify(&self, url: &str, nonce: &[u8], ca_certificate: &[u8], now: u64) -> Result<()> {
        let untrusted = Error::UntrustedResponse;
        if self.nonce != nonce {
            return Err(untrusted(refusal!(
                "refusal-untrusted-acknowledgement-answers-another-delivery",
                "the acknowledgement answers another delivery (a replay?)"
            )));
        }
        if normal(&self.url) != normal(url) {
            return Err(untrusted(refusal!("refusal-untrusted-acknowledgement-comes-from-not", "the acknowledgement comes from {from} , not {url} (forwarded to another responder?)", from = self.url, url = url)));
        }
        let ca = Certificate::from_der(ca_certificate).map_err(|e| {
            untrusted(refusal!(
                "refusal-untrusted-ca-certificate",
                "the CA certificate: {problem}",
                problem = e
            ))
        })?;
        let signer = Certificate::from_der(&self.signer_certificate).map_err(|e| {
            untrusted(refusal!(
                "refusal-untrusted-acknowledgement-s-signer",
                "the acknowledgement's signer: {problem}",
                problem = e
            ))
        })?;
        crate::ocsp::client::check_delegation(&signer, &ca, now)?;
        let message = statement(
            &self.url,
            &self.nonce,
            self.applied,
            self.sequence,
            &self.head,
        )?;
        if !verify_signature(
            &signer.tbs_certificate.subject_public_key_info,
            &message,
            &self.signature,
        ) {
            return Err(untrusted(refusal!(
                "refusal-untrusted-acknowledgement-s-signature-does",
                "the acknowledgement's signature does not verify"
            )));
        }
        Ok(())
    }
}
