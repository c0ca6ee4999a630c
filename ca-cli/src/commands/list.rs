//! `ca list` and `ca show`.

use anyhow::{Context, Result};
use ca_core::officers::Action;
use ca_core::time::{rfc3339, Clock, SystemClock, DAY};
use ca_core::Snils;

use crate::cli::{Cli, ListArgs, ShowArgs};
use crate::exit::Exit;
use crate::exit::UsageError;
use crate::output::{print_json, ListedJson, ShownJson};

const STATUSES: [&str; 5] = ["valid", "on-hold", "revoked", "expired", "issuing"];

pub fn list(cli: &Cli, args: &ListArgs) -> Result<Exit> {
    if let Some(s) = &args.status {
        if !STATUSES.contains(&s.as_str()) {
            return Err(
                UsageError(tr!("usage-status", status = s, known = STATUSES.join(", "))).into(),
            );
        }
    }
    let snils = args.snils.as_deref().map(str::parse::<Snils>).transpose()?;
    let needle = args.subject.as_ref().map(|s| s.to_lowercase());
    let (home, _) = super::open_and_login(cli, Action::List)?;
    let now = SystemClock.now();
    let horizon = args.expiring_within.map(|d| now + u64::from(d) * DAY);
    let mut rows = Vec::new();
    home.register().scan(&mut |record| {
        let status = record.status_word(now);
        let keep = args.status.as_deref().is_none_or(|s| s == status)
            && horizon.is_none_or(|h| record.not_after <= h && record.not_after >= now)
            && needle
                .as_deref()
                .is_none_or(|n| record.subject.to_lowercase().contains(n))
            && snils.as_ref().is_none_or(|s| {
                record.identifiers.get("snils").map(String::as_str) == Some(s.digits())
            });
        if keep {
            rows.push(ListedJson::new(&record, now));
        }
        Ok(true)
    })?;
    if cli.json {
        print_json(&rows)?;
    } else if rows.is_empty() {
        say!("{}", tr!("list-none"));
    } else {
        say!(
            "{:<32}  {:<13}  {:<20}  {}",
            tr!("list-serial"),
            tr!("list-status"),
            tr!("list-not-after"),
            tr!("list-subject")
        );
        for r in &rows {
            say!(
                "{:<32}  {:<13}  {:<20}  {}",
                r.serial,
                super::revoke::status_words(&r.status),
                r.not_after,
                r.subject
            );
        }
    }
    Ok(Exit::Ok)
}

pub fn show(cli: &Cli, args: &ShowArgs) -> Result<Exit> {
    let serial = &args.serial;
    let (home, _) = super::open_and_login(cli, Action::Show)?;
    let record = home
        .register()
        .get(serial.as_bytes())?
        .ok_or_else(|| ca_core::Error::UnknownSerial(serial.to_string()))?;
    let shown = ShownJson::new(&record, SystemClock.now())?;
    if let Some(path) = &args.print {
        let ca_path = home.root().join(ca_core::home::layout::CERT_DER);
        let ca_der = std::fs::read(&ca_path)
            .with_context(|| format!("reading the CA certificate {}", ca_path.display()))?;
        let form = crate::print::PrintedForm::new(&record, &ca_der)?;
        ca_core::files::write_public(path, &crate::print::render(&form)?)?;
        if cli.json {
            print_json(
                &serde_json::json!({ "printed": path.display().to_string(), "serial": shown.listed.serial }),
            )?;
        } else {
            say!(
                "{}",
                tr!(
                    "show-printed",
                    path = path.display(),
                    serial = shown.listed.serial
                )
            );
        }
        return Ok(Exit::Ok);
    }
    if args.pem {
        say_part!("{}", shown.pem);
    } else if cli.json {
        print_json(&shown)?;
    } else {
        let width = crate::i18n::label_width();
        let row = |label: String, value: &str| say!("{label:<width$} {value}");
        row(tr!("show-serial"), &shown.listed.serial);
        row(tr!("show-subject"), &shown.listed.subject);
        row(tr!("show-status"), &shown.listed.status);
        row(tr!("show-profile"), &shown.profile);
        row(
            tr!("show-valid"),
            &tr!(
                "show-valid-range",
                from = shown.not_before,
                to = shown.listed.not_after
            ),
        );
        row(tr!("show-officer"), &shown.officer);
        if let Some(how) = &shown.identified_by {
            row(tr!("show-identified"), how);
        }
        for (field, value) in &shown.identifiers {
            say!("{:<12} {value}", field.to_uppercase());
        }
        say!("{}", tr!("show-history"));
        for e in &record.history {
            say!(
                "  {}",
                tr!(
                    "show-history-entry",
                    time = rfc3339(e.time),
                    action = format!("{:<10}", e.action),
                    officer = e.officer
                )
            );
        }
    }
    Ok(Exit::Ok)
}
