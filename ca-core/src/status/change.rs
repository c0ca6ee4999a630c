//! Status changes decided: which transitions a certificate's status allows, what the record,
//! its CRL entry and its history become, and the register change that makes it so.

use super::{CrlEntry, Reason, Revocation, StatusChange};
use crate::audit::AuditEvent;
use crate::commit::Change;
use crate::error::{Error, Result, StatusProblem};
use crate::ocsp::CertState;
use crate::publish::outbox::entry_of;
use crate::store::{Batch, CertRecord, Event, Expect, Register, Status, Table, Write};

/// A transition the status allows: the record after it and the CRL entry it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The record after the change.
    pub record: CertRecord,
    /// What CRLs list of it from now on.
    pub crl_entry: CrlEntry,
    /// What its history and the audit log say (`revoked (keyCompromise)`, `released`, ...).
    pub history: String,
}

/// Decides `change` of `old` at `time` by `officer`, the last CRL number being `after_crl`.
/// Refuses a change the status does not allow: a revocation is final, a hold is not doubled, a
/// release needs a hold.
pub fn decide(
    old: &CertRecord,
    change: StatusChange,
    time: u64,
    officer: &str,
    after_crl: u64,
) -> Result<Transition> {
    let conflict = |problem: StatusProblem| Error::StatusConflict {
        serial: old.serial.to_string(),
        status: old.status_word(time).to_owned(),
        problem,
    };
    let holds = matches!(
        change,
        StatusChange::Hold
            | StatusChange::Revoke {
                reason: Reason::CertificateHold,
                ..
            }
    );
    let (status, revocation, history) = match (&old.status, change) {
        (Status::Revoked, _) => return Err(conflict(StatusProblem::AlreadyRevoked)),
        (Status::OnHold, _) if holds => return Err(conflict(StatusProblem::AlreadyOnHold)),
        (_, _) if holds => {
            let held = Revocation {
                time,
                reason: Reason::CertificateHold,
                invalidity_date: None,
            };
            (
                Status::OnHold,
                Some(held),
                "held (certificateHold)".to_owned(),
            )
        }
        (
            _,
            StatusChange::Revoke {
                reason,
                invalidity_date,
            },
        ) => {
            let revoked = Revocation {
                time,
                reason,
                invalidity_date,
            };
            (
                Status::Revoked,
                Some(revoked),
                format!("revoked ({reason})"),
            )
        }
        (Status::OnHold, StatusChange::Release) => (Status::Valid, None, "released".to_owned()),
        (_, StatusChange::Release | StatusChange::Hold) => {
            return Err(conflict(StatusProblem::NotOnHold))
        }
    };
    let (revocation_listed, released) = match (&revocation, &old.revocation) {
        (Some(revocation), _) => (*revocation, false),
        (None, Some(lifted)) => (*lifted, true),
        (None, None) => return Err(conflict(StatusProblem::NothingToLift)),
    };
    let crl_entry = CrlEntry {
        revocation: revocation_listed,
        released,
        not_after: old.not_after,
        changed: time,
        after_crl,
    };
    let mut record = old.clone();
    record.status = status;
    record.revocation = revocation;
    record.history.push(Event {
        time,
        officer: officer.to_owned(),
        action: history.clone(),
    });
    Ok(Transition {
        record,
        crl_entry,
        history,
    })
}

/// The register change for `change` of `serial`, by compare-and-swap: the record as read must
/// still be there when the new one, its CRL entry, its audit entry and its feed entry are
/// written. Returns the change and the record it makes.
pub fn status_change(
    register: &Register,
    serial: &[u8],
    change: StatusChange,
    time: u64,
    officer: &str,
) -> Result<(Change, CertRecord)> {
    let hex = crate::serial::hex(serial);
    let (old, bytes) = register
        .current(serial)?
        .ok_or_else(|| Error::UnknownSerial(hex.clone()))?;
    let after_crl = super::crl_numbering::state(register)?.last_number;
    let transition = decide(&old, change, time, officer, after_crl)?;
    let change = Change {
        batch: Batch {
            expect: vec![Expect::Holds(Table::Certs, serial.to_vec(), bytes)],
            writes: vec![
                Write::Put(Table::Certs, serial.to_vec(), transition.record.encode()?),
                Write::Put(
                    Table::Revoked,
                    serial.to_vec(),
                    transition.crl_entry.to_bytes(),
                ),
            ],
        },
        event: AuditEvent {
            time,
            officer: officer.to_owned(),
            action: change.name().into(),
            serial: Some(hex.clone()),
            outcome: format!("ok: {}", transition.history),
        },
        feed: Some(entry_of(&transition.record)),
        conflict: Error::Register(format!("certificate {hex} changed meanwhile; try again")),
    };
    Ok((change, transition.record))
}

