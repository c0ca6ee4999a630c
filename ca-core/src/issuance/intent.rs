//! The intent to issue, in the register: the serial and key reserved before signing (so a
//! crash leaves a record naming the serial), released when signing fails, and completed by the
//! certificate. A key is certified once, unless a certificate renews the very one that holds it.

use crate::audit::AuditEvent;
use crate::commit::Change;
use crate::error::{Error, Result};
use crate::publish::outbox::entry_of;
use crate::serial::Serial;
use crate::store::{Batch, CertRecord, Expect, Register, Status, Table, Write};

/// The answer to a reservation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// The serial and key are now held by the intent record.
    Reserved,
    /// The serial is already in use; draw another.
    SerialTaken,
}

/// Records the intent `intent` (status `Issuing`): its serial and key reserved in one
/// transaction. Fails with [`Error::KeyAlreadyCertified`] when the key is in the register,
/// unless the intent renews the very certificate that holds the key.
pub fn reserve(register: &Register, intent: &CertRecord) -> Result<Reservation> {
    loop {
        let store = register.store();
        if store.get(Table::Certs, &intent.serial)?.is_some() {
            return Ok(Reservation::SerialTaken);
        }
        let key_expectation = match store.get(Table::Keys, &intent.key_id)? {
            Some(holder) if intent.renews.as_deref() == Some(&crate::serial::hex(&holder)) => {
                Expect::Holds(Table::Keys, intent.key_id.clone(), holder)
            }
            Some(holder) => {
                return Err(Error::KeyAlreadyCertified {
                    serial: crate::serial::hex(&holder),
                })
            }
            None => Expect::Absent(Table::Keys, intent.key_id.clone()),
        };
        let batch = Batch {
            expect: vec![
                Expect::Absent(Table::Certs, intent.serial.to_vec()),
                key_expectation,
            ],
            writes: vec![
                Write::Put(Table::Certs, intent.serial.to_vec(), intent.encode()?),
                Write::Put(Table::Keys, intent.key_id.clone(), intent.serial.to_vec()),
            ],
        };
        if register.apply(&batch)? {
            return Ok(Reservation::Reserved);
        }
        // Someone took the serial or key between the reads and the transaction: look again.
    }
}

/// Drops an intent whose signing failed, releasing serial and key (a renewal gives the key back
/// to the certificate it renews). A record past its intent is never dropped.
pub fn abandon(register: &Register, serial: &[u8]) -> Result<()> {
    let Some((record, bytes)) = register.current(serial)? else {
        return Ok(());
    };
    if record.status != Status::Issuing {
        return Ok(());
    }
    let key_write = match record.renews.as_deref().map(str::parse::<Serial>) {
        Some(Ok(previous)) => Write::Put(Table::Keys, record.key_id, previous.as_bytes().to_vec()),
        _ => Write::Delete(Table::Keys, record.key_id),
    };
    register.apply(&Batch {
        expect: vec![Expect::Holds(Table::Certs, serial.to_vec(), bytes)],
        writes: vec![Write::Delete(Table::Certs, serial.to_vec()), key_write],
    })?;
    Ok(())
}

/// The change that stores the issued certificate `record` over its intent, with `event`, and
/// publishes it to the responders as good.
pub fn completion(register: &Register, record: &CertRecord, event: AuditEvent) -> Result<Change> {
    let no_intent = || {
        Error::Register(format!(
            "serial {} has no issuance in progress",
            record.serial
        ))
    };
    let (old, bytes) = register.current(&record.serial)?.ok_or_else(no_intent)?;
    if old.status != Status::Issuing {
        return Err(no_intent());
    }
    Ok(Change {
        batch: Batch {
            expect: vec![Expect::Holds(Table::Certs, record.serial.to_vec(), bytes)],
            writes: vec![Write::Put(
                Table::Certs,
                record.serial.to_vec(),
                record.encode()?,
            )],
        },
        event,
        feed: Some(entry_of(record)),
        conflict: no_intent(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commit::commit;

    fn intent(serial: u8, key: u8) -> CertRecord {
        CertRecord {
            serial: Serial::from_bytes(&[serial; 16]).expect("serial"),
            subject: "CN=T".into(),
            profile: "signing".into(),
            officer: "t".into(),
            status: Status::Issuing,
            not_before: 1,
            not_after: 2,
            key_id: vec![key; 32],
            der: Vec::new(),
            identifiers: Default::default(),
            identified_by: None,
            revocation: None,
            renews: None,
            history: Vec::new(),
        }
    }

    fn event() -> AuditEvent {
        AuditEvent {
            time: 1,
            officer: "t".into(),
            action: "issue".into(),
            serial: None,
            outcome: "ok".into(),
        }
    }

    #[test]
    fn a_serial_and_a_key_are_reserved_once_and_completed_once() {
        let register = Register::memory();
        assert_eq!(
            reserve(&register, &intent(1, 1)).ok(),
            Some(Reservation::Reserved)
        );
        assert_eq!(
            reserve(&register, &intent(1, 2)).ok(),
            Some(Reservation::SerialTaken)
        );
        assert!(matches!(
            reserve(&register, &intent(2, 1)),
            Err(Error::KeyAlreadyCertified { .. })
        ));
        let mut done = intent(1, 1);
        done.status = Status::Valid;
        done.der = vec![0x30, 0x00];
        commit(
            &register,
            completion(&register, &done, event()).expect("completion"),
            None,
        )
        .expect("complete");
        assert!(
            completion(&register, &done, event()).is_err(),
            "completes once"
        );
        assert!(
            completion(&register, &intent(9, 9), event()).is_err(),
            "no intent, no completion"
        );
        // Abandoning an intent frees serial and key; a valid record is never abandoned.
        reserve(&register, &intent(3, 3)).expect("reserve");
        abandon(&register, &[3; 16]).expect("abandon");
        assert_eq!(register.get(&[3; 16]).expect("get"), None);
        assert_eq!(
            reserve(&register, &intent(4, 3)).ok(),
            Some(Reservation::Reserved)
        );
        abandon(&register, &[1; 16]).expect("abandon");
        assert_eq!(register.get(&[1; 16]).expect("get"), Some(done));
        // A renewal may take the key of the certificate it renews, and only that one.
        let mut renewal = intent(5, 1);
        renewal.renews = Some(crate::serial::hex(&[1; 16]));
        assert_eq!(
            reserve(&register, &renewal).ok(),
            Some(Reservation::Reserved)
        );
        abandon(&register, &[5; 16]).expect("abandon");
        let mut stranger = intent(6, 3);
        stranger.renews = Some(crate::serial::hex(&[1; 16]));
        assert!(
            reserve(&register, &stranger).is_err(),
            "key 3 is held by serial 4"
        );
    }
}
