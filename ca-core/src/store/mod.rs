//! The register's persistence: the CA's source of truth, and nothing else. Storage engines
//! implement the narrow [`Store`] trait (tables, atomic batches with expectations, flush);
//! [`Register`] reads the tables for everyone (outside this crate it is read-only) and applies
//! the batches the domain builds. What a
//! change means (a status transition, an audit entry and its signed head, a feed sequence) is
//! decided above it, and written through the one commit path, [`crate::commit`]. Every change is
//! one batch (one transaction); `flush` makes what came before durable and is called before a
//! command reports success.

mod memory;
mod redb_store;
mod sled_store;

use std::fs::{File, OpenOptions};
use std::path::Path;

pub use crate::issuance::record::{CertRecord, Event, Status};
pub use memory::MemoryStore;
pub use redb_store::RedbStore;
pub use sled_store::SledStore;

use crate::error::{Error, Result};
use crate::officers::OfficerRecord;

/// Memory a storage engine may use for its own cache (both default to 1 GiB).
pub(crate) const ENGINE_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// Takes the exclusive lock of a CA home's register: one process at a time; a second one gets
/// [`Error::HomeInUse`], never a raw lock error.
pub(crate) fn lock_home(lock_path: &Path, home: &Path) -> Result<File> {
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)
        .map_err(|e| Error::io(lock_path, e))?;
    match lock.try_lock() {
        Ok(()) => Ok(lock),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::HomeInUse(home.to_path_buf())),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(lock_path, e)),
    }
}

/// Encodes a value the register keeps (CBOR); `what` names it in the error.
pub(crate) fn encode<T: serde::Serialize>(what: &str, value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out)
        .map_err(|e| Error::Register(format!("encoding {what}: {e}")))?;
    Ok(out)
}

/// Decodes a value the register keeps; a damaged one is an error naming it.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(what: &str, bytes: &[u8]) -> Result<T> {
    ciborium::from_reader(bytes).map_err(|e| {
        Error::Register(format!(
            "{what} cannot be read ({e}); the register may be damaged"
        ))
    })
}

/// The tables of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    /// Serial -> [`CertRecord`].
    Certs,
    /// SHA-256 of a SubjectPublicKeyInfo -> the serial that certifies it.
    Keys,
    /// Officer name -> [`OfficerRecord`].
    Officers,
    /// Sequence number (big-endian) -> [`AuditEntry`](crate::audit::AuditEntry).
    Audit,
    /// Sequence number (big-endian) -> [`SignedHead`](crate::audit::SignedHead).
    AuditHeads,
    /// Serial -> [`CrlEntry`](crate::status::CrlEntry): what CRLs list (revoked, on hold, released from hold).
    Revoked,
    /// Settings the register keeps, such as the CRL numbering (the CRL numbering, the feed sequence and heads).
    Meta,
    /// Feed sequence (big-endian) -> the status change it numbers, kept until every registered
    /// OCSP responder has it (the publication outbox).
    Outbox,
    /// Responder URL -> [`ResponderRecord`](crate::publish::outbox::ResponderRecord): the OCSP responders this CA feeds.
    Responders,
}

impl Table {
    /// Every table, in a fixed order (the index of each is its position).
    pub const ALL: [Table; 9] = [
        Table::Certs,
        Table::Keys,
        Table::Officers,
        Table::Audit,
        Table::AuditHeads,
        Table::Revoked,
        Table::Meta,
        Table::Outbox,
        Table::Responders,
    ];

    /// The table's name in the storage engine.
    pub fn name(self) -> &'static str {
        match self {
            Table::Certs => "certs",
            Table::Keys => "keys",
            Table::Officers => "officers",
            Table::Audit => "audit",
            Table::AuditHeads => "audit_heads",
            Table::Revoked => "revoked",
            Table::Meta => "meta",
            Table::Outbox => "outbox",
            Table::Responders => "responders",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A condition a [`Batch`] checks, inside its transaction, before it writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// The key is not in the table.
    Absent(Table, Vec<u8>),
    /// The key holds exactly this value.
    Holds(Table, Vec<u8>, Vec<u8>),
}

/// One write of a [`Batch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// Insert or replace.
    Put(Table, Vec<u8>, Vec<u8>),
    /// Remove.
    Delete(Table, Vec<u8>),
}

