//! The audit log: every change and every refused attempt, append-only, each entry bound to the
//! one before by a SHA-256 hash, and the head signed by the CA key at each CA operation.
//!
//! An entry's hash covers its sequence number, its fields and the previous entry's hash, so an
//! entry changed in place breaks its own hash, and one removed or moved breaks the sequence and
//! the link of the entry after it. A signed head pins the chain up to it: rewriting entries and
//! recomputing every hash after them still disagrees with the signature.

#[cfg(feature = "authority")]
pub mod log;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// What happened, before it gets a place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Unix seconds.
    pub time: u64,
    /// The acting officer (as claimed, for refusals).
    pub officer: String,
    /// What was done or tried (`issue`, `officer-add`, `login`, ...).
    pub action: String,
    /// The certificate concerned, hex.
    pub serial: Option<String>,
    /// `ok`, or `refused: why`.
    pub outcome: String,
}

impl AuditEvent {
    /// A change done by `officer` at `time`, about no one certificate: its outcome is
    /// `ok: {what}`.
    pub fn done(time: u64, officer: &str, action: &str, what: impl std::fmt::Display) -> Self {
        AuditEvent {
            time,
            officer: officer.to_owned(),
            action: action.to_owned(),
            serial: None,
            outcome: format!("ok: {what}"),
        }
    }
}

/// An entry of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the log, from 0.
    pub seq: u64,
    /// Unix seconds.
    pub time: u64,
    /// The acting officer.
    pub officer: String,
    /// The action.
    pub action: String,
    /// The certificate concerned.
    pub serial: Option<String>,
    /// `ok` or `refused: …`.
    pub outcome: String,
    /// Hash of the entry before (zeros for the first).
    #[serde(with = "serde_bytes")]
    pub prev: Vec<u8>,
    /// This entry's hash.
    #[serde(with = "serde_bytes")]
    pub hash: Vec<u8>,
}

/// A signature by the CA key over the log's head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedHead {
    /// Sequence number of the head entry.
    pub seq: u64,
    /// Its hash.
    #[serde(with = "serde_bytes")]
    pub hash: Vec<u8>,
    /// The CA's signature over [`SignedHead::message`].
    #[serde(with = "serde_bytes")]
    pub signature: Vec<u8>,
}

impl SignedHead {
    /// The bytes signed: a label, the sequence number and the hash.
    pub fn message(seq: u64, hash: &[u8]) -> Vec<u8> {
        [b"ca audit head v1\0".as_slice(), &seq.to_be_bytes(), hash].concat()
    }
}

/// The key of entry `seq` in the audit table (big-endian, so key order is log order).
pub fn key(seq: u64) -> Vec<u8> {
    seq.to_be_bytes().to_vec()
}

impl AuditEntry {
    /// Places `event` after `prev` (none for the first entry) and computes its hash.
    pub fn after(prev: Option<&AuditEntry>, event: &AuditEvent) -> AuditEntry {
        let (seq, prev_hash) = match prev {
            Some(p) => (p.seq + 1, p.hash.clone()),
            None => (0, vec![0u8; 32]),
        };
        let mut entry = AuditEntry {
            seq,
            time: event.time,
            officer: event.officer.clone(),
            action: event.action.clone(),
            serial: event.serial.clone(),
            outcome: event.outcome.clone(),
            prev: prev_hash,
            hash: Vec::new(),
        };
        entry.hash = entry.compute_hash();
        entry
    }

    /// The hash of everything in the entry but the hash itself, with length-prefixed fields.
    pub fn compute_hash(&self) -> Vec<u8> {
        let mut h = Sha256::new();
        h.update(b"ca audit entry v1\0");
        h.update(self.seq.to_be_bytes());
        h.update(self.time.to_be_bytes());
        for field in [
            self.officer.as_bytes(),
            self.action.as_bytes(),
            self.serial.as_deref().unwrap_or("").as_bytes(),
            self.outcome.as_bytes(),
            &self.prev,
        ] {
            h.update((field.len() as u64).to_be_bytes());
            h.update(field);
        }
        h.update([u8::from(self.serial.is_some())]);
        h.finalize().to_vec()
    }

    /// Encodes the entry as stored.
    pub fn encode(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        ciborium::into_writer(self, &mut out)
            .map_err(|e| Error::Register(format!("encoding an audit entry: {e}")))?;
        Ok(out)
    }

    /// Decodes a stored entry.
    pub fn decode(bytes: &[u8]) -> Result<Self> {
        ciborium::from_reader(bytes)
            .map_err(|e| Error::Register(format!("an audit entry cannot be read ({e})")))
    }
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every entry and every signed head checks out.
    Intact {
        /// Number of entries.
        entries: u64,
        /// Sequence number of the last signed head, if any.
        signed_up_to: Option<u64>,
    },
    /// The first problem, naming the entry.
    Broken {
        /// The first entry that was changed, removed or moved.
        seq: u64,
        /// What is wrong.
        problem: String,
    },
}

