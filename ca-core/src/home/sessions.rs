//! Who may do what in a CA home, by type (SPEC §8): logging in and opening the CA key.
//!
//! A [`Session`] proves who an officer is and holds nothing that opens the CA key (auditors
//! stop there). An [`OfficerSession`] also holds the data key, and only it can [`unlock`] the
//! CA key, issue, revoke, make CRLs. An [`AdminSession`] alone can add or disable officers,
//! change roles, rotate the data key, and issue admin-only profiles. The library cannot be
//! asked to do what a role may not: the method does not exist on the session it has.
//!
//! Each officer holds an X25519 key pair, its private half sealed under their passphrase; the
//! data key is wrapped to the public half of every officer and admin (`officer_keys`).
//! Disabling an officer or changing a role rotates the data key: a new one, the CA key
//! re-encrypted under it (written beside the old file first), every remaining officer's wrap
//! replaced, in one register transaction with its audit entry; the new key file then takes the
//! old one's name (an interrupted rename is finished by the next [`unlock`]).
//!
//! [`unlock`]: CaHome::unlock
//!
//! What each session can do is checked by the compiler. An admin adds officers:
//!
//! ```no_run
//! use ca_core::{home::AdminSession, issuance::Authority, officers::Role, CaHome, SystemClock};
//! fn add(home: &CaHome, admin: &AdminSession, ca: &Authority) -> ca_core::Result<()> {
//!     home.add_officer(admin, ca, "olga", Role::Officer, b"a long passphrase", &SystemClock)?;
//!     Ok(())
//! }
//! ```
//!
//! An officer cannot:
//!
//! ```compile_fail,E0308
//! use ca_core::{home::OfficerSession, issuance::Authority, officers::Role, CaHome, SystemClock};
//! fn add(home: &CaHome, officer: &OfficerSession, ca: &Authority) -> ca_core::Result<()> {
//!     home.add_officer(officer, ca, "mallory", Role::Admin, b"a long passphrase", &SystemClock)?;
//!     Ok(())
//! }
//! ```
//!
//! And an auditor's session does not open the CA key:
//!
//! ```compile_fail,E0308
//! use ca_core::{CaHome, Session};
//! fn steal(home: &CaHome, auditor: &Session) -> ca_core::Result<()> {
//!     home.unlock(auditor)?;
//!     Ok(())
//! }
//! ```

use std::fs;
use std::ops::Deref;

use super::{data_key_secret, layout, sync_folder, CaHome};
use crate::audit::AuditEvent;
use crate::error::{Error, Result};
use crate::issuance::Authority;
use crate::keys::{load_key_file, Signer};
use crate::officers::keys::{self as officer_keys, OfficerPrivateKey};
use crate::officers::{officers_change, Action, DataKey, OfficerRecord, Role};
use crate::time::Clock;

/// A logged-in officer of any role: who they are, proven by their passphrase. Enough to read
/// the register and the audit log; nothing in it opens the CA key.
pub struct Session {
    /// The officer.
    pub officer: OfficerRecord,
}

/// A logged-in officer or admin, with the data key their key pair unwrapped.
pub struct OfficerSession {
    session: Session,
    pub(super) data_key: DataKey,
}

/// A logged-in admin.
pub struct AdminSession {
    officer_session: OfficerSession,
}

impl Deref for OfficerSession {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}

impl Deref for AdminSession {
    type Target = OfficerSession;
    fn deref(&self) -> &OfficerSession {
        &self.officer_session
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Session({} as {})", self.officer.name, self.officer.role)
    }
}

impl std::fmt::Debug for OfficerSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.session.fmt(f)
    }
}

impl std::fmt::Debug for AdminSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.officer_session.fmt(f)
    }
}

impl CaHome {
    /// Proves that `officer` holds `passphrase` and may do `action`. Every refusal (unknown
    /// or disabled officer, wrong passphrase, missing role) is written to the audit log before
    /// it is returned. A key slot from before officer key pairs is converted on the way.
    pub fn login(
        &self,
        officer: &str,
        passphrase: &[u8],
        action: Action,
        clock: &dyn Clock,
    ) -> Result<Session> {
        let (record, _) = self.authenticate(officer, passphrase, action, Role::Auditor, clock)?;
        Ok(Session { officer: record })
    }

    /// Logs in an officer or admin for `action`: an auditor is refused.
    pub fn login_officer(
        &self,
        officer: &str,
        passphrase: &[u8],
        action: Action,
        clock: &dyn Clock,
    ) -> Result<OfficerSession> {
        self.session_with_key(officer, passphrase, action, Role::Officer, clock)
    }

    /// Logs in an admin for `action`: an officer or auditor is refused.
    pub fn login_admin(
        &self,
        officer: &str,
        passphrase: &[u8],
        action: Action,
        clock: &dyn Clock,
    ) -> Result<AdminSession> {
        Ok(AdminSession {
            officer_session: self.session_with_key(
                officer,
                passphrase,
                action,
                Role::Admin,
                clock,
            )?,
        })
    }

