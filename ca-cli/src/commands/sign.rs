//! `ca sign` and `ca verify`: detached CMS signatures over files (SPEC §7).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use ca_core::der::Decode;
use ca_core::signing::{sign_detached, SignOptions};
use ca_core::time::rfc3339;
use ca_core::verification::{
    verify_detached, CollectedItem, OcspSource, Report, RevocationPolicy, VerifyOptions,
};
use ca_core::{Clock, SystemClock};
use serde::Serialize;

use crate::cli::{Cli, ExtendArgs, SignArgs, VerifyArgs};
use crate::exit::Exit;
use crate::exit::UsageError;
use crate::output::print_json;

/// Opens the file to sign or verify; a missing one is a usage error.
fn open_content(path: &Path) -> Result<std::io::BufReader<std::fs::File>> {
    let file = std::fs::File::open(path)
        .map_err(|e| UsageError(tr!("usage-cannot-read", path = path.display(), error = e)))?;
    Ok(std::io::BufReader::with_capacity(1 << 20, file))
}

/// Every certificate in a PEM file (or the one DER certificate it holds).
fn certificates(path: &Path) -> Result<Vec<Vec<u8>>> {
    let bytes = super::read_input(path)?;
    let found = ca_core::pem::certificates(&bytes)
        .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    Ok(found)
}

/// How long a TSA may take to answer.
const TSA_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// `ca sign --cert C --key K [--chain F] [--out F.sig] [--pem] [--tsa URL] FILE`.
pub fn sign(cli: &Cli, args: &SignArgs) -> Result<Exit> {
    let mut chain = certificates(&args.cert)?;
    let cert = chain.remove(0);
    if let Some(more) = &args.chain {
        chain.extend(certificates(more)?);
    }
    let key_bytes = super::read_input(&args.key)?;
    let encrypted = ca_core::keys::is_encrypted_key_file(&key_bytes);
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
    let mut der = sign_detached(content, &key, &cert, &chain, &SignOptions::at(now))?;
    let mut proven_time = None;
    if let Some(url) = &args.tsa {
        let (stamped, gen_time) = ca_core::verification::time_stamp_online(&der, url, TSA_TIMEOUT)?;
        der = stamped;
        proven_time = Some(gen_time);
    }
    let mut collected = None;
    if args.long_term {
        let (long_term, items) =
            ca_core::verification::add_long_term_data(&der, SystemClock.now(), TSA_TIMEOUT)?;
        der = long_term;
        collected = Some(items);
    }
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
    let summary = ca_core::issuance::certificate::summary(&cert)?;
    if cli.json {
        print_json(&serde_json::json!({
            "signature": out.display().to_string(),
            "signer": {"subject": summary.subject, "serial": summary.serial.to_string()},
            "signing_time": rfc3339(now),
            "timestamp": proven_time.map(rfc3339),
            "validation_data": collected.as_deref().map(collected_json),
        }))?;
    } else {
        say!(
            "{}",
            tr!(
                "sign-done",
                file = args.file.display(),
                subject = summary.subject,
                serial = summary.serial,
                out = out.display()
            )
        );
        if let Some(gen_time) = proven_time {
            say!("{}", tr!("sign-time-stamped", time = rfc3339(gen_time)));
        }
        if let Some(items) = &collected {
            print_collected(items);
        }
    }
    Ok(Exit::Ok)
}

/// The validation material fetched for a long-term signature, as JSON.
fn collected_json(items: &[CollectedItem]) -> serde_json::Value {
    items
        .iter()
        .map(|i| {
            serde_json::json!({
                "kind": i.kind,
                "subject": i.subject,
                "serial": i.certificate_serial,
                "url": i.url,
                "status": i.status,
                "embedded": i.embedded,
            })
        })
        .collect()
}