/// Checks a log read in key order (`(stored key, decoded entry or decoding error)`) against the
/// signed heads, with `verify_signature(message, signature)` checking the CA's signature.
pub fn verify(
    entries: &[(Vec<u8>, Result<AuditEntry>)],
    heads: &[SignedHead],
    verify_signature: &dyn Fn(&[u8], &[u8]) -> bool,
) -> Verdict {
    let mut prev_hash = vec![0u8; 32];
    let mut hashes = Vec::with_capacity(entries.len());
    for (i, (stored_key, entry)) in entries.iter().enumerate() {
        let expected = i as u64;
        let broken = |problem: String| Verdict::Broken {
            seq: expected,
            problem,
        };
        let entry = match entry {
            Ok(e) => e,
            Err(e) => return broken(format!("entry {expected} cannot be read: {e}")),
        };
        if *stored_key != key(expected) {
            return broken(format!(
                "entry {expected} is missing: the log jumps to key {}",
                crate::serial::hex(stored_key)
            ));
        }
        if entry.seq != expected {
            return broken(format!(
                "entry {expected} was moved: the entry in its place says it is entry {}",
                entry.seq
            ));
        }
        if entry.prev != prev_hash {
            return broken(format!(
                "entry {expected} does not follow entry {}: an entry before it was removed, \
                 moved or changed",
                expected.wrapping_sub(1)
            ));
        }
        if entry.compute_hash() != entry.hash {
            return broken(format!("entry {expected} was changed after it was written"));
        }
        prev_hash = entry.hash.clone();
        hashes.push(entry.hash.clone());
    }
    let mut signed_up_to = None;
    for head in heads {
        let message = SignedHead::message(head.seq, &head.hash);
        let in_log = usize::try_from(head.seq)
            .ok()
            .and_then(|i| hashes.get(i))
            .is_some_and(|h| *h == head.hash);
        if !verify_signature(&message, &head.signature) {
            return Verdict::Broken {
                seq: head.seq,
                problem: format!("the signed head at entry {} has a bad signature", head.seq),
            };
        }
        if !in_log {
            // The chain was rewritten consistently: find the first entry the head disagrees with.
            return Verdict::Broken {
                seq: head.seq.min(hashes.len() as u64),
                problem: format!(
                    "the log up to entry {} differs from what the CA signed: entries were \
                     removed, or changed and re-hashed",
                    head.seq
                ),
            };
        }
        signed_up_to = Some(signed_up_to.map_or(head.seq, |s: u64| s.max(head.seq)));
    }
    Verdict::Intact {
        entries: entries.len() as u64,
        signed_up_to,
    }
}

/// `text` safe to write into the audit log as given by someone outside: control characters
/// escaped (`\n` stays two characters), at most `max` characters kept, the cut marked.
pub fn bounded_text(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count >= max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: u64) -> AuditEvent {
        AuditEvent {
            time: 1_700_000_000 + n,
            officer: "anna".into(),
            action: "issue".into(),
            serial: Some(format!("{n:02x}")),
            outcome: "ok".into(),
        }
    }

    fn log(n: u64) -> Vec<(Vec<u8>, Result<AuditEntry>)> {
        let mut out: Vec<(Vec<u8>, Result<AuditEntry>)> = Vec::new();
        let mut prev: Option<AuditEntry> = None;
        for i in 0..n {
            let e = AuditEntry::after(prev.as_ref(), &event(i));
            out.push((key(i), Ok(e.clone())));
            prev = Some(e);
        }
        out
    }

    fn no_sig(_: &[u8], _: &[u8]) -> bool {
        true
    }

    fn broken_at(v: Verdict) -> u64 {
        match v {
            Verdict::Broken { seq, .. } => seq,
            Verdict::Intact { .. } => panic!("tampering was not found"),
        }
    }

    #[test]
    fn an_intact_log_verifies() {
        assert_eq!(
            verify(&log(5), &[], &no_sig),
            Verdict::Intact {
                entries: 5,
                signed_up_to: None
            }
        );
    }

    #[test]
    fn change_delete_and_swap_are_found_at_the_right_entry() {
        let mut changed = log(6);
        if let Ok(e) = &mut changed[3].1 {
            e.officer = "mallory".into();
        }
        assert_eq!(broken_at(verify(&changed, &[], &no_sig)), 3);

        let mut deleted = log(6);
        let _removed = deleted.remove(2);
        assert_eq!(broken_at(verify(&deleted, &[], &no_sig)), 2);

        // Swapped values under their keys.
        let mut swapped = log(6);
        let (k1, k4) = (swapped[1].0.clone(), swapped[4].0.clone());
        swapped.swap(1, 4);
        swapped[1].0 = k1;
        swapped[4].0 = k4;
        assert_eq!(broken_at(verify(&swapped, &[], &no_sig)), 1);
    }

    #[test]
    fn a_rehashed_rewrite_disagrees_with_the_signed_head() {
        let original = log(4);
        let head = match &original[3].1 {
            Ok(e) => SignedHead {
                seq: 3,
                hash: e.hash.clone(),
                signature: vec![1],
            },
            Err(_) => unreachable!(),
        };
        // Rewrite entry 1 and recompute every hash after it.
        let mut rewritten = Vec::new();
        let mut prev: Option<AuditEntry> = None;
        for i in 0..4 {
            let mut ev = event(i);
            if i == 1 {
                ev.officer = "mallory".into();
            }
            let e = AuditEntry::after(prev.as_ref(), &ev);
            rewritten.push((key(i), Ok(e.clone())));
            prev = Some(e);
        }
        assert!(matches!(
            verify(&rewritten, std::slice::from_ref(&head), &no_sig),
            Verdict::Broken { .. }
        ));
        assert!(matches!(
            verify(&original, &[head], &|_, s| s == [1]),
            Verdict::Intact {
                signed_up_to: Some(3),
                ..
            }
        ));
    }

    #[test]
    fn text_from_outside_is_escaped_and_bounded() {
        assert_eq!(bounded_text("mallory\n 99 ok", 64), "mallory\\n 99 ok");
        assert_eq!(bounded_text("a\u{1b}[2J", 64), "a\\u{1b}[2J");
        assert_eq!(bounded_text(&"я".repeat(600), 500).chars().count(), 501);
        assert_eq!(bounded_text("Ольга", 64), "Ольга");
    }
}
