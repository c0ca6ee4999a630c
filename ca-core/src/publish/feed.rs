//! The status feed: what the CA tells its OCSP responders. A status update is a numbered list of
//! (serial, state) — a full snapshot, or the changes after a given sequence — signed by the CA
//! key, so a responder that holds only the CA certificate can check it, and refuses a forged,
//! replayed or out-of-order one.

use serde::{Deserialize, Serialize};
use spki::SubjectPublicKeyInfoOwned;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::{verify_signature, Signer};
use crate::ocsp::CertState;
use crate::status::Reason;

/// The path, under a responder's URL, that takes status updates.
pub const PUBLISH_PATH: &str = "/publish";

/// The path, under a responder's URL, that states (signed, fresh) where it is in the feed.
pub const POSITION_PATH: &str = "/feed-position";

/// The response header in which a responder states the feed sequence it is at.
pub const SEQUENCE_HEADER: &str = "feed-sequence";

/// One certificate's state in an update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEntry {
    /// Serial (big-endian magnitude).
    #[serde(with = "serde_bytes")]
    pub serial: Vec<u8>,
    /// Revoked (or on hold) since this time, with this reason; `None` while good.
    pub revoked: Option<(u64, Reason)>,
    /// Since when the key is known or suspected compromised (RFC 5280 invalidityDate), when
    /// the revocation names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalidity: Option<u64>,
    /// A CRL the CA signed (DER), full or delta, for the responders to serve at `GET /crl` and
    /// `GET /delta.crl`; such an entry has no serial.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "serde_bytes")]
    pub crl: Option<Vec<u8>>,
}

impl StatusEntry {
    /// An entry with no serial: a change of the CA the responders only witness (they skip it,
    /// but its sequence and head pin the history), such as an officer's.
    pub fn witnessed() -> StatusEntry {
        StatusEntry {
            serial: Vec::new(),
            revoked: None,
            invalidity: None,
            crl: None,
        }
    }

    /// An entry that publishes the CRL `der` (full or delta) to the responders.
    pub fn crl(der: Vec<u8>) -> StatusEntry {
        StatusEntry {
            crl: Some(der),
            ..StatusEntry::witnessed()
        }
    }

    /// The OCSP view of the entry.
    pub fn state(&self) -> CertState {
        match self.revoked {
            None => CertState::Good,
            Some((time, reason)) => CertState::Revoked {
                time,
                reason,
                invalidity: self.invalidity,
            },
        }
    }
}

/// The feed's head after change `sequence` of `entry`, following `previous`: the feed is one
/// history, each head naming all that came before, so a copy of the CA that went its own way
/// (a backup, an old laptop) makes other heads than the CA a responder follows.
pub fn next_head(previous: &[u8; 32], sequence: u64, entry: &StatusEntry) -> Result<[u8; 32]> {
    use sha2::Digest;
    let mut encoded = Vec::new();
    ciborium::into_writer(entry, &mut encoded)
        .map_err(|e| Error::Encoding(format!("a status entry: {e}")))?;
    let mut hash = sha2::Sha256::new();
    hash.update(b"ca feed head v1\0");
    hash.update(previous);
    hash.update(sequence.to_be_bytes());
    hash.update(&encoded);
    Ok(hash.finalize().into())
}

/// A numbered status update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    /// The feed sequence the responder is at once it has applied this update.
    pub sequence: u64,
    /// The update applies only on top of exactly this sequence: where the CA knows the
    /// responder to be (0: empty).
    pub base: u64,
    /// The feed's head at `base`, which the responder must hold (empty: not known, from
    /// before heads).
    #[serde(default, with = "serde_bytes")]
    pub base_head: Vec<u8>,
    /// The feed's head at `sequence`, which the responder holds once it has applied this.
    #[serde(default, with = "serde_bytes")]
    pub head: Vec<u8>,
    /// Replaces the responder's history whatever it holds (`ca publish --rebase`, after a
    /// restore from backup; an admin's act, audited).
    #[serde(default)]
    pub rebase: bool,
    /// When it was made, Unix seconds.
    pub produced_at: u64,
    /// A full snapshot replaces everything the responder knew.
    pub full: bool,
    /// The certificates, in the order their changes happened.
    pub entries: Vec<StatusEntry>,
}

/// Why a responder cannot apply an update that is signed correctly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The responder already has this sequence or a later one.
    Replayed,
    /// An increment that does not start where the responder is.
    OutOfOrder,
    /// It follows another history than the one the responder holds (a copy of the CA that
    /// went its own way, or a restored one): refused until an admin re-bases it.
    Fork,
}

