//! Officers, their roles, and the key slots through which each unlocks the CA key with a
//! passphrase of their own (SPEC §8).
//!
//! The CA key is encrypted under a random data key. Each officer holds a slot: the data key
//! sealed with AES-256-GCM (ring) under a key derived from that officer's passphrase by scrypt
//! (N=2^14, r=8, p=1), the officer's name bound in as associated data. Disabling an officer
//! deletes the slot, so the old passphrase opens nothing.

pub mod keys;

use std::fmt;
use std::str::FromStr;

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::refusal;
use crate::error::{Error, Result};

/// What an officer may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads the register and the audit log.
    Auditor,
    /// Also issues and enrolls (and, later, revokes).
    Officer,
    /// Also manages officers and settings.
    Admin,
}

impl Role {
    /// Whether this role may perform `action`. Roles are nested: an admin may do what an
    /// officer may, an officer what an auditor may.
    pub fn may(self, action: Action) -> bool {
        self >= action.least_role()
    }
}

impl FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "admin" => Ok(Role::Admin),
            "officer" => Ok(Role::Officer),
            "auditor" => Ok(Role::Auditor),
            _ => Err(Error::Invalid(refusal!(
                "refusal-unknown-role",
                "role {role:?} is unknown (known: admin, officer, auditor)",
                role = s
            ))),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::Auditor => "auditor",
        })
    }
}

/// Everything an officer can ask the CA to do, for role checks and the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Issue a certificate from a request.
    Issue,
    /// Generate a key and issue.
    Enroll,
    /// Sign a subordinate CA (on the parent).
    IssueSubordinate,
    /// List certificates.
    List,
    /// Show a certificate.
    Show,
    /// Add an officer.
    OfficerAdd,
    /// Disable an officer.
    OfficerDisable,
    /// Change an officer's role.
    OfficerRole,
    /// Rotate the data key.
    OfficerRotate,
    /// List officers.
    OfficerList,
    /// Read or verify the audit log.
    Audit,
    /// Revoke a certificate.
    Revoke,
    /// Suspend a certificate.
    Hold,
    /// Lift a suspension.
    Release,
    /// Sign a CRL.
    Crl,
    /// Publish the status feed.
    Publish,
    /// Re-base a responder on this CA's history.
    PublishRebase,
    /// List the responders fed.
    ResponderList,
    /// Register a responder to feed.
    ResponderAdd,
    /// Stop feeding a responder.
    ResponderRemove,
    /// Issue a new delegated OCSP signer.
    OcspSigner,
    /// Issue the time-stamping authority's certificate and key.
    TsaSigner,
}

impl Action {
    /// The least role allowed to do it.
    pub fn least_role(self) -> Role {
        match self {
            Action::List
            | Action::Show
            | Action::OfficerList
            | Action::Audit
            | Action::ResponderList => Role::Auditor,
            Action::Issue
            | Action::Enroll
            | Action::Revoke
            | Action::Hold
            | Action::Release
            | Action::Crl
            | Action::Publish => Role::Officer,
            Action::IssueSubordinate
            | Action::OfficerAdd
            | Action::OfficerDisable
            | Action::OfficerRole
            | Action::OfficerRotate
            | Action::PublishRebase
            | Action::ResponderAdd
            | Action::ResponderRemove
            | Action::OcspSigner
            | Action::TsaSigner => Role::Admin,
        }
    }

    /// The name used in the audit log.
    pub fn name(self) -> &'static str {
        match self {
            Action::Issue => "issue",
            Action::Enroll => "enroll",
            Action::IssueSubordinate => "issue-subordinate",
            Action::List => "list",
            Action::Show => "show",
            Action::OfficerAdd => "officer-add",
            Action::OfficerDisable => "officer-disable",
            Action::OfficerRole => "officer-role",
            Action::OfficerRotate => "officer-rotate",
            Action::OfficerList => "officer-list",
            Action::Audit => "audit",
            Action::Revoke => "revoke",
            Action::Hold => "hold",
            Action::Release => "release",
            Action::Crl => "crl",
            Action::Publish => "publish",
            Action::PublishRebase => "publish-rebase",
            Action::ResponderList => "responder-list",
            Action::ResponderAdd => "responder-add",
            Action::ResponderRemove => "responder-remove",
            Action::OcspSigner => "ocsp-signer",
            Action::TsaSigner => "tsa-signer",
        }
    }
}

