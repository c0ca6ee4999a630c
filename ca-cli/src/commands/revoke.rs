//! `ca revoke`, `ca hold`, `ca release`, `ca crl`.

use anyhow::Result;
use ca_core::home::CrlKind;
use ca_core::officers::Action;
use ca_core::status::StatusChange;
use ca_core::time::{parse_rfc3339, rfc3339};
use ca_core::{Serial, SystemClock};
use serde::Serialize;

use crate::cli::{Cli, CrlArgs, RevokeArgs, SerialArgs};
use crate::exit::Exit;
use crate::output::print_json;

#[derive(Serialize)]
struct ChangedJson {
    serial: String,
    status: String,
    reason: Option<String>,
    revocation_time: Option<String>,
}

pub fn revoke(cli: &Cli, args: &RevokeArgs) -> Result<Exit> {
    if let Some(path) = &args.batch {
        return revoke_batch(cli, path);
    }
    let reason = args.reason;
    let invalidity_date = args
        .invalidity_date
        .as_deref()
        .map(parse_rfc3339)
        .transpose()?;
    let serial = args
        .serial
        .clone()
        .ok_or_else(|| crate::exit::UsageError(tr!("usage-revoke")))?;
    change_serial(
        cli,
        serial,
        StatusChange::Revoke {
            reason,
            invalidity_date,
        },
    )
}

pub fn change(cli: &Cli, args: &SerialArgs, change: StatusChange) -> Result<Exit> {
    change_serial(cli, args.serial.clone(), change)
}

fn change_serial(cli: &Cli, serial: Serial, change: StatusChange) -> Result<Exit> {
    let action = match change {
        StatusChange::Revoke { .. } => Action::Revoke,
        StatusChange::Hold => Action::Hold,
        StatusChange::Release => Action::Release,
    };
    let clock = SystemClock;
    let (home, session, authority) = super::open_and_unlock(cli, action)?;
    let record = home.change_status(&session, &authority, &serial, change, &clock)?;
    let json = ChangedJson {
        serial: serial.to_string(),
        status: record.status_word(ca_core::Clock::now(&clock)).to_owned(),
        reason: record.revocation.map(|r| r.reason.to_string()),
        revocation_time: record.revocation.map(|r| rfc3339(r.time)),
    };
    if cli.json {
        print_json(&json)?;
    } else {
        match (&json.reason, &json.revocation_time) {
            (Some(reason), Some(time)) => say!(
                "{}",
                tr!(
                    "changed-since",
                    serial = json.serial,
                    status = status_words(&json.status),
                    reason = reason,
                    time = time
                )
            ),
            _ => say!(
                "{}",
                tr!(
                    "changed",
                    serial = json.serial,
                    status = status_words(&json.status)
                )
            ),
        }
        say!("{}", tr!("changed-make-crl"));
    }
    Ok(Exit::Ok)
}

/// Changes acknowledged (flushed) per group in `ca revoke --batch`.
const BATCH_GROUP: usize = 1000;

#[derive(Serialize)]
struct BatchLineJson {
    line: u64,
    #[serde(flatten)]
    changed: Option<ChangedJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// The error in the officer's language (the JSON keeps the English `error`).
    #[serde(skip)]
    words: Option<String>,
}

