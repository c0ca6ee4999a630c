//! `ca responder add|list|remove`, `ca publish`, and the delivery that follows every change.

use std::time::Duration;

use anyhow::Result;
use ca_core::home::DeliveryReport;
use ca_core::officers::Action;
use ca_core::publish::delivery::{Delivery, Outcome};
use ca_core::time::rfc3339;
use ca_core::SystemClock;
use serde::Serialize;

use crate::cli::{Cli, PublishArgs, ResponderArgs, ResponderCommand};
use crate::exit::Exit;
use crate::output::print_json;

/// How long a change command waits for each responder: short, so an unreachable one never
/// holds the officer up; what it does not take stays queued.
const AFTER_CHANGE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long `ca publish` waits for each responder (a full snapshot may be large).
const PUBLISH_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Serialize)]
struct DeliveryJson {
    url: String,
    /// `delivered`, `up-to-date` or `queued`.
    outcome: &'static str,
    sequence: Option<u64>,
    entries: Option<usize>,
    full: Option<bool>,
    reason: Option<String>,
}

impl From<&Delivery> for DeliveryJson {
    fn from(d: &Delivery) -> Self {
        let mut json = DeliveryJson {
            url: d.url.clone(),
            outcome: "up-to-date",
            sequence: None,
            entries: None,
            full: None,
            reason: None,
        };
        match &d.outcome {
            Outcome::UpToDate(sequence) => json.sequence = Some(*sequence),
            Outcome::Delivered {
                sequence,
                entries,
                full,
            } => {
                json.outcome = "delivered";
                json.sequence = Some(*sequence);
                json.entries = Some(*entries);
                json.full = Some(*full);
            }
            Outcome::Queued { reason, .. } => {
                json.outcome = "queued";
                json.reason = Some(reason.clone());
            }
        }
        json
    }
}

fn describe(d: &Delivery) -> String {
    match &d.outcome {
        Outcome::UpToDate(sequence) => tr!("delivery-up-to-date", url = d.url, sequence = sequence),
        Outcome::Delivered {
            sequence,
            entries,
            full,
        } => tr!(
            "delivery-done",
            url = d.url,
            what = if *full {
                tr!("delivery-full")
            } else {
                tr!("delivery-changes")
            },
            entries = entries,
            sequence = sequence
        ),
        Outcome::Queued { reason, behind } => tr!(
            "delivery-queued",
            url = d.url,
            behind = behind,
            reason = reason
        ),
    }
}

/// How the deliveries after each change are reported: on stderr, a line for each responder
/// that did not simply stay up to date. They never fail the command (the change itself is
/// already in the register, flushed).
pub fn report_on_stderr() -> DeliveryReport {
    DeliveryReport {
        timeout: AFTER_CHANGE_TIMEOUT,
        report: Box::new(print_deliveries),
    }
}

fn print_deliveries(result: ca_core::Result<Vec<Delivery>>) {
    match result {
        Ok(deliveries) => {
            for d in deliveries
                .iter()
                .filter(|d| !matches!(d.outcome, Outcome::UpToDate(_)))
            {
                eprintln!("ocsp: {}", describe(d));
            }
        }
        Err(e) => eprintln!("ocsp: {}", tr!("delivery-failed", error = e)),
    }
}

#[derive(Serialize)]
struct SnapshotJson {
    sequence: u64,
    entries: usize,
    path: String,
}

/// Prints what became of each delivery; exit 3 while some responder lags (its changes queued).
fn report_deliveries(cli: &Cli, deliveries: &[Delivery]) -> Result<Exit> {
    if cli.json {
        print_json(
            &deliveries
                .iter()
                .map(DeliveryJson::from)
                .collect::<Vec<_>>(),
        )?;
    } else {
        for d in deliveries {
            say!("{}", describe(d));
        }
    }
    let lagging = deliveries
        .iter()
        .any(|d| matches!(d.outcome, Outcome::Queued { .. }));
    Ok(if lagging { Exit::Operational } else { Exit::Ok })
}

