//! The CA home: a folder holding `ca.toml`, `ca.pem`, the encrypted CA key, the register and
//! the delegated OCSP signer. Opening a home locks its register; [`CaHome::unlock`] is the one
//! place where the CA key is decrypted.
//!
//! Every change a home makes goes one way: the domain decides a [`Change`], the commit path
//! ([`crate::commit`]) writes it with its audit entry and CA-signed head and flushes, and the
//! home then delivers to the registered OCSP responders, reporting each delivery to the
//! [`DeliveryReport`] it was given. A caller cannot skip a step: there is no other way in.
//!
//! - [`init`](CaHome::init): the ceremony that makes a home.
//! - sessions: login by role, and [`CaHome::unlock`].
//! - officers: adding, disabling, roles, data-key rotation.
//! - status: revocations, holds, releases, CRLs.
//! - enrollment: keys made at the CA for applicants, one or a batch.
//! - publish: responders, delivery, snapshots, witnesses.

mod enrollment;
mod init;
mod officers;
mod publish;
mod sessions;
mod status;
#[cfg(test)]
mod tests;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::audit::{AuditEvent, Verdict};
use crate::commit::Change;
use crate::error::{refusal, Error, Result};
use crate::files;
use crate::issuance::{Authority, IssueRequest, Issuer};
use crate::keys::verify_signature;
use crate::officers::{DataKey, OfficerRecord, Role};
use crate::profile::config::{CaConfig, RegisterKind, CONFIG_FILE};
use crate::publish::delivery::Delivery;
use crate::store::{CertRecord, RedbStore, Register, SledStore};
use crate::time::Clock;
use zeroize::Zeroizing;

pub use enrollment::{Enrolled, EnrollmentRow, PinPolicy, ENROLLMENT_GROUP};
pub use init::{CaKeySource, InitParams, InitReport, ParentCa};
pub use officers::Rotation;
pub use sessions::{AdminSession, OfficerSession, Session};
pub use status::{CrlKind, CrlMade};

/// File names inside a home.
pub mod layout {
    /// CA certificate chain, this CA first.
    pub const CHAIN: &str = "ca.pem";
    /// This CA's certificate alone, DER: what the caIssuers URL serves (RFC 5280 §4.2.2.1
    /// wants DER, or a certs-only CMS).
    pub const CERT_DER: &str = "ca.cer";
    /// The CA key, encrypted PKCS#8 PEM.
    pub const KEY: &str = "ca.key.p8";
    /// The CA key under a new data key while a rotation is being recorded.
    pub const KEY_NEXT: &str = "ca.key.p8.next";
    /// The sled register (a folder).
    pub const REGISTER: &str = "register";
    /// The redb register (a file).
    pub const REGISTER_REDB: &str = "register.redb";
    /// Lock file held while a process has the register open.
    pub const LOCK: &str = "register.lock";
    /// Folder of the delegated OCSP signer.
    pub const OCSP: &str = "ocsp";
    /// The OCSP signer's certificate.
    pub const OCSP_CERT: &str = "ocsp/signer.pem";
    /// The OCSP signer's key, PKCS#8 PEM, mode 0600.
    pub const OCSP_KEY: &str = "ocsp/signer.key";
    /// Folder of the time-stamping authority's signer.
    pub const TSA: &str = "tsa";
    /// The TSA's certificate (profile `tsa`).
    pub const TSA_CERT: &str = "tsa/signer.pem";
    /// The TSA's key, PKCS#8 PEM, mode 0600.
    pub const TSA_KEY: &str = "tsa/signer.key";
    /// Folder of the CRLs made.
    pub const CRL: &str = "crl";
}

/// The password under which the CA key file is encrypted: the data key in hex.
fn data_key_secret(data_key: &DataKey) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(crate::serial::hex(data_key.as_ref()).into_bytes())
}

/// How a home reports the deliveries that follow its changes: each responder's outcome, or why
/// delivery could not be tried. Deliveries never fail a change: it is on disk already, and what
/// a responder did not take stays in the outbox for `ca publish`.
pub struct DeliveryReport {
    /// How long each responder has: short, so an unreachable one never holds an officer up.
    pub timeout: Duration,
    /// Told of each round of deliveries.
    pub report: Box<dyn Fn(Result<Vec<Delivery>>) + Send + Sync>,
}

impl Default for DeliveryReport {
    /// Two seconds per responder; the outcomes are kept in the register only.
    fn default() -> Self {
        DeliveryReport {
            timeout: Duration::from_secs(2),
            report: Box::new(|_| {}),
        }
    }
}

/// An open CA home.
pub struct CaHome {
    root: PathBuf,
    config: CaConfig,
    register: Register,
    chain: Vec<Vec<u8>>,
    delivery: DeliveryReport,
}

/// Opens the register of the home at `root` with the engine `kind`, locking it.
fn open_register(root: &Path, kind: RegisterKind) -> Result<Register> {
    let lock = root.join(layout::LOCK);
    Ok(match kind {
        RegisterKind::Sled => Register::new(Box::new(SledStore::open(
            &root.join(layout::REGISTER),
            &lock,
            root,
        )?)),
        RegisterKind::Redb => Register::new(Box::new(RedbStore::open(
            &root.join(layout::REGISTER_REDB),
            &lock,
            root,
        )?)),
    })
}

impl std::fmt::Debug for CaHome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CaHome({})", self.root.display())
    }
}

impl CaHome {
    /// The home used when none is given.
    pub const DEFAULT: &'static str = "ca-home";

