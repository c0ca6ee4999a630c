//! The register: the CA's source of truth, behind a narrow trait so that a backend other than
//! sled can be added. Every method that changes something is one transaction; `flush` makes
//! what came before durable and is called before a command reports success.

mod memory;
mod redb_store;
mod sled_store;

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use memory::MemoryRegister;
pub use redb_store::RedbRegister;
pub use sled_store::SledRegister;

use crate::error::{Error, Result};
use crate::serial::Serial;

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

/// Where a certificate stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The serial is reserved and the certificate is being signed; a crash here leaves this
    /// record, so the serial can still be revoked.
    Issuing,
    /// Issued and in force (or expired, which is derived from `not_after`).
    Valid,
}

/// One thing that happened to a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Unix seconds.
    pub time: u64,
    /// The officer who did it.
    pub officer: String,
    /// What happened (`requested`, `issued`, ...).
    pub action: String,
}

/// A certificate in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertRecord {
    /// Serial number (big-endian magnitude).
    #[serde(with = "serde_bytes")]
    pub serial: Vec<u8>,
    /// Subject as printed (RFC 4514).
    pub subject: String,
    /// Profile it was issued under.
    pub profile: String,
    /// Officer who issued it.
    pub officer: String,
    /// Current status.
    pub status: Status,
    /// Validity start, Unix seconds.
    pub not_before: u64,
    /// Validity end, Unix seconds.
    pub not_after: u64,
    /// SHA-256 of the subject public key info: the key's identity.
    #[serde(with = "serde_bytes")]
    pub key_id: Vec<u8>,
    /// The certificate, DER; empty while `Issuing`.
    #[serde(with = "serde_bytes")]
    pub der: Vec<u8>,
    /// Identifiers in the subject, by field name (`snils`, `inn`, ...).
    #[serde(default)]
    pub identifiers: BTreeMap<String, String>,
    /// What happened to it, oldest first.
    #[serde(default)]
    pub history: Vec<Event>,
}

impl CertRecord {
    /// The serial as a [`Serial`].
    pub fn serial(&self) -> Result<Serial> {
        Serial::from_bytes(&self.serial)
    }

    /// Status word for output at time `now`: `valid`, `expired`, or `issuing`.
    pub fn status_word(&self, now: u64) -> &'static str {
        match self.status {
            Status::Issuing => "issuing",
            Status::Valid if now > self.not_after => "expired",
            Status::Valid => "valid",
        }
    }

    pub(crate) fn encode(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.der.len() + 256);
        ciborium::into_writer(self, &mut out)
            .map_err(|e| Error::Register(format!("encoding a record: {e}")))?;
        Ok(out)
    }

    pub(crate) fn decode(bytes: &[u8]) -> Result<Self> {
        ciborium::from_reader(bytes).map_err(|e| {
            Error::Register(format!(
                "a record cannot be read ({e}); the register may be damaged"
            ))
        })
    }
}

/// The answer to a reservation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// The serial and key are now held by the intent record.
    Reserved,
    /// The serial is already in use; draw another.
    SerialTaken,
}

