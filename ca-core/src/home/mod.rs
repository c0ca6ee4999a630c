//! The CA home: a folder holding `ca.toml`, `ca.pem`, the encrypted CA key, the register and
//! the delegated OCSP signer. Opening a home locks its register; [`CaHome::unlock`] is the one
//! place where the CA key is decrypted.

use std::fs;
use std::path::{Path, PathBuf};

use x509_cert::name::Name;
use zeroize::Zeroizing;

use crate::audit::{AuditEvent, Verdict};
use crate::error::{Error, Result};
use crate::files;
use crate::issuance::{self_signed_root, Authority, IssueRequest, Issuer};
use crate::keys::{
    encrypt_pkcs8_with, read_pkcs8_file, verify_signature, KeyAlgorithm, KeyProtection, Signer,
    SoftwareKey,
};
use crate::officers::{new_data_key, Action, DataKey, OfficerRecord, Role};
use crate::profile::config::{CaConfig, CaSettings, RegisterKind, CONFIG_FILE};
use crate::store::{CertRecord, RedbStore, Register, SledStore};
use crate::time::Clock;

mod officers;
pub use officers::{AdminSession, OfficerSession, Rotation, Session};

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
    /// Folder of the CRLs made.
    pub const CRL: &str = "crl";
}

/// The key of a new CA.
#[derive(Debug, Clone)]
pub enum CaKeySource {
    /// Generate one of this algorithm.
    Generate(KeyAlgorithm),
    /// Import a PKCS#8 file (plain, or encrypted under the passphrase given with it).
    Import {
        /// The key file.
        path: PathBuf,
        /// Passphrase of an encrypted file.
        passphrase: Option<Zeroizing<Vec<u8>>>,
    },
}

/// What `ca init` needs.
#[derive(Debug, Clone)]
pub struct InitParams {
    /// The CA's subject.
    pub subject: Name,
    /// The subject as typed (kept in `ca.toml`).
    pub subject_text: String,
    /// Where the CA key comes from.
    pub key: CaKeySource,
    /// Validity in days.
    pub days: u32,
    /// OCSP URL for issued certificates' AIA.
    pub ocsp_url: Option<String>,
    /// CRL URL for issued certificates' CRL distribution point.
    pub crl_url: Option<String>,
    /// CA certificate URL for issued certificates' AIA.
    pub ca_issuers_url: Option<String>,
    /// Where delta CRLs are published (freshestCRL in full CRLs).
    pub delta_crl_url: Option<String>,
    /// The officer doing it.
    pub officer: String,
    /// The register's storage engine.
    pub register: RegisterKind,
}

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

/// The password under which the CA key file is encrypted: the data key in hex.
fn data_key_secret(data_key: &DataKey) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(crate::serial::hex(data_key.as_ref()).into_bytes())
}

/// A parent CA, unlocked, that signs a subordinate.
pub struct ParentCa<'a> {
    /// The parent's home.
    pub home: &'a CaHome,
    /// The parent's unlocked authority.
    pub authority: &'a Authority,
    /// The parent's officer who signs (an admin: sub-ca is an admin-only profile).
    pub session: &'a AdminSession,
}

