//! Certificate status in a CA home: revocations, holds and releases (one, or a batch flushed
//! per group), and the CRLs that list them.

use std::fs;
use std::path::PathBuf;

use super::{layout, CaHome, OfficerSession};
use crate::audit::AuditEvent;
use crate::error::refusal;
use crate::error::{Error, Result};
use crate::files;
use crate::issuance::Authority;
use crate::officers::Action;
use crate::status::change::status_change;
use crate::status::crl_numbering::{self, CrlState};
use crate::store::CertRecord;
use crate::time::Clock;

/// Which CRL to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrlKind {
    /// Every certificate revoked or on hold.
    Full,
    /// What changed since the last full CRL.
    Delta,
}

/// A CRL just signed.
#[derive(Debug, Clone)]
pub struct CrlMade {
    /// Its number, times and base.
    pub params: crate::status::crl::CrlParams,
    /// How many entries it lists.
    pub entries: usize,
    /// The CRL, DER.
    pub der: Vec<u8>,
    /// Where the latest of its kind is kept in the home.
    pub path: PathBuf,
}

impl CaHome {
    /// Revokes, holds or releases a certificate (compare-and-swap in the register, with its
    /// audit entry and signed head), flushed before it returns.
    pub fn change_status(
        &self,
        session: &OfficerSession,
        authority: &Authority,
        serial: &crate::Serial,
        change: crate::status::StatusChange,
        clock: &dyn Clock,
    ) -> Result<CertRecord> {
        let (change, record) = status_change(
            &self.register,
            serial.as_bytes(),
            change,
            clock.now(),
            &session.officer.name,
        )?;
        self.commit(change, authority, clock)?;
        Ok(record)
    }

    /// Applies many status changes (`ca revoke --batch`): each its own compare-and-swap with its
    /// audit entry and signed head, as [`CaHome::change_status`] does, but flushed once per
    /// `group` changes. `done(line, result)` hears of each change once its group is flushed —
    /// only then is it acknowledged.
    pub fn change_statuses(
        &self,
        session: &OfficerSession,
        authority: &Authority,
        changes: &[(u64, crate::Serial, crate::status::StatusChange)],
        clock: &dyn Clock,
        group: usize,
        done: &mut dyn FnMut(u64, Result<CertRecord>),
    ) -> Result<()> {
        for chunk in changes.chunks(group.max(1)) {
            let results: Vec<(u64, Result<CertRecord>)> = chunk
                .iter()
                .map(|(line, serial, change)| {
                    let result = status_change(
                        &self.register,
                        serial.as_bytes(),
                        *change,
                        clock.now(),
                        &session.officer.name,
                    )
                    .and_then(|(change, record)| {
                        crate::commit::write(&self.register, change, Some(authority.signer()))?;
                        Ok(record)
                    });
                    (*line, result)
                })
                .collect();
            self.register.flush()?;
            for (line, result) in results {
                done(line, result);
            }
        }
        self.deliver_after_change(authority, clock);
        Ok(())
    }

    /// Signs a full CRL (every certificate revoked or on hold and not yet expired) or a delta CRL
    /// (what changed since the last full CRL, released holds as removeFromCRL), takes the next
    /// CRL number in the same transaction as its audit entry, flushes, and keeps the CRL in
    /// `HOME/crl/` (`NUMBER.crl`, and `full.crl` or `delta.crl` for the latest).
    pub fn make_crl(
        &self,
        session: &OfficerSession,
        authority: &Authority,
        kind: CrlKind,
        clock: &dyn Clock,
    ) -> Result<CrlMade> {
        let state = crl_numbering::state(&self.register)?;
        let now = clock.now();
        let base = match kind {
            CrlKind::Full => None,
            CrlKind::Delta => Some(state.last_full.ok_or_else(|| {
                Error::Invalid(refusal!(
                    "refusal-no-base-crl",
                    "there is no full CRL yet to be the base of a delta CRL; run `ca crl` first"
                ))
            })?),
        };
        let params = crate::status::crl::CrlParams {
            number: state.last_number + 1,
            delta_base: base.map(|(number, _)| number),
            this_update: now,
            next_update: now + u64::from(self.config.ca.crl_validity_hours.max(1)) * 3600,
        };
        let freshest = match kind {
            CrlKind::Full => self.config.ca.delta_crl_url.as_deref(),
            CrlKind::Delta => None,
        };
        // One pass over the revocation table, each entry encoded as it is read.
        let mut builder = crate::status::crl::CrlBuilder::new(authority, params, freshest)?;
        crl_numbering::scan_entries(&self.register, &mut |serial, entry| {
            let keep = match base {
                None => !entry.released && entry.not_after >= now,
                Some((base, _)) => {
                    entry.after_crl >= base && (entry.released || entry.not_after >= now)
                }
            };
            if keep {
                builder.push(serial, &entry)?;
            }
            Ok(true)
        })?;
        let entries = builder.len();
        let der = builder.finish()?;
        let issued = CrlState {
            last_number: params.number,
            last_full: match kind {
                CrlKind::Full => Some((params.number, now)),
                CrlKind::Delta => state.last_full,
            },
        };
        let what = match kind {
            CrlKind::Full => "full CRL".to_owned(),
            CrlKind::Delta => format!("delta CRL on {}", params.delta_base.unwrap_or(0)),
        };
        let change = crl_numbering::record(
            &self.register,
            &state,
            &issued,
            (&der, kind == CrlKind::Delta),
            AuditEvent::done(
                now,
                &session.officer.name,
                Action::Crl.name(),
                format_args!("{what} number {} with {entries} entries", params.number),
            ),
        )?;
        self.commit(change, authority, clock)?;
        let dir = self.root.join(layout::CRL);
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        files::write_public(&dir.join(format!("{}.crl", params.number)), &der)?;
        let latest = dir.join(match kind {
            CrlKind::Full => "full.crl",
            CrlKind::Delta => "delta.crl",
        });
        files::write_public(&latest, &der)?;
        Ok(CrlMade {
            params,
            entries,
            der,
            path: latest,
        })
    }
}
