//! `ca enroll`: keys generated at the CA for applicants, one or a CSV batch.

use std::path::Path;

use anyhow::{Context, Result};
use ca_core::audit::AuditEvent;
use ca_core::issuance::enroll::{one_time_pin, package};
use ca_core::issuance::IssueRequest;
use ca_core::keys::KeyProtection;
use ca_core::names::subject::parse_subject;
use ca_core::officers::Action;
use ca_core::store::CertRecord;
use ca_core::Clock;
use ca_core::{Identifiers, KeyAlgorithm, Signer, SoftwareKey, SystemClock};
use indicatif::{ProgressBar, ProgressStyle};
use zeroize::Zeroizing;

use ca_core::request::batch::BatchRow as Row;

use crate::cli::{Cli, EnrollArgs};
use crate::exit::UsageError;
use crate::output::{print_json, IssuedJson, RowError};

/// Rows signed between two flushes of the register in a batch.
const GROUP: usize = 64;

/// One applicant, from flags or a CSV row.
struct Applicant<'a> {
    subject: &'a str,
    identifiers: Identifiers,
    email: Option<&'a str>,
    profile: &'a str,
    key: &'a str,
    days: Option<u32>,
    identified_by: &'a str,
}

/// A request ready to issue, with the key generated for it.
struct Pending {
    request: IssueRequest,
    pkcs8: Zeroizing<Vec<u8>>,
}

fn prepare(applicant: &Applicant<'_>, officer: &str) -> Result<Pending> {
    let subject_text = match applicant.email {
        Some(email) if !email.trim().is_empty() => {
            let email = email.trim();
            if email.contains([',', '+', '"', '\\', '<', '>', ';', '=']) || !email.contains('@') {
                return Err(UsageError(format!("e-mail {email:?} is not an address")).into());
            }
            format!("emailAddress={email},{}", applicant.subject)
        }
        _ => applicant.subject.to_owned(),
    };
    let subject = parse_subject(&subject_text, &applicant.identifiers)?;
    let algorithm: KeyAlgorithm = applicant.key.parse()?;
    let (key, pkcs8) = SoftwareKey::generate(algorithm)?;
    Ok(Pending {
        request: IssueRequest {
            subject,
            public_key: key.public_key().clone(),
            profile: applicant.profile.to_owned(),
            days: applicant.days,
            officer: officer.to_owned(),
            identification: applicant.identified_by.parse()?,
            renews: None,
        },
        pkcs8,
    })
}

/// The PIN for one applicant: the --pin-file one, or a fresh one-time PIN.
struct PinPolicy(Option<Zeroizing<Vec<u8>>>);

impl PinPolicy {
    fn next(&self) -> Result<(Zeroizing<String>, KeyProtection, bool)> {
        match &self.0 {
            Some(pin) => Ok((
                Zeroizing::new(
                    String::from_utf8(pin.to_vec()).context("the PIN file is not UTF-8")?,
                ),
                KeyProtection::Passphrase,
                false,
            )),
            None => Ok((one_time_pin()?, KeyProtection::RandomSecret, true)),
        }
    }
}

/// Writes SERIAL.pem, SERIAL.key.p8, SERIAL.p12 for an issued certificate.
fn deliver(
    out: &Path,
    record: &CertRecord,
    pkcs8: &[u8],
    chain: &[Vec<u8>],
    pins: &PinPolicy,
) -> Result<IssuedJson> {
    let serial = ca_core::serial::hex(&record.serial);
    let (pin, protection, show_pin) = pins.next()?;
    let files = package(&record.der, pkcs8, chain, &pin, protection, &serial)?;
    let cert_path = out.join(format!("{serial}.pem"));
    let key_path = out.join(format!("{serial}.key.p8"));
    let p12_path = out.join(format!("{serial}.p12"));
    let write = || -> ca_core::Result<()> {
        ca_core::files::write_public(&cert_path, files.certificate_pem.as_bytes())?;
        ca_core::files::write_secret(&key_path, files.key_pem.as_bytes())?;
        ca_core::files::write_secret(&p12_path, &files.pkcs12)
    };
    write().with_context(|| {
        format!(
            "certificate {serial} is issued and in the register, but its files could not be \
             written; revoke it and enroll again"
        )
    })?;
    let mut json = IssuedJson::new(record)?;
    json.files = [cert_path, key_path, p12_path]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    json.pin = show_pin.then(|| pin.to_string());
    Ok(json)
}

