//! One module per command group; each takes the parsed arguments and returns an exit code.

mod audit;
mod enroll;
mod init;
mod issue;
mod list;
mod officer;
mod quickstart;
mod responder;
mod revoke;
mod shell;
mod sign;
mod status;

use ca_core::IdentifierText;
use std::path::Path;

use anyhow::{Context, Result};
use ca_core::home::{AdminSession, OfficerSession};
use ca_core::issuance::Authority;
use ca_core::officers::Action;
use ca_core::status::StatusChange;
use ca_core::{CaHome, Identifiers, Session, SystemClock};

use crate::cli::{Cli, Command, IdentifierArgs};
use crate::exit::Exit;
use crate::exit::UsageError;

/// Runs the command the arguments name; a refused attempt on an existing home is written to
/// its audit log.
pub fn run(cli: &Cli) -> Result<Exit> {
    let result = match &cli.command {
        Command::Init(args) => init::run(cli, args),
        Command::Issue(args) => issue::run(cli, args),
        Command::Enroll(args) => enroll::run(cli, args),
        Command::List(args) => list::list(cli, args),
        Command::Show(args) => list::show(cli, args),
        Command::Revoke(args) => revoke::revoke(cli, args),
        Command::Hold(args) => revoke::change(cli, args, StatusChange::Hold),
        Command::Release(args) => revoke::change(cli, args, StatusChange::Release),
        Command::Crl(args) => revoke::crl(cli, args),
        Command::Publish(args) => responder::publish(cli, args),
        Command::Responder(args) => responder::run(cli, args),
        Command::Status(args) => status::run(cli, args),
        Command::Sign(args) => sign::sign(cli, args),
        Command::Verify(args) => sign::verify(cli, args),
        Command::Extend(args) => sign::extend(cli, args),
        Command::OcspSigner => status::renew_signer(cli),
        Command::TsaSigner(args) => status::renew_tsa_signer(cli, args),
        Command::Officer(args) => officer::run(cli, args),
        Command::Audit(args) => audit::run(cli, args),
        Command::Quickstart(args) => quickstart::run(cli, args),
        Command::Completions(args) => shell::completions(args.shell),
        Command::Man => shell::man(),
    };
    if let Err(error) = &result {
        log_refusal(cli, error);
    }
    result
}

/// The audit name of the command.
fn action_name(command: &Command) -> &'static str {
    match command {
        Command::Init(_) => "init",
        Command::Issue(_) => Action::Issue.name(),
        Command::Enroll(_) => Action::Enroll.name(),
        Command::List(_) => Action::List.name(),
        Command::Show(_) => Action::Show.name(),
        Command::Revoke(_) => Action::Revoke.name(),
        Command::Hold(_) => Action::Hold.name(),
        Command::Release(_) => Action::Release.name(),
        Command::Crl(_) => Action::Crl.name(),
        Command::Publish(_) => Action::Publish.name(),
        Command::Responder(args) => match args.command {
            crate::cli::ResponderCommand::Add { .. } => Action::ResponderAdd.name(),
            crate::cli::ResponderCommand::List => Action::ResponderList.name(),
            crate::cli::ResponderCommand::Remove { .. } => Action::ResponderRemove.name(),
        },
        Command::Officer(args) => match args.command {
            crate::cli::OfficerCommand::Add { .. } => Action::OfficerAdd.name(),
            crate::cli::OfficerCommand::Disable { .. } => Action::OfficerDisable.name(),
            crate::cli::OfficerCommand::List => Action::OfficerList.name(),
            crate::cli::OfficerCommand::Role { .. } => Action::OfficerRole.name(),
            crate::cli::OfficerCommand::Rotate => Action::OfficerRotate.name(),
        },
        Command::Audit(_) => Action::Audit.name(),
        Command::Status(_) => "status",
        Command::Sign(_) => "sign",
        Command::Verify(_) => "verify",
        Command::Extend(_) => "extend",
        Command::OcspSigner => Action::OcspSigner.name(),
        Command::TsaSigner(_) => Action::TsaSigner.name(),
        Command::Quickstart(_) => "quickstart",
        Command::Completions(_) => "completions",
        Command::Man => "man",
    }
}