fn print_collected(items: &[CollectedItem]) {
    for i in items {
        let words = if i.embedded {
            tr!(
                "collected-embedded",
                kind = i.kind,
                subject = i.subject,
                serial = i.certificate_serial,
                url = i.url,
                status = super::revoke::status_words(&i.status)
            )
        } else {
            tr!(
                "collected-none",
                kind = i.kind,
                subject = i.subject,
                serial = i.certificate_serial,
                url = i.url,
                status = i.status
            )
        };
        say!("{words}");
    }
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
struct PathRevocationJson {
    serial: String,
    subject: String,
    status: String,
    source: String,
    passed: bool,
    detail: String,
}

#[derive(Serialize)]
struct ValidationItemJson {
    kind: &'static str,
    serial: String,
    time: Option<String>,
    used: bool,
    detail: String,
    /// The detail in the language in use, for the human report (not in the JSON).
    #[serde(skip)]
    words: String,
}

#[derive(Serialize)]
struct CheckJson {
    name: &'static str,
    passed: bool,
    detail: String,
    /// The detail in the language in use, for the human report (not in the JSON).
    #[serde(skip)]
    words: String,
}

#[derive(Serialize)]
struct TimestampJson {
    gen_time: String,
    tsa: String,
}

#[derive(Serialize)]
struct VerifyJson {
    valid: bool,
    signer: SignerJson,
    /// The signer's claimed signing time (not proof).
    signing_time: Option<String>,
    validation_time: String,
    validation_time_source: &'static str,
    timestamp: Option<TimestampJson>,
    chain: Vec<String>,
    revocation: RevocationJson,
    path_revocation: Vec<PathRevocationJson>,
    /// The CRLs and OCSP answers the signature carries, as considered.
    validation_data: Vec<ValidationItemJson>,
    notes: Vec<String>,
    /// The notes in the language in use, for the human report (not in the JSON).
    #[serde(skip)]
    note_words: Vec<String>,
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
            validation_time: rfc3339(r.validation_time),
            validation_time_source: r.validation_time_source.as_str(),
            timestamp: r.timestamp.as_ref().map(|t| TimestampJson {
                gen_time: rfc3339(t.gen_time),
                tsa: t.tsa.clone(),
            }),
            chain: r.chain.clone(),
            revocation: RevocationJson {
                status: r.revocation.status.clone(),
                source: r.revocation.source.clone(),
            },
            path_revocation: r
                .path_revocation
                .iter()
                .map(|p| PathRevocationJson {
                    serial: p.serial.clone(),
                    subject: p.subject.clone(),
                    status: p.status.clone(),
                    source: p.source.clone(),
                    passed: p.passed,
                    detail: p.detail.clone(),
                })
                .collect(),
            validation_data: r
                .validation_data
                .iter()
                .map(|v| ValidationItemJson {
                    kind: v.kind,
                    serial: v.certificate_serial.clone(),
                    time: v.time.map(rfc3339),
                    used: v.used,
                    detail: v.detail.clone(),
                    words: in_language(&v.words),
                })
                .collect(),
            notes: r.notes.iter().map(ToString::to_string).collect(),
            note_words: r.notes.iter().map(in_language).collect(),
            errors: r.errors(),
            checks: r
                .checks
                .iter()
                .map(|c| CheckJson {
                    name: c.name,
                    passed: c.passed,
                    detail: c.detail.clone(),
                    words: in_language(&c.words),
                })
                .collect(),
        }
    }
}

/// Trusted certificates from a file: at least one, each a certificate, or exit 2 naming the
/// file.
fn trusted(path: &Path) -> Result<Vec<Vec<u8>>> {
    let not_roots =
        |why: String| UsageError(tr!("usage-no-trusted", path = path.display(), why = why));
    let found = certificates(path)?;
    for der in &found {
        ca_core::x509::Certificate::from_der(der).map_err(|e| not_roots(e.to_string()))?;
    }
    Ok(found)
}

/// `ca verify --sig F --trust ROOTS [--tsa-trust ROOTS] [--ocsp auto|URL|off] [--crl FILE]...
/// [--revocation P] [--ocsp-nonce required|optional] FILE`: 0 when every check passed, 1 when
/// one failed, 2 for unreadable input.
pub fn verify(cli: &Cli, args: &VerifyArgs) -> Result<Exit> {
    let policy = match args.revocation.as_str() {
        "required" => RevocationPolicy::Required,
        "if-available" => RevocationPolicy::IfAvailable,
        "off" => RevocationPolicy::Off,
        other => return Err(UsageError(tr!("usage-revocation", value = other)).into()),
    };
    let ocsp = match args.ocsp.as_str() {
        "auto" => OcspSource::Auto,
        "off" => OcspSource::Off,
        url if url.starts_with("http://") => OcspSource::Url(url.to_owned()),
        other => return Err(UsageError(tr!("usage-ocsp", value = other)).into()),
    };
    let mut crls = Vec::new();
    for path in &args.crl {
        let bytes = super::read_input(path)?;
        crls.push(if ca_core::pem::is_pem(&bytes) {
            ca_core::pem::decode_one(&bytes, "X509 CRL")
                .map_err(|e| UsageError(format!("{}: {e}", path.display())))?
        } else {
            bytes
        });
    }
    let options = VerifyOptions {
        tsa_trust: args.tsa_trust.as_deref().map(trusted).transpose()?,
        ocsp,
        crls,
        policy,
        nonce: args.nonce.policy(),
        offline: args.offline,
        ..VerifyOptions::new(trusted(&args.trust)?, SystemClock.now())
    };
    let signature = super::read_input(&args.sig)?;
    let content = open_content(&args.file)?;
    let report = verify_detached(&signature, content, &options)?;
    let json = VerifyJson::from(&report);
    if cli.json {
        print_json(&json)?;
    } else {
        print_report(&args.file, &json);
    }
    Ok(if json.valid { Exit::Ok } else { Exit::Negative })
}