/// An open CA home.
pub struct CaHome {
    root: PathBuf,
    config: CaConfig,
    register: Register,
    chain: Vec<Vec<u8>>,
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

/// What init made, for the report.
#[derive(Debug, Clone)]
pub struct InitReport {
    /// The CA certificate's record in the parent register (subordinates) or none (roots).
    pub ca_certificate: Vec<u8>,
    /// The OCSP signer's record in this CA's register.
    pub ocsp_signer: CertRecord,
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
                problem: format!("no {CONFIG_FILE}"),
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
        })
    }

    /// Creates a new CA in `root`: key (encrypted under `passphrase`), certificate (self-signed,
    /// or signed by `parent`), settings, register, and a delegated OCSP signer under `ocsp/`.
    pub fn init(
        root: &Path,
        params: InitParams,
        passphrase: &[u8],
        parent: Option<ParentCa<'_>>,
        clock: &dyn Clock,
    ) -> Result<(CaHome, InitReport)> {
        if root.join(CONFIG_FILE).exists() || root.join(layout::KEY).exists() {
            return Err(Error::HomeExists(root.into()));
        }
        // Checked before anything is written, so a bad name leaves no half-made home.
        OfficerRecord::check_name(&params.officer)?;
        crate::officers::check_new_passphrase(
            passphrase,
            &[&params.officer, &params.subject_text],
        )?;
        create_private_dir(root)?;
        // Lock the register first, so that two inits on one folder cannot interleave.
        let register = open_register(root, params.register)?;
        let (key, pkcs8) = match &params.key {
            CaKeySource::Generate(alg) => SoftwareKey::generate(*alg)?,
            CaKeySource::Import { path, passphrase } => {
                let doc = read_pkcs8_file(path, passphrase.as_ref().map(|p| p.as_slice()))?;
                let pkcs8 = Zeroizing::new(doc.as_bytes().to_vec());
                (SoftwareKey::from_pkcs8(&pkcs8)?, pkcs8)
            }
        };
        let algorithm = key.algorithm();
        let now = clock.now();
        let (ca_der, mut chain) = match &parent {
            None => (
                self_signed_root(params.subject.clone(), &key, now, params.days)?,
                Vec::new(),
            ),
            Some(parent) => {
                let record = parent
                    .home
                    .issuer(parent.session, parent.authority, clock)
                    .issue(IssueRequest {
                        subject: params.subject.clone(),
                        public_key: key.public_key().clone(),
                        profile: "sub-ca".into(),
                        days: Some(params.days),
                        officer: params.officer.clone(),
                        identification: Default::default(),
                        renews: None,
                    })?;
                (record.der, parent.home.chain.clone())
            }
        };
        chain.insert(0, ca_der.clone());
        // The CA key is encrypted under a random data key; the first admin's slot holds that
        // data key sealed under the passphrase given here.
        let data_key = new_data_key()?;
        let encrypted = encrypt_pkcs8_with(
            &pkcs8,
            &data_key_secret(&data_key),
            KeyProtection::RandomSecret,
        )?;
        drop(pkcs8);
        files::write_secret(&root.join(layout::KEY), encrypted.as_bytes())?;
        let chain_pem = chain
            .iter()
            .map(|der| crate::pem::certificate(der))
            .collect::<Result<String>>()?;
        files::write_public(&root.join(layout::CHAIN), chain_pem.as_bytes())?;
        files::write_public(&root.join(layout::CERT_DER), &ca_der)?;
        let config = CaConfig {
            ca: CaSettings {
                subject: params.subject_text.clone(),
                key_algorithm: algorithm.to_string(),
                ocsp_url: params.ocsp_url.clone(),
                crl_url: params.crl_url.clone(),
                ca_issuers_url: params.ca_issuers_url.clone(),
                delta_crl_url: params.delta_crl_url.clone(),
                register: params.register,
                crl_validity_hours: crate::profile::config::DEFAULT_CRL_HOURS,
            },
            profiles: Default::default(),
        };
        files::write_public(&root.join(CONFIG_FILE), config.to_toml()?.as_bytes())?;
        let home = CaHome {
            root: root.into(),
            config,
            register,
            chain,
        };
        let authority = Authority::new(&ca_der, Box::new(key))?;
        let (private, public) = crate::officers::keys::generate()?;
        let admin = OfficerRecord {
            name: params.officer.clone(),
            role: Role::Admin,
            enabled: true,
            created: now,
            created_by: params.officer.clone(),
            slot: None,
            private_key: Some(private.seal(&params.officer, passphrase)?),
            wrapped_data_key: Some(crate::officers::keys::wrap(
                &data_key,
                &public,
                &params.officer,
                Role::Admin,
            )?),
            public_key: Some(public),
        };
        home.register.put_officer(
            &admin,
            None,
            &AuditEvent {
                time: now,
                officer: params.officer.clone(),
                action: "init".into(),
                serial: None,
                outcome: format!("ok: CA created, {} is the first admin", params.officer),
            },
            Some(authority.signer()),
        )?;
        // The officer who makes the CA is its first admin.
        let ocsp_signer =
            home.issue_ocsp_signer_as(&authority, &params.officer, Role::Admin, clock)?;
        Ok((
            home,
            InitReport {
                ca_certificate: ca_der,
                ocsp_signer,
            },
        ))
    }

    /// Issues a delegated OCSP signer (profile `ocsp-signer`) and writes it to `ocsp/`,
    /// replacing the previous one.
    pub fn issue_ocsp_signer(
        &self,
        session: &AdminSession,
        authority: &Authority,
        clock: &dyn Clock,
    ) -> Result<CertRecord> {
        self.issue_ocsp_signer_as(
            authority,
            &session.officer.name,
            session.officer.role,
            clock,
        )
    }

    fn issue_ocsp_signer_as(
        &self,
        authority: &Authority,
        officer: &str,
        role: Role,
        clock: &dyn Clock,
    ) -> Result<CertRecord> {
        let (key, pkcs8) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256)?;
        let mut subject = authority.name().clone();
        let cn = crate::names::subject::parse_subject(
            "CN=OCSP responder",
            &crate::names::identifiers::Identifiers::default(),
        )?;
        subject.0.extend(cn.0);
        let record = self.issuer_as(authority, role, clock).issue(IssueRequest {
            subject,
            public_key: key.public_key().clone(),
            profile: "ocsp-signer".into(),
            days: None,
            officer: officer.into(),
            identification: Default::default(),
            renews: None,
        })?;
        let dir = self.root.join(layout::OCSP);
        create_private_dir(&dir)?;
        let key_path = self.root.join(layout::OCSP_KEY);
        let key_pem = pkcs8::SecretDocument::try_from(pkcs8.as_slice())
            .and_then(|d| d.to_pem("PRIVATE KEY", pkcs8::LineEnding::LF))
            .map_err(|e| Error::Encoding(e.to_string()))?;
        if key_path.exists() {
            fs::remove_file(&key_path).map_err(|e| Error::io(&key_path, e))?;
        }
        files::write_secret(&key_path, key_pem.as_bytes())?;
        files::write_public(
            &self.root.join(layout::OCSP_CERT),
            crate::pem::certificate(&record.der)?.as_bytes(),
        )?;
        Ok(record)
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
        self.register.record(
            &AuditEvent {
                time: clock.now(),
                officer,
                action: crate::audit::bounded_text(action, 64),
                serial: None,
                outcome: format!("refused: {}", crate::audit::bounded_text(reason, 500)),
            },
            None,
        )?;
        self.register.flush()
    }

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
        let record = self.register.change_status(
            serial.as_bytes(),
            change,
            clock.now(),
            &session.officer.name,
            Some(authority.signer()),
        )?;
        self.register.flush()?;
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
                    let result = self.register.change_status(
                        serial.as_bytes(),
                        *change,
                        clock.now(),
                        &session.officer.name,
                        Some(authority.signer()),
                    );
                    (*line, result)
                })
                .collect();
            self.register.flush()?;
            for (line, result) in results {
                done(line, result);
            }
        }
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
        let state = self.register.crl_state()?;
        let now = clock.now();
        let base = match kind {
            CrlKind::Full => None,
            CrlKind::Delta => Some(state.last_full.ok_or_else(|| {
                Error::Invalid(
                    "there is no full CRL yet to be the base of a delta CRL; run `ca crl` first"
                        .into(),
                )
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
        self.register.scan_crl_entries(&mut |serial, entry| {
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
        let issued = crate::store::CrlState {
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
        self.register.record_crl(
            &state,
            &issued,
            &AuditEvent {
                time: now,
                officer: session.officer.name.clone(),
                action: Action::Crl.name().into(),
                serial: None,
                outcome: format!("ok: {what} number {} with {entries} entries", params.number),
            },
            Some(authority.signer()),
        )?;
        self.register.flush()?;
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

    /// A full status snapshot for OCSP responders, signed by the CA key, current at the
    /// register's feed sequence; the publication is written to the audit log.
    pub fn publish_snapshot(
        &self,
        session: &OfficerSession,
        authority: &Authority,
        clock: &dyn Clock,
    ) -> Result<(u64, usize, Vec<u8>)> {
        let now = clock.now();
        let (sequence, entries) = self.register.status_snapshot()?;
        let count = entries.len();
        let update = crate::publish::feed::StatusUpdate {
            sequence,
            base: 0,
            base_head: Vec::new(),
            head: self.register.feed_head(sequence)?.to_vec(),
            rebase: false,
            produced_at: now,
            full: true,
            entries,
        };
        let signed = update.sign(authority.signer())?;
        self.register.record(
            &AuditEvent {
                time: now,
                officer: session.officer.name.clone(),
                action: Action::Publish.name().into(),
                serial: None,
                outcome: format!("ok: full status snapshot at sequence {sequence}"),
            },
            Some(authority.signer()),
        )?;
        self.register.flush()?;
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
        self.register.add_responder(
            &crate::store::ResponderRecord {
                url: url.clone(),
                added: now,
                added_by: session.officer.name.clone(),
                delivered: 0,
                last_attempt: None,
                last_error: None,
            },
            &AuditEvent {
                time: now,
                officer: session.officer.name.clone(),
                action: Action::ResponderAdd.name().into(),
                serial: None,
                outcome: format!("ok: responder {url} registered"),
            },
            Some(authority.signer()),
        )?;
        self.register.flush()
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
        self.register.remove_responder(
            &url,
            &AuditEvent {
                time: clock.now(),
                officer: session.officer.name.clone(),
                action: Action::ResponderRemove.name().into(),
                serial: None,
                outcome: format!("ok: responder {url} removed"),
            },
            Some(authority.signer()),
        )?;
        self.register.flush()
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
        if !self.register.responders()?.iter().any(|r| r.url == url) {
            return Err(Error::Invalid(format!(
                "no responder {url} is registered (ca responder list)"
            )));
        }
        self.register.record(
            &AuditEvent {
                time: clock.now(),
                officer: admin.officer.name.clone(),
                action: Action::PublishRebase.name().into(),
                serial: None,
                outcome: format!(
                    "ok: {url} re-based on this CA's history at sequence {}",
                    self.register.feed_sequence()?
                ),
            },
            Some(authority.signer()),
        )?;
        self.register.flush()?;
        crate::publish::delivery::rebase(
            &self.register,
            authority.signer(),
            self.certificate_der(),
            clock.now(),
            timeout,
            &url,
        )
    }

    /// Recomputes the audit chain and checks every signed head against the CA certificate.
    pub fn verify_audit(&self) -> Result<Verdict> {
        let ca = <x509_cert::Certificate as der::Decode>::from_der(self.certificate_der())?;
        let public_key = ca.tbs_certificate.subject_public_key_info;
        let entries = self.register.audit_entries()?;
        let heads = self.register.audit_heads()?;
        Ok(crate::audit::verify(
            &entries,
            &heads,
            &|message, signature| verify_signature(&public_key, message, signature),
        ))
    }

    /// An issuer for this home's register and settings, acting for `session`'s officer: the
    /// profiles their role allows, and no other.
    pub fn issuer<'a>(
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

    /// The register.
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

/// A responder's base URL, checked: plain `http://host[:port][/path]` (updates are signed, so
/// they need no TLS), without a trailing slash.
fn responder_url(url: &str) -> Result<String> {
    let trimmed = url.trim().trim_end_matches('/');
    let rest = trimmed.strip_prefix("http://").ok_or_else(|| {
        Error::Invalid(format!(
            "responder URL {url:?}: give it as http://host:port (updates are signed by the CA, \
             so they travel over plain HTTP)"
        ))
    })?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(Error::Invalid(format!("responder URL {url:?} has no host")));
    }
    Ok(trimmed.to_owned())
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