fn create_out_dir(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))
}

pub fn run(cli: &Cli, args: &EnrollArgs) -> Result<u8> {
    let pins = PinPolicy(
        args.pin_file
            .as_deref()
            .map(crate::secret::from_file)
            .transpose()?,
    );
    if let Some(batch) = &args.batch {
        return run_batch(cli, args, batch, &pins);
    }
    let applicant = Applicant {
        subject: args.subject.as_deref().unwrap_or_default(),
        identifiers: args.identifiers.parse()?,
        email: args.email.as_deref(),
        profile: &args.profile,
        key: &args.key,
        days: args.days,
        identified_by: &args.identified_by,
    };
    let pending = prepare(&applicant, &cli.officer)?;
    let (home, session, authority) = super::open_and_unlock(cli, Action::Enroll)?;
    create_out_dir(&args.out)?;
    let clock = SystemClock;
    let record = home
        .issuer(&session, &authority, &clock)
        .issue(pending.request)?;
    let json = deliver(&args.out, &record, &pending.pkcs8, home.chain(), &pins)?;
    if cli.json {
        print_json(&json)?;
    } else {
        say_part!("{}", json.human());
    }
    super::responder::deliver_after_change(&home, &authority);
    Ok(crate::exit::OK)
}

/// The rows of a batch file; a header problem is a usage error naming the file.
fn read_batch(path: &Path) -> Result<Vec<Result<Row, RowError>>> {
    let bytes = super::read_input(path)?;
    let rows = ca_core::request::batch::read_csv(&bytes)
        .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    Ok(rows
        .into_iter()
        .map(|r| {
            r.map_err(|e| RowError {
                line: e.line,
                error: e.error,
            })
        })
        .collect())
}