/// What an OCSP responder should say of `serial`: good while valid (expiry is for the relying
/// party to check), revoked with its reason (certificateHold while on hold), and unknown for a
/// serial never issued (an issuance that never completed included).
pub fn ocsp_state(register: &Register, serial: &[u8]) -> Result<CertState> {
    Ok(match register.get(serial)? {
        None => CertState::Unknown,
        Some(record) => match record.status {
            Status::Issuing => CertState::Unknown,
            Status::Valid => CertState::Good,
            Status::OnHold | Status::Revoked if record.revocation.is_none() => {
                return Err(Error::Register(format!(
                    "certificate {} is revoked without a revocation record",
                    crate::serial::hex(serial)
                )))
            }
            Status::OnHold | Status::Revoked => entry_of(&record).state(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> CertRecord {
        CertRecord {
            serial: crate::Serial::from_bytes(&[7; 16]).expect("serial"),
            subject: "CN=T".into(),
            profile: "signing".into(),
            officer: "t".into(),
            status: Status::Valid,
            not_before: 1,
            not_after: 1_000,
            key_id: vec![1; 32],
            der: vec![0x30, 0],
            identifiers: Default::default(),
            identified_by: None,
            revocation: None,
            renews: None,
            history: Vec::new(),
        }
    }

    fn revoke(reason: Reason) -> StatusChange {
        StatusChange::Revoke {
            reason,
            invalidity_date: Some(5),
        }
    }

    #[test]
    fn every_transition_the_status_allows_and_none_other() {
        let held = decide(&valid(), StatusChange::Hold, 10, "o", 3).expect("hold");
        assert_eq!(held.record.status, Status::OnHold);
        assert_eq!(held.crl_entry.revocation.reason, Reason::CertificateHold);
        assert_eq!(held.crl_entry.after_crl, 3);
        assert!(decide(&held.record, StatusChange::Hold, 11, "o", 3).is_err());
        let released = decide(&held.record, StatusChange::Release, 12, "o", 3).expect("release");
        assert_eq!(released.record.status, Status::Valid);
        assert!(
            released.crl_entry.released,
            "a delta CRL says removeFromCRL"
        );
        assert!(decide(&released.record, StatusChange::Release, 13, "o", 3).is_err());
        let revoked = decide(&held.record, revoke(Reason::KeyCompromise), 14, "o", 3)
            .expect("a held certificate may be revoked");
        assert_eq!(revoked.record.status, Status::Revoked);
        assert_eq!(revoked.history, "revoked (keyCompromise)");
        assert_eq!(revoked.record.history.last().map(|e| e.time), Some(14));
        for again in [
            StatusChange::Hold,
            StatusChange::Release,
            revoke(Reason::Superseded),
        ] {
            assert!(
                matches!(
                    decide(&revoked.record, again, 15, "o", 3),
                    Err(Error::StatusConflict { .. })
                ),
                "a revocation is final"
            );
        }
    }

    #[test]
    fn the_responders_hear_the_invalidity_date_of_a_revocation_only() {
        let revoked = decide(&valid(), revoke(Reason::KeyCompromise), 10, "o", 0).expect("revoke");
        assert_eq!(entry_of(&revoked.record).invalidity, Some(5));
        let held = decide(&valid(), revoke(Reason::CertificateHold), 10, "o", 0).expect("hold");
        assert_eq!(entry_of(&held.record).invalidity, None);
        assert_eq!(
            entry_of(&held.record).revoked.map(|r| r.1),
            Some(Reason::CertificateHold)
        );
    }
}