impl StatusUpdate {
    /// Whether a replica at sequence `current`, holding head `current_head` (`None`: empty,
    /// or from before heads), may apply this update.
    pub fn applies_after(
        &self,
        current: u64,
        current_head: Option<&[u8]>,
    ) -> std::result::Result<(), Refusal> {
        if self.rebase {
            return Ok(());
        }
        if self.sequence <= current {
            return Err(Refusal::Replayed);
        }
        if current == 0 && self.full {
            return Ok(());
        }
        if self.base != current {
            return Err(if self.full {
                Refusal::Fork
            } else {
                Refusal::OutOfOrder
            });
        }
        match current_head {
            Some(held) if !self.base_head.is_empty() && held != self.base_head.as_slice() => {
                Err(Refusal::Fork)
            }
            _ => Ok(()),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Signed {
    #[serde(with = "serde_bytes")]
    body: Vec<u8>,
    #[serde(with = "serde_bytes")]
    signature: Vec<u8>,
}

const LABEL: &[u8] = b"ca status update v1\0";

fn message(body: &[u8]) -> Vec<u8> {
    [LABEL, body].concat()
}

impl StatusUpdate {
    /// Encodes and signs the update with the CA key.
    pub fn sign(&self, ca: &dyn Signer) -> Result<Vec<u8>> {
        let mut body = Vec::new();
        ciborium::into_writer(self, &mut body)
            .map_err(|e| Error::Encoding(format!("status update: {e}")))?;
        let signed = Signed {
            signature: ca.sign(&message(&body))?,
            body,
        };
        let mut out = Vec::new();
        ciborium::into_writer(&signed, &mut out)
            .map_err(|e| Error::Encoding(format!("status update: {e}")))?;
        Ok(out)
    }

    /// Checks the CA's signature and decodes the update; anything else is refused.
    pub fn verify(bytes: &[u8], ca_key: &SubjectPublicKeyInfoOwned) -> Result<StatusUpdate> {
        let signed: Signed = ciborium::from_reader(bytes).map_err(|e| {
            Error::Invalid(refusal!(
                "refusal-feed-not-update",
                "not a status update: {problem}",
                problem = e
            ))
        })?;
        if !verify_signature(ca_key, &message(&signed.body), &signed.signature) {
            return Err(Error::Invalid(refusal!(
                "refusal-feed-not-signed",
                "the status update is not signed by this CA; nothing applied"
            )));
        }
        ciborium::from_reader(signed.body.as_slice()).map_err(|e| {
            Error::Invalid(refusal!(
                "refusal-feed-unreadable",
                "the status update cannot be read: {problem}",
                problem = e
            ))
        })
    }
}

/// The request header that announces a status update before its body: its length and SHA-256,
/// signed by the CA. A responder checks it before reading a byte of the body, so a client
/// without the CA key cannot make it buffer more than a small unsigned allowance.
pub const BODY_HEADER: &str = "feed-body";

#[derive(Serialize, Deserialize)]
struct BodyStatement {
    context: String,
    length: u64,
    #[serde(with = "serde_bytes")]
    sha256: Vec<u8>,
}

/// The [`BODY_HEADER`] value for an encoded update `bytes`: base64 of a CA-signed statement.
pub fn body_header(bytes: &[u8], ca: &dyn Signer) -> Result<String> {
    use base64::Engine;
    use sha2::Digest;
    let mut body = Vec::new();
    ciborium::into_writer(
        &BodyStatement {
            context: "ca status update body v1".into(),
            length: bytes.len() as u64,
            sha256: sha2::Sha256::digest(bytes).to_vec(),
        },
        &mut body,
    )
    .map_err(|e| Error::Encoding(format!("status update header: {e}")))?;
    let signed = Signed {
        signature: ca.sign(&message(&body))?,
        body,
    };
    let mut out = Vec::new();
    ciborium::into_writer(&signed, &mut out)
        .map_err(|e| Error::Encoding(format!("status update header: {e}")))?;
    Ok(base64::engine::general_purpose::STANDARD.encode(out))
}

/// Checks a [`BODY_HEADER`] value: the body's announced length and SHA-256, if the CA signed
/// them.
pub fn check_body_header(
    value: &str,
    ca_key: &SubjectPublicKeyInfoOwned,
) -> Result<(u64, Vec<u8>)> {
    use base64::Engine;
    // `reason` names the problem for other languages.
    let bad = |problem: &str, reason: &str| {
        Error::Invalid(refusal!(
            "refusal-feed-header",
            "the {header} header {problem}; nothing read",
            header = BODY_HEADER,
            problem = problem;
            reason = reason
        ))
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value.trim())
        .map_err(|_| bad("is not base64", "base64"))?;
    let signed: Signed =
        ciborium::from_reader(bytes.as_slice()).map_err(|_| bad("cannot be read", "unreadable"))?;
    if !verify_signature(ca_key, &message(&signed.body), &signed.signature) {
        return Err(bad("is not signed by this CA", "not-signed"));
    }
    let statement: BodyStatement = ciborium::from_reader(signed.body.as_slice())
        .map_err(|_| bad("cannot be read", "unreadable"))?;
    if statement.context != "ca status update body v1" {
        return Err(bad("is not a status update header", "not-header"));
    }
    Ok((statement.length, statement.sha256))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{KeyAlgorithm, SoftwareKey};

    #[test]
    fn updates_verify_only_with_the_ca_key_and_intact() {
        let (ca, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        let (other, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        let update = StatusUpdate {
            sequence: 3,
            base: 0,
            base_head: Vec::new(),
            head: Vec::new(),
            rebase: false,
            produced_at: 1_700_000_000,
            full: true,
            entries: vec![StatusEntry {
                serial: vec![1, 2, 3],
                revoked: Some((1_699_000_000, Reason::KeyCompromise)),
                invalidity: Some(1_698_000_000),
                crl: None,
            }],
        };
        let bytes = update.sign(&ca).expect("sign");
        assert_eq!(
            StatusUpdate::verify(&bytes, ca.public_key()).ok(),
            Some(update.clone())
        );
        assert!(
            StatusUpdate::verify(&bytes, other.public_key()).is_err(),
            "forged"
        );
        let forged = update.sign(&other).expect("sign");
        assert!(StatusUpdate::verify(&forged, ca.public_key()).is_err());
        let mut flipped = bytes.clone();
        let last = flipped.len() - 40;
        flipped[last] ^= 1;
        assert!(StatusUpdate::verify(&flipped, ca.public_key()).is_err());
        assert!(StatusUpdate::verify(b"garbage", ca.public_key()).is_err());
    }

    #[test]
    fn increments_apply_only_where_they_start() {
        let held = [4u8; 32];
        let increment = StatusUpdate {
            sequence: 7,
            base: 4,
            base_head: held.to_vec(),
            head: vec![7; 32],
            rebase: false,
            produced_at: 0,
            full: false,
            entries: Vec::new(),
        };
        assert_eq!(increment.applies_after(4, Some(&held)), Ok(()));
        assert_eq!(
            increment.applies_after(4, None),
            Ok(()),
            "a replica from before heads"
        );
        assert_eq!(
            increment.applies_after(4, Some(&[9; 32])),
            Err(Refusal::Fork)
        );
        assert_eq!(
            increment.applies_after(3, Some(&held)),
            Err(Refusal::OutOfOrder)
        );
        assert_eq!(
            increment.applies_after(5, Some(&held)),
            Err(Refusal::OutOfOrder)
        );
        assert_eq!(
            increment.applies_after(7, Some(&held)),
            Err(Refusal::Replayed)
        );
        let full = StatusUpdate {
            full: true,
            ..increment.clone()
        };
        assert_eq!(full.applies_after(0, None), Ok(()), "an empty replica");
        assert_eq!(full.applies_after(4, Some(&held)), Ok(()));
        assert_eq!(full.applies_after(6, Some(&held)), Err(Refusal::Fork));
        assert_eq!(full.applies_after(4, Some(&[9; 32])), Err(Refusal::Fork));
        assert_eq!(full.applies_after(9, None), Err(Refusal::Replayed));
        let rebase = StatusUpdate {
            rebase: true,
            ..full
        };
        assert_eq!(rebase.applies_after(9, Some(&[9; 32])), Ok(()));
    }

    #[test]
    fn heads_chain_every_change() {
        let entry = |revoked: bool| StatusEntry {
            serial: vec![1],
            revoked: revoked.then_some((5, Reason::KeyCompromise)),
            invalidity: None,
            crl: None,
        };
        let one = next_head(&[0; 32], 1, &entry(false)).expect("1");
        let two = next_head(&one, 2, &entry(true)).expect("2");
        assert_ne!(one, two);
        assert_ne!(
            two,
            next_head(&one, 2, &entry(false)).expect("other"),
            "content"
        );
        assert_ne!(
            two,
            next_head(&[1; 32], 2, &entry(true)).expect("other"),
            "past"
        );
    }

    #[test]
    fn a_body_header_is_believed_only_when_the_ca_signed_it() {
        let (ca, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        let (other, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        let header = body_header(b"an update", &ca).expect("header");
        let (length, hash) = check_body_header(&header, ca.public_key()).expect("checked");
        assert_eq!(length, 9);
        assert_eq!(hash.len(), 32);
        assert!(check_body_header(&header, other.public_key()).is_err());
        let forged = body_header(b"an update", &other).expect("header");
        assert!(check_body_header(&forged, ca.public_key()).is_err());
        assert!(check_body_header("garbage!", ca.public_key()).is_err());
        // A status update's signature is not a header's: the statements differ in kind.
        let update = StatusUpdate {
            sequence: 1,
            base: 0,
            base_head: Vec::new(),
            head: Vec::new(),
            rebase: false,
            produced_at: 1,
            full: true,
            entries: vec![],
        }
        .sign(&ca)
        .expect("update");
        use base64::Engine;
        let as_header = base64::engine::general_purpose::STANDARD.encode(update);
        assert!(check_body_header(&as_header, ca.public_key()).is_err());
    }
}
