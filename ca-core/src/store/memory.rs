//! An in-memory register with the same semantics as the sled one, for unit tests.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::{CertRecord, Register, Reservation, Status};
use crate::error::{Error, Result};

/// Register held in memory; nothing is durable.
#[derive(Default)]
pub struct MemoryRegister {
    tables: Mutex<Tables>,
}

#[derive(Default)]
struct Tables {
    certs: BTreeMap<Vec<u8>, CertRecord>,
    keys: BTreeMap<Vec<u8>, Vec<u8>>,
}

impl MemoryRegister {
    fn tables(&self) -> Result<std::sync::MutexGuard<'_, Tables>> {
        self.tables
            .lock()
            .map_err(|_| Error::Register("memory register poisoned".into()))
    }
}

impl Register for MemoryRegister {
    fn reserve(&self, intent: &CertRecord) -> Result<Reservation> {
        let mut t = self.tables()?;
        if t.certs.contains_key(&intent.serial) {
            return Ok(Reservation::SerialTaken);
        }
        if let Some(holder) = t.keys.get(&intent.key_id) {
            return Err(Error::KeyAlreadyCertified {
                serial: crate::serial::hex(holder),
            });
        }
        t.certs.insert(intent.serial.clone(), intent.clone());
        t.keys.insert(intent.key_id.clone(), intent.serial.clone());
        Ok(Reservation::Reserved)
    }

    fn complete(&self, record: &CertRecord) -> Result<()> {
        let mut t = self.tables()?;
        match t.certs.get(&record.serial) {
            Some(old) if old.status == Status::Issuing => {
                t.certs.insert(record.serial.clone(), record.clone());
                Ok(())
            }
            _ => Err(Error::Register(format!(
                "serial {} has no issuance in progress",
                crate::serial::hex(&record.serial)
            ))),
        }
    }

    fn abandon(&self, serial: &[u8]) -> Result<()> {
        let mut t = self.tables()?;
        if let Some(record) = t.certs.get(serial).cloned() {
            if record.status == Status::Issuing {
                t.certs.remove(serial);
                t.keys.remove(&record.key_id);
            }
        }
        Ok(())
    }

    fn get(&self, serial: &[u8]) -> Result<Option<CertRecord>> {
        Ok(self.tables()?.certs.get(serial).cloned())
    }

    fn scan(&self, visit: &mut dyn FnMut(CertRecord) -> Result<bool>) -> Result<()> {
        let records: Vec<CertRecord> = self.tables()?.certs.values().cloned().collect();
        for r in records {
            if !visit(r)? {
                break;
            }
        }
        Ok(())
    }

    fn len(&self) -> Result<usize> {
        Ok(self.tables()?.certs.len())
    }

    fn flush(&self) -> Result<()> {
        Ok(())
    }
}