/// The data key's length: AES-256.
pub const DATA_KEY_LEN: usize = 32;

/// A data key in memory, wiped when dropped.
pub type DataKey = Zeroizing<[u8; DATA_KEY_LEN]>;

/// scrypt cost of a key slot: N = 2^14, r = 8, p = 1 (16 MiB).
const SLOT_LOG_N: u8 = 14;

/// The data key sealed for one officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySlot {
    /// scrypt salt.
    #[serde(with = "serde_bytes")]
    pub salt: Vec<u8>,
    /// scrypt log2(N).
    pub log_n: u8,
    /// scrypt r.
    pub r: u32,
    /// scrypt p.
    pub p: u32,
    /// AES-GCM nonce.
    #[serde(with = "serde_bytes")]
    pub nonce: Vec<u8>,
    /// The sealed data key with its tag.
    #[serde(with = "serde_bytes")]
    pub sealed: Vec<u8>,
}

/// `N` bytes from the OS random generator.
pub(crate) fn random<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    SystemRandom::new().fill(&mut out).map_err(|_| {
        Error::Key(refusal!(
            "refusal-key-os-random-generator-failed",
            "the OS random generator failed"
        ))
    })?;
    Ok(out)
}

/// A fresh random data key.
pub fn new_data_key() -> Result<DataKey> {
    Ok(Zeroizing::new(random::<DATA_KEY_LEN>()?))
}

fn slot_key(officer: &str, passphrase: &[u8], slot: &KeySlot) -> Result<LessSafeKey> {
    let params = scrypt::Params::new(slot.log_n, slot.r, slot.p, 32).map_err(|e| {
        Error::Key(refusal!(
            "refusal-key-key-slot-scrypt-parameters",
            "key slot of {officer}: scrypt parameters: {problem}",
            officer = officer,
            problem = e
        ))
    })?;
    let mut kek = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(passphrase, &slot.salt, &params, kek.as_mut()).map_err(|e| {
        Error::Key(refusal!(
            "refusal-key-scrypt",
            "scrypt: {problem}",
            problem = e
        ))
    })?;
    let key = UnboundKey::new(&AES_256_GCM, kek.as_ref())
        .map_err(|_| Error::Key(refusal!("refusal-key-aes-256-gcm-key", "AES-256-GCM key")))?;
    Ok(LessSafeKey::new(key))
}

/// The AAD label of a v1 slot: the data key itself under the passphrase.
const DATA_KEY_LABEL: &str = "ca key slot v1";

fn aad(label: &str, officer: &str) -> Vec<u8> {
    [label.as_bytes(), b"\0", officer.as_bytes()].concat()
}

impl KeySlot {
    /// Seals `data_key` for `officer` under `passphrase` (a v1 slot, as homes made before
    /// officer key pairs hold; kept to read and convert them).
    pub fn seal(data_key: &DataKey, officer: &str, passphrase: &[u8]) -> Result<KeySlot> {
        Self::seal_labelled(data_key, DATA_KEY_LABEL, officer, passphrase)
    }

    /// Seals a 32-byte secret for `officer` under `passphrase`, its purpose `label` bound in.
    pub(crate) fn seal_labelled(
        secret: &[u8; DATA_KEY_LEN],
        label: &str,
        officer: &str,
        passphrase: &[u8],
    ) -> Result<KeySlot> {
        let mut slot = KeySlot {
            salt: random::<16>()?.to_vec(),
            log_n: SLOT_LOG_N,
            r: 8,
            p: 1,
            nonce: random::<12>()?.to_vec(),
            sealed: Vec::new(),
        };
        let key = slot_key(officer, passphrase, &slot)?;
        let mut in_out = secret.to_vec();
        let nonce = Nonce::try_assume_unique_for_key(&slot.nonce)
            .map_err(|_| Error::Key(refusal!("refusal-key-nonce", "nonce")))?;
        key.seal_in_place_append_tag(nonce, Aad::from(aad(label, officer)), &mut in_out)
            .map_err(|_| {
                Error::Key(refusal!(
                    "refusal-key-sealing-key-slot-failed",
                    "sealing the key slot failed"
                ))
            })?;
        slot.sealed = in_out;
        Ok(slot)
    }

