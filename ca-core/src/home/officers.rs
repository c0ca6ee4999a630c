//! Who may do what in a CA home, by type (SPEC §8): logging in, opening the CA key, managing
//! officers, and rotating the data key.
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

use super::{data_key_secret, layout, CaHome};
use crate::audit::AuditEvent;
use crate::error::{Error, Result};
use crate::issuance::Authority;
use crate::keys::{encrypt_pkcs8_with, load_key_file, read_pkcs8_file, KeyProtection, Signer};
use crate::officers::keys::{self as officer_keys, OfficerPrivateKey};
use crate::officers::{new_data_key, Action, DataKey, OfficerRecord, Role};
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
    data_key: DataKey,
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

/// What became of the data key after an officer change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// A new data key; the CA key re-encrypted under it; every remaining officer and admin
    /// holds it.
    Rotated {
        /// How many officers and admins hold the new key.
        holders: usize,
    },
    /// Not rotated: these officers still hold a key slot from before officer key pairs and
    /// have not logged in since (their slot converts then). Rotate with `ca officer rotate`
    /// once they have.
    Pending {
        /// Officers who must log in once first.
        waiting_for: Vec<String>,
    },
}

impl std::fmt::Display for Rotation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rotation::Rotated { holders } => {
                write!(f, "data key rotated, held by {holders} officer(s)")
            }
            Rotation::Pending { waiting_for } => write!(
                f,
                "data key NOT rotated: {} must log in once first (then `ca officer rotate`)",
                waiting_for.join(", ")
            ),
        }
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
        self.register.put_officer(
            &converted,
            Some(record),
            &AuditEvent {
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
            None,
        )?;
        self.register.flush()?;
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

    /// Adds an officer (or enables a disabled one again) with a fresh key pair sealed under
    /// their own passphrase, the data key wrapped to it unless they are an auditor.
    pub fn add_officer(
        &self,
        admin: &AdminSession,
        authority: &Authority,
        name: &str,
        role: Role,
        passphrase: &[u8],
        clock: &dyn Clock,
    ) -> Result<OfficerRecord> {
        OfficerRecord::check_name(name)?;
        crate::officers::check_new_passphrase(passphrase, &[name, &self.config.ca.subject])?;
        let previous = self.register.officer(name)?;
        if previous.as_ref().is_some_and(|p| p.enabled) {
            return Err(Error::Invalid(format!("officer {name} already exists")));
        }
        let now = clock.now();
        let (private, public) = officer_keys::generate()?;
        let wrapped_data_key = (role >= Role::Officer)
            .then(|| officer_keys::wrap(&admin.data_key, &public, name, role))
            .transpose()?;
        let record = OfficerRecord {
            name: name.to_owned(),
            role,
            enabled: true,
            created: now,
            created_by: admin.officer.name.clone(),
            slot: None,
            private_key: Some(private.seal(name, passphrase)?),
            public_key: Some(public),
            wrapped_data_key,
        };
        self.register.put_officer(
            &record,
            previous.as_ref(),
            &AuditEvent {
                time: now,
                officer: admin.officer.name.clone(),
                action: Action::OfficerAdd.name().into(),
                serial: None,
                outcome: format!("ok: {name} as {role}"),
            },
            Some(authority.signer()),
        )?;
        self.register.flush()?;
        Ok(record)
    }

    /// Disables an officer at once — their key pair and wrapped data key removed — and rotates
    /// the data key, so a copy of the home they kept does not open the new CA key file. The
    /// last enabled admin cannot be disabled.
    pub fn disable_officer(
        &self,
        admin: &AdminSession,
        authority: &Authority,
        name: &str,
        clock: &dyn Clock,
    ) -> Result<(OfficerRecord, Rotation)> {
        let previous = self.enabled_officer(name)?;
        if previous.role == Role::Admin {
            self.keep_an_admin(name)?;
        }
        let record = OfficerRecord {
            enabled: false,
            slot: None,
            private_key: None,
            wrapped_data_key: None,
            ..previous.clone()
        };
        let rotation = self.change_officers(
            admin,
            authority,
            (record.clone(), previous),
            Action::OfficerDisable,
            &format!("{name} disabled, key pair removed"),
            clock,
        )?;
        Ok((record, rotation))
    }

    /// Changes an officer's role and rotates the data key (an officer made auditor must not
    /// keep it). The last enabled admin keeps their role.
    pub fn set_role(
        &self,
        admin: &AdminSession,
        authority: &Authority,
        name: &str,
        role: Role,
        clock: &dyn Clock,
    ) -> Result<(OfficerRecord, Rotation)> {
        let previous = self.enabled_officer(name)?;
        if previous.role == role {
            return Err(Error::Invalid(format!("{name} is already {role}")));
        }
        if previous.role == Role::Admin {
            self.keep_an_admin(name)?;
        }
        let record = OfficerRecord {
            role,
            ..previous.clone()
        };
        let rotation = self.change_officers(
            admin,
            authority,
            (record.clone(), previous.clone()),
            Action::OfficerRole,
            &format!("{name}: {} -> {role}", previous.role),
            clock,
        )?;
        Ok((record, rotation))
    }

    /// Rotates the data key now (after the officers who held v1 key slots have logged in).
    pub fn rotate_data_key(
        &self,
        admin: &AdminSession,
        authority: &Authority,
        clock: &dyn Clock,
    ) -> Result<Rotation> {
        let me = self
            .register
            .officer(&admin.officer.name)?
            .ok_or_else(|| Error::UnknownOfficer(admin.officer.name.clone()))?;
        self.change_officers(
            admin,
            authority,
            (me.clone(), me),
            Action::OfficerRotate,
            "data key rotation asked for",
            clock,
        )
    }

    fn enabled_officer(&self, name: &str) -> Result<OfficerRecord> {
        self.register
            .officer(name)?
            .filter(|r| r.enabled)
            .ok_or_else(|| Error::UnknownOfficer(name.to_owned()))
    }

    fn keep_an_admin(&self, name: &str) -> Result<()> {
        let admins = self
            .register
            .officers()?
            .iter()
            .filter(|r| r.enabled && r.role == Role::Admin)
            .count();
        if admins <= 1 {
            return Err(Error::Invalid(format!(
                "{name} is the last admin; add another admin before this one goes"
            )));
        }
        Ok(())
    }

    /// Writes `change` (new record, previous record) with a rotation of the data key when every
    /// remaining officer has a key pair, or alone (the change's own wrap made with the current
    /// data key) when some still hold v1 slots; one transaction, one audit entry.
    fn change_officers(
        &self,
        admin: &AdminSession,
        authority: &Authority,
        change: (OfficerRecord, OfficerRecord),
        action: Action,
        what: &str,
        clock: &dyn Clock,
    ) -> Result<Rotation> {
        let (changed, previous) = change;
        let mut everyone: Vec<(OfficerRecord, OfficerRecord)> = self
            .register
            .officers()?
            .into_iter()
            .map(|r| {
                if r.name == changed.name {
                    (changed.clone(), previous.clone())
                } else {
                    (r.clone(), r)
                }
            })
            .collect();
        let waiting_for: Vec<String> = everyone
            .iter()
            .filter(|(r, _)| r.enabled && r.public_key.is_none())
            .map(|(r, _)| r.name.clone())
            .collect();
        let event = |outcome: String| AuditEvent {
            time: clock.now(),
            officer: admin.officer.name.clone(),
            action: action.name().into(),
            serial: None,
            outcome: format!("ok: {what}; {outcome}"),
        };
        if !waiting_for.is_empty() {
            // Without a rotation the changed officer's wrap follows their new state.
            let mut changed = changed;
            changed.wrapped_data_key =
                match (&changed.public_key, changed.enabled) {
                    (Some(public), true) if changed.role >= Role::Officer => Some(
                        officer_keys::wrap(&admin.data_key, public, &changed.name, changed.role)?,
                    ),
                    _ => None,
                };
            let rotation = Rotation::Pending { waiting_for };
            self.register.put_officers(
                &[(changed, previous)],
                &event(rotation.to_string()),
                Some(authority.signer()),
            )?;
            self.register.flush()?;
            return Ok(rotation);
        }
        let new_key = new_data_key()?;
        let mut holders = 0;
        for (record, _) in everyone.iter_mut() {
            record.wrapped_data_key = match (&record.public_key, record.enabled) {
                (Some(public), true) if record.role >= Role::Officer => {
                    holders += 1;
                    Some(officer_keys::wrap(
                        &new_key,
                        public,
                        &record.name,
                        record.role,
                    )?)
                }
                _ => None,
            };
        }
        // The CA key under the new data key, beside the old file until the register says so.
        let current = self.root.join(layout::KEY);
        let next = self.root.join(layout::KEY_NEXT);
        let pkcs8 = read_pkcs8_file(&current, Some(&data_key_secret(&admin.data_key)))?;
        let encrypted = encrypt_pkcs8_with(
            pkcs8.as_bytes(),
            &data_key_secret(&new_key),
            KeyProtection::RandomSecret,
        )?;
        if next.exists() {
            fs::remove_file(&next).map_err(|e| Error::io(&next, e))?;
        }
        crate::files::write_secret(&next, encrypted.as_bytes())?;
        let rotation = Rotation::Rotated { holders };
        self.register.put_officers(
            &everyone,
            &event(rotation.to_string()),
            Some(authority.signer()),
        )?;
        self.register.flush()?;
        fs::rename(&next, &current).map_err(|e| Error::io(&current, e))?;
        sync_folder(&self.root);
        Ok(rotation)
    }
}

fn sync_folder(folder: &std::path::Path) {
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}
