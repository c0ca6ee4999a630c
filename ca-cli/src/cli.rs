//! Command-line arguments, as clap parses them (stage one; commands check them further).

use std::path::PathBuf;

use ca_core::officers::Role;
use ca_core::profile::config::RegisterKind;
use ca_core::request::identification::IdentificationKind;
use ca_core::status::Reason;
use ca_core::{KeyAlgorithm, Serial};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Certificate authority for electronic-signature certificates.
#[derive(Debug, Parser)]
#[command(name = "ca", version, about, long_about = None)]
pub struct Cli {
    /// The CA home folder.
    #[arg(long, global = true, env = "CA_HOME", default_value = ca_core::CaHome::DEFAULT)]
    pub home: PathBuf,
    /// Print machine-readable JSON (see docs/cli-json.md).
    #[arg(long, global = true)]
    pub json: bool,
    /// Read the CA key passphrase from this file (first line) instead of CA_PASSPHRASE or a prompt.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// The acting officer, who proves it with their own passphrase; recorded with every change.
    #[arg(long, global = true, env = "CA_OFFICER", default_value = "admin")]
    pub officer: String,
    /// The language of messages and help: en or ru (default: the locale, LC_ALL, LC_MESSAGES,
    /// LANG; --json output never changes with it).
    #[arg(long, global = true, value_name = "en|ru", value_parser = ["en", "ru"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a CA in the home: a root, or with --parent a subordinate; also its OCSP signer.
    Init(InitArgs),
    /// Issue a certificate from a PKCS#10 request (proof of possession is checked).
    Issue(IssueArgs),
    /// Generate an applicant's key here and issue; or many at once with --batch.
    Enroll(EnrollArgs),
    /// Find certificates in the register.
    List(ListArgs),
    /// Show one certificate: fields, status, history.
    Show(ShowArgs),
    /// Revoke a certificate for good.
    Revoke(RevokeArgs),
    /// Suspend a certificate (certificateHold).
    Hold(SerialArgs),
    /// Lift a suspension.
    Release(SerialArgs),
    /// Sign and write a CRL (full, or --delta).
    Crl(CrlArgs),
    /// Deliver pending status updates to the registered OCSP responders, or with --out write a
    /// full signed snapshot to a file (`ocsp-server import`).
    Publish(PublishArgs),
    /// The OCSP responders this CA feeds: add, list, remove.
    Responder(ResponderArgs),
    /// Ask an OCSP responder about a certificate, checking the answer's signature, signer and
    /// freshness.
    Status(StatusArgs),
    /// Sign a file: a detached CMS signature (CAdES-BES attributes) with a certificate and key.
    Sign(SignArgs),
    /// Verify a detached CMS signature over a file and print what was checked.
    Verify(VerifyArgs),
    /// Add an RFC 3161 time-stamp token (from a TSA) to a signature as its signature
    /// time-stamp, so that verifiers judge it at the token's time.
    Extend(ExtendArgs),
    /// Issue a fresh delegated OCSP signer (P-256, or GOST on the CA's parameter set for a GOST
    /// CA; 30 days) into HOME/ocsp/, replacing the
    /// current one; copy it to the responders and send them SIGHUP.
    OcspSigner,
    /// Issue the time-stamping authority's certificate (profile tsa: id-kp-timeStamping,
    /// critical) and key into HOME/tsa/, replacing the current ones; give both to
    /// `ocsp-server --tsa-cert --tsa-key`.
    TsaSigner(TsaSignerArgs),
    /// Officers and their roles: add, list, disable.
    Officer(OfficerArgs),
    /// Print the audit log, or verify its chain and signatures.
    Audit(AuditArgs),
    /// Show the main job on the embedded default: a CA in ./ca-home, a signing certificate, a
    /// document signed with it and verified.
    Quickstart(QuickstartArgs),
    /// Print a completion script for a shell (bash: `source <(ca completions bash)`).
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `ca man > ca.1; man -l ca.1`.
    Man,
}