    /// Opens an existing home and locks its register.
    pub fn open(root: &Path) -> Result<Self> {
        let config_path = root.join(CONFIG_FILE);
        if !config_path.exists() {
            return Err(Error::NoHome {
                path: root.into(),
                problem: refusal!("refusal-no-config", "no {file}", file = CONFIG_FILE),
            });
        }
        let config = CaConfig::load(&config_path)?;
        let chain = crate::pem::certificates(&files::read(&root.join(layout::CHAIN))?)?;
        let register = open_register(root, config.ca.register)?;
        Ok(CaHome {
            root: root.into(),
            config,
            register,
            chain,
            delivery: Default::default(),
        })
    }

    /// Sets how the deliveries after each change are timed and reported.
    pub fn report_deliveries(&mut self, delivery: DeliveryReport) {
        self.delivery = delivery;
    }

    /// The commit path of a home: `change` written with its audit entry and the head the CA
    /// key signs, flushed, then — when it publishes a status — delivered to the responders.
    fn commit(&self, change: Change, authority: &Authority, clock: &dyn Clock) -> Result<()> {
        let publishes = change.feed.is_some();
        crate::commit::commit(&self.register, change, Some(authority.signer()))?;
        if publishes {
            self.deliver_after_change(authority, clock);
        }
        Ok(())
    }

    /// Delivers what the responders lack after a change, and reports it; never fails.
    fn deliver_after_change(&self, authority: &Authority, clock: &dyn Clock) {
        (self.delivery.report)(self.deliver(authority, clock, self.delivery.timeout));
    }

    /// Writes a refused attempt to the audit log, durably. What the caller typed is written
    /// escaped (no control characters: no forged lines) and bounded: a name that is not a valid
    /// officer name is marked as such, the reason cut at 500 characters.
    pub fn record_refusal(
        &self,
        officer: &str,
        action: &str,
        reason: &str,
        clock: &dyn Clock,
    ) -> Result<()> {
        let officer = match OfficerRecord::check_name(officer) {
            Ok(()) => officer.to_owned(),
            Err(_) => format!("(not a name: {})", crate::audit::bounded_text(officer, 64)),
        };
        let event = AuditEvent {
            time: clock.now(),
            officer,
            action: crate::audit::bounded_text(action, 64),
            serial: None,
            outcome: format!("refused: {}", crate::audit::bounded_text(reason, 500)),
        };
        crate::commit::commit(&self.register, Change::audit_only(event), None)
    }

    /// Every audit entry in log order, as stored (a damaged entry is an `Err` in place).
    pub fn audit_entries(&self) -> Result<Vec<(Vec<u8>, Result<crate::audit::AuditEntry>)>> {
        crate::audit::log::entries(&self.register)
    }

    /// Recomputes the audit chain and checks every signed head against the CA certificate.
    pub fn verify_audit(&self) -> Result<Verdict> {
        let ca = <x509_cert::Certificate as der::Decode>::from_der(self.certificate_der())?;
        let public_key = ca.tbs_certificate.subject_public_key_info;
        let entries = crate::audit::log::entries(&self.register)?;
        let heads = crate::audit::log::heads(&self.register)?;
        Ok(crate::audit::verify(
            &entries,
            &heads,
            &|message, signature| verify_signature(&public_key, message, signature),
        ))
    }

    /// Issues one certificate for `session`'s officer (the profiles their role allows, and no
    /// other): recorded, signed, stored with its audit entry, flushed, then delivered to the
    /// responders.
    pub fn issue(
        &self,
        session: &OfficerSession,
        authority: &Authority,
        request: IssueRequest,
        clock: &dyn Clock,
    ) -> Result<CertRecord> {
        let record = self.issuer(session, authority, clock).issue(request)?;
        self.deliver_after_change(authority, clock);
        Ok(record)
    }

    /// Issues a group with one flush (see [`Issuer::issue_group`]), then delivers.
    pub fn issue_group(
        &self,
        session: &OfficerSession,
        authority: &Authority,
        requests: Vec<IssueRequest>,
        clock: &dyn Clock,
    ) -> Result<Vec<Result<CertRecord>>> {
        let results = self
            .issuer(session, authority, clock)
            .issue_group(requests)?;
        self.deliver_after_change(authority, clock);
        Ok(results)
    }

    /// An issuer for this home's register and settings, acting for `session`'s officer: the
    /// profiles their role allows, and no other. It records and flushes but does not deliver to
    /// the responders; [`CaHome::issue`] does both, and is what callers outside get.
    pub(crate) fn issuer<'a>(
        &'a self,
        session: &OfficerSession,
        authority: &'a Authority,
        clock: &'a dyn Clock,
    ) -> Issuer<'a> {
        self.issuer_as(authority, session.officer.role, clock)
    }

    fn issuer_as<'a>(
        &'a self,
        authority: &'a Authority,
        role: Role,
        clock: &'a dyn Clock,
    ) -> Issuer<'a> {
        Issuer {
            authority,
            register: &self.register,
            config: &self.config,
            clock,
            role,
        }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Settings and profiles.
    pub fn config(&self) -> &CaConfig {
        &self.config
    }

    /// The register, to read (every change goes through the home's own methods).
    pub fn register(&self) -> &Register {
        &self.register
    }

    /// This CA's certificate, DER.
    pub fn certificate_der(&self) -> &[u8] {
        &self.chain[0]
    }

    /// The chain from this CA up to its root, DER, this CA first.
    pub fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }
}

fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

fn sync_folder(folder: &std::path::Path) {
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}
