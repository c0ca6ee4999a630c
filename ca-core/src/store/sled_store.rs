//! The sled register: one tree per table (`certs`, `keys`), multi-tree transactions, explicit
//! flush, and an exclusive lock file so that a second process gets a clear "in use".

use std::fs::File;
use std::path::Path;

use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use super::{CertRecord, Register, Reservation, Status};
use crate::error::{Error, Result};

/// Register on sled 0.34.
pub struct SledRegister {
    db: sled::Db,
    certs: sled::Tree,
    keys: sled::Tree,
    // Held for the lifetime of the register: the OS releases it when the process ends.
    _lock: File,
}

fn db_err(e: sled::Error) -> Error {
    Error::Register(e.to_string())
}

fn tx_err(e: TransactionError<Error>) -> Error {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => db_err(e),
    }
}

impl SledRegister {
    /// Opens (or creates) the register in `dir`, taking `lock_path` exclusively first.
    pub fn open(dir: &Path, lock_path: &Path, home: &Path) -> Result<Self> {
        let lock = super::lock_home(lock_path, home)?;
        let db = sled::Config::new()
            .path(dir)
            .open()
            .map_err(|e| Error::Register(format!("opening {}: {e}", dir.display())))?;
        let certs = db.open_tree("certs").map_err(db_err)?;
        let keys = db.open_tree("keys").map_err(db_err)?;
        Ok(SledRegister {
            db,
            certs,
            keys,
            _lock: lock,
        })
    }
}

impl Register for SledRegister {
    fn reserve(&self, intent: &CertRecord) -> Result<Reservation> {
        let value = intent.encode()?;
        (&self.certs, &self.keys)
            .transaction(|(certs, keys)| {
                if certs.get(&intent.serial)?.is_some() {
                    return Ok(Reservation::SerialTaken);
                }
                if let Some(holder) = keys.get(&intent.key_id)? {
                    return Err(ConflictableTransactionError::Abort(
                        Error::KeyAlreadyCertified {
                            serial: crate::serial::hex(&holder),
                        },
                    ));
                }
                certs.insert(intent.serial.as_slice(), value.as_slice())?;
                keys.insert(intent.key_id.as_slice(), intent.serial.as_slice())?;
                Ok(Reservation::Reserved)
            })
            .map_err(tx_err)
    }

    fn complete(&self, record: &CertRecord) -> Result<()> {
        let value = record.encode()?;
        self.certs
            .transaction(|certs| {
                match certs.get(&record.serial)? {
                    Some(old) if matches!(CertRecord::decode(&old), Ok(r) if r.status == Status::Issuing) => {}
                    _ => {
                        return Err(ConflictableTransactionError::Abort(Error::Register(format!(
                            "serial {} has no issuance in progress",
                            crate::serial::hex(&record.serial)
                        ))))
                    }
                }
                certs.insert(record.serial.as_slice(), value.as_slice())?;
                Ok(())
            })
            .map_err(tx_err)
    }

    fn abandon(&self, serial: &[u8]) -> Result<()> {
        (&self.certs, &self.keys)
            .transaction(|(certs, keys)| {
                if let Some(old) = certs.get(serial)? {
                    let record =
                        CertRecord::decode(&old).map_err(ConflictableTransactionError::Abort)?;
                    if record.status == Status::Issuing {
                        certs.remove(serial)?;
                        keys.remove(record.key_id.as_slice())?;
                    }
                }
                Ok(())
            })
            .map_err(tx_err)
    }

    fn get(&self, serial: &[u8]) -> Result<Option<CertRecord>> {
        match self.certs.get(serial).map_err(db_err)? {
            Some(bytes) => CertRecord::decode(&bytes).map(Some),
            None => Ok(None),
        }
    }

    fn scan(&self, visit: &mut dyn FnMut(CertRecord) -> Result<bool>) -> Result<()> {
        for item in self.certs.iter() {
            let (_, value) = item.map_err(db_err)?;
            if !visit(CertRecord::decode(&value)?)? {
                break;
            }
        }
        Ok(())
    }

    fn len(&self) -> Result<usize> {
        Ok(self.certs.len())
    }

    fn flush(&self) -> Result<()> {
        self.db.flush().map(drop).map_err(db_err)
    }
}
