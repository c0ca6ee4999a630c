//! What the register holds of each certificate: its record, status and history. (The store
//! keeps these; issuance makes them and status changes move them on.)

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::serial::Serial;
use crate::status::Revocation;

/// Where a certificate stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The serial is reserved and the certificate is being signed; a crash here leaves this
    /// record, so the serial can still be revoked.
    Issuing,
    /// Issued and in force (or expired, which is derived from `not_after`).
    Valid,
    /// Suspended (certificateHold); may be released.
    OnHold,
    /// Revoked for good.
    Revoked,
}

/// One thing that happened to a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Unix seconds.
    pub time: u64,
    /// The officer who did it.
    pub officer: String,
    /// What happened (`requested`, `issued`, ...).
    pub action: String,
}

/// A certificate in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertRecord {
    /// Serial number.
    pub serial: Serial,
    /// Subject as printed (RFC 4514).
    pub subject: String,
    /// Profile it was issued under.
    pub profile: String,
    /// Officer who issued it.
    pub officer: String,
    /// Current status.
    pub status: Status,
    /// Validity start, Unix seconds.
    pub not_before: u64,
    /// Validity end, Unix seconds.
    pub not_after: u64,
    /// SHA-256 of the subject public key info: the key's identity.
    #[serde(with = "serde_bytes")]
    pub key_id: Vec<u8>,
    /// The certificate, DER; empty while `Issuing`.
    #[serde(with = "serde_bytes")]
    pub der: Vec<u8>,
    /// Identifiers in the subject, by field name (`snils`, `inn`, ...).
    #[serde(default)]
    pub identifiers: BTreeMap<String, String>,
    /// How the applicant was identified (the CA's identification record).
    #[serde(default)]
    pub identified_by: Option<crate::request::identification::IdentificationKind>,
    /// When and why it was revoked or suspended, while it is.
    #[serde(default)]
    pub revocation: Option<Revocation>,
    /// The certificate this one renews with the same key (hex serial), if any.
    #[serde(default)]
    pub renews: Option<String>,
    /// What happened to it, oldest first.
    #[serde(default)]
    pub history: Vec<Event>,
}

impl CertRecord {
    /// Status word for output at time `now`: `valid`, `expired`, or `issuing`.
    pub fn status_word(&self, now: u64) -> &'static str {
        match self.status {
            Status::Issuing => "issuing",
            Status::Valid if now > self.not_after => "expired",
            Status::Valid => "valid",
            Status::OnHold => "on-hold",
            Status::Revoked => "revoked",
        }
    }

    /// The stored form (CBOR).
    pub fn encode(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.der.len() + 256);
        ciborium::into_writer(self, &mut out)
            .map_err(|e| Error::Register(format!("encoding a record: {e}")))?;
        Ok(out)
    }

    /// Reads a stored record; a damaged one is an error.
    pub fn decode(bytes: &[u8]) -> Result<Self> {
        ciborium::from_reader(bytes).map_err(|e| {
            Error::Register(format!(
                "a record cannot be read ({e}); the register may be damaged"
            ))
        })
    }
}