    fn session_with_key(
        &self,
        officer: &str,
        passphrase: &[u8],
        action: Action,
        least_role: Role,
        clock: &dyn Clock,
    ) -> Result<OfficerSession> {
        let (record, data_key) =
            self.authenticate(officer, passphrase, action, least_role, clock)?;
        let data_key = data_key.ok_or_else(|| {
            Error::Register(format!(
                "officer {officer} holds no data key; an admin can give it back with \
                 `ca officer rotate`"
            ))
        })?;
        Ok(OfficerSession {
            session: Session { officer: record },
            data_key,
        })
    }

    fn authenticate(
        &self,
        officer: &str,
        passphrase: &[u8],
        action: Action,
        least_role: Role,
        clock: &dyn Clock,
    ) -> Result<(OfficerRecord, Option<DataKey>)> {
        let refuse = |e: Error| -> Error {
            match self.record_refusal(officer, action.name(), &e.to_string(), clock) {
                Ok(()) => e,
                Err(log_error) => log_error,
            }
        };
        // A name no officer can have is refused before it is looked up; the refusal logs it
        // escaped and bounded, so it cannot forge lines of the log.
        OfficerRecord::check_name(officer).map_err(refuse)?;
        let record = match self.register.officer(officer)? {
            Some(r) if r.enabled => r,
            _ => return Err(refuse(Error::UnknownOfficer(officer.to_owned()))),
        };
        let (record, data_key) = if let Some(sealed) = &record.private_key {
            let private = OfficerPrivateKey::open(sealed, officer, passphrase).map_err(refuse)?;
            let data_key = match &record.wrapped_data_key {
                Some(wrapped) if record.role >= Role::Officer => {
                    Some(private.unwrap(wrapped, officer, record.role)?)
                }
                _ => None,
            };
            (record, data_key)
        } else if let Some(slot) = &record.slot {
            let data_key = slot.open(officer, passphrase).map_err(refuse)?;
            let converted = self.convert_slot(&record, &data_key, passphrase, clock)?;
            let keep = (converted.role >= Role::Officer).then_some(data_key);
            (converted, keep)
        } else {
            return Err(refuse(Error::UnknownOfficer(officer.to_owned())));
        };
        let needed = least_role.max(action.least_role());
        if record.role < needed {
            return Err(refuse(Error::NotAllowed {
                officer: officer.to_owned(),
                role: record.role.to_string(),
                action: action.name().to_owned(),
                needed: needed.to_string(),
            }));
        }
        Ok((record, data_key))
    }

    /// Replaces a v1 key slot (the data key under the passphrase) with a key pair: the private
    /// half sealed under the same passphrase, the data key wrapped to the public half (not for
    /// an auditor). Durable, with its audit entry.
    fn convert_slot(
        &self,
        record: &OfficerRecord,
        data_key: &DataKey,
        passphrase: &[u8],
        clock: &dyn Clock,
    ) -> Result<OfficerRecord> {
        let (private, public) = officer_keys::generate()?;
        let wrapped_data_key = (record.role >= Role::Officer)
            .then(|| officer_keys::wrap(data_key, &public, &record.name, record.role))
            .transpose()?;
        let converted = OfficerRecord {
            slot: None,
            private_key: Some(private.seal(&record.name, passphrase)?),
            public_key: Some(public),
            wrapped_data_key,
            ..record.clone()
        };
        let change = officers_change(
            &[(converted.clone(), Some(record.clone()))],
            AuditEvent {
                time: clock.now(),
                officer: record.name.clone(),
                action: "officer-key-converted".into(),
                serial: None,
                outcome: format!(
                    "ok: {}'s key slot became a key pair{}",
                    record.name,
                    if record.role >= Role::Officer {
                        ""
                    } else {
                        " (an auditor: no data key)"
                    }
                ),
            },
        )?;
        crate::commit::commit(&self.register, change, None)?;
        Ok(converted)
    }

    /// Decrypts the CA key with an officer's data key and pairs it with the CA certificate.
    /// This is the only place the CA key is opened. A key file left beside the old one by an
    /// interrupted rotation is put in place when the data key opens it and not the old one.
    pub fn unlock(&self, session: &OfficerSession) -> Result<Authority> {
        let secret = data_key_secret(&session.data_key);
        let current = self.root.join(layout::KEY);
        let next = self.root.join(layout::KEY_NEXT);
        let key = match load_key_file(&current, Some(&secret)) {
            Ok(key) => {
                if next.exists() {
                    // A rotation that stopped before its register step: not the key any more.
                    fs::remove_file(&next).map_err(|e| Error::io(&next, e))?;
                }
                key
            }
            Err(Error::WrongPassphrase { .. }) if next.exists() => {
                let key = load_key_file(&next, Some(&secret))?;
                fs::rename(&next, &current).map_err(|e| Error::io(&current, e))?;
                sync_folder(&self.root);
                key
            }
            Err(e) => return Err(e),
        };
        Authority::new(self.certificate_der(), Box::new(key) as Box<dyn Signer>)
    }
}