/// `ca completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Russian identifiers, each checked by its check digits.
#[derive(Debug, Args, Default, Clone)]
pub struct IdentifierArgs {
    /// СНИЛС, 11 digits (dashes and spaces allowed).
    #[arg(long)]
    pub snils: Option<String>,
    /// ИНН of a person, 12 digits.
    #[arg(long)]
    pub inn: Option<String>,
    /// ИНН of an organisation, 10 digits.
    #[arg(long)]
    pub innle: Option<String>,
    /// ОГРН, 13 digits.
    #[arg(long)]
    pub ogrn: Option<String>,
    /// ОГРНИП, 15 digits.
    #[arg(long)]
    pub ogrnip: Option<String>,
}

/// `ca init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The CA's subject, RFC 4514 (e.g. "CN=Региональный УЦ,O=ГКУ,C=RU").
    #[arg(long)]
    pub subject: String,
    #[command(flatten)]
    pub identifiers: IdentifierArgs,
    /// Key algorithm to generate: p256, p384, ed25519, gost2012-256[:A|B|C|D] (B when bare:
    /// CryptoPro-A), gost2012-512[:A|B|C] (A when bare).
    #[arg(long, default_value = "p256", conflicts_with = "key_file")]
    pub key: KeyAlgorithm,
    /// Import the CA key from a PKCS#8 file (RSA 2048-4096, P-256, P-384, Ed25519, GOST R
    /// 34.10-2012 as the gost engine writes it); an encrypted
    /// file must be under the same passphrase as the new CA.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Validity in days (default 3650 for a root, 1825 for a subordinate).
    #[arg(long)]
    pub days: Option<u32>,
    /// OCSP responder URL written into issued certificates (AIA).
    #[arg(long)]
    pub ocsp_url: Option<String>,
    /// CRL URL written into issued certificates (CRL distribution point).
    #[arg(long)]
    pub crl_url: Option<String>,
    /// URL of this CA's certificate written into issued certificates (AIA caIssuers).
    #[arg(long)]
    pub ca_issuers_url: Option<String>,
    /// URL where delta CRLs are published, announced in full CRLs (freshestCRL).
    #[arg(long)]
    pub delta_crl_url: Option<String>,
    /// The base URL of the center's responder (ocsp-server), from which the four URLs above
    /// are made: BASE/ocsp (OCSP), BASE/ca.cer (caIssuers), BASE/crl (CRL distribution point)
    /// and BASE/delta.crl (freshestCRL) — what the responder serves.
    #[arg(
        long,
        value_name = "URL",
        conflicts_with_all = ["ocsp_url", "crl_url", "ca_issuers_url", "delta_crl_url"]
    )]
    pub services_url: Option<String>,
    /// Home of the parent CA: makes a subordinate CA signed by it. The parent's passphrase comes
    /// from CA_PARENT_PASSPHRASE, --parent-passphrase-file or a prompt.
    #[arg(long, value_name = "PARENT_HOME")]
    pub parent: Option<PathBuf>,
    /// Storage engine of the register: sled (default) or redb (opens in constant time, for
    /// registers of hundreds of thousands of certificates and more).
    #[arg(long, default_value = "sled")]
    pub register: RegisterKind,
    /// File holding the parent CA's passphrase.
    #[arg(long, value_name = "FILE", requires = "parent")]
    pub parent_passphrase_file: Option<PathBuf>,
    /// Admin of the parent CA who signs the subordinate (default: --officer).
    #[arg(long, value_name = "NAME", requires = "parent")]
    pub parent_officer: Option<String>,
}

/// `ca issue`.
#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The PKCS#10 request, PEM or DER.
    #[arg(long, value_name = "FILE")]
    pub csr: PathBuf,
    /// Profile: signing, ocsp-signer, sub-ca, or one from ca.toml.
    #[arg(long, default_value = "signing")]
    pub profile: String,
    /// Validity in days (default: the profile's); never past the CA's own.
    #[arg(long)]
    pub days: Option<u32>,
    /// Subject to certify instead of the one in the request (RFC 4514).
    #[arg(long)]
    pub subject: Option<String>,
    #[command(flatten)]
    pub identifiers: IdentifierArgs,
    /// Write the certificate (PEM) here.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Renew this certificate on purpose with the same key: same holder, still valid or on
    /// hold (a key is otherwise certified once).
    #[arg(long, value_name = "SERIAL")]
    pub renew: Option<Serial>,
    /// How the applicant was identified: in-person, qualified-signature, biometric-passport,
    /// esia-ebs. Kept in the register and written into the certificate (identificationKind).
    #[arg(long, value_name = "HOW", default_value = "in-person")]
    pub identified_by: IdentificationKind,
}

