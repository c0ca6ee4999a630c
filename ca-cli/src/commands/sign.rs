//! `ca sign` and `ca verify`: detached CMS signatures over files (SPEC §7).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use ca_core::signing::{sign_detached, SignOptions};
use ca_core::time::rfc3339;
use ca_core::verification::{verify_detached, OcspSource, Report, RevocationPolicy, VerifyOptions};
use ca_core::{Clock, SystemClock};
use serde::Serialize;

use crate::cli::{Cli, SignArgs, VerifyArgs};
use crate::exit::UsageError;
use crate::output::print_json;

/// Opens the file to sign or verify; a missing one is a usage error.
fn open_content(path: &Path) -> Result<std::io::BufReader<std::fs::File>> {
    let file = std::fs::File::open(path)
        .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
    Ok(std::io::BufReader::with_capacity(1 << 20, file))
}

/// Every certificate in a PEM file (or the one DER certificate it holds).
fn certificates(path: &Path) -> Result<Vec<Vec<u8>>> {
    let bytes = super::read_input(path)?;
    if bytes.starts_with(b"-----") {
        Ok(ca_core::pem::certificates(&bytes)?)
    } else {
        Ok(vec![bytes])
    }
}

/// `ca sign --cert C --key K [--chain F] [--out F.sig] [--pem] FILE`.
pub fn sign(cli: &Cli, args: &SignArgs) -> Result<u8> {
    let mut chain = certificates(&args.cert)?;
    let cert = chain.remove(0);
    if let Some(more) = &args.chain {
        chain.extend(certificates(more)?);
    }
    let key_bytes = super::read_input(&args.key)?;
    let encrypted = key_bytes.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY")
        || pkcs8_is_encrypted_der(&key_bytes);
    let passphrase = if encrypted {
        Some(crate::secret::key_passphrase(
            cli.passphrase_file.as_deref(),
        )?)
    } else {
        None
    };
    let key = ca_core::keys::load_key_file(&args.key, passphrase.as_deref().map(|p| &p[..]))?;
    let content = open_content(&args.file)?;
    let now = SystemClock.now();
    let der = sign_detached(content, &key, &cert, &chain, &SignOptions::at(now))?;
    let out = args.out.clone().unwrap_or_else(|| {
        let mut name = args.file.as_os_str().to_owned();
        name.push(".sig");
        PathBuf::from(name)
    });
    if args.pem {
        ca_core::files::write_public(&out, ca_core::pem::encode("CMS", &der)?.as_bytes())?;
    } else {
        ca_core::files::write_public(&out, &der)?;
    }
    let summary = ca_core::certificate::summary(&cert)?;
    if cli.json {
        print_json(&serde_json::json!({
            "signature": out.display().to_string(),
            "signer": {"subject": summary.subject, "serial": summary.serial.to_string()},
            "signing_time": rfc3339(now),
        }))?;
    } else {
        println!(
            "signed {} as {} (serial {})\nwrote {}",
            args.file.display(),
            summary.subject,
            summary.serial,
            out.display()
        );
    }
    Ok(crate::exit::OK)
}

/// Whether DER bytes are an EncryptedPrivateKeyInfo rather than a PrivateKeyInfo.
fn pkcs8_is_encrypted_der(bytes: &[u8]) -> bool {
    use ca_core::der::Decode;
    pkcs8::EncryptedPrivateKeyInfo::from_der(bytes).is_ok()
}

#[derive(Serialize)]
struct SignerJson {
    subject: Option<String>,
    serial: Option<String>,
}

#[derive(Serialize)]
struct RevocationJson {
    status: String,
    source: String,
}

#[derive(Serialize)]
struct CheckJson {
    name: &'static str,
    passed: bool,
    detail: String,
}

#[derive(Serialize)]
struct VerifyJson {
    valid: bool,
    signer: SignerJson,
    signing_time: Option<String>,
    chain: Vec<String>,
    revocation: RevocationJson,
    errors: Vec<String>,
    checks: Vec<CheckJson>,
}

impl From<&Report> for VerifyJson {
    fn from(r: &Report) -> Self {
        VerifyJson {
            valid: r.valid(),
            signer: SignerJson {
                subject: r.signer_subject.clone(),
                serial: r.signer_serial.clone(),
            },
            signing_time: r.signing_time.map(rfc3339),
            chain: r.chain.clone(),
            revocation: RevocationJson {
                status: r.revocation.status.clone(),
                source: r.revocation.source.clone(),
            },
            errors: r.errors(),
            checks: r
                .checks
                .iter()
                .map(|c| CheckJson {
                    name: c.name,
                    passed: c.passed,
                    detail: c.detail.clone(),
                })
                .collect(),
        }
    }
}

/// `ca verify --sig F --trust ROOTS [--ocsp auto|URL|off] [--crl FILE] [--revocation P] FILE`:
/// 0 when every check passed, 1 when one failed, 2 for unreadable input.
pub fn verify(cli: &Cli, args: &VerifyArgs) -> Result<u8> {
    let policy = match args.revocation.as_str() {
        "required" => RevocationPolicy::Required,
        "if-available" => RevocationPolicy::IfAvailable,
        "off" => RevocationPolicy::Off,
        other => {
            return Err(UsageError(format!(
                "--revocation {other}: use required, if-available or off"
            ))
            .into())
        }
    };
    let ocsp = match args.ocsp.as_str() {
        "auto" => OcspSource::Auto,
        "off" => OcspSource::Off,
        url if url.starts_with("http://") => OcspSource::Url(url.to_owned()),
        other => {
            return Err(
                UsageError(format!("--ocsp {other}: use auto, off or an http:// URL")).into(),
            )
        }
    };
    let crl = match &args.crl {
        Some(path) => {
            let bytes = super::read_input(path)?;
            Some(if bytes.starts_with(b"-----") {
                ca_core::pem::decode_one(&bytes, "X509 CRL")
                    .with_context(|| format!("{} is not a PEM CRL", path.display()))?
            } else {
                bytes
            })
        }
        None => None,
    };
    let options = VerifyOptions {
        trust: certificates(&args.trust)?,
        ocsp,
        crl,
        policy,
        now: SystemClock.now(),
        timeout: Duration::from_secs(10),
    };
    let signature = super::read_input(&args.sig)?;
    let content = open_content(&args.file)?;
    let report = verify_detached(&signature, content, &options)?;
    let json = VerifyJson::from(&report);
    if cli.json {
        print_json(&json)?;
    } else {
        println!(
            "{}: signature {}",
            args.file.display(),
            if json.valid { "VALID" } else { "NOT VALID" }
        );
        println!(
            "signer: {} (serial {})",
            json.signer.subject.as_deref().unwrap_or("?"),
            json.signer.serial.as_deref().unwrap_or("?")
        );
        if let Some(t) = &json.signing_time {
            println!("signing time: {t}");
        }
        for (i, subject) in json.chain.iter().enumerate() {
            println!("chain[{i}]: {subject}");
        }
        println!(
            "revocation: {} ({})",
            json.revocation.status, json.revocation.source
        );
        for check in &json.checks {
            println!(
                "  [{}] {}: {}",
                if check.passed { "ok" } else { "FAILED" },
                check.name,
                check.detail
            );
        }
    }
    Ok(if json.valid {
        crate::exit::OK
    } else {
        crate::exit::NEGATIVE
    })
}
