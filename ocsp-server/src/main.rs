//! `ocsp-server`: answers OCSP requests (RFC 6960 POST, RFC 5019 GET) for one CA from its own
//! replica of certificate status, signed by the CA's delegated OCSP signer. It never holds the
//! CA key nor opens the CA's register: the replica is fed by status updates the CA signed
//! (`ca publish --out FILE`, then `ocsp-server import FILE`).
#![forbid(unsafe_code)]

mod http;
mod metrics;
mod replica;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

/// OCSP responder fed by signed status updates.
#[derive(Debug, Parser)]
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
    /// from OCSP_SIGNER_PASSPHRASE.
    #[arg(long, value_name = "FILE")]
    signer_key: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
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
            .ok_or_else(|| ca_core::Error::Invalid("--data DIR is needed".into()).into())
    }

    fn ca_cert(&self) -> Result<&PathBuf> {
        self.ca_cert
            .as_ref()
            .ok_or_else(|| ca_core::Error::Invalid("--ca-cert FILE is needed".into()).into())
    }
}

fn ca_certificate(path: &PathBuf) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(ca_core::pem::certificates(&bytes)?.remove(0))
}

fn import(cli: &Cli, file: &PathBuf) -> Result<()> {
    let ca = ca_certificate(cli.ca_cert()?)?;
    let ca = <ca_core::x509::Certificate as ca_core::der::Decode>::from_der(&ca)?;
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let update =
        ca_core::feed::StatusUpdate::verify(&bytes, &ca.tbs_certificate.subject_public_key_info)?;
    let replica = replica::Replica::open(cli.data()?)?;
    replica.apply(&update)?;
    println!(
        "status update {} applied: {} certificates",
        update.sequence,
        update.entries.len()
    );
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Import { file }) => import(&cli, file),
        None => http::serve(&cli),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ocsp-server: {e:#}");
            let bad_input = e
                .chain()
                .filter_map(|c| c.downcast_ref::<ca_core::Error>())
                .any(|c| c.kind() == ca_core::ErrorKind::BadInput);
            ExitCode::from(if bad_input { 2 } else { 3 })
        }
    }
}