/// `ca enroll`.
#[derive(Debug, Args)]
pub struct EnrollArgs {
    /// The applicant's subject, RFC 4514.
    #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
    pub subject: Option<String>,
    #[command(flatten)]
    pub identifiers: IdentifierArgs,
    /// E-mail address, added to the subject as emailAddress.
    #[arg(long)]
    pub email: Option<String>,
    /// How the applicant was identified: in-person, qualified-signature, biometric-passport,
    /// esia-ebs. Kept in the register and written into the certificate (identificationKind).
    #[arg(long, value_name = "HOW", default_value = "in-person")]
    pub identified_by: IdentificationKind,
    /// Key algorithm to generate: p256, p384, ed25519, gost2012-256[:A|B|C|D],
    /// gost2012-512[:A|B|C].
    #[arg(long, default_value = "p256")]
    pub key: KeyAlgorithm,
    /// Profile.
    #[arg(long, default_value = "signing")]
    pub profile: String,
    /// Validity in days (default: the profile's).
    #[arg(long)]
    pub days: Option<u32>,
    /// Folder for SERIAL.pem, SERIAL.key.p8 and SERIAL.p12.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Protect the keys with the PIN in this file instead of a printed one-time PIN.
    #[arg(long, value_name = "FILE")]
    pub pin_file: Option<PathBuf>,
    /// Enroll every row of a UTF-8 CSV file (header: subject, snils, inn, innle, ogrn, ogrnip,
    /// email, profile, key, identified_by).
    #[arg(long, value_name = "FILE.csv")]
    pub batch: Option<PathBuf>,
}

/// `ca list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only certificates with this status: valid, on-hold, revoked, expired, issuing.
    #[arg(long)]
    pub status: Option<String>,
    /// Only certificates that expire within this many days.
    #[arg(long, value_name = "DAYS")]
    pub expiring_within: Option<u32>,
    /// Only subjects containing this text (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub subject: Option<String>,
    /// Only the holder of this СНИЛС.
    #[arg(long)]
    pub snils: Option<String>,
}

/// `ca show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Serial number, hex (colons and either case accepted).
    pub serial: Serial,
    /// Print only the certificate as PEM.
    #[arg(long)]
    pub pem: bool,
    /// Write the printable copy for the holder (PDF, in Russian: holder, identifiers, serial,
    /// validity, key usage, key fingerprint, the CA, the officer, places to sign) to FILE.pdf.
    #[arg(long, value_name = "FILE.pdf", conflicts_with = "pem")]
    pub print: Option<std::path::PathBuf>,
}

/// `ca revoke`.
#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// Serial number, hex (colons and either case accepted).
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    pub serial: Option<Serial>,
    /// Revoke every certificate of a UTF-8 CSV file with a header row: `serial`, and optional
    /// `reason` and `invalidity_date` columns; each line reported, a bad one by its number.
    #[arg(long, value_name = "FILE.csv", conflicts_with_all = ["reason", "invalidity_date"])]
    pub batch: Option<std::path::PathBuf>,
    /// unspecified, keyCompromise, caCompromise, affiliationChanged, superseded,
    /// cessationOfOperation, certificateHold (same as `ca hold`), privilegeWithdrawn.
    #[arg(long, default_value = "unspecified")]
    pub reason: Reason,
    /// When the key is known or suspected to have been compromised (RFC 3339).
    #[arg(long, value_name = "RFC3339")]
    pub invalidity_date: Option<String>,
}

/// A command on one certificate.
#[derive(Debug, Args)]
pub struct SerialArgs {
    /// Serial number, hex (colons and either case accepted).
    pub serial: Serial,
}

/// `ca crl`.
#[derive(Debug, Args)]
pub struct CrlArgs {
    /// A delta CRL: what changed since the last full CRL.
    #[arg(long)]
    pub delta: bool,
    /// Also write the CRL here.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write --out as PEM instead of DER.
    #[arg(long)]
    pub pem: bool,
}

