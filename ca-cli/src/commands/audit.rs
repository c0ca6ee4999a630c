//! `ca audit [--since TIME] [--verify]`.

use anyhow::Result;
use ca_core::audit::Verdict;
use ca_core::officers::Action;
use ca_core::time::{parse_rfc3339, rfc3339};
use serde::Serialize;

use crate::cli::{AuditArgs, Cli};
use crate::exit::Negative;
use crate::output::print_json;

#[derive(Serialize)]
struct EntryJson {
    seq: u64,
    time: String,
    officer: String,
    action: String,
    serial: Option<String>,
    outcome: String,
    hash: String,
}

#[derive(Serialize)]
struct VerifyJson {
    intact: bool,
    entries: Option<u64>,
    signed_up_to: Option<u64>,
    first_bad_entry: Option<u64>,
    problem: Option<String>,
}

pub fn run(cli: &Cli, args: &AuditArgs) -> Result<u8> {
    let since = args.since.as_deref().map(parse_rfc3339).transpose()?;
    let (home, _) = super::open_and_login(cli, Action::Audit)?;
    if args.verify {
        return verify(cli, home.verify_audit()?);
    }
    let mut rows = Vec::new();
    for (_, entry) in home.register().audit_entries()? {
        let entry = entry?;
        if since.is_some_and(|s| entry.time < s) {
            continue;
        }
        rows.push(EntryJson {
            seq: entry.seq,
            time: rfc3339(entry.time),
            officer: entry.officer,
            action: entry.action,
            serial: entry.serial,
            outcome: entry.outcome,
            hash: ca_core::serial::hex(&entry.hash),
        });
    }
    if cli.json {
        print_json(&rows)?;
    } else {
        for r in &rows {
            // Officer names in refusals are whatever was typed: no terminal escapes.
            let officer: String = r.officer.chars().filter(|c| !c.is_control()).collect();
            let outcome: String = r.outcome.chars().filter(|c| !c.is_control()).collect();
            say!(
                "{:>6}  {}  {:<16}  {:<17}  {}  {}",
                r.seq,
                r.time,
                officer,
                r.action,
                r.serial.as_deref().unwrap_or("-"),
                outcome
            );
        }
    }
    Ok(crate::exit::OK)
}

fn verify(cli: &Cli, verdict: Verdict) -> Result<u8> {
    let json = match &verdict {
        Verdict::Intact {
            entries,
            signed_up_to,
        } => VerifyJson {
            intact: true,
            entries: Some(*entries),
            signed_up_to: *signed_up_to,
            first_bad_entry: None,
            problem: None,
        },
        Verdict::Broken { seq, problem } => VerifyJson {
            intact: false,
            entries: None,
            signed_up_to: None,
            first_bad_entry: Some(*seq),
            problem: Some(problem.clone()),
        },
    };
    if cli.json {
        print_json(&json)?;
    } else if let Verdict::Intact {
        entries,
        signed_up_to,
    } = &verdict
    {
        let signed = signed_up_to.map_or("none".to_owned(), |s| s.to_string());
        say!("audit log intact: {entries} entries, signed by the CA up to entry {signed}");
    }
    match verdict {
        Verdict::Intact { .. } => Ok(crate::exit::OK),
        Verdict::Broken { seq, problem } => {
            Err(Negative(format!("audit log broken at entry {seq}: {problem}")).into())
        }
    }
}