/// A change to the register: applied whole, in one transaction, or not at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    /// Conditions that must all hold.
    pub expect: Vec<Expect>,
    /// Writes done when they do.
    pub writes: Vec<Write>,
}

/// Called with each key and value of a scan; returns whether to go on.
pub type EntryVisitor<'a> = dyn FnMut(&[u8], &[u8]) -> Result<bool> + 'a;

/// A storage engine: tables of byte keys and values, atomic batches, explicit flush. This is
/// all an engine implements; what the tables mean lives in [`Register`].
pub trait Store: Send + Sync {
    /// The value under `key`.
    fn get(&self, table: Table, key: &[u8]) -> Result<Option<Vec<u8>>>;
    /// Calls `visit` for each entry in key order until it returns false.
    fn scan(&self, table: Table, visit: &mut EntryVisitor<'_>) -> Result<()>;
    /// Number of entries.
    fn len(&self, table: Table) -> Result<usize>;
    /// The entry with the greatest key.
    fn last(&self, table: Table) -> Result<Option<(Vec<u8>, Vec<u8>)>>;
    /// Applies `batch` in one transaction if every expectation holds, and returns whether it did.
    fn apply(&self, batch: &Batch) -> Result<bool>;
    /// Makes every applied batch durable on disk.
    fn flush(&self) -> Result<()>;
}

/// The CA's register over any [`Store`]: typed reads for everyone, and (inside this crate) `apply` for
/// the batches the domain decided.
pub struct Register {
    store: Box<dyn Store>,
}

impl std::fmt::Debug for Register {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Register")
    }
}

impl Register {
    /// A register on `store`.
    pub fn new(store: Box<dyn Store>) -> Self {
        Register { store }
    }

    /// A register held in memory (unit tests, examples).
    pub fn memory() -> Self {
        Register::new(Box::new(MemoryStore::default()))
    }

    /// The engine underneath (for the domain's typed reads and writes inside this crate).
    pub(crate) fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Applies `batch` in one transaction if every expectation holds; returns whether it did.
    /// Not durable until [`Register::flush`]. Only the commit path and the domain's bookkeeping
    /// (intents, deliveries) call it: outside this crate a register is read-only.
    pub(crate) fn apply(&self, batch: &Batch) -> Result<bool> {
        self.store.apply(batch)
    }

    /// The record under `serial` with the exact bytes stored, for a compare-and-swap.
    pub(crate) fn current(&self, serial: &[u8]) -> Result<Option<(CertRecord, Vec<u8>)>> {
        match self.store.get(Table::Certs, serial)? {
            Some(bytes) => Ok(Some((CertRecord::decode(&bytes)?, bytes))),
            None => Ok(None),
        }
    }

    /// The record for `serial`, if any.
    pub fn get(&self, serial: &[u8]) -> Result<Option<CertRecord>> {
        Ok(self.current(serial)?.map(|(record, _)| record))
    }

    /// Calls `visit` for each record in serial order, one at a time, until it returns false.
    pub fn scan(&self, visit: &mut dyn FnMut(CertRecord) -> Result<bool>) -> Result<()> {
        self.store.scan(Table::Certs, &mut |_, value| {
            visit(CertRecord::decode(value)?)
        })
    }

    /// Number of certificate records.
    pub fn len(&self) -> Result<usize> {
        self.store.len(Table::Certs)
    }

    /// Whether the register holds no certificate.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// The officer called `name`.
    pub fn officer(&self, name: &str) -> Result<Option<OfficerRecord>> {
        self.store
            .get(Table::Officers, name.as_bytes())?
            .map(|b| OfficerRecord::decode(&b))
            .transpose()
    }