/// `ca publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Write a full signed snapshot to this file instead of delivering to responders.
    #[arg(long, value_name = "FILE", conflicts_with = "rebase")]
    pub out: Option<PathBuf>,
    /// Re-base this registered responder (admin): a full snapshot that replaces whatever
    /// history it holds — after restoring this CA from a backup, or once a copy of it fed the
    /// responder. Audited.
    #[arg(long, value_name = "URL")]
    pub rebase: Option<String>,
}

/// `ca sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The signer's certificate (PEM; further certificates in the file are its chain).
    #[arg(long, value_name = "FILE")]
    pub cert: PathBuf,
    /// The signer's private key (PKCS#8 PEM or DER; if encrypted, its passphrase comes from
    /// CA_KEY_PASSPHRASE, --passphrase-file or a prompt).
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// More chain certificates to include (PEM).
    #[arg(long, value_name = "FILE")]
    pub chain: Option<PathBuf>,
    /// Where to write the signature (default: FILE.sig).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write PEM instead of DER.
    #[arg(long)]
    pub pem: bool,
    /// Add a signature time-stamp from the RFC 3161 TSA at this URL (CAdES-T), e.g.
    /// http://responder:8080/tsp: the signature's proven time.
    #[arg(long, value_name = "URL")]
    pub tsa: Option<String>,
    /// After the time-stamp, also embed what proves the chain good at that time (CAdES-LT,
    /// ETSI B-LT): an OCSP answer and the CRL for each certificate of the path, so the
    /// signature verifies offline for years (`ca verify --offline`).
    #[arg(long, requires = "tsa")]
    pub long_term: bool,
    /// The file to sign.
    pub file: PathBuf,
}

/// `ca verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The detached signature (DER or PEM).
    #[arg(long, value_name = "FILE")]
    pub sig: PathBuf,
    /// Trusted root certificates (PEM, one or more).
    #[arg(long, value_name = "FILE")]
    pub trust: PathBuf,
    /// Roots trusted for signature time-stamps (PEM; default: the --trust roots).
    #[arg(long, value_name = "FILE")]
    pub tsa_trust: Option<PathBuf>,
    /// OCSP: `auto` (the URL in each certificate), a URL for the signer's certificate, or `off`.
    #[arg(long, default_value = "auto", value_name = "auto|URL|off")]
    pub ocsp: String,
    /// A CRL (DER or PEM), checked instead of OCSP for the certificates its issuer issued;
    /// give it once per issuer on the path.
    #[arg(long, value_name = "FILE")]
    pub crl: Vec<PathBuf>,
    /// Whether revocation must be established: required, if-available, off.
    #[arg(long, default_value = "required", value_name = "POLICY")]
    pub revocation: String,
    #[command(flatten)]
    pub nonce: NonceArgs,
    /// Decide from the CRLs and OCSP answers the signature carries (a long-term signature)
    /// and the --crl files alone: no responder is asked.
    #[arg(long)]
    pub offline: bool,
    /// The signed file.
    pub file: PathBuf,
}

/// Whether an OCSP answer must echo the nonce sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NonceMode {
    /// Refuse an answer without the nonce sent (a captured answer cannot be replayed).
    Required,
    /// Accept a nonce-less (pre-signed) answer no older than --ocsp-max-age.
    Optional,
}

/// OCSP nonce handling, shared by `ca verify` and `ca status`.
#[derive(Debug, Args)]
pub struct NonceArgs {
    /// Whether OCSP answers must carry the nonce sent.
    #[arg(long, value_enum, default_value = "required")]
    pub ocsp_nonce: NonceMode,
    /// With --ocsp-nonce optional: the oldest thisUpdate accepted, seconds before now.
    #[arg(long, default_value_t = 300, value_name = "SECS")]
    pub ocsp_max_age: u64,
}

impl NonceArgs {
    /// The library's policy.
    pub fn policy(&self) -> ca_core::ocsp::client::NoncePolicy {
        match self.ocsp_nonce {
            NonceMode::Required => ca_core::ocsp::client::NoncePolicy::Required,
            NonceMode::Optional => ca_core::ocsp::client::NoncePolicy::Optional {
                max_age: self.ocsp_max_age,
            },
        }
    }
}

