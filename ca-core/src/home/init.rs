//! Making a CA home (`ca init`): the key, the certificate (self-signed, or signed by a parent
//! CA), the settings, the register with its first admin, and the delegated OCSP signer.

use std::fs;
use std::path::{Path, PathBuf};

use x509_cert::name::Name;
use zeroize::Zeroizing;

use super::{create_private_dir, data_key_secret, layout, open_register, AdminSession, CaHome};
use crate::audit::AuditEvent;
use crate::error::{Error, Result};
use crate::files;
use crate::issuance::{self_signed_root, Authority, IssueRequest};
use crate::keys::{
    encrypt_pkcs8_with, read_pkcs8_file, KeyAlgorithm, KeyProtection, Signer, SoftwareKey,
};
use crate::officers::{new_data_key, officers_change, OfficerRecord, Role};
use crate::profile::config::{CaConfig, CaSettings, RegisterKind, CONFIG_FILE};
use crate::store::CertRecord;
use crate::time::Clock;

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

impl InitParams {
    /// A root CA named `subject` (RFC 4514): a new P-256 key, ten years, no URLs, the register
    /// on sled, `admin` its first admin — change what differs with `..InitParams::root(…)?`.
    pub fn root(subject: &str) -> Result<InitParams> {
        Ok(InitParams {
            subject: crate::names::parse_subject(subject, &crate::Identifiers::default())?,
            subject_text: subject.to_owned(),
            key: CaKeySource::Generate(KeyAlgorithm::EcdsaP256),
            days: 3650,
            ocsp_url: None,
            crl_url: None,
            ca_issuers_url: None,
            delta_crl_url: None,
            officer: "admin".into(),
            register: Default::default(),
        })
    }
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

/// What init made, for the report.
#[derive(Debug, Clone)]
pub struct InitReport {
    /// The CA certificate's record in the parent register (subordinates) or none (roots).
    pub ca_certificate: Vec<u8>,
    /// The OCSP signer's record in this CA's register.
    pub ocsp_signer: CertRecord,
}

impl CaHome {
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
        // Checked before anything is written, so a bad name or key leaves no half-made home.
        OfficerRecord::check_name(&params.officer)?;
        crate::officers::check_new_passphrase(
            passphrase,
            &[&params.officer, &params.subject_text],
        )?;
        let (key, pkcs8) = match &params.key {
            CaKeySource::Generate(alg) => SoftwareKey::generate(*alg)?,
            CaKeySource::Import { path, passphrase } => {
                let doc = read_pkcs8_file(path, passphrase.as_ref().map(|p| p.as_slice()))?;
                let pkcs8 = Zeroizing::new(doc.as_bytes().to_vec());
                (SoftwareKey::from_pkcs8(&pkcs8)?, pkcs8)
            }
        };
        // Whether this process made the folder (create_dir is atomic; parents come next).
        let created = std::fs::create_dir(root).is_ok();
        create_private_dir(root)?;
        let made = Self::init_in(root, params, passphrase, parent, clock, key, pkcs8);
        // A refusal after this point (a parent CA that will not issue, a register that fails)
        // leaves no half-made home behind when the folder is ours — unless another init holds
        // it (its register is locked): that one is not ours to remove.
        if created && matches!(&made, Err(e) if !matches!(e, Error::HomeInUse(_))) {
            let _ = std::fs::remove_dir_all(root);
        }
        made
    }