/// `ca publish [--out FILE | --rebase URL]`.
pub fn publish(cli: &Cli, args: &PublishArgs) -> Result<Exit> {
    let clock = SystemClock;
    if let Some(url) = &args.rebase {
        let (home, admin, authority) = super::open_admin(cli, Action::PublishRebase)?;
        let deliveries = home.rebase_responder(&admin, &authority, url, &clock, PUBLISH_TIMEOUT)?;
        return report_deliveries(cli, &deliveries);
    }
    let (home, session, authority) = super::open_and_unlock(cli, Action::Publish)?;
    let Some(out) = &args.out else {
        let deliveries = home.deliver(&authority, &clock, PUBLISH_TIMEOUT)?;
        if deliveries.is_empty() && !cli.json {
            say!("{}", tr!("responder-none"));
            return Ok(Exit::Ok);
        }
        return report_deliveries(cli, &deliveries);
    };
    let (sequence, entries, bytes) = home.publish_snapshot(&session, &authority, &clock)?;
    ca_core::files::write_public(out, &bytes)?;
    // The signed header a running responder needs before it reads a large body.
    let header_path = {
        let mut name = out.as_os_str().to_owned();
        name.push(".header");
        std::path::PathBuf::from(name)
    };
    let header = ca_core::publish::feed::body_header(&bytes, authority.signer())?;
    ca_core::files::write_public(&header_path, header.as_bytes())?;
    let json = SnapshotJson {
        sequence,
        entries,
        path: out.display().to_string(),
    };
    if cli.json {
        print_json(&json)?;
    } else {
        say!(
            "{}",
            tr!(
                "snapshot-written",
                sequence = sequence,
                entries = entries,
                path = json.path,
                header = header_path.display()
            )
        );
    }
    Ok(Exit::Ok)
}

#[derive(Serialize)]
struct ResponderJson {
    url: String,
    added: String,
    added_by: String,
    delivered: u64,
    behind: u64,
    last_attempt: Option<String>,
    last_error: Option<String>,
}

/// `ca responder ...`.
pub fn run(cli: &Cli, args: &ResponderArgs) -> Result<Exit> {
    let clock = SystemClock;
    match &args.command {
        ResponderCommand::Add { url } => {
            let (home, session, authority) = super::open_admin(cli, Action::ResponderAdd)?;
            home.add_responder(&session, &authority, url, &clock)?;
            say!(
                "{}",
                tr!("responder-registered", url = url.trim_end_matches('/'))
            );
        }
        ResponderCommand::Remove { url } => {
            let (home, session, authority) = super::open_admin(cli, Action::ResponderRemove)?;
            home.remove_responder(&session, &authority, url, &clock)?;
            say!(
                "{}",
                tr!("responder-removed", url = url.trim_end_matches('/'))
            );
        }
        ResponderCommand::List => {
            let (home, _) = super::open_and_login(cli, Action::ResponderList)?;
            let top = home.feed_sequence()?;
            let list: Vec<ResponderJson> = home
                .responders()?
                .into_iter()
                .map(|(r, behind)| ResponderJson {
                    behind,
                    url: r.url,
                    added: rfc3339(r.added),
                    added_by: r.added_by,
                    delivered: r.delivered,
                    last_attempt: r.last_attempt.map(rfc3339),
                    last_error: r.last_error,
                })
                .collect();
            if cli.json {
                print_json(&list)?;
            } else if list.is_empty() {
                say!("{}", tr!("responder-none"));
            } else {
                say!("{}", tr!("responder-feed-sequence", sequence = top));
                for r in &list {
                    let state = match (&r.last_error, r.behind) {
                        (Some(e), _) => {
                            tr!("responder-behind-error", behind = r.behind, error = e)
                        }
                        (None, 0) => tr!("responder-up-to-date"),
                        (None, n) => tr!("responder-behind", behind = n),
                    };
                    say!(
                        "{}",
                        tr!(
                            "responder-row",
                            url = r.url,
                            at = r.delivered,
                            state = state,
                            added = r.added,
                            by = r.added_by
                        )
                    );
                }
            }
        }
    }
    Ok(Exit::Ok)
}