/// Storage of certificates. Implementations keep a key index so that a public key is
/// certified once.
pub trait Register: Send + Sync {
    /// Records the intent to issue: the serial and key are reserved in one transaction. Fails
    /// with [`Error::KeyAlreadyCertified`] when the key is in the register.
    fn reserve(&self, intent: &CertRecord) -> Result<Reservation>;
    /// Stores the issued certificate over its intent record, in one transaction.
    fn complete(&self, record: &CertRecord) -> Result<()>;
    /// Drops an intent whose signing failed, releasing serial and key.
    fn abandon(&self, serial: &[u8]) -> Result<()>;
    /// The record for `serial`, if any.
    fn get(&self, serial: &[u8]) -> Result<Option<CertRecord>>;
    /// Calls `visit` for each record in serial order, one at a time, until it returns false.
    fn scan(&self, visit: &mut dyn FnMut(CertRecord) -> Result<bool>) -> Result<()>;
    /// Number of records.
    fn len(&self) -> Result<usize>;
    /// Whether the register is empty.
    fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }
    /// Makes every change so far durable on disk.
    fn flush(&self) -> Result<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent(serial: u8, key: u8) -> CertRecord {
        CertRecord {
            serial: vec![serial; 16],
            subject: "CN=T".into(),
            profile: "signing".into(),
            officer: "t".into(),
            status: Status::Issuing,
            not_before: 1,
            not_after: 2,
            key_id: vec![key; 32],
            der: Vec::new(),
            identifiers: BTreeMap::new(),
            history: Vec::new(),
        }
    }

    /// The same contract for every backend.
    pub(super) fn contract(register: &dyn Register) {
        assert_eq!(
            register.reserve(&intent(1, 1)).ok(),
            Some(Reservation::Reserved)
        );
        assert_eq!(
            register.reserve(&intent(1, 2)).ok(),
            Some(Reservation::SerialTaken)
        );
        assert!(matches!(
            register.reserve(&intent(2, 1)),
            Err(Error::KeyAlreadyCertified { .. })
        ));
        let mut done = intent(1, 1);
        done.status = Status::Valid;
        done.der = vec![0x30, 0x00];
        register.complete(&done).expect("complete");
        assert!(register.complete(&done).is_err(), "completes once");
        assert!(
            register.complete(&intent(9, 9)).is_err(),
            "no intent, no completion"
        );
        // Abandoning an intent frees serial and key; a valid record is never abandoned.
        register.reserve(&intent(3, 3)).expect("reserve");
        register.abandon(&[3; 16]).expect("abandon");
        assert_eq!(register.get(&[3; 16]).expect("get"), None);
        assert_eq!(
            register.reserve(&intent(4, 3)).ok(),
            Some(Reservation::Reserved)
        );
        register.abandon(&[1; 16]).expect("abandon");
        assert_eq!(register.get(&[1; 16]).expect("get"), Some(done));
        let mut seen = Vec::new();
        register
            .scan(&mut |r| {
                seen.push(r.serial[0]);
                Ok(true)
            })
            .expect("scan");
        assert_eq!(seen, [1, 4]);
        assert_eq!(register.len().ok(), Some(2));
        register.flush().expect("flush");
    }

    #[test]
    fn memory_register_keeps_the_contract() {
        contract(&MemoryRegister::default());
    }

    #[test]
    fn sled_register_keeps_the_contract_and_its_data_across_reopening() {
        let dir = tempfile::tempdir().expect("tmp");
        let (db, lock) = (dir.path().join("db"), dir.path().join("lock"));
        {
            let register = SledRegister::open(&db, &lock, dir.path()).expect("open");
            contract(&register);
            assert!(matches!(
                SledRegister::open(&db, &lock, dir.path()),
                Err(Error::HomeInUse(_))
            ));
        }
        let register = SledRegister::open(&db, &lock, dir.path()).expect("reopen");
        assert_eq!(register.len().ok(), Some(2));
        assert_eq!(
            register.get(&[1; 16]).expect("get").map(|r| r.status),
            Some(Status::Valid)
        );
    }
}

#[cfg(test)]
mod redb_tests {
    use super::tests::contract;
    use super::*;

    #[test]
    fn redb_register_keeps_the_contract_and_its_data_across_reopening() {
        let dir = tempfile::tempdir().expect("tmp");
        let (db, lock) = (dir.path().join("register.redb"), dir.path().join("lock"));
        {
            let register = RedbRegister::open(&db, &lock, dir.path()).expect("open");
            contract(&register);
            assert!(matches!(
                RedbRegister::open(&db, &lock, dir.path()),
                Err(Error::HomeInUse(_))
            ));
        }
        let register = RedbRegister::open(&db, &lock, dir.path()).expect("reopen");
        assert_eq!(register.len().ok(), Some(2));
    }
}
