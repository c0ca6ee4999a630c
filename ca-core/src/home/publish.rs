//! Publication from a CA home: registering the OCSP responders it feeds, delivering to them,
//! full snapshots, re-basing a responder, and asking them as witnesses whether this register was
//! rolled back.

use super::{AdminSession, CaHome, OfficerSession};
use crate::audit::AuditEvent;
use crate::commit::Change;
use crate::error::refusal;
use crate::error::{Error, Result};
use crate::issuance::Authority;
use crate::officers::Action;
use crate::publish::outbox::{self, ResponderRecord};
use crate::time::Clock;

impl CaHome {
    /// The last feed sequence this register took (0: none yet).
    pub fn feed_sequence(&self) -> Result<u64> {
        outbox::sequence(&self.register)
    }

    /// Every registered responder, by URL, with how many feed changes it has not acknowledged.
    pub fn responders(&self) -> Result<Vec<(ResponderRecord, u64)>> {
        let top = outbox::sequence(&self.register)?;
        Ok(outbox::responders(&self.register)?
            .into_iter()
            .map(|r| {
                let behind = top - r.delivered.min(top);
                (r, behind)
            })
            .collect())
    }

    /// A full status snapshot for OCSP responders, signed by the CA key, current at the
    /// register's feed sequence; the publication is written to the audit log.
    pub fn publish_snapshot(
        &self,
        session: &OfficerSession,
        authority: &Authority,
        clock: &dyn Clock,
    ) -> Result<(u64, usize, Vec<u8>)> {
        let now = clock.now();
        let (sequence, entries) = outbox::snapshot(&self.register)?;
        let count = entries.len();
        let update = crate::publish::feed::StatusUpdate {
            sequence,
            base: 0,
            base_head: Vec::new(),
            head: outbox::head(&self.register, sequence)?.to_vec(),
            rebase: false,
            produced_at: now,
            full: true,
            entries,
        };
        let signed = update.sign(authority.signer())?;
        let event = AuditEvent::done(
            now,
            &session.officer.name,
            Action::Publish.name(),
            format_args!("full status snapshot at sequence {sequence}"),
        );
        self.commit(Change::audit_only(event), authority, clock)?;
        Ok((sequence, count, signed))
    }

    /// Registers an OCSP responder to feed (its base URL, `http://host:port`), with its audit
    /// entry, flushed. It gets a full snapshot at the next delivery.
    pub fn add_responder(
        &self,
        session: &AdminSession,
        authority: &Authority,
        url: &str,
        clock: &dyn Clock,
    ) -> Result<()> {
        let url = responder_url(url)?;
        let now = clock.now();
        let change = outbox::add_responder(
            &ResponderRecord {
                url: url.clone(),
                added: now,
                added_by: session.officer.name.clone(),
                delivered: 0,
                last_attempt: None,
                last_error: None,
            },
            AuditEvent::done(
                now,
                &session.officer.name,
                Action::ResponderAdd.name(),
                format_args!("responder {url} registered"),
            ),
        )?;
        self.commit(change, authority, clock)?;
        // Its first delivery: a full snapshot.
        self.deliver_after_change(authority, clock);
        Ok(())
    }

    /// Stops feeding a responder, with its audit entry, flushed.
    pub fn remove_responder(
        &self,
        session: &AdminSession,
        authority: &Authority,
        url: &str,
        clock: &dyn Clock,
    ) -> Result<()> {
        let url = responder_url(url)?;
        let change = outbox::remove_responder(
            &self.register,
            &url,
            AuditEvent::done(
                clock.now(),
                &session.officer.name,
                Action::ResponderRemove.name(),
                format_args!("responder {url} removed"),
            ),
        )?;
        self.commit(change, authority, clock)
    }

    /// Delivers to every registered responder what it lacks (see [`crate::publish::delivery`]), each
    /// request bounded by `timeout`.
    pub fn deliver(
        &self,
        authority: &Authority,
        clock: &dyn Clock,
        timeout: std::time::Duration,
    ) -> Result<Vec<crate::publish::delivery::Delivery>> {
        crate::publish::delivery::deliver_pending(
            &self.register,
            authority.signer(),
            self.certificate_der(),
            clock.now(),
            timeout,
        )
    }

    /// Asks every registered responder, as a witness, where it is in this CA's feed (see
    /// [`crate::publish::delivery::witnesses`]).
    pub fn witnesses(
        &self,
        clock: &dyn Clock,
        timeout: std::time::Duration,
    ) -> Result<Vec<(String, crate::publish::delivery::Witness)>> {
        crate::publish::delivery::witnesses(
            &self.register,
            self.certificate_der(),
            clock.now(),
            timeout,
        )
    }

    /// Refuses to go on when a reachable responder proves this register is behind what it
    /// published (rolled back to an older copy, or this home is a stale copy): commands that
    /// change the register call it first. Silent responders are not evidence either way.
    pub fn check_not_rolled_back(
        &self,
        clock: &dyn Clock,
        timeout: std::time::Duration,
    ) -> Result<()> {
        use crate::publish::delivery::Witness;
        for (url, witness) in self.witnesses(clock, timeout)? {
            let missing = match witness {
                Witness::Ahead { sequence, register } => format!(
                    "{url} holds feed sequence {sequence}, later than this register's \
                     {register}: changes {}..{sequence} are missing here",
                    register + 1
                ),
                Witness::OtherHistory { sequence } => format!(
                    "{url} holds another history at feed sequence {sequence} than this register"
                ),
                _ => continue,
            };
            return Err(Error::RolledBack(missing));
        }
        Ok(())
    }

    /// Re-bases the registered responder `url` on this CA's history (a full snapshot it takes
    /// whatever it holds), audited first: after a restore from backup, or once a copy of this
    /// CA fed it.
    pub fn rebase_responder(
        &self,
        admin: &AdminSession,
        authority: &Authority,
        url: &str,
        clock: &dyn Clock,
        timeout: std::time::Duration,
    ) -> Result<Vec<crate::publish::delivery::Delivery>> {
        let url = responder_url(url)?;
        if !outbox::responders(&self.register)?
            .iter()
            .any(|r| r.url == url)
        {
            return Err(Error::Invalid(refusal!(
                "refusal-no-responder",
                "no responder {url} is registered (ca responder list)",
                url = url
            )));
        }
        let event = AuditEvent::done(
            clock.now(),
            &admin.officer.name,
            Action::PublishRebase.name(),
            format_args!(
                "{url} re-based on this CA's history at sequence {}",
                outbox::sequence(&self.register)?
            ),
        );
        self.commit(Change::audit_only(event), authority, clock)?;
        crate::publish::delivery::rebase(
            &self.register,
            authority.signer(),
            self.certificate_der(),
            clock.now(),
            timeout,
            &url,
        )
    }
}

/// A responder's base URL, checked: plain `http://host[:port][/path]` (updates are signed, so
/// they need no TLS), without a trailing slash.
fn responder_url(url: &str) -> Result<String> {
    let trimmed = url.trim().trim_end_matches('/');
    let rest = trimmed.strip_prefix("http://").ok_or_else(|| {
        Error::Invalid(refusal!(
            "refusal-responder-url",
            "responder URL {url:?}: give it as http://host:port (updates are signed by the CA, \
             so they travel over plain HTTP)",
            url = url
        ))
    })?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(Error::Invalid(refusal!(
            "refusal-responder-no-host",
            "responder URL {url:?} has no host",
            url = url
        )));
    }
    Ok(trimmed.to_owned())
}
