//! `ocsp-server`: answers OCSP requests (RFC 6960 POST, RFC 5019 GET) for one CA from its own
//! replica of certificate status, signed by the CA's delegated OCSP signer. It never holds the
//! CA key nor opens the CA's register: the replica is fed by status updates the CA signed,
//! pushed to `POST /publish` or loaded from a file with `ocsp-server import FILE`.
#![forbid(unsafe_code)]

mod cache;
mod http;
mod i18n;
mod metrics;
mod replica;
mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches, Subcommand};

use crate::i18n::tr;

/// OCSP responder fed by signed status updates.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "ocsp-server", version, about)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// The responder's data folder (its replica).
    #[arg(long, value_name = "DIR", global = true)]
    data: Option<PathBuf>,
    /// The CA certificate (PEM), the first certificate of HOME/ca.pem.
    #[arg(long, value_name = "FILE", global = true)]
    ca_cert: Option<PathBuf>,
    /// The delegated signer's certificate (HOME/ocsp/signer.pem).
    #[arg(long, value_name = "FILE")]
    signer_cert: Option<PathBuf>,
    /// The delegated signer's key (HOME/ocsp/signer.key); if encrypted, the passphrase comes
    /// from --signer-passphrase-file or OCSP_SIGNER_PASSPHRASE.
    #[arg(long, value_name = "FILE")]
    signer_key: Option<PathBuf>,
    /// A file holding the passphrase of an encrypted signer key.
    #[arg(long, value_name = "FILE")]
    signer_passphrase_file: Option<PathBuf>,
    /// Validity of each answer (nextUpdate - thisUpdate), seconds.
    #[arg(long, default_value_t = 3600, value_name = "SECS")]
    validity: u64,
    /// How long HTTP caches may keep a GET answer (Cache-Control max-age), seconds. A revocation
    /// reaches clients behind such a cache at most this late.
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    max_age: u64,
    /// Connections served at once.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    max_connections: usize,
    /// Time for a request's headers to arrive (and idle time between requests), seconds.
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    header_timeout: u64,
    /// This responder's URL as the CA registered it (`ca responder add URL`), named in the
    /// acknowledgements it signs (default: http:// and --listen).
    #[arg(long, value_name = "URL")]
    feed_url: Option<String>,
    /// Status updates (`POST /publish`) received at once; more are answered 503 at once, so
    /// slow or hostile feed clients cannot take the connections OCSP clients need.
    #[arg(long, default_value_t = 8, value_name = "N")]
    max_feed_connections: usize,
    /// The time-stamping authority's certificate (HOME/tsa/signer.pem, from `ca tsa-signer`):
    /// with --tsa-key, POST /tsp answers RFC 3161 requests.
    #[arg(long, value_name = "FILE", requires = "tsa_key")]
    tsa_cert: Option<PathBuf>,
    /// The TSA's key (HOME/tsa/signer.key); if encrypted, its passphrase comes from
    /// TSA_SIGNER_PASSPHRASE or --tsa-passphrase-file.
    #[arg(long, value_name = "FILE", requires = "tsa_cert")]
    tsa_key: Option<PathBuf>,
    /// A file holding the TSA key's passphrase.
    #[arg(long, value_name = "FILE")]
    tsa_passphrase_file: Option<PathBuf>,
    /// The policy OID stated in every token (a request naming another is refused with
    /// unacceptedPolicy); default ETSI's best-practices time-stamp policy 0.4.0.2023.1.1.
    #[arg(long, value_name = "OID")]
    tsa_policy: Option<String>,
    /// Log lines: `text` (one human-readable line per event) or `json` (one JSON object per
    /// line, for log collectors). Always on stderr.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
    /// The least severe events logged: error, warn, info or debug.
    #[arg(long, default_value = "info", value_name = "LEVEL", global = true)]
    log_level: tracing::Level,
    /// The language of the help and start-up messages: en or ru (default: the locale, LC_ALL,
    /// LC_MESSAGES, LANG); log lines and metrics are always English.
    #[arg(long, global = true, value_name = "en|ru", value_parser = ["en", "ru"])]
    lang: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    /// A readable line per event.
    Text,
    /// A JSON object per line.
    Json,
}