fn run_batch(cli: &Cli, args: &EnrollArgs, path: &Path, pins: &PinPolicy) -> Result<u8> {
    let rows = read_batch(path)?;
    let (home, session, authority) = super::open_and_unlock(cli, Action::Enroll)?;
    create_out_dir(&args.out)?;
    let clock = SystemClock;
    let issuer = home.issuer(&session, &authority, &clock);
    let progress = ProgressBar::new(rows.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows  {per_sec}  eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut refused_lines = Vec::new();
    let mut issued = 0usize;
    let mut outputs: Vec<serde_json::Value> = Vec::new();
    for chunk in rows.chunks(GROUP) {
        let mut outcomes: Vec<(u64, Outcome)> = Vec::new();
        let mut group: Vec<(u64, Pending)> = Vec::new();
        for row in chunk {
            match row {
                Err(e) => outcomes.push((e.line, Outcome::Refused(e.error.clone()))),
                Ok(row) => match prepare_row(row, args, &cli.officer) {
                    Ok(p) => group.push((row.line, p)),
                    Err(e) => outcomes.push((row.line, Outcome::Refused(format!("{e:#}")))),
                },
            }
        }
        let lines: Vec<u64> = group.iter().map(|(l, _)| *l).collect();
        let (requests, keys): (Vec<IssueRequest>, Vec<Zeroizing<Vec<u8>>>) =
            group.into_iter().map(|(_, p)| (p.request, p.pkcs8)).unzip();
        // A row is acknowledged (printed) only after the group's flush inside issue_group.
        let results = issuer.issue_group(requests)?;
        // Packaging (key encryption, PKCS#12) is the costly part: spread it over the cores.
        let issued_rows: Vec<_> = lines.into_iter().zip(results).zip(keys).collect();
        outcomes.extend(parallel_map(issued_rows, |((line, result), pkcs8)| {
            let outcome = result
                .map_err(anyhow::Error::from)
                .and_then(|record| deliver(&args.out, &record, &pkcs8, home.chain(), pins));
            (
                line,
                match outcome {
                    Ok(json) => Outcome::Issued(Box::new(json)),
                    Err(e) => Outcome::Refused(format!("{e:#}")),
                },
            )
        }));
        outcomes.sort_by_key(|(line, _)| *line);
        for (line, outcome) in outcomes {
            let value = match outcome {
                Outcome::Issued(json) => {
                    issued += 1;
                    if !cli.json {
                        let pin = json
                            .pin
                            .as_deref()
                            .map(|p| format!("  PIN {p}"))
                            .unwrap_or_default();
                        progress.suspend(|| {
                            say!("line {line}: issued {}  {}{pin}", json.serial, json.subject)
                        });
                    }
                    let mut value = serde_json::to_value(&*json)?;
                    if let Some(obj) = value.as_object_mut() {
                        obj.insert("line".into(), line.into());
                    }
                    value
                }
                Outcome::Refused(error) => {
                    refused_lines.push(line);
                    if !cli.json {
                        progress.suspend(|| say!("line {line}: refused: {error}"));
                    }
                    // A refused row is a refused attempt: it goes to the audit log, flushed
                    // with the rest of its group below.
                    home.register().record(
                        &AuditEvent {
                            time: clock.now(),
                            officer: cli.officer.clone(),
                            action: Action::Enroll.name().into(),
                            serial: None,
                            // What a row says is outside input: escaped and bounded.
                            outcome: ca_core::audit::bounded_text(
                                &format!("refused: {}, line {line}: {error}", path.display()),
                                600,
                            ),
                        },
                        Some(authority.signer()),
                    )?;
                    serde_json::to_value(RowError { line, error })?
                }
            };
            outputs.push(value);
            progress.inc(1);
        }
        home.register().flush()?;
    }
    progress.finish_and_clear();
    super::responder::deliver_after_change(&home, &authority);
    if cli.json {
        print_json(&outputs)?;
    }
    if refused_lines.is_empty() {
        eprintln!("{issued} issued, 0 refused");
        return Ok(crate::exit::OK);
    }
    // Name the first refused lines; the rest are in the output above.
    const NAMED: usize = 20;
    let mut named: Vec<String> = refused_lines
        .iter()
        .take(NAMED)
        .map(u64::to_string)
        .collect();
    if refused_lines.len() > NAMED {
        named.push("…".into());
    }
    eprintln!(
        "{issued} issued, {} refused (lines {})",
        refused_lines.len(),
        named.join(", ")
    );
    Ok(crate::exit::BAD_INPUT)
}

/// Maps `f` over `items` on as many threads as there are cores, keeping the order.
fn parallel_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_worker = items.len().div_ceil(workers).max(1);
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        chunks.push(items.by_ref().take(per_worker).collect());
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// What became of one row.
enum Outcome {
    Issued(Box<IssuedJson>),
    Refused(String),
}

fn prepare_row(row: &Row, args: &EnrollArgs, officer: &str) -> Result<Pending> {
    let field = |i: usize| Some(row.fields[i].as_str()).filter(|s| !s.is_empty());
    let identifiers = Identifiers::parse(field(1), field(2), field(3), field(4), field(5))?;
    prepare(
        &Applicant {
            subject: &row.fields[0],
            identifiers,
            email: field(6),
            profile: field(7).unwrap_or(&args.profile),
            key: field(8).unwrap_or(&args.key),
            days: args.days,
            identified_by: field(9).unwrap_or(&args.identified_by),
        },
        officer,
    )
}
