//! Managing officers (SPEC §8), an admin's work: adding, disabling, changing roles, and
//! rotating the data key.
//!
//! Disabling an officer or changing a role rotates the data key: a new one, the CA key
//! re-encrypted under it (written beside the old file first), every remaining officer's wrap
//! replaced, in one register transaction with its audit entry; the new key file then takes the
//! old one's name (an interrupted rename is finished by the next [`CaHome::unlock`]). Such a
//! change also takes a feed sequence (an entry with no serial, which responders skip), so the
//! responders witness it: a register rolled back to before it shows.

use std::fs;

use super::{data_key_secret, layout, sync_folder, AdminSession, CaHome};
use crate::audit::AuditEvent;
use crate::error::refusal;
use crate::error::{Error, Result};
use crate::issuance::Authority;
use crate::keys::{encrypt_pkcs8_with, read_pkcs8_file, KeyProtection};
use crate::officers::keys as officer_keys;
use crate::officers::{new_data_key, officers_change, Action, OfficerRecord, Role};
use crate::publish::feed::StatusEntry;
use crate::time::Clock;

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
            return Err(Error::Invalid(refusal!(
                "refusal-officer-exists",
                "officer {name} already exists",
                name = name
            )));
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
        let change = officers_change(
            &[(record.clone(), previous.clone())],
            AuditEvent::done(
                now,
                &admin.officer.name,
                Action::OfficerAdd.name(),
                format_args!("{name} as {role}"),
            ),
        )?;
        self.commit(change, authority, clock)?;
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
            return Err(Error::Invalid(refusal!(
                "refusal-officer-same-role",
                "{name} is already {role}",
                name = name,
                role = role
            )));
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
            return Err(Error::Invalid(refusal!(
                "refusal-last-admin",
                "{name} is the last admin; add another admin before this one goes",
                name = name
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
        let event = |outcome: String| {
            AuditEvent::done(
                clock.now(),
                &admin.officer.name,
                action.name(),
                format_args!("{what}; {outcome}"),
            )
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
            let change =
                officers_change(&[(changed, Some(previous))], event(rotation.to_string()))?;
            self.commit(change.published(StatusEntry::witnessed()), authority, clock)?;
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
        let everyone: Vec<_> = everyone
            .into_iter()
            .map(|(record, previous)| (record, Some(previous)))
            .collect();
        let change = officers_change(&everyone, event(rotation.to_string()))?;
        // The register says which key file is current before the rename: the next unlock
        // finishes an interrupted one. Responders are told after the rename.
        crate::commit::commit(
            &self.register,
            change.published(StatusEntry::witnessed()),
            Some(authority.signer()),
        )?;
        fs::rename(&next, &current).map_err(|e| Error::io(&current, e))?;
        sync_folder(&self.root);
        self.deliver_after_change(authority, clock);
        Ok(rotation)
    }
}
