//! `ca revoke`, `ca hold`, `ca release`, `ca crl`.

use anyhow::Result;
use ca_core::home::CrlKind;
use ca_core::officers::Action;
use ca_core::revocation::{Reason, StatusChange};
use ca_core::time::{parse_rfc3339, rfc3339};
use ca_core::{Serial, SystemClock};
use serde::Serialize;

use crate::cli::{Cli, CrlArgs, RevokeArgs, SerialArgs};
use crate::output::print_json;

#[derive(Serialize)]
struct ChangedJson {
    serial: String,
    status: String,
    reason: Option<String>,
    revocation_time: Option<String>,
}

pub fn revoke(cli: &Cli, args: &RevokeArgs) -> Result<u8> {
    let reason: Reason = args.reason.parse()?;
    let invalidity_date = args
        .invalidity_date
        .as_deref()
        .map(parse_rfc3339)
        .transpose()?;
    change_serial(
        cli,
        &args.serial,
        StatusChange::Revoke {
            reason,
            invalidity_date,
        },
    )
}

pub fn change(cli: &Cli, args: &SerialArgs, change: StatusChange) -> Result<u8> {
    change_serial(cli, &args.serial, change)
}

fn change_serial(cli: &Cli, serial: &str, change: StatusChange) -> Result<u8> {
    let serial: Serial = serial.parse()?;
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
            (Some(reason), Some(time)) => {
                say!("{} is {} ({reason}) since {time}", json.serial, json.status)
            }
            _ => say!("{} is {}", json.serial, json.status),
        }
        say!("make a CRL so relying parties see it: ca crl");
    }
    super::responder::deliver_after_change(&home, &authority);
    Ok(crate::exit::OK)
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

pub fn crl(cli: &Cli, args: &CrlArgs) -> Result<u8> {
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
            Some(base) => format!("delta CRL (base {base})"),
            None => "full CRL".to_owned(),
        };
        say!(
            "{kind} number {} with {} entries, valid {} to {}\nwrote {}",
            json.crl_number,
            json.entries,
            json.this_update,
            json.next_update,
            json.path
        );
    }
    Ok(crate::exit::OK)
}