    /// Opens the slot with `passphrase`; a wrong passphrase (or a slot moved to another
    /// officer's name) is [`Error::WrongOfficerPassphrase`].
    pub fn open(&self, officer: &str, passphrase: &[u8]) -> Result<DataKey> {
        self.open_labelled(DATA_KEY_LABEL, officer, passphrase)
    }

    /// Opens a slot sealed with `label`.
    pub(crate) fn open_labelled(
        &self,
        label: &str,
        officer: &str,
        passphrase: &[u8],
    ) -> Result<DataKey> {
        let key = slot_key(officer, passphrase, self)?;
        let nonce = Nonce::try_assume_unique_for_key(&self.nonce)
            .map_err(|_| Error::Register(format!("key slot of {officer} is damaged")))?;
        let mut in_out = Zeroizing::new(self.sealed.clone());
        let plain = key
            .open_in_place(nonce, Aad::from(aad(label, officer)), &mut in_out)
            .map_err(|_| Error::WrongOfficerPassphrase(officer.to_owned()))?;
        let mut data_key = Zeroizing::new([0u8; DATA_KEY_LEN]);
        if plain.len() != DATA_KEY_LEN {
            return Err(Error::Register(format!("key slot of {officer} is damaged")));
        }
        data_key.copy_from_slice(plain);
        Ok(data_key)
    }
}

/// An officer in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerRecord {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Whether the officer may act; a disabled officer has no slot.
    pub enabled: bool,
    /// When added, Unix seconds.
    pub created: u64,
    /// Who added them.
    pub created_by: String,
    /// A v1 key slot (the data key under the passphrase), as homes made before officer key
    /// pairs hold; converted to `private_key` (and `wrapped_data_key`) at the officer's next
    /// login. `None` once converted or disabled.
    #[serde(default)]
    pub slot: Option<KeySlot>,
    /// The officer's X25519 public key (32 bytes). (Absent fields are not written, so a record
    /// from before key pairs encodes as it was stored: the register compares bytes.)
    #[serde(default, with = "serde_bytes", skip_serializing_if = "Option::is_none")]
    pub public_key: Option<Vec<u8>>,
    /// The private half, sealed under the officer's passphrase; `None` once disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<KeySlot>,
    /// The data key wrapped to `public_key` (officers and admins; auditors hold none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapped_data_key: Option<crate::officers::keys::WrappedKey>,
}

impl OfficerRecord {
    /// Checks an officer name: 1 to 64 letters, digits, `.`, `-`, `_` (Cyrillic allowed).
    pub fn check_name(name: &str) -> Result<()> {
        let ok = !name.is_empty()
            && name.chars().count() <= 64
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if ok {
            Ok(())
        } else {
            Err(Error::Invalid(refusal!(
                "refusal-officer-name",
                "officer name {name:?}: use 1 to 64 letters, digits, '.', '-' or '_'",
                name = name
            )))
        }
    }

    pub(crate) fn encode(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        ciborium::into_writer(self, &mut out)
            .map_err(|e| Error::Register(format!("encoding an officer: {e}")))?;
        Ok(out)
    }

    /// Reads a stored record; a damaged one is an error.
    pub fn decode(bytes: &[u8]) -> Result<Self> {
        ciborium::from_reader(bytes)
            .map_err(|e| Error::Register(format!("an officer record cannot be read ({e})")))
    }
}