/// `ca extend`.
#[derive(Debug, Args)]
pub struct ExtendArgs {
    /// The signature to extend (DER, BER or PEM).
    pub sig: PathBuf,
    /// Write an RFC 3161 time-stamp request (.tsq) for this signature's value to FILE, to
    /// send to a TSA; then add its answer with --token.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["token", "out", "tsa"])]
    pub query: Option<PathBuf>,
    /// The RFC 3161 time-stamp response (.tsr) or token whose imprint is this signature's value.
    #[arg(long, value_name = "FILE", requires = "out", conflicts_with = "tsa")]
    pub token: Option<PathBuf>,
    /// Ask the RFC 3161 TSA at this URL for the token (e.g. http://responder:8080/tsp).
    #[arg(long, value_name = "URL", requires = "out")]
    pub tsa: Option<String>,
    /// Then embed the validation material (CAdES-LT, ETSI B-LT): an OCSP answer and the CRL
    /// for each certificate of the path; the signature must be time-stamped (now or before).
    #[arg(long, requires = "out", conflicts_with = "query")]
    pub long_term: bool,
    /// Where to write the extended signature (DER).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `ca status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The certificate to ask about (PEM or DER).
    #[arg(long, value_name = "FILE")]
    pub cert: PathBuf,
    /// The CA certificate that issued it (default: this home's CA certificate).
    #[arg(long, value_name = "FILE")]
    pub issuer: Option<PathBuf>,
    /// The responder's URL (default: the OCSP URL in the certificate).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    #[command(flatten)]
    pub nonce: NonceArgs,
}

/// `ca responder`.
#[derive(Debug, Args)]
pub struct ResponderArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ResponderCommand,
}

/// `ca responder ...`.
#[derive(Debug, Subcommand)]
pub enum ResponderCommand {
    /// Register a responder (its base URL, http://host:port) and send it a full snapshot.
    Add {
        /// The responder's base URL; updates go to URL/publish.
        url: String,
    },
    /// The responders fed, with how far each has got.
    List,
    /// Stop feeding a responder.
    Remove {
        /// The responder's base URL, as registered.
        url: String,
    },
}

/// `ca quickstart`.
#[derive(Debug, Args)]
pub struct QuickstartArgs {
    /// Folder for the demo applicant's files (default HOME/quickstart).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `ca officer`.
#[derive(Debug, Args)]
pub struct OfficerArgs {
    #[command(subcommand)]
    pub command: OfficerCommand,
}

/// `ca officer` subcommands.
#[derive(Debug, Subcommand)]
pub enum OfficerCommand {
    /// Add an officer (admin only). Their passphrase comes from CA_NEW_OFFICER_PASSPHRASE,
    /// --new-passphrase-file or a prompt.
    Add {
        /// Login name.
        name: String,
        /// admin, officer or auditor.
        #[arg(long)]
        role: Role,
        /// File holding the new officer's passphrase.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// List officers.
    List,
    /// Disable an officer at once (admin only): their key pair is deleted and the data key
    /// rotated, so a copy of the home they kept does not open the new CA key file.
    Disable {
        /// Login name.
        name: String,
    },
    /// Change an officer's role (admin only); the data key is rotated.
    Role {
        /// Login name.
        name: String,
        /// admin, officer or auditor.
        role: Role,
    },
    /// Rotate the data key now (admin only): once every officer who held a key slot from an
    /// older release has logged in, after a disable or role change that could not rotate.
    Rotate,
}

/// `ca audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only entries at or after this time (RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Recompute the hash chain and check the signed heads; exit 1 naming the first entry that
    /// was changed, removed or moved.
    #[arg(long)]
    pub verify: bool,
}

/// `ca tsa-signer`.
#[derive(Debug, clap::Args)]
pub struct TsaSignerArgs {
    /// Key algorithm: p256, p384, ed25519, gost2012-256[:A|B|C|D], gost2012-512[:A|B|C]
    /// (default: the CA's GOST parameter set for a GOST CA, else p256).
    #[arg(long)]
    pub key: Option<KeyAlgorithm>,
}
