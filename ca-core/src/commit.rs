//! The one commit path. Every change to the register — an issuance, a status change, a CRL
//! number, an officer, a responder, a refusal — is a [`Change`] the domain decided; [`commit`]
//! adds its audit entry and the head signed by the CA key, takes its feed sequence when it has
//! one, applies all of it in one transaction, and flushes. No caller can write a change without
//! its audit entry, or report one before it is durable. (Delivery to the OCSP responders
//! follows in [`crate::home`], once the change is durable.)

use crate::audit::{self, AuditEvent};
use crate::error::{Error, Result};
use crate::keys::Signer;
use crate::publish::feed::StatusEntry;
use crate::publish::outbox;
use crate::store::{Batch, Register};

/// A change the domain decided, not yet written.
#[derive(Debug)]
pub struct Change {
    /// The writes, and the expectations under which they are made (compare-and-swap).
    pub batch: Batch,
    /// What the audit log says of it.
    pub event: AuditEvent,
    /// The status it publishes to the responders: a certificate's, or (`serial` empty) a
    /// change they only witness, such as an officer's.
    pub feed: Option<StatusEntry>,
    /// What to answer when an expectation no longer holds (someone changed it meanwhile).
    pub conflict: Error,
}

impl Change {
    /// A change that is only its audit entry (a refusal, a publication).
    pub fn audit_only(event: AuditEvent) -> Change {
        Change {
            batch: Batch::default(),
            event,
            feed: None,
            conflict: Error::Register("the audit log changed while appending to it".into()),
        }
    }

    /// The same change, also taking a feed sequence for `entry`.
    pub fn published(mut self, entry: StatusEntry) -> Change {
        self.feed = Some(entry);
        self
    }
}

/// Writes `change` in one transaction with its audit entry (its head signed by `signer` when
/// the CA key is open) and its feed sequence; not yet durable. Used alone only by callers that
/// flush a group of changes at once and acknowledge none before that flush.
pub fn write(register: &Register, change: Change, signer: Option<&dyn Signer>) -> Result<()> {
    let Change {
        mut batch,
        event,
        feed,
        conflict,
    } = change;
    audit::log::append(register, &mut batch, &event, signer)?;
    if let Some(entry) = feed {
        outbox::append(register, &mut batch, entry)?;
    }
    if register.apply(&batch)? {
        Ok(())
    } else {
        Err(conflict)
    }
}

/// Writes `change` (see [`write()`]) and flushes: when this returns `Ok`, the change, its audit
/// entry and its signed head are on disk.
pub fn commit(register: &Register, change: Change, signer: Option<&dyn Signer>) -> Result<()> {
    write(register, change, signer)?;
    register.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::refusal;
    use crate::store::{Expect, Table, Write};

    fn event(action: &str) -> AuditEvent {
        AuditEvent {
            time: 1,
            officer: "t".into(),
            action: action.into(),
            serial: None,
            outcome: "ok".into(),
        }
    }

    #[test]
    fn a_change_is_written_with_its_audit_entry_and_feed_sequence_or_not_at_all() {
        let register = Register::memory();
        let (ca, _) = crate::SoftwareKey::generate(crate::KeyAlgorithm::EcdsaP256).expect("key");
        let change = |value: &[u8]| Change {
            batch: Batch {
                expect: vec![Expect::Absent(Table::Certs, vec![1])],
                writes: vec![Write::Put(Table::Certs, vec![1], value.to_vec())],
            },
            event: event("first"),
            feed: None,
            conflict: Error::Invalid(refusal!("refusal-test-taken", "taken")),
        };
        let entry = StatusEntry {
            serial: vec![1],
            revoked: None,
            invalidity: None,
            crl: None,
        };
        commit(&register, change(b"a").published(entry), Some(&ca)).expect("commit");
        assert_eq!(audit::log::entries(&register).expect("log").len(), 1);
        assert_eq!(audit::log::heads(&register).expect("heads").len(), 1);
        assert_eq!(outbox::sequence(&register).ok(), Some(1));
        // A change whose expectation fails writes nothing: no entry, no sequence.
        let refused = commit(&register, change(b"b"), Some(&ca));
        assert!(matches!(refused, Err(Error::Invalid(m)) if m.english() == "taken"));
        assert_eq!(audit::log::entries(&register).expect("log").len(), 1);
        assert_eq!(outbox::sequence(&register).ok(), Some(1));
        // Without the CA key (a refusal at login) the entry is chained but has no signed head.
        commit(&register, Change::audit_only(event("refused")), None).expect("commit");
        assert_eq!(audit::log::entries(&register).expect("log").len(), 2);
        assert_eq!(audit::log::heads(&register).expect("heads").len(), 1);
    }
}
