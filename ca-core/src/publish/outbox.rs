//! The publication outbox and the responders it feeds. Every status change (issued, revoked,
//! held, released) takes the next feed sequence number in the transaction that makes it; while
//! any responder is registered the change is also kept in the outbox, until every responder has
//! acknowledged it. A responder that has acknowledged nothing yet gets a full snapshot instead.

use serde::{Deserialize, Serialize};

use crate::commit::Change;
use crate::error::refusal;
use crate::error::{Error, Result};
use crate::publish::feed::{next_head, StatusEntry};
use crate::store::{decode, encode, Batch, CertRecord, Expect, Register, Status, Table, Write};

/// Key of the status-feed sequence in the `meta` table.
const FEED_KEY: &[u8] = b"feed";
/// Meta keys `feed-head/` + sequence (big-endian) -> the feed's head after that change.
const FEED_HEAD_PREFIX: &[u8] = b"feed-head/";

fn head_key(sequence: u64) -> Vec<u8> {
    [FEED_HEAD_PREFIX, &sequence.to_be_bytes()].concat()
}

/// An OCSP responder this CA feeds, and how far it has got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponderRecord {
    /// Base URL of the responder; updates go to `URL/publish`.
    pub url: String,
    /// When it was registered, Unix seconds.
    pub added: u64,
    /// The officer who registered it.
    pub added_by: String,
    /// The last feed sequence it acknowledged (0: nothing yet, so it needs a full snapshot).
    pub delivered: u64,
    /// When delivery was last tried, Unix seconds.
    pub last_attempt: Option<u64>,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
}

fn sequence_key(sequence: u64) -> Vec<u8> {
    sequence.to_be_bytes().to_vec()
}

fn sequence_of(key: &[u8]) -> Result<u64> {
    Ok(u64::from_be_bytes(key.try_into().map_err(|_| {
        Error::Register("an outbox key cannot be read; the register may be damaged".into())
    })?))
}

/// The last feed sequence number taken (0: none yet).
pub fn sequence(register: &Register) -> Result<u64> {
    Ok(sequence_bytes(register)?.0)
}

fn sequence_bytes(register: &Register) -> Result<(u64, Option<Vec<u8>>)> {
    match register.store().get(Table::Meta, FEED_KEY)? {
        Some(bytes) => Ok((sequence_of(&bytes)?, Some(bytes))),
        None => Ok((0, None)),
    }
}

/// Whether any responder is registered.
fn has_responders(register: &Register) -> Result<bool> {
    let mut any = false;
    register.store().scan(Table::Responders, &mut |_, _| {
        any = true;
        Ok(false)
    })?;
    Ok(any)
}

/// The feed's head after change `sequence`: the hash chain over every change before it (see
/// [`next_head`]). All zeros for sequence 0, and for a change made before the register kept
/// heads.
pub fn head(register: &Register, sequence: u64) -> Result<[u8; 32]> {
    Ok(
        match register.store().get(Table::Meta, &head_key(sequence))? {
            Some(bytes) if bytes.len() == 32 => {
                let mut head = [0u8; 32];
                head.copy_from_slice(&bytes);
                head
            }
            _ => [0u8; 32],
        },
    )
}

/// Adds to `batch` the next feed sequence number for `entry`, the head it makes, and the outbox
/// entry when there is a responder to deliver it to. (Called by the commit path.)
pub(crate) fn append(register: &Register, batch: &mut Batch, entry: StatusEntry) -> Result<()> {
    let (last, bytes) = sequence_bytes(register)?;
    let next = last + 1;
    let head = next_head(&head(register, last)?, next, &entry)?;
    batch
        .writes
        .push(Write::Put(Table::Meta, head_key(next), head.to_vec()));
    batch.expect.push(match bytes {
        Some(b) => Expect::Holds(Table::Meta, FEED_KEY.to_vec(), b),
        None => Expect::Absent(Table::Meta, FEED_KEY.to_vec()),
    });
    batch.writes.push(Write::Put(
        Table::Meta,
        FEED_KEY.to_vec(),
        sequence_key(next),
    ));
    if has_responders(register)? {
        batch.writes.push(Write::Put(
            Table::Outbox,
            sequence_key(next),
            encode("an outbox entry", &entry)?,
        ));
    }
    Ok(())
}