/// The change that writes officer records, each with the record it replaces (`None`: a name not
/// in the register yet), under `event`. The first record names the conflict.
pub fn officers_change(
    changes: &[(OfficerRecord, Option<OfficerRecord>)],
    event: crate::audit::AuditEvent,
) -> Result<crate::commit::Change> {
    use crate::store::{Batch, Expect, Table, Write};
    let mut batch = Batch::default();
    for (record, previous) in changes {
        let key = record.name.as_bytes().to_vec();
        batch.expect.push(match previous {
            Some(p) => Expect::Holds(Table::Officers, key.clone(), p.encode()?),
            None => Expect::Absent(Table::Officers, key.clone()),
        });
        batch
            .writes
            .push(Write::Put(Table::Officers, key, record.encode()?));
    }
    let conflict = match changes.first() {
        Some((record, Some(_))) => refusal!(
            "refusal-officer-changed",
            "officer {name} changed meanwhile",
            name = record.name
        ),
        Some((record, None)) => refusal!(
            "refusal-officer-exists",
            "officer {name} already exists",
            name = record.name
        ),
        None => refusal!("refusal-no-officer-change", "no officer to change"),
    };
    Ok(crate::commit::Change {
        batch,
        event,
        feed: None,
        conflict: Error::Invalid(conflict),
    })
}

/// Least zxcvbn score (0–4) a new passphrase needs: 3 means more than 10^8 guesses by its
/// estimate; at scrypt's cost per guess (docs/deployment.md) that is years of one core.
pub const MIN_PASSPHRASE_SCORE: u8 = 3;

/// Refuses a new officer or CA passphrase that is easy to guess, by estimated strength (zxcvbn),
/// not length: `context` are words an attacker would try first (the officer's name, the CA's).
pub fn check_new_passphrase(passphrase: &[u8], context: &[&str]) -> Result<()> {
    let text = std::str::from_utf8(passphrase).map_err(|_| {
        Error::Invalid(refusal!(
            "refusal-passphrase-not-utf8",
            "the passphrase is not UTF-8 text"
        ))
    })?;
    let estimate = zxcvbn::zxcvbn(text, context);
    let score = estimate.score() as u8;
    if score >= MIN_PASSPHRASE_SCORE {
        return Ok(());
    }
    Err(Error::WeakPassphrase {
        score,
        needed: MIN_PASSPHRASE_SCORE,
        guesses_log10: estimate.guesses_log10().round() as u32,
        warning: estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| format!(": {w}"))
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_nest() {
        assert!(Role::Auditor.may(Action::List));
        assert!(!Role::Auditor.may(Action::Issue));
        assert!(Role::Officer.may(Action::Enroll));
        assert!(!Role::Officer.may(Action::OfficerAdd));
        assert!(Role::Admin.may(Action::OfficerDisable));
        assert!(Role::Admin.may(Action::Issue));
    }

    #[test]
    fn a_slot_opens_only_with_its_passphrase_and_name() {
        let dk = new_data_key().expect("dk");
        let slot = KeySlot::seal(&dk, "anna", b"anna's passphrase").expect("seal");
        assert_eq!(*slot.open("anna", b"anna's passphrase").expect("open"), *dk);
        assert!(matches!(
            slot.open("anna", b"wrong"),
            Err(Error::WrongOfficerPassphrase(_))
        ));
        // Copied under another officer's name, it does not open.
        assert!(slot.open("boris", b"anna's passphrase").is_err());
    }

    #[test]
    fn officer_names_are_checked() {
        assert!(OfficerRecord::check_name("иванова.а").is_ok());
        assert!(OfficerRecord::check_name("").is_err());
        assert!(OfficerRecord::check_name("a b").is_err());
        assert!(OfficerRecord::check_name("a\u{1b}").is_err());
    }

    #[test]
    fn weak_passphrases_are_refused_by_strength_not_length() {
        for weak in [
            "password1",
            "qwertyuiop",
            "pass123456",
            "iloveyou2",
            "Тестовый УЦ",
        ] {
            let err = check_new_passphrase(weak.as_bytes(), &["admin", "Тестовый УЦ"]);
            assert!(
                err.as_ref()
                    .is_err_and(|e| e.to_string().contains("too easy to guess")),
                "{weak}: {err:?}"
            );
        }
        for strong in ["test passphrase 1", "секретный пароль 2026", "Tr0ub4dor&3"] {
            assert!(
                check_new_passphrase(strong.as_bytes(), &["admin"]).is_ok(),
                "{strong}"
            );
        }
    }
}
