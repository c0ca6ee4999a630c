//! `ca officer add|list|disable`.

use anyhow::Result;
use ca_core::officers::{Action, OfficerRecord, Role};
use ca_core::time::rfc3339;
use ca_core::SystemClock;
use serde::Serialize;

use crate::cli::{Cli, OfficerArgs, OfficerCommand};
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

pub fn run(cli: &Cli, args: &OfficerArgs) -> Result<u8> {
    let clock = SystemClock;
    match &args.command {
        OfficerCommand::Add {
            name,
            role,
            new_passphrase_file,
        } => {
            let role: Role = role.parse()?;
            OfficerRecord::check_name(name)?;
            let (home, session, authority) = super::open_and_unlock(cli, Action::OfficerAdd)?;
            let passphrase = SecretSource {
                env: "CA_NEW_OFFICER_PASSPHRASE",
                file: new_passphrase_file.as_deref(),
                what: "new officer's passphrase",
                flag: "--new-passphrase-file",
            }
            .get(true)?;
            let record = home.add_officer(&session, &authority, name, role, &passphrase, &clock)?;
            report(cli, &record, "added")
        }
        OfficerCommand::Disable { name } => {
            let (home, session, authority) = super::open_and_unlock(cli, Action::OfficerDisable)?;
            let record = home.disable_officer(&session, &authority, name, &clock)?;
            report(cli, &record, "disabled")
        }
        OfficerCommand::List => {
            let (home, _) = super::open_and_login(cli, Action::OfficerList)?;
            let officers = home.register().officers()?;
            let rows: Vec<OfficerJson> = officers.iter().map(OfficerJson::from).collect();
            if cli.json {
                print_json(&rows)?;
            } else {
                say!(
                    "{:<20}  {:<8}  {:<8}  {:<20}  added by",
                    "name",
                    "role",
                    "state",
                    "added"
                );
                for r in &rows {
                    let state = if r.enabled { "enabled" } else { "disabled" };
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
            Ok(crate::exit::OK)
        }
    }
}

fn report(cli: &Cli, record: &OfficerRecord, what: &str) -> Result<u8> {
    if cli.json {
        print_json(&OfficerJson::from(record))?;
    } else {
        say!("officer {} ({}) {what}", record.name, record.role);
    }
    Ok(crate::exit::OK)
}
