//! `ca audit [--since TIME] [--verify]`.

use anyhow::Result;
use ca_core::audit::Verdict;
use ca_core::officers::Action;
use ca_core::time::{parse_rfc3339, rfc3339};
use serde::Serialize;

use crate::cli::{AuditArgs, Cli};
use crate::exit::Exit;
use crate::exit::Negative;
use crate::output::print_json;
use ca_core::publish::delivery::Witness;

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

pub fn run(cli: &Cli, args: &AuditArgs) -> Result<Exit> {
    let since = args.since.as_deref().map(parse_rfc3339).transpose()?;
    let (home, _) = super::open_and_login(cli, Action::Audit)?;
    if args.verify {
        let witnesses = home.witnesses(&ca_core::SystemClock, WITNESS_TIMEOUT)?;
        return verify(cli, home.verify_audit()?, &witnesses);
    }
    let mut rows = Vec::new();
    for (_, entry) in home.audit_entries()? {
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
    Ok(Exit::Ok)
}

/// How long each responder has to say where it is.
const WITNESS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

#[derive(Serialize)]
struct WitnessJson {
    url: String,
    finding: &'static str,
    sequence: Option<u64>,
    detail: String,
}

fn witness_json((url, witness): &(String, Witness)) -> WitnessJson {
    let (finding, sequence, detail) = match witness {
        Witness::Agrees { sequence } => (
            "agrees",
            Some(*sequence),
            format!("holds this register's history up to sequence {sequence}"),
        ),
        Witness::Ahead { sequence, register } => (
            "ahead",
            Some(*sequence),
            format!(
                "holds sequence {sequence}, later than this register's {register}: changes \
                 {}..{sequence} are missing here (the register was rolled back to an older \
                 copy, or a copy of this CA fed the responder)",
                register + 1
            ),
        ),
        Witness::OtherHistory { sequence } => (
            "other-history",
            Some(*sequence),
            format!(
                "holds another history at sequence {sequence} than this register (rolled back \
                 and changed since, or a copy of this CA fed it)"
            ),
        ),
        Witness::Silent(why) => ("silent", None, why.clone()),
    };
    WitnessJson {
        url: url.clone(),
        finding,
        sequence,
        detail,
    }
}

fn verify(cli: &Cli, verdict: Verdict, witnesses: &[(String, Witness)]) -> Result<Exit> {
    let reports: Vec<WitnessJson> = witnesses.iter().map(witness_json).collect();
    let contradicted: Vec<&WitnessJson> = reports
        .iter()
        .filter(|w| w.finding == "ahead" || w.finding == "other-history")
        .collect();
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
        let mut value = serde_json::to_value(&json)?;
        value["witnesses"] = serde_json::to_value(&reports)?;
        value["rolled_back"] = serde_json::Value::Bool(!contradicted.is_empty());
        print_json(&value)?;
    } else {
        if let Verdict::Intact {
            entries,
            signed_up_to,
        } = &verdict
        {
            let signed = signed_up_to.map_or("none".to_owned(), |s| s.to_string());
            say!(
                "{}",
                tr!("audit-intact", entries = entries, signed = signed)
            );
        }
        for w in &reports {
            say!("responder {}: {}", w.url, w.detail);
        }
    }
    if let Some(first) = contradicted.first() {
        return Err(Negative(format!(
            "the register is behind what the responders hold — ROLLED BACK? {}: {}",
            first.url, first.detail
        ))
        .into());
    }
    match verdict {
        Verdict::Intact { .. } => Ok(Exit::Ok),
        Verdict::Broken { seq, problem } => {
            Err(Negative(format!("audit log broken at entry {seq}: {problem}")).into())
        }
    }
}
