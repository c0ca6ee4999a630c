//! `ca enroll`: keys generated at the CA for applicants, one or a CSV batch.

use std::path::Path;

use anyhow::{Context, Result};
use ca_core::home::{Enrolled, EnrollmentRow, PinPolicy};
use ca_core::officers::Action;
use ca_core::request::applicant::{Applicant, ApplicantDefaults};
use ca_core::SystemClock;
use indicatif::{ProgressBar, ProgressStyle};
use zeroize::Zeroizing;

use crate::cli::{Cli, EnrollArgs};
use crate::exit::Exit;
use crate::exit::UsageError;
use crate::output::{print_json, IssuedJson, RowError};

/// What the command's flags choose for every applicant (a batch row may choose otherwise).
fn defaults(args: &EnrollArgs) -> Result<ApplicantDefaults> {
    Ok(ApplicantDefaults {
        profile: args.profile.clone(),
        key: args.key,
        days: args.days,
        identified_by: args.identified_by,
    })
}

fn pin_policy(args: &EnrollArgs) -> Result<PinPolicy> {
    Ok(match &args.pin_file {
        None => PinPolicy::OneTime,
        Some(path) => {
            let pin = crate::secret::from_file(path)?;
            PinPolicy::Given(Zeroizing::new(
                String::from_utf8(pin.to_vec()).context("the PIN file is not UTF-8")?,
            ))
        }
    })
}

/// The JSON of one enrollment.
fn issued_json(enrolled: &Enrolled) -> Result<IssuedJson> {
    let mut json = IssuedJson::new(&enrolled.record)?;
    json.files = enrolled
        .files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    json.pin = enrolled.one_time_pin.as_ref().map(|p| p.to_string());
    Ok(json)
}

pub fn run(cli: &Cli, args: &EnrollArgs) -> Result<Exit> {
    let pins = pin_policy(args)?;
    let defaults = defaults(args)?;
    if let Some(batch) = &args.batch {
        return run_batch(cli, args, batch, &defaults, &pins);
    }
    let applicant = Applicant {
        subject: args.subject.clone().unwrap_or_default(),
        identifiers: args.identifiers.parse()?,
        email: args.email.clone(),
        profile: defaults.profile,
        key: defaults.key,
        days: defaults.days,
        identified_by: defaults.identified_by,
    };
    // Checked before the home is opened or a key unlocked.
    applicant.subject_name()?;
    let (home, session, authority) = super::open_and_unlock(cli, Action::Enroll)?;
    let enrolled = home.enroll(
        &session,
        &authority,
        &applicant,
        &args.out,
        &pins,
        &SystemClock,
    )?;
    let json = issued_json(&enrolled)?;
    if cli.json {
        print_json(&json)?;
    } else {
        say_part!("{}", json.human());
    }
    Ok(Exit::Ok)
}

fn run_batch(
    cli: &Cli,
    args: &EnrollArgs,
    path: &Path,
    defaults: &ApplicantDefaults,
    pins: &PinPolicy,
) -> Result<Exit> {
    let bytes = super::read_input(path)?;
    let rows = ca_core::request::batch::read_applicants(&bytes, defaults)
        .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    let (home, session, authority) = super::open_and_unlock(cli, Action::Enroll)?;
    let progress = ProgressBar::new(rows.len() as u64);
    progress.set_style(
        ProgressStyle::with_template(&tr!("progress-enroll"))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut refused_lines = Vec::new();
    let mut outputs: Vec<serde_json::Value> = Vec::new();
    let mut failure = None;
    let source = path.display().to_string();
    home.enroll_batch(
        &session,
        &authority,
        rows,
        &source,
        &args.out,
        pins,
        &SystemClock,
        &mut |EnrollmentRow { line, result }| {
            let value = match result.map_err(anyhow::Error::from).and_then(|e| {
                let json = issued_json(&e)?;
                Ok(json)
            }) {
                Ok(json) => {
                    if !cli.json {
                        let pin = json
                            .pin
                            .as_deref()
                            .map(|p| format!("  PIN {p}"))
                            .unwrap_or_default();
                        progress.suspend(|| {
                            say!(
                                "{}",
                                tr!(
                                    "batch-line-issued",
                                    line = line,
                                    serial = json.serial,
                                    subject = json.subject,
                                    pin = pin
                                )
                            )
                        });
                    }
                    serde_json::to_value(&json).map(|mut value| {
                        if let Some(obj) = value.as_object_mut() {
                            obj.insert("line".into(), line.into());
                        }
                        value
                    })
                }
                Err(error) => {
                    let words = crate::i18n::errors::describe(&error, crate::i18n::lang());
                    let error = format!("{error:#}");
                    refused_lines.push(line);
                    if !cli.json {
                        progress.suspend(|| {
                            say!("{}", tr!("batch-line-refused", line = line, error = words))
                        });
                    }
                    serde_json::to_value(RowError { line, error })
                }
            };
            match value {
                Ok(value) => outputs.push(value),
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
            progress.inc(1);
        },
    )?;
    progress.finish_and_clear();
    if let Some(e) = failure {
        return Err(e.into());
    }
    if cli.json {
        print_json(&outputs)?;
    }
    let issued = outputs.len() - refused_lines.len();
    Ok(crate::output::batch_summary(
        issued,
        &tr!("batch-verb-issued"),
        &refused_lines,
    ))
}
