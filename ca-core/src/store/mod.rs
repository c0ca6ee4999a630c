//! The register: the CA's source of truth. Storage engines implement the narrow [`Store`]
//! trait (tables, atomic batches with expectations, flush); [`Register`] gives the tables their
//! meaning, once for every engine. Every change is one batch (one transaction); `flush` makes
//! what came before durable and is called before a command reports success.

mod memory;
mod outbox;
mod redb_store;
mod sled_store;

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use memory::MemoryStore;
pub use outbox::ResponderRecord;
pub use redb_store::RedbStore;
pub use sled_store::SledStore;

use crate::audit::{self, AuditEntry, AuditEvent, SignedHead};
use crate::error::{Error, Result};
use crate::keys::Signer;
use crate::officers::OfficerRecord;
use crate::serial::Serial;
use crate::status::{CrlEntry, Reason, Revocation, StatusChange};

/// Memory a storage engine may use for its own cache (both default to 1 GiB).
pub(crate) const ENGINE_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// Key of the CRL numbering in the `meta` table.
const CRL_STATE_KEY: &[u8] = b"crl";

/// The CRL numbering: it only ever grows, across full and delta CRLs (RFC 5280 §5.2.3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrlState {
    /// Number of the last CRL signed (0: none yet).
    pub last_number: u64,
    /// The last full CRL: its number and thisUpdate (Unix seconds), the base of delta CRLs.
    pub last_full: Option<(u64, u64)>,
}

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
    /// Suspended (certificateHold); may be released.
    OnHold,
    /// Revoked for good.
    Revoked,
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
    /// How the applicant was identified (the CA's identification record).
    #[serde(default)]
    pub identified_by: Option<crate::request::identification::IdentificationKind>,
    /// When and why it was revoked or suspended, while it is.
    #[serde(default)]
    pub revocation: Option<Revocation>,
    /// The certificate this one renews with the same key (hex serial), if any.
    #[serde(default)]
    pub renews: Option<String>,
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
            Status::OnHold => "on-hold",
            Status::Revoked => "revoked",
        }
    }

    pub(crate) fn encode(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.der.len() + 256);
        ciborium::into_writer(self, &mut out)
            .map_err(|e| Error::Register(format!("encoding a record: {e}")))?;
        Ok(out)
    }

    /// Reads a stored record; a damaged one is an error.
    pub fn decode(bytes: &[u8]) -> Result<Self> {
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

/// The tables of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    /// Serial -> [`CertRecord`].
    Certs,
    /// SHA-256 of a SubjectPublicKeyInfo -> the serial that certifies it.
    Keys,
    /// Officer name -> [`OfficerRecord`].
    Officers,
    /// Sequence number (big-endian) -> [`AuditEntry`].
    Audit,
    /// Sequence number (big-endian) -> [`SignedHead`].
    AuditHeads,
    /// Serial -> [`CrlEntry`]: what CRLs list (revoked, on hold, released from hold).
    Revoked,
    /// Settings the register keeps, such as the CRL numbering (`crl` -> [`CrlState`]).
    Meta,
    /// Feed sequence (big-endian) -> the status change it numbers, kept until every registered
    /// OCSP responder has it (the publication outbox).
    Outbox,
    /// Responder URL -> [`ResponderRecord`]: the OCSP responders this CA feeds.
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

/// The CA's register: certificates and the key index, over any [`Store`].
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

    /// The engine underneath.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Records the intent to issue: the serial and key are reserved in one transaction. Fails
    /// with [`Error::KeyAlreadyCertified`] when the key is in the register, unless the intent
    /// renews (`renews`) the very certificate that holds the key.
    pub fn reserve(&self, intent: &CertRecord) -> Result<Reservation> {
        if self.store.get(Table::Certs, &intent.serial)?.is_some() {
            return Ok(Reservation::SerialTaken);
        }
        let key_expectation = match self.store.get(Table::Keys, &intent.key_id)? {
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
                Expect::Absent(Table::Certs, intent.serial.clone()),
                key_expectation,
            ],
            writes: vec![
                Write::Put(Table::Certs, intent.serial.clone(), intent.encode()?),
                Write::Put(Table::Keys, intent.key_id.clone(), intent.serial.clone()),
            ],
        };
        if self.store.apply(&batch)? {
            Ok(Reservation::Reserved)
        } else {
            // Someone took the serial or key between the reads and the transaction.
            self.reserve(intent)
        }
    }

    /// The record under `serial` with the exact bytes stored, for a compare-and-swap.
    fn current(&self, serial: &[u8]) -> Result<Option<(CertRecord, Vec<u8>)>> {
        match self.store.get(Table::Certs, serial)? {
            Some(bytes) => Ok(Some((CertRecord::decode(&bytes)?, bytes))),
            None => Ok(None),
        }
    }

    /// Stores the issued certificate over its intent record, with its audit entry (and the
    /// head signed by `signer`), in one transaction.
    pub fn complete(
        &self,
        record: &CertRecord,
        event: &AuditEvent,
        signer: Option<&dyn Signer>,
    ) -> Result<()> {
        let no_intent = || {
            Error::Register(format!(
                "serial {} has no issuance in progress",
                crate::serial::hex(&record.serial)
            ))
        };
        let (old, bytes) = self.current(&record.serial)?.ok_or_else(no_intent)?;
        if old.status != Status::Issuing {
            return Err(no_intent());
        }
        let mut batch = Batch {
            expect: vec![Expect::Holds(Table::Certs, record.serial.clone(), bytes)],
            writes: vec![Write::Put(
                Table::Certs,
                record.serial.clone(),
                record.encode()?,
            )],
        };
        self.add_audit(&mut batch, event, signer)?;
        self.add_feed(
            &mut batch,
            crate::publish::feed::StatusEntry {
                serial: record.serial.clone(),
                revoked: None,
                invalidity: None,
            },
        )?;
        if self.store.apply(&batch)? {
            Ok(())
        } else {
            Err(no_intent())
        }
    }

    /// Adds the audit entry for `event` (and a head signed by `signer`) to `batch`, expecting
    /// the log's current last entry to still be last.
    fn add_audit(
        &self,
        batch: &mut Batch,
        event: &AuditEvent,
        signer: Option<&dyn Signer>,
    ) -> Result<()> {
        let last = self.store.last(Table::Audit)?;
        let prev = match &last {
            Some((_, bytes)) => Some(AuditEntry::decode(bytes)?),
            None => None,
        };
        let entry = AuditEntry::after(prev.as_ref(), event);
        if let Some((k, v)) = last {
            batch.expect.push(Expect::Holds(Table::Audit, k, v));
        }
        batch
            .expect
            .push(Expect::Absent(Table::Audit, audit::key(entry.seq)));
        if let Some(signer) = signer {
            let head = SignedHead {
                seq: entry.seq,
                signature: signer.sign(&SignedHead::message(entry.seq, &entry.hash))?,
                hash: entry.hash.clone(),
            };
            let mut bytes = Vec::new();
            ciborium::into_writer(&head, &mut bytes)
                .map_err(|e| Error::Register(format!("encoding a signed head: {e}")))?;
            batch
                .writes
                .push(Write::Put(Table::AuditHeads, audit::key(entry.seq), bytes));
        }
        batch.writes.push(Write::Put(
            Table::Audit,
            audit::key(entry.seq),
            entry.encode()?,
        ));
        Ok(())
    }

    /// Appends `event` to the audit log on its own (a refused attempt, for example).
    pub fn record(&self, event: &AuditEvent, signer: Option<&dyn Signer>) -> Result<()> {
        let mut batch = Batch::default();
        self.add_audit(&mut batch, event, signer)?;
        if self.store.apply(&batch)? {
            Ok(())
        } else {
            Err(Error::Register(
                "the audit log changed while appending to it".into(),
            ))
        }
    }

    /// Every audit entry in log order, as stored (a damaged entry is an `Err` in place).
    pub fn audit_entries(&self) -> Result<Vec<(Vec<u8>, Result<AuditEntry>)>> {
        let mut out = Vec::new();
        self.store.scan(Table::Audit, &mut |k, v| {
            out.push((k.to_vec(), AuditEntry::decode(v)));
            Ok(true)
        })?;
        Ok(out)
    }

    /// Every signed head, in log order.
    pub fn audit_heads(&self) -> Result<Vec<SignedHead>> {
        let mut out = Vec::new();
        self.store.scan(Table::AuditHeads, &mut |_, v| {
            out.push(
                ciborium::from_reader(v)
                    .map_err(|e| Error::Register(format!("a signed head cannot be read ({e})")))?,
            );
            Ok(true)
        })?;
        Ok(out)
    }

    /// Revokes, holds or releases `serial` by compare-and-swap: the status it had when read must
    /// still be there when the change is written, with the CRL entry and the audit entry, in one
    /// transaction. Refuses (without changing anything) a change the status does not allow.
    pub fn change_status(
        &self,
        serial: &[u8],
        change: StatusChange,
        time: u64,
        officer: &str,
        signer: Option<&dyn Signer>,
    ) -> Result<CertRecord> {
        let hex = crate::serial::hex(serial);
        let (old, bytes) = self
            .current(serial)?
            .ok_or_else(|| Error::UnknownSerial(hex.clone()))?;
        let conflict = |problem: &str| Error::StatusConflict {
            serial: hex.clone(),
            status: old.status_word(time).to_owned(),
            problem: problem.to_owned(),
        };
        let (status, revocation, history) = match (old.status.clone(), change) {
            (Status::Revoked, _) => return Err(conflict("already revoked; a revocation is final")),
            (
                _,
                StatusChange::Revoke {
                    reason: Reason::CertificateHold,
                    ..
                },
            )
            | (_, StatusChange::Hold)
                if old.status == Status::OnHold =>
            {
                return Err(conflict("already on hold"))
            }
            (
                _,
                StatusChange::Revoke {
                    reason: Reason::CertificateHold,
                    ..
                },
            )
            | (_, StatusChange::Hold) => {
                let r = Revocation {
                    time,
                    reason: Reason::CertificateHold,
                    invalidity_date: None,
                };
                (Status::OnHold, Some(r), "held (certificateHold)".to_owned())
            }
            (
                _,
                StatusChange::Revoke {
                    reason,
                    invalidity_date,
                },
            ) => {
                let r = Revocation {
                    time,
                    reason,
                    invalidity_date,
                };
                (Status::Revoked, Some(r), format!("revoked ({reason})"))
            }
            (Status::OnHold, StatusChange::Release) => (Status::Valid, None, "released".to_owned()),
            (_, StatusChange::Release) => return Err(conflict("not on hold, so not released")),
        };
        let after_crl = self.crl_state()?.last_number;
        let crl_entry = match (revocation, old.revocation) {
            (Some(revocation), _) => CrlEntry {
                revocation,
                released: false,
                not_after: old.not_after,
                changed: time,
                after_crl,
            },
            (None, Some(lifted)) => CrlEntry {
                revocation: lifted,
                released: true,
                not_after: old.not_after,
                changed: time,
                after_crl,
            },
            (None, None) => return Err(conflict("has no revocation to lift")),
        };
        let mut record = old.clone();
        record.status = status;
        record.revocation = revocation;
        record.history.push(Event {
            time,
            officer: officer.to_owned(),
            action: history.clone(),
        });
        let entry_bytes = crl_entry.to_bytes();
        let mut batch = Batch {
            expect: vec![Expect::Holds(Table::Certs, serial.to_vec(), bytes)],
            writes: vec![
                Write::Put(Table::Certs, serial.to_vec(), record.encode()?),
                Write::Put(Table::Revoked, serial.to_vec(), entry_bytes),
            ],
        };
        self.add_audit(
            &mut batch,
            &AuditEvent {
                time,
                officer: officer.to_owned(),
                action: change.name().into(),
                serial: Some(hex.clone()),
                outcome: format!("ok: {history}"),
            },
            signer,
        )?;
        self.add_feed(
            &mut batch,
            crate::publish::feed::StatusEntry {
                serial: serial.to_vec(),
                revoked: record.revocation.as_ref().map(|r| (r.time, r.reason)),
                invalidity: record
                    .revocation
                    .as_ref()
                    .and_then(|r| r.invalidity_date)
                    .filter(|_| record.status == Status::Revoked),
            },
        )?;
        if self.store.apply(&batch)? {
            Ok(record)
        } else {
            Err(Error::Register(format!(
                "certificate {hex} changed meanwhile; try again"
            )))
        }
    }

    /// What an OCSP responder should say of `serial`: good while valid (expiry is for the
    /// relying party to check), revoked with its reason (certificateHold while on hold), and
    /// unknown for a serial never issued (an issuance that never completed included).
    pub fn ocsp_state(&self, serial: &[u8]) -> Result<crate::ocsp::CertState> {
        use crate::ocsp::CertState;
        Ok(match self.get(serial)? {
            Some(record) => match (record.status, record.revocation) {
                (Status::Valid, _) => CertState::Good,
                (status @ (Status::OnHold | Status::Revoked), Some(r)) => CertState::Revoked {
                    time: r.time,
                    reason: r.reason,
                    invalidity: r.invalidity_date.filter(|_| status == Status::Revoked),
                },
                (Status::OnHold | Status::Revoked, None) => {
                    return Err(Error::Register(format!(
                        "certificate {} is revoked without a revocation record",
                        crate::serial::hex(serial)
                    )))
                }
                (Status::Issuing, _) => CertState::Unknown,
            },
            None => CertState::Unknown,
        })
    }

    /// Calls `visit` with each CRL entry (serial, entry), in serial order, one at a time.
    pub fn scan_crl_entries(
        &self,
        visit: &mut dyn FnMut(&[u8], CrlEntry) -> Result<bool>,
    ) -> Result<()> {
        self.store.scan(Table::Revoked, &mut |k, v| {
            visit(k, CrlEntry::from_bytes(v)?)
        })
    }

    /// The CRL numbering so far.
    pub fn crl_state(&self) -> Result<CrlState> {
        Ok(self.crl_state_bytes()?.0)
    }

    fn crl_state_bytes(&self) -> Result<(CrlState, Option<Vec<u8>>)> {
        match self.store.get(Table::Meta, CRL_STATE_KEY)? {
            Some(bytes) => Ok((
                ciborium::from_reader(bytes.as_slice())
                    .map_err(|e| Error::Register(format!("the CRL state cannot be read ({e})")))?,
                Some(bytes),
            )),
            None => Ok((CrlState::default(), None)),
        }
    }

    /// Records that the CRL `issued` was signed, moving the numbering on, with its audit entry,
    /// in one transaction; fails if another CRL took the number meanwhile.
    pub fn record_crl(
        &self,
        before: &CrlState,
        issued: &CrlState,
        event: &AuditEvent,
        signer: Option<&dyn Signer>,
    ) -> Result<()> {
        let (current, bytes) = self.crl_state_bytes()?;
        if current != *before {
            return Err(Error::Register(
                "another CRL was made meanwhile; try again".into(),
            ));
        }
        let expect = match bytes {
            Some(b) => Expect::Holds(Table::Meta, CRL_STATE_KEY.to_vec(), b),
            None => Expect::Absent(Table::Meta, CRL_STATE_KEY.to_vec()),
        };
        let mut value = Vec::new();
        ciborium::into_writer(issued, &mut value)
            .map_err(|e| Error::Register(format!("encoding the CRL state: {e}")))?;
        let mut batch = Batch {
            expect: vec![expect],
            writes: vec![Write::Put(Table::Meta, CRL_STATE_KEY.to_vec(), value)],
        };
        self.add_audit(&mut batch, event, signer)?;
        if self.store.apply(&batch)? {
            Ok(())
        } else {
            Err(Error::Register(
                "another CRL was made meanwhile; try again".into(),
            ))
        }
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

    /// Adds or replaces an officer with its audit entry, in one transaction. `previous` is the
    /// record this replaces (`None` to add a new one, which must not exist yet).
    pub fn put_officer(
        &self,
        record: &OfficerRecord,
        previous: Option<&OfficerRecord>,
        event: &AuditEvent,
        signer: Option<&dyn Signer>,
    ) -> Result<()> {
        let key = record.name.as_bytes().to_vec();
        let expect = match previous {
            Some(p) => Expect::Holds(Table::Officers, key.clone(), p.encode()?),
            None => Expect::Absent(Table::Officers, key.clone()),
        };
        let mut batch = Batch {
            expect: vec![expect],
            writes: vec![Write::Put(Table::Officers, key, record.encode()?)],
        };
        self.add_audit(&mut batch, event, signer)?;
        self.apply_officer_batch(&batch, record, previous.is_some())
    }

    /// Writes several officer records (each with the record it replaces) and one audit entry
    /// in one transaction: a disable, a role change, a rotation of the data key. It also takes
    /// a feed sequence (an entry with no serial, which responders skip), so the responders
    /// witness it: a register rolled back to before it shows (`ca audit --verify`).
    pub fn put_officers(
        &self,
        changes: &[(OfficerRecord, OfficerRecord)],
        event: &AuditEvent,
        signer: Option<&dyn Signer>,
    ) -> Result<()> {
        let mut batch = Batch::default();
        for (record, previous) in changes {
            let key = record.name.as_bytes().to_vec();
            batch.expect.push(Expect::Holds(
                Table::Officers,
                key.clone(),
                previous.encode()?,
            ));
            batch
                .writes
                .push(Write::Put(Table::Officers, key, record.encode()?));
        }
        self.add_audit(&mut batch, event, signer)?;
        self.add_feed(
            &mut batch,
            crate::publish::feed::StatusEntry {
                serial: Vec::new(),
                revoked: None,
                invalidity: None,
            },
        )?;
        match changes.first() {
            Some((record, _)) => self.apply_officer_batch(&batch, record, true),
            None => Ok(()),
        }
    }

    fn apply_officer_batch(
        &self,
        batch: &Batch,
        record: &OfficerRecord,
        replacing: bool,
    ) -> Result<()> {
        if self.store.apply(batch)? {
            Ok(())
        } else if replacing {
            Err(Error::Invalid(format!(
                "officer {} changed meanwhile",
                record.name
            )))
        } else {
            Err(Error::Invalid(format!(
                "officer {} already exists",
                record.name
            )))
        }
    }

    /// Drops an intent whose signing failed, releasing serial and key.
    pub fn abandon(&self, serial: &[u8]) -> Result<()> {
        let Some((record, bytes)) = self.current(serial)? else {
            return Ok(());
        };
        if record.status != Status::Issuing {
            return Ok(());
        }
        // A renewal gives the key back to the certificate it renews.
        let key_write = match record.renews.as_deref().map(str::parse::<Serial>) {
            Some(Ok(previous)) => {
                Write::Put(Table::Keys, record.key_id, previous.as_bytes().to_vec())
            }
            _ => Write::Delete(Table::Keys, record.key_id),
        };
        self.store.apply(&Batch {
            expect: vec![Expect::Holds(Table::Certs, serial.to_vec(), bytes)],
            writes: vec![Write::Delete(Table::Certs, serial.to_vec()), key_write],
        })?;
        Ok(())
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

    /// Makes every change so far durable on disk.
    pub fn flush(&self) -> Result<()> {
        self.store.flush()
    }
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
            identified_by: None,
            revocation: None,
            renews: None,
            history: Vec::new(),
        }
    }

    /// The same contract for every backend.
    fn contract(register: &Register) {
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
        let event = AuditEvent {
            time: 1,
            officer: "t".into(),
            action: "issue".into(),
            serial: None,
            outcome: "ok".into(),
        };
        register.complete(&done, &event, None).expect("complete");
        assert!(
            register.complete(&done, &event, None).is_err(),
            "completes once"
        );
        assert!(
            register.complete(&intent(9, 9), &event, None).is_err(),
            "no intent, no completion"
        );
        assert_eq!(
            register.audit_entries().expect("audit").len(),
            1,
            "one entry per change"
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
        contract(&Register::memory());
    }

    /// The contract on an on-disk engine, then the lock, then the data after reopening.
    fn engine_keeps_the_contract_across_reopening(file: &str, open: OpenStore) {
        let dir = tempfile::tempdir().expect("tmp");
        let (db, lock) = (dir.path().join(file), dir.path().join("lock"));
        {
            let register = Register::new(open(&db, &lock, dir.path()).expect("open"));
            contract(&register);
            assert!(matches!(
                open(&db, &lock, dir.path()),
                Err(Error::HomeInUse(_))
            ));
        }
        let register = Register::new(open(&db, &lock, dir.path()).expect("reopen"));
        assert_eq!(register.len().ok(), Some(2));
        assert_eq!(
            register.get(&[1; 16]).expect("get").map(|r| r.status),
            Some(Status::Valid)
        );
    }

    type OpenStore = fn(&Path, &Path, &Path) -> Result<Box<dyn Store>>;

    #[test]
    fn sled_register_keeps_the_contract_and_its_data_across_reopening() {
        engine_keeps_the_contract_across_reopening("db", |db, lock, home| {
            Ok(Box::new(SledStore::open(db, lock, home)?))
        });
    }

    #[test]
    fn redb_register_keeps_the_contract_and_its_data_across_reopening() {
        engine_keeps_the_contract_across_reopening("register.redb", |db, lock, home| {
            Ok(Box::new(RedbStore::open(db, lock, home)?))
        });
    }
}