/// Writes a bad-input refusal to the audit log of the home, if there is one to write to.
/// Refusals at login are written by ca-core itself; a busy or missing home is left alone.
fn log_refusal(cli: &Cli, error: &anyhow::Error) {
    let core = error
        .chain()
        .find_map(|c| c.downcast_ref::<ca_core::Error>());
    let already_logged = matches!(
        core,
        Some(
            ca_core::Error::WrongOfficerPassphrase(_)
                | ca_core::Error::UnknownOfficer(_)
                | ca_core::Error::NotAllowed { .. }
                | ca_core::Error::HomeInUse(_)
                | ca_core::Error::NoHome { .. }
                | ca_core::Error::HomeExists(_)
        )
    );
    if already_logged || crate::exit::code_for(error) != Exit::BadInput {
        return;
    }
    if matches!(
        cli.command,
        Command::Init(_)
            | Command::Quickstart(_)
            | Command::Status(_)
            | Command::Sign(_)
            | Command::Verify(_)
            | Command::Extend(_)
    ) {
        return;
    }
    if let Ok(home) = CaHome::open(&cli.home) {
        let reason = format!("{error:#}");
        if let Err(e) = home.record_refusal(
            &cli.officer,
            action_name(&cli.command),
            &reason,
            &SystemClock,
        ) {
            eprintln!("ca: warning: the refusal could not be written to the audit log: {e}");
        }
    }
}

impl IdentifierArgs {
    /// Parses the identifier flags with their check-digit rules.
    pub fn parse(&self) -> ca_core::Result<Identifiers> {
        Identifiers::parse(IdentifierText {
            snils: self.snils.as_deref(),
            inn: self.inn.as_deref(),
            innle: self.innle.as_deref(),
            ogrn: self.ogrn.as_deref(),
            ogrnip: self.ogrnip.as_deref(),
        })
    }
}

/// How long each responder has to witness where it is before a command changes the register.
const WITNESS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// Opens the home named by --home; the deliveries after its changes are reported on stderr.
pub fn open_home(cli: &Cli) -> Result<CaHome> {
    let mut home = CaHome::open(&cli.home)?;
    home.report_deliveries(responder::report_on_stderr());
    Ok(home)
}

/// Opens the home and logs the acting officer in with their own passphrase for `action`.
pub fn open_and_login(cli: &Cli, action: Action) -> Result<(CaHome, Session)> {
    let home = open_home(cli)?;
    let passphrase = crate::secret::ca_passphrase(cli.passphrase_file.as_deref(), false)?;
    let session = home.login(&cli.officer, &passphrase, action, &SystemClock)?;
    Ok((home, session))
}

/// Opens the home, logs an officer (or admin) in for `action` and unlocks the CA key.
pub fn open_and_unlock(cli: &Cli, action: Action) -> Result<(CaHome, OfficerSession, Authority)> {
    let home = open_home(cli)?;
    home.check_not_rolled_back(&SystemClock, WITNESS_TIMEOUT)?;
    let passphrase = crate::secret::ca_passphrase(cli.passphrase_file.as_deref(), false)?;
    let session = home.login_officer(&cli.officer, &passphrase, action, &SystemClock)?;
    let authority = home.unlock(&session)?;
    Ok((home, session, authority))
}

/// Opens the home, logs an admin in for `action` and unlocks the CA key.
pub fn open_admin(cli: &Cli, action: Action) -> Result<(CaHome, AdminSession, Authority)> {
    let home = open_home(cli)?;
    // A re-base is how an admin answers a rollback the responders proved: it goes on.
    if action != Action::PublishRebase {
        home.check_not_rolled_back(&SystemClock, WITNESS_TIMEOUT)?;
    }
    let passphrase = crate::secret::ca_passphrase(cli.passphrase_file.as_deref(), false)?;
    let session = home.login_admin(&cli.officer, &passphrase, action, &SystemClock)?;
    let authority = home.unlock(&session)?;
    Ok((home, session, authority))
}

/// Reads an input file named on the command line; a missing file is a usage error.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| UsageError(tr!("usage-cannot-read", path = path.display(), error = e)))
        .context("reading input")
}