/// Log events to stderr, in `format`, from `level` up.
fn init_logging(format: LogFormat, level: tracing::Level) {
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .with_ansi(false);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

#[derive(Debug, Clone, Subcommand)]
enum Command {
    /// Load a signed status update file into the replica and exit.
    Import {
        /// The file written by `ca publish --out`.
        file: PathBuf,
    },
}

impl Cli {
    fn data(&self) -> Result<&PathBuf> {
        self.data
            .as_ref()
            .ok_or_else(|| refused(tr("need-data", &[])).into())
    }

    fn ca_cert(&self) -> Result<&PathBuf> {
        self.ca_cert
            .as_ref()
            .ok_or_else(|| refused(tr("need-ca-cert", &[])).into())
    }
}

/// A start-up refusal already worded in the language in use (exit code 2, as ca-core's bad
/// input).
fn refused(text: String) -> ca_core::Error {
    ca_core::Error::Invalid(ca_core::Refusal::new(
        "ocsp-server-start-up",
        text,
        Vec::new(),
    ))
}

fn ca_certificate(path: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path)
        .with_context(|| tr("reading", &[("path", path.display().to_string())]))?;
    Ok(ca_core::pem::certificates(&bytes)?.remove(0))
}

fn ca_key(path: &Path) -> Result<spki::SubjectPublicKeyInfoOwned> {
    let ca = ca_certificate(path)?;
    let ca = <ca_core::x509::Certificate as ca_core::der::Decode>::from_der(&ca)?;
    Ok(ca.tbs_certificate.subject_public_key_info)
}

fn import(cli: &Cli, file: &PathBuf) -> Result<()> {
    let ca_key = ca_key(cli.ca_cert()?)?;
    let bytes = std::fs::read(file)
        .with_context(|| tr("reading", &[("path", file.display().to_string())]))?;
    let update = ca_core::publish::feed::StatusUpdate::verify(&bytes, &ca_key)?;
    let replica = replica::Replica::open(cli.data()?)?;
    match replica.apply(&update, true) {
        Ok(position) => {
            println!(
                "{}",
                tr(
                    "import-applied",
                    &[
                        ("sequence", position.sequence.to_string()),
                        ("entries", update.entries.len().to_string())
                    ]
                )
            );
            Ok(())
        }
        Err(replica::ApplyError::Storage(e)) => Err(e),
        Err(replica::ApplyError::Refused { why, at }) => {
            let key = match why {
                ca_core::publish::feed::Refusal::Replayed => "import-replayed",
                ca_core::publish::feed::Refusal::OutOfOrder => "import-out-of-order",
                ca_core::publish::feed::Refusal::Fork => "import-fork",
            };
            Err(refused(tr(
                "import-refused",
                &[
                    ("sequence", update.sequence.to_string()),
                    ("error", tr(key, &[("at", at.to_string())])),
                ],
            ))
            .into())
        }
    }
}

/// Reads the signer files into a responder.
fn load_responder(cli: &Cli) -> Result<ca_core::ocsp::Responder> {
    let ca = ca_certificate(cli.ca_cert()?)?;
    let cert_path = cli
        .signer_cert
        .as_ref()
        .with_context(|| tr("need-signer-cert", &[]))?;
    let key_path = cli
        .signer_key
        .as_ref()
        .with_context(|| tr("need-signer-key", &[]))?;
    let signer_cert = ca_certificate(cert_path)?;
    let passphrase = passphrase(
        cli.signer_passphrase_file.as_ref(),
        "OCSP_SIGNER_PASSPHRASE",
    )?;
    let key = ca_core::keys::load_key_file(key_path, passphrase.as_deref().map(str::as_bytes))?;
    Ok(ca_core::ocsp::Responder::new(
        &ca,
        &signer_cert,
        Box::new(key),
        cli.validity,
    )?)
}

/// A key's passphrase: the first line of `file`, or else the environment variable `env`.
fn passphrase(file: Option<&PathBuf>, env: &str) -> Result<Option<String>> {
    Ok(match file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| tr("reading", &[("path", path.display().to_string())]))?
                .trim_end_matches(['\r', '\n'])
                .to_owned(),
        ),
        None => std::env::var(env).ok(),
    })
}

