//! The redb register: a B-tree in one file, opened in constant time whatever its size. Two
//! tables (`certs`, `keys`), one write transaction per change, and `flush` as a durable commit.

use std::fs::File;
use std::path::Path;

use redb::{
    Database, Durability, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition,
    WriteTransaction,
};

use super::{CertRecord, Register, Reservation, Status};
use crate::error::{Error, Result};

const CERTS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("certs");
const KEYS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("keys");

/// Register on redb.
pub struct RedbRegister {
    db: Database,
    _lock: File,
}

fn db_err(e: impl Into<redb::Error>) -> Error {
    Error::Register(e.into().to_string())
}

impl RedbRegister {
    /// Opens (or creates) the register file at `path`, taking `lock_path` exclusively first.
    pub fn open(path: &Path, lock_path: &Path, home: &Path) -> Result<Self> {
        let lock = super::lock_home(lock_path, home)?;
        let db = Database::create(path)
            .map_err(|e| Error::Register(format!("opening {}: {e}", path.display())))?;
        let register = RedbRegister { db, _lock: lock };
        register.write(|txn| {
            txn.open_table(CERTS).map_err(db_err)?;
            txn.open_table(KEYS).map_err(db_err)?;
            Ok(())
        })?;
        register.flush()?;
        Ok(register)
    }

    /// Runs `change` in one write transaction, committed without an fsync: `flush` (a durable
    /// commit) makes it and every earlier one durable together. An error aborts the change.
    fn write<T>(&self, change: impl FnOnce(&WriteTransaction) -> Result<T>) -> Result<T> {
        let mut txn = self.db.begin_write().map_err(db_err)?;
        txn.set_durability(Durability::None).map_err(db_err)?;
        match change(&txn) {
            Ok(value) => {
                txn.commit().map_err(db_err)?;
                Ok(value)
            }
            Err(e) => {
                txn.abort().map_err(db_err)?;
                Err(e)
            }
        }
    }
}

impl Register for RedbRegister {
    fn reserve(&self, intent: &CertRecord) -> Result<Reservation> {
        let value = intent.encode()?;
        self.write(|txn| {
            let mut certs = txn.open_table(CERTS).map_err(db_err)?;
            let mut keys = txn.open_table(KEYS).map_err(db_err)?;
            if certs
                .get(intent.serial.as_slice())
                .map_err(db_err)?
                .is_some()
            {
                return Ok(Reservation::SerialTaken);
            }
            if let Some(holder) = keys.get(intent.key_id.as_slice()).map_err(db_err)? {
                return Err(Error::KeyAlreadyCertified {
                    serial: crate::serial::hex(holder.value()),
                });
            }
            certs
                .insert(intent.serial.as_slice(), value.as_slice())
                .map_err(db_err)?;
            keys.insert(intent.key_id.as_slice(), intent.serial.as_slice())
                .map_err(db_err)?;
            Ok(Reservation::Reserved)
        })
    }

    fn complete(&self, record: &CertRecord) -> Result<()> {
        let value = record.encode()?;
        self.write(|txn| {
            let mut certs = txn.open_table(CERTS).map_err(db_err)?;
            let issuing = match certs.get(record.serial.as_slice()).map_err(db_err)? {
                Some(old) => CertRecord::decode(old.value())?.status == Status::Issuing,
                None => false,
            };
            if !issuing {
                return Err(Error::Register(format!(
                    "serial {} has no issuance in progress",
                    crate::serial::hex(&record.serial)
                )));
            }
            certs
                .insert(record.serial.as_slice(), value.as_slice())
                .map_err(db_err)?;
            Ok(())
        })
    }

    fn abandon(&self, serial: &[u8]) -> Result<()> {
        self.write(|txn| {
            let mut certs = txn.open_table(CERTS).map_err(db_err)?;
            let mut keys = txn.open_table(KEYS).map_err(db_err)?;
            let record = match certs.get(serial).map_err(db_err)? {
                Some(old) => CertRecord::decode(old.value())?,
                None => return Ok(()),
            };
            if record.status == Status::Issuing {
                certs.remove(serial).map_err(db_err)?;
                keys.remove(record.key_id.as_slice()).map_err(db_err)?;
            }
            Ok(())
        })
    }

    fn get(&self, serial: &[u8]) -> Result<Option<CertRecord>> {
        let txn = self.db.begin_read().map_err(db_err)?;
        let certs = txn.open_table(CERTS).map_err(db_err)?;
        let found = certs.get(serial).map_err(db_err)?;
        found.map(|v| CertRecord::decode(v.value())).transpose()
    }

    fn scan(&self, visit: &mut dyn FnMut(CertRecord) -> Result<bool>) -> Result<()> {
        let txn = self.db.begin_read().map_err(db_err)?;
        let certs = txn.open_table(CERTS).map_err(db_err)?;
        for item in certs.iter().map_err(db_err)? {
            let (_, value) = item.map_err(db_err)?;
            if !visit(CertRecord::decode(value.value())?)? {
                break;
            }
        }
        Ok(())
    }

    fn len(&self) -> Result<usize> {
        let txn = self.db.begin_read().map_err(db_err)?;
        let certs = txn.open_table(CERTS).map_err(db_err)?;
        let n = certs.len().map_err(db_err)?;
        usize::try_from(n).map_err(|_| Error::Register("register too large".into()))
    }

    fn flush(&self) -> Result<()> {
        let mut txn = self.db.begin_write().map_err(db_err)?;
        txn.set_durability(Durability::Immediate).map_err(db_err)?;
        txn.commit().map_err(db_err)
    }
}