/// What the responders are told of a certificate: good while valid, revoked (certificateHold
/// while on hold) since its revocation time, and the invalidity date of a revocation for good.
/// The one mapping from the register to the feed, and so to every OCSP answer.
pub fn entry_of(record: &CertRecord) -> StatusEntry {
    let revocation = record
        .revocation
        .as_ref()
        .filter(|_| matches!(record.status, Status::Revoked | Status::OnHold));
    StatusEntry {
        serial: record.serial.to_vec(),
        revoked: revocation.map(|r| (r.time, r.reason)),
        invalidity: revocation
            .and_then(|r| r.invalidity_date)
            .filter(|_| record.status == Status::Revoked),
        crl: None,
    }
}

/// Every certificate's status for a full snapshot, and the feed sequence it is current at.
/// (One process writes a home at a time, so nothing changes during the scan.)
pub fn snapshot(register: &Register) -> Result<(u64, Vec<StatusEntry>)> {
    let sequence = sequence(register)?;
    let mut entries = Vec::new();
    register.scan(&mut |record| {
        if record.status != Status::Issuing {
            entries.push(entry_of(&record));
        }
        Ok(true)
    })?;
    // The latest CRLs, for the responders to serve.
    for der in crate::status::crl_numbering::latest(register)? {
        entries.push(StatusEntry::crl(der));
    }
    Ok((sequence, entries))
}

/// The changes after feed sequence `after`, oldest first.
pub fn after(register: &Register, after: u64) -> Result<Vec<StatusEntry>> {
    let mut out = Vec::new();
    register.store().scan(Table::Outbox, &mut |key, value| {
        if sequence_of(key)? > after {
            out.push(decode("an outbox entry", value)?);
        }
        Ok(true)
    })?;
    Ok(out)
}

/// Number of changes waiting in the outbox.
pub fn len(register: &Register) -> Result<usize> {
    register.store().len(Table::Outbox)
}

/// Every registered responder, by URL.
pub fn responders(register: &Register) -> Result<Vec<ResponderRecord>> {
    let mut out = Vec::new();
    register.store().scan(Table::Responders, &mut |_, v| {
        out.push(decode("a responder record", v)?);
        Ok(true)
    })?;
    Ok(out)
}

/// The change that registers a responder (which must not be registered yet); the caller gives
/// the audit entry.
pub fn add_responder(record: &ResponderRecord, event: crate::audit::AuditEvent) -> Result<Change> {
    let key = record.url.as_bytes().to_vec();
    Ok(Change {
        batch: Batch {
            expect: vec![Expect::Absent(Table::Responders, key.clone())],
            writes: vec![Write::Put(
                Table::Responders,
                key,
                encode("a responder record", record)?,
            )],
        },
        event,
        feed: None,
        conflict: Error::Invalid(refusal!(
            "refusal-responder-exists",
            "responder {url} is already registered",
            url = record.url
        )),
    })
}

/// The refusal for a responder that is not registered.
fn unknown_responder(url: &str) -> Error {
    Error::Invalid(refusal!(
        "refusal-responder-unknown",
        "no responder {url} is registered",
        url = url
    ))
}

/// The change that removes a responder and drops what only it was waiting for.
pub fn remove_responder(
    register: &Register,
    url: &str,
    event: crate::audit::AuditEvent,
) -> Result<Change> {
    let key = url.as_bytes().to_vec();
    let current = register
        .store()
        .get(Table::Responders, &key)?
        .ok_or_else(|| unknown_responder(url))?;
    let mut batch = Batch {
        expect: vec![Expect::Holds(Table::Responders, key.clone(), current)],
        writes: vec![Write::Delete(Table::Responders, key)],
    };
    let others: Vec<_> = responders(register)?
        .into_iter()
        .filter(|r| r.url != url)
        .collect();
    add_pruning(register, &mut batch, &others)?;
    Ok(Change {
        batch,
        event,
        feed: None,
        conflict: Error::Register(format!("responder {url} changed meanwhile; try again")),
    })
}