    /// Every officer, by name.
    pub fn officers(&self) -> Result<Vec<OfficerRecord>> {
        let mut out = Vec::new();
        self.store.scan(Table::Officers, &mut |_, v| {
            out.push(OfficerRecord::decode(v)?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The value under `key` in `table`, decoded (`what` names it in errors).
    pub(crate) fn read<T: serde::de::DeserializeOwned>(
        &self,
        table: Table,
        key: &[u8],
        what: &str,
    ) -> Result<Option<T>> {
        self.store
            .get(table, key)?
            .map(|bytes| decode(what, &bytes))
            .transpose()
    }

    /// Makes every change so far durable on disk.
    pub(crate) fn flush(&self) -> Result<()> {
        self.store.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(table: Table, key: &[u8], value: &[u8]) -> Write {
        Write::Put(table, key.to_vec(), value.to_vec())
    }

    /// The same contract for every engine: a batch applies whole when its expectations hold and
    /// not at all when one fails; scans are in key order; `last` is the greatest key.
    fn contract(store: &dyn Store) {
        let first = Batch {
            expect: vec![Expect::Absent(Table::Certs, vec![2])],
            writes: vec![
                put(Table::Certs, &[2], b"two"),
                put(Table::Keys, &[9], &[2]),
            ],
        };
        assert_eq!(store.apply(&first).ok(), Some(true));
        assert_eq!(
            store.apply(&first).ok(),
            Some(false),
            "the key is taken now"
        );
        let stale = Batch {
            expect: vec![
                Expect::Absent(Table::Certs, vec![1]),
                Expect::Holds(Table::Certs, vec![2], b"other".to_vec()),
            ],
            writes: vec![put(Table::Certs, &[1], b"one")],
        };
        assert_eq!(
            store.apply(&stale).ok(),
            Some(false),
            "one expectation failed"
        );
        assert_eq!(
            store.get(Table::Certs, &[1]).ok(),
            Some(None),
            "nothing written"
        );
        let swap = Batch {
            expect: vec![Expect::Holds(Table::Certs, vec![2], b"two".to_vec())],
            writes: vec![
                put(Table::Certs, &[1], b"one"),
                put(Table::Certs, &[3], b"three"),
                Write::Delete(Table::Keys, vec![9]),
            ],
        };
        assert_eq!(store.apply(&swap).ok(), Some(true));
        let mut keys = Vec::new();
        store
            .scan(Table::Certs, &mut |k, _| {
                keys.push(k[0]);
                Ok(true)
            })
            .expect("scan");
        assert_eq!(keys, [1, 2, 3]);
        assert_eq!(store.len(Table::Certs).ok(), Some(3));
        assert_eq!(store.len(Table::Keys).ok(), Some(0));
        assert_eq!(
            store.last(Table::Certs).expect("last"),
            Some((vec![3], b"three".to_vec()))
        );
        store.flush().expect("flush");
    }

    #[test]
    fn memory_store_keeps_the_contract() {
        contract(&MemoryStore::default());
    }

    /// The contract on an on-disk engine, then the lock, then the data after reopening.
    fn engine_keeps_the_contract_across_reopening(file: &str, open: OpenStore) {
        let dir = tempfile::tempdir().expect("tmp");
        let (db, lock) = (dir.path().join(file), dir.path().join("lock"));
        {
            let store = open(&db, &lock, dir.path()).expect("open");
            contract(store.as_ref());
            assert!(matches!(
                open(&db, &lock, dir.path()),
                Err(Error::HomeInUse(_))
            ));
        }
        let store = open(&db, &lock, dir.path()).expect("reopen");
        assert_eq!(store.len(Table::Certs).ok(), Some(3));
        assert_eq!(
            store.get(Table::Certs, &[3]).expect("get"),
            Some(b"three".to_vec())
        );
    }

    type OpenStore = fn(&Path, &Path, &Path) -> Result<Box<dyn Store>>;

    #[test]
    fn sled_store_keeps_the_contract_and_its_data_across_reopening() {
        engine_keeps_the_contract_across_reopening("db", |db, lock, home| {
            Ok(Box::new(SledStore::open(db, lock, home)?))
        });
    }

    #[test]
    fn redb_store_keeps_the_contract_and_its_data_across_reopening() {
        engine_keeps_the_contract_across_reopening("register.redb", |db, lock, home| {
            Ok(Box::new(RedbStore::open(db, lock, home)?))
        });
    }
}
