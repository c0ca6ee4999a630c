//! `ca officer add|list|disable|role|rotate`.

use anyhow::Result;
use ca_core::home::Rotation;
use ca_core::officers::{Action, OfficerRecord};
use ca_core::time::rfc3339;
use ca_core::SystemClock;
use serde::Serialize;

use crate::cli::{Cli, OfficerArgs, OfficerCommand};
use crate::exit::Exit;
use crate::output::print_json;
use crate::secret::SecretSource;

#[derive(Serialize)]
struct OfficerJson {
    name: String,
    role: String,
    enabled: bool,
    created: String,
    created_by: String,
}

impl From<&OfficerRecord> for OfficerJson {
    fn from(r: &OfficerRecord) -> Self {
        OfficerJson {
            name: r.name.clone(),
            role: r.role.to_string(),
            enabled: r.enabled,
            created: rfc3339(r.created),
            created_by: r.created_by.clone(),
        }
    }
}

pub fn run(cli: &Cli, args: &OfficerArgs) -> Result<Exit> {
    let clock = SystemClock;
    match &args.command {
        OfficerCommand::Add {
            name,
            role,
            new_passphrase_file,
        } => {
            let role = *role;
            OfficerRecord::check_name(name)?;
            let (home, session, authority) = super::open_admin(cli, Action::OfficerAdd)?;
            let passphrase = SecretSource {
                env: "CA_NEW_OFFICER_PASSPHRASE",
                file: new_passphrase_file.as_deref(),
                what: tr!("secret-new-officer"),
                flag: "--new-passphrase-file",
            }
            .get(true)?;
            let record = home.add_officer(&session, &authority, name, role, &passphrase, &clock)?;
            report(cli, &record, &tr!("officer-added"))
        }
        OfficerCommand::Disable { name } => {
            let (home, session, authority) = super::open_admin(cli, Action::OfficerDisable)?;
            let (record, rotation) = home.disable_officer(&session, &authority, name, &clock)?;
            report_rotation(&rotation);
            report(cli, &record, &tr!("officer-disabled"))
        }
        OfficerCommand::Role { name, role } => {
            let role = *role;
            let (home, session, authority) = super::open_admin(cli, Action::OfficerRole)?;
            let (record, rotation) = home.set_role(&session, &authority, name, role, &clock)?;
            report_rotation(&rotation);
            report(cli, &record, &tr!("officer-role-changed"))
        }
        OfficerCommand::Rotate => {
            let (home, session, authority) = super::open_admin(cli, Action::OfficerRotate)?;
            let rotation = home.rotate_data_key(&session, &authority, &clock)?;
            report_rotation(&rotation);
            if cli.json {
                print_json(&serde_json::json!({
                    "rotated": matches!(rotation, Rotation::Rotated { .. }),
                    "detail": rotation.to_string(),
                }))?;
            }
            Ok(match rotation {
                Rotation::Rotated { .. } => Exit::Ok,
                Rotation::Pending { .. } => Exit::Negative,
            })
        }
        OfficerCommand::List => {
            let (home, _) = super::open_and_login(cli, Action::OfficerList)?;
            let officers = home.register().officers()?;
            let rows: Vec<OfficerJson> = officers.iter().map(OfficerJson::from).collect();
            if cli.json {
                print_json(&rows)?;
            } else {
                say!(
                    "{:<20}  {:<8}  {:<9}  {:<20}  {}",
                    tr!("officer-list-name"),
                    tr!("officer-list-role"),
                    tr!("officer-list-state"),
                    tr!("officer-list-added"),
                    tr!("officer-list-added-by")
                );
                for r in &rows {
                    let state = if r.enabled {
                        tr!("officer-enabled")
                    } else {
                        tr!("officer-disabled")
                    };
                    say!(
                        "{:<20}  {:<8}  {:<8}  {:<20}  {}",
                        r.name,
                        r.role,
                        state,
                        r.created,
                        r.created_by
                    );
                }
            }
            Ok(Exit::Ok)
        }
    }
}

/// What happened to the data key, on standard error (the JSON on stdout stays the officer).
fn report_rotation(rotation: &Rotation) {
    eprintln!("ca: {rotation}");
}

fn report(cli: &Cli, record: &OfficerRecord, what: &str) -> Result<Exit> {
    if cli.json {
        print_json(&OfficerJson::from(record))?;
    } else {
        say!(
            "{}",
            tr!(
                "officer-changed",
                name = record.name,
                role = record.role,
                what = what
            )
        );
    }
    Ok(Exit::Ok)
}