/// The time-stamping authority of `--tsa-cert` and `--tsa-key`, if they are given.
fn load_tsa(cli: &Cli) -> Result<Option<ca_core::tsa::TimeStampAuthority>> {
    let (Some(cert_path), Some(key_path)) = (&cli.tsa_cert, &cli.tsa_key) else {
        return Ok(None);
    };
    let policy = match &cli.tsa_policy {
        Some(text) => text
            .parse::<ca_core::der::asn1::ObjectIdentifier>()
            .map_err(|e| {
                refused(tr(
                    "bad-policy",
                    &[("policy", format!("{text:?}")), ("error", e.to_string())],
                ))
            })?,
        None => ca_core::tsa::DEFAULT_POLICY,
    };
    let passphrase = passphrase(cli.tsa_passphrase_file.as_ref(), "TSA_SIGNER_PASSPHRASE")?;
    let key = ca_core::keys::load_key_file(key_path, passphrase.as_deref().map(str::as_bytes))?;
    let certificate = ca_certificate(cert_path)?;
    Ok(Some(ca_core::tsa::TimeStampAuthority::new(
        Box::new(key),
        certificate,
        policy,
    )?))
}

/// Memory the answer cache may hold: some 200,000 single-certificate answers.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

/// Runs the responder until SIGTERM or Ctrl-C.
fn serve(cli: &Cli) -> Result<()> {
    let responder = load_responder(cli)?;
    let tsa = load_tsa(cli)?.map(Arc::new);
    let state = Arc::new(http::AppState {
        responder: std::sync::RwLock::new(Arc::new(responder)),
        replica: replica::Replica::open(cli.data()?)?,
        ca_key: ca_key(cli.ca_cert()?)?,
        ca_der: ca_certificate(cli.ca_cert()?)?.into(),
        // A pre-signed answer is re-signed as often as an HTTP cache would refetch it.
        cache: cache::AnswerCache::new(CACHE_BYTES, cli.max_age.clamp(1, 300)),
        metrics: metrics::Metrics::default(),
        max_age: cli.max_age,
        expiry_logged: Default::default(),
        publishing: Default::default(),
        feed_slots: Arc::new(tokio::sync::Semaphore::new(cli.max_feed_connections.max(1))),
        feed_url: cli
            .feed_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", cli.listen)),
        clock: Box::new(ca_core::SystemClock),
        tsa: std::sync::RwLock::new(tsa),
    });
    let limits = serve::Limits {
        max_connections: cli.max_connections.max(1),
        header_timeout: Duration::from_secs(cli.header_timeout.max(1)),
        drain: Duration::from_secs(10),
    };
    let reload_cli = cli.clone();
    serve::run(
        &cli.listen,
        http::router(state.clone()),
        state,
        limits,
        move |state: &http::AppState| {
            match load_responder(&reload_cli) {
                Ok(responder) => {
                    let until = ca_core::time::rfc3339(responder.signer_not_after());
                    state.replace_responder(responder);
                    tracing::info!(valid_until = %until, "SIGHUP: signer files reloaded");
                }
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "SIGHUP: keeping the current signer")
                }
            }
            match load_tsa(&reload_cli) {
                Ok(Some(tsa)) => {
                    *state
                        .tsa
                        .write()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Arc::new(tsa));
                    tracing::info!("SIGHUP: TSA files reloaded");
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "SIGHUP: keeping the current TSA")
                }
            }
        },
    )
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    i18n::install(&args);
    let command = i18n::localize_help(Cli::command());
    let matches = command
        .try_get_matches_from(args)
        .unwrap_or_else(|error| ca_i18n::exit_on_parse_error(error, i18n::lang()));
    let cli = Cli::from_arg_matches(&matches)
        .unwrap_or_else(|error| ca_i18n::exit_on_parse_error(error, i18n::lang()));
    init_logging(cli.log_format, cli.log_level);
    let result = match &cli.command {
        Some(Command::Import { file }) => import(&cli, file),
        None => serve(&cli),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A refusal of the library (a forged update, a bad certificate) in the language
            // chosen; anything else as the code words it.
            let refusal = e
                .chain()
                .filter_map(|c| c.downcast_ref::<ca_core::Error>())
                .find_map(|c| match c {
                    ca_core::Error::Invalid(words)
                    | ca_core::Error::Key(words)
                    | ca_core::Error::Csr(words)
                    | ca_core::Error::UntrustedResponse(words) => Some(words),
                    _ => None,
                });
            match refusal.filter(|_| i18n::lang() != ca_i18n::Lang::En) {
                Some(words) => eprintln!("ocsp-server: {}", i18n::refusal_words(words)),
                None => eprintln!("ocsp-server: {e:#}"),
            }
            let bad_input = e
                .chain()
                .filter_map(|c| c.downcast_ref::<ca_core::Error>())
                .any(|c| c.kind() == ca_core::ErrorKind::BadInput);
            ExitCode::from(if bad_input { 2 } else { 3 })
        }
    }
}