fn print_report(file: &Path, json: &VerifyJson) {
    let file = file.display();
    say!(
        "{}",
        if json.valid {
            tr!("verify-valid", file = file)
        } else {
            tr!("verify-not-valid", file = file)
        }
    );
    say!(
        "{}",
        tr!(
            "verify-signer",
            subject = json.signer.subject.as_deref().unwrap_or("?"),
            serial = json.signer.serial.as_deref().unwrap_or("?")
        )
    );
    if let Some(t) = &json.signing_time {
        say!("{}", tr!("verify-signing-time", time = t));
    }
    match &json.timestamp {
        Some(t) => say!(
            "{}",
            tr!(
                "verify-time-stamped",
                time = json.validation_time,
                tsa = t.tsa
            )
        ),
        None => say!("{}", tr!("verify-time-now", time = json.validation_time)),
    }
    for (i, subject) in json.chain.iter().enumerate() {
        say!("{}", tr!("verify-chain", index = i, subject = subject));
    }
    if json.path_revocation.is_empty() {
        say!(
            "{}",
            tr!(
                "verify-revocation",
                status = json.revocation.status,
                source = json.revocation.source
            )
        );
    }
    for entry in &json.path_revocation {
        say!(
            "{}",
            tr!(
                "verify-revocation-of",
                subject = entry.subject,
                serial = entry.serial,
                status = entry.status,
                source = entry.source
            )
        );
    }
    for item in &json.validation_data {
        let words = if item.used {
            tr!(
                "verify-embedded-used",
                kind = item.kind,
                serial = item.serial,
                detail = item.words
            )
        } else {
            tr!(
                "verify-embedded",
                kind = item.kind,
                serial = item.serial,
                detail = item.words
            )
        };
        say!("{words}");
    }
    for note in &json.note_words {
        say!("{}", tr!("verify-note", note = note));
    }
    for check in &json.checks {
        say!(
            "  [{}] {}: {}",
            if check.passed {
                tr!("verify-check-ok")
            } else {
                tr!("verify-check-failed")
            },
            check_name(check.name),
            check.words
        );
    }
}

/// The library's words in the language in use (its English text in English).
fn in_language(words: &ca_core::Refusal) -> String {
    crate::i18n::errors::refusal_words(words, crate::i18n::lang())
}

/// A check's name in the language in use (`--json` keeps the English name).
fn check_name(name: &str) -> String {
    match name {
        "signed-attributes" => tr!("check-signed-attributes"),
        "digest" => tr!("check-digest"),
        "signature" => tr!("check-signature"),
        "signing-certificate" => tr!("check-signing-certificate"),
        "timestamp" => tr!("check-timestamp"),
        "signing-time" => tr!("check-signing-time"),
        "chain" => tr!("check-chain"),
        "key-usage" => tr!("check-key-usage"),
        "revocation" => tr!("check-revocation"),
        other => other.to_owned(),
    }
}

/// `ca extend SIG --token FILE --out FILE`: the signature with the token as its signature
/// time-stamp.
pub fn extend(cli: &Cli, args: &ExtendArgs) -> Result<Exit> {
    let signature = super::read_input(&args.sig)?;
    if let Some(query) = &args.query {
        let request = ca_core::verification::query_for(&signature)?;
        ca_core::files::write_public(query, &request)?;
        if cli.json {
            print_json(&serde_json::json!({ "query": query.display().to_string() }))?;
        } else {
            say!(
                "{}",
                tr!(
                    "extend-query-written",
                    query = query.display(),
                    sig = args.sig.display()
                )
            );
        }
        return Ok(Exit::Ok);
    }
    let Some(out) = &args.out else {
        return Err(UsageError(tr!("usage-extend")).into());
    };
    let mut extended = signature;
    let mut json = serde_json::json!({ "signature": out.display().to_string() });
    let mut said = Vec::new();
    if let Some(url) = &args.tsa {
        let (stamped, gen_time) =
            ca_core::verification::time_stamp_online(&extended, url, TSA_TIMEOUT)?;
        extended = stamped;
        json["timestamp"] = rfc3339(gen_time).into();
        said.push(tr!("extend-stamped", url = url, time = rfc3339(gen_time)));
    } else if let Some(token_path) = &args.token {
        let token = ca_core::verification::token_from_file(&super::read_input(token_path)?)
            .with_context(|| format!("{}", token_path.display()))?;
        extended = ca_core::verification::add_signature_timestamp(&extended, &token)?;
        json["timestamp_token_bytes"] = token.len().into();
        said.push(tr!("extend-token-added", token = token_path.display()));
    } else if !args.long_term {
        return Err(UsageError(tr!("usage-extend-out")).into());
    }
    let mut collected = None;
    if args.long_term {
        let (long_term, items) =
            ca_core::verification::add_long_term_data(&extended, SystemClock.now(), TSA_TIMEOUT)?;
        extended = long_term;
        json["validation_data"] = collected_json(&items);
        said.push(tr!("extend-long-term"));
        collected = Some(items);
    }
    ca_core::files::write_public(out, &extended)?;
    if cli.json {
        print_json(&json)?;
    } else {
        say!(
            "{}",
            tr!(
                "extend-done",
                what = said.join("; "),
                sig = args.sig.display(),
                out = out.display()
            )
        );
        if let Some(items) = &collected {
            print_collected(items);
        }
    }
    Ok(Exit::Ok)
}