/// Records the outcome of a delivery to `url` at `time`: the sequence it acknowledged, or why
/// it failed; outbox entries every responder now has are dropped in the same transaction. (A
/// delivery is bookkeeping, not a change of the CA: it has no audit entry.)
pub fn record_delivery(
    register: &Register,
    url: &str,
    outcome: std::result::Result<u64, String>,
    time: u64,
) -> Result<ResponderRecord> {
    let key = url.as_bytes().to_vec();
    let current = register
        .store()
        .get(Table::Responders, &key)?
        .ok_or_else(|| unknown_responder(url))?;
    let mut record: ResponderRecord = decode("a responder record", &current)?;
    record.last_attempt = Some(time);
    match outcome {
        Ok(sequence) => {
            record.delivered = sequence;
            record.last_error = None;
        }
        Err(reason) => record.last_error = Some(reason),
    }
    let mut batch = Batch {
        expect: vec![Expect::Holds(Table::Responders, key.clone(), current)],
        writes: vec![Write::Put(
            Table::Responders,
            key,
            encode("a responder record", &record)?,
        )],
    };
    let all: Vec<_> = responders(register)?
        .into_iter()
        .map(|r| if r.url == url { record.clone() } else { r })
        .collect();
    add_pruning(register, &mut batch, &all)?;
    if register.apply(&batch)? {
        Ok(record)
    } else {
        Err(Error::Register(format!(
            "responder {url} changed meanwhile; try again"
        )))
    }
}

/// Adds to `batch` the deletion of every outbox entry that all of `responders` have.
fn add_pruning(
    register: &Register,
    batch: &mut Batch,
    responders: &[ResponderRecord],
) -> Result<()> {
    let everyone_has = responders
        .iter()
        .map(|r| r.delivered)
        .min()
        .unwrap_or(u64::MAX);
    register.store().scan(Table::Outbox, &mut |key, _| {
        if sequence_of(key)? > everyone_has {
            return Ok(false);
        }
        batch
            .writes
            .push(Write::Delete(Table::Outbox, key.to_vec()));
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::AuditEvent;
    use crate::commit::commit;

    fn responder(url: &str) -> ResponderRecord {
        ResponderRecord {
            url: url.into(),
            added: 1,
            added_by: "t".into(),
            delivered: 0,
            last_attempt: None,
            last_error: None,
        }
    }

    fn event() -> AuditEvent {
        AuditEvent {
            time: 1,
            officer: "t".into(),
            action: "test".into(),
            serial: None,
            outcome: "ok".into(),
        }
    }

    fn change(register: &Register, serial: u8) {
        let entry = StatusEntry {
            serial: vec![serial],
            revoked: None,
            invalidity: None,
            crl: None,
        };
        commit(register, Change::audit_only(event()).published(entry), None).expect("change");
    }

    fn add(register: &Register, url: &str) -> Result<()> {
        commit(register, add_responder(&responder(url), event())?, None)
    }

    #[test]
    fn changes_wait_in_the_outbox_until_every_responder_has_them() {
        let register = Register::memory();
        change(&register, 1);
        assert_eq!(sequence(&register).ok(), Some(1));
        assert_eq!(len(&register).ok(), Some(0), "nobody to deliver to");
        add(&register, "http://a").expect("add");
        add(&register, "http://b").expect("add");
        assert!(add(&register, "http://b").is_err());
        change(&register, 2);
        change(&register, 3);
        assert_eq!(sequence(&register).ok(), Some(3));
        let after_one: Vec<u8> = after(&register, 1)
            .expect("outbox")
            .iter()
            .map(|e| e.serial[0])
            .collect();
        assert_eq!(after_one, [2, 3]);
        record_delivery(&register, "http://a", Ok(3), 5).expect("delivered");
        assert_eq!(len(&register).ok(), Some(2), "b has nothing yet");
        let failed =
            record_delivery(&register, "http://b", Err("refused".into()), 6).expect("recorded");
        assert_eq!(failed.last_error.as_deref(), Some("refused"));
        record_delivery(&register, "http://b", Ok(2), 7).expect("delivered");
        assert_eq!(after(&register, 0).expect("outbox").len(), 1);
        let removal = remove_responder(&register, "http://b", event()).expect("remove");
        commit(&register, removal, None).expect("remove");
        assert_eq!(len(&register).ok(), Some(0), "a has everything");
        assert!(record_delivery(&register, "http://b", Ok(3), 8).is_err());
    }
}