    /// The rest of [`CaHome::init`], in the folder made for it, with the CA's key.
    fn init_in(
        root: &Path,
        params: InitParams,
        passphrase: &[u8],
        parent: Option<ParentCa<'_>>,
        clock: &dyn Clock,
        key: SoftwareKey,
        pkcs8: Zeroizing<Vec<u8>>,
    ) -> Result<(CaHome, InitReport)> {
        // Lock the register first, so that two inits on one folder cannot interleave.
        let register = open_register(root, params.register)?;
        let algorithm = key.algorithm();
        let now = clock.now();
        let (ca_der, mut chain) = match &parent {
            None => (
                self_signed_root(params.subject.clone(), &key, now, params.days)?,
                Vec::new(),
            ),
            Some(parent) => {
                let record = parent.home.issue(
                    parent.session,
                    parent.authority,
                    IssueRequest {
                        subject: params.subject.clone(),
                        public_key: key.public_key().clone(),
                        profile: "sub-ca".into(),
                        days: Some(params.days),
                        officer: params.officer.clone(),
                        ..Default::default()
                    },
                    clock,
                )?;
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
            qualified: None,
        };
        files::write_public(&root.join(CONFIG_FILE), config.to_toml()?.as_bytes())?;
        let home = CaHome {
            root: root.into(),
            config,
            register,
            chain,
            delivery: Default::default(),
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
        let change = officers_change(
            &[(admin, None)],
            AuditEvent::done(
                now,
                &params.officer,
                "init",
                format_args!("CA created, {} is the first admin", params.officer),
            ),
        )?;
        crate::commit::commit(&home.register, change, Some(authority.signer()))?;
        // The officer who makes the CA is its first admin.
        let ocsp_signer = home.issue_service_signer(
            &authority,
            Service::Ocsp,
            None,
            (&params.officer, Role::Admin),
            clock,
        )?;
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
        let acting = (session.officer.name.as_str(), session.officer.role);
        self.issue_service_signer(authority, Service::Ocsp, None, acting, clock)
    }

    /// Issues the time-stamping authority's certificate (profile `tsa`: id-kp-timeStamping,
    /// critical) and key — `algorithm`, or the CA's GOST parameter set for a GOST CA, else
    /// P-256 — and writes them to `tsa/`, replacing the previous ones.
    pub fn issue_tsa_signer(
        &self,
        session: &AdminSession,
        authority: &Authority,
        algorithm: Option<KeyAlgorithm>,
        clock: &dyn Clock,
    ) -> Result<CertRecord> {
        let acting = (session.officer.name.as_str(), session.officer.role);
        self.issue_service_signer(authority, Service::Tsa, algorithm, acting, clock)
    }

    fn issue_service_signer(
        &self,
        authority: &Authority,
        service: Service,
        algorithm: Option<KeyAlgorithm>,
        (officer, role): (&str, Role),
        clock: &dyn Clock,
    ) -> Result<CertRecord> {
        // A GOST CA's services sign in GOST (on the CA's parameter set); any other CA's are
        // P-256, unless an algorithm is asked for.
        let algorithm = match (
            algorithm,
            KeyAlgorithm::of_spki(authority.signer().public_key())?,
        ) {
            (Some(asked), _) => asked,
            (None, gost @ KeyAlgorithm::Gost(_)) => gost,
            (None, _) => KeyAlgorithm::EcdsaP256,
        };
        let (key, pkcs8) = SoftwareKey::generate(algorithm)?;
        let mut subject = authority.name().clone();
        let cn = crate::names::subject::parse_subject(
            service.common_name(),
            &crate::names::identifiers::Identifiers::default(),
        )?;
        subject.0.extend(cn.0);
        let record = self.issuer_as(authority, role, clock).issue(IssueRequest {
            subject,
            public_key: key.public_key().clone(),
            profile: service.profile().into(),
            officer: officer.into(),
            ..Default::default()
        })?;
        self.deliver_after_change(authority, clock);
        let (dir, key_file, cert_file) = service.files();
        let dir = self.root.join(dir);
        create_private_dir(&dir)?;
        let key_path = self.root.join(key_file);
        let key_pem = pkcs8::SecretDocument::try_from(pkcs8.as_slice())
            .and_then(|d| d.to_pem("PRIVATE KEY", pkcs8::LineEnding::LF))
            .map_err(|e| Error::Encoding(e.to_string()))?;
        if key_path.exists() {
            fs::remove_file(&key_path).map_err(|e| Error::io(&key_path, e))?;
        }
        files::write_secret(&key_path, key_pem.as_bytes())?;
        files::write_public(
            &self.root.join(cert_file),
            crate::pem::certificate(&record.der)?.as_bytes(),
        )?;
        Ok(record)
    }
}

/// A service the CA delegates a signing key to.
#[derive(Debug, Clone, Copy)]
enum Service {
    /// The OCSP responder's signer (HOME/ocsp/).
    Ocsp,
    /// The time-stamping authority (HOME/tsa/).
    Tsa,
}

impl Service {
    fn common_name(self) -> &'static str {
        match self {
            Service::Ocsp => "CN=OCSP responder",
            Service::Tsa => "CN=Time-stamping authority",
        }
    }

    fn profile(self) -> &'static str {
        match self {
            Service::Ocsp => "ocsp-signer",
            Service::Tsa => "tsa",
        }
    }

    /// Folder, key file, certificate file.
    fn files(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Service::Ocsp => (layout::OCSP, layout::OCSP_KEY, layout::OCSP_CERT),
            Service::Tsa => (layout::TSA, layout::TSA_KEY, layout::TSA_CERT),
        }
    }
}