/// `ca revoke --batch FILE.csv`: every line revoked or reported by its number; one flush per
/// group, one delivery at the end. Exit 0 when every line was revoked, 2 when some were not.
fn revoke_batch(cli: &Cli, path: &std::path::Path) -> Result<Exit> {
    let bytes = super::read_input(path)?;
    let rows = ca_core::request::batch::read_revocations(&bytes)
        .map_err(|e| crate::exit::UsageError(format!("{}: {e}", path.display())))?;
    let clock = SystemClock;
    let (home, session, authority) = super::open_and_unlock(cli, Action::Revoke)?;
    let mut lines: Vec<BatchLineJson> = Vec::new();
    let mut changes = Vec::new();
    for row in rows {
        match row {
            Ok(row) => changes.push((
                row.line,
                row.serial,
                StatusChange::Revoke {
                    reason: row.reason,
                    invalidity_date: row.invalidity_date,
                },
            )),
            Err(e) => lines.push(BatchLineJson {
                line: e.line,
                changed: None,
                words: Some(
                    crate::i18n::errors::core_error(&e.error, crate::i18n::lang())
                        .unwrap_or_else(|| e.error.to_string()),
                ),
                error: Some(e.error.to_string()),
            }),
        }
    }
    let progress = indicatif::ProgressBar::new(changes.len() as u64);
    progress.set_style(
        indicatif::ProgressStyle::with_template(&tr!("progress-revoke"))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let now = ca_core::Clock::now(&clock);
    let serials: std::collections::HashMap<u64, String> = changes
        .iter()
        .map(|(line, serial, _)| (*line, serial.to_string()))
        .collect();
    home.change_statuses(
        &session,
        &authority,
        &changes,
        &clock,
        BATCH_GROUP,
        &mut |line, result| {
            progress.inc(1);
            lines.push(match result {
                Ok(record) => BatchLineJson {
                    line,
                    changed: Some(ChangedJson {
                        serial: serials.get(&line).cloned().unwrap_or_default(),
                        status: record.status_word(now).to_owned(),
                        reason: record.revocation.map(|r| r.reason.to_string()),
                        revocation_time: record.revocation.map(|r| rfc3339(r.time)),
                    }),
                    error: None,
                    words: None,
                },
                Err(e) => BatchLineJson {
                    line,
                    changed: None,
                    words: Some(
                        crate::i18n::errors::core_error(&e, crate::i18n::lang())
                            .unwrap_or_else(|| e.to_string()),
                    ),
                    error: Some(e.to_string()),
                },
            });
        },
    )?;
    progress.finish_and_clear();
    lines.sort_by_key(|l| l.line);
    let refused: Vec<u64> = lines
        .iter()
        .filter(|l| l.error.is_some())
        .map(|l| l.line)
        .collect();
    if cli.json {
        print_json(&lines)?;
    } else {
        for l in &lines {
            match (&l.changed, &l.error) {
                (Some(c), _) => say!(
                    "{}",
                    tr!(
                        "batch-line-changed",
                        line = l.line,
                        serial = c.serial,
                        status = status_words(&c.status),
                        reason = c.reason.as_deref().unwrap_or("unspecified")
                    )
                ),
                (None, Some(_)) => say!(
                    "{}",
                    tr!(
                        "batch-line-refused",
                        line = l.line,
                        error = l.words.as_deref().unwrap_or_default()
                    )
                ),
                (None, None) => {}
            }
        }
    }
    Ok(crate::output::batch_summary(
        lines.len() - refused.len(),
        &tr!("batch-verb-revoked"),
        &refused,
    ))
}

#[derive(Serialize)]
struct CrlJson {
    crl_number: u64,
    this_update: String,
    next_update: String,
    entries: usize,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    delta_base: Option<u64>,
}

pub fn crl(cli: &Cli, args: &CrlArgs) -> Result<Exit> {
    let kind = if args.delta {
        CrlKind::Delta
    } else {
        CrlKind::Full
    };
    let clock = SystemClock;
    let (home, session, authority) = super::open_and_unlock(cli, Action::Crl)?;
    let made = home.make_crl(&session, &authority, kind, &clock)?;
    let mut path = made.path.display().to_string();
    if let Some(out) = &args.out {
        if args.pem {
            let pem = ca_core::pem::encode("X509 CRL", &made.der)?;
            ca_core::files::write_public(out, pem.as_bytes())?;
        } else {
            ca_core::files::write_public(out, &made.der)?;
        }
        path = out.display().to_string();
    }
    let json = CrlJson {
        crl_number: made.params.number,
        this_update: rfc3339(made.params.this_update),
        next_update: rfc3339(made.params.next_update),
        entries: made.entries,
        path,
        delta_base: made.params.delta_base,
    };
    if cli.json {
        print_json(&json)?;
    } else {
        let kind = match json.delta_base {
            Some(base) => tr!("crl-kind-delta", base = base),
            None => tr!("crl-kind-full"),
        };
        say!(
            "{}",
            tr!(
                "crl-made",
                kind = kind,
                number = json.crl_number,
                entries = json.entries,
                from = json.this_update,
                to = json.next_update,
                path = json.path
            )
        );
    }
    Ok(Exit::Ok)
}

/// A certificate status word (`valid`, `revoked`, …) in the language in use; `--json` keeps
/// the English word.
pub fn status_words(status: &str) -> String {
    match status {
        "valid" => tr!("status-valid"),
        "on-hold" => tr!("status-on-hold"),
        "revoked" => tr!("status-revoked"),
        "expired" => tr!("status-expired"),
        "issuing" => tr!("status-issuing"),
        "good" => tr!("status-good"),
        "unknown" => tr!("status-unknown"),
        other => other.to_owned(),
    }
}
