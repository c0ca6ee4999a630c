//! One module per command group; each takes the parsed arguments and returns an exit code.

mod enroll;
mod init;
mod issue;
mod list;
mod quickstart;

use std::path::Path;

use anyhow::{Context, Result};
use ca_core::issuance::Authority;
use ca_core::{CaHome, Identifiers};

use crate::cli::{Cli, Command, IdentifierArgs};
use crate::exit::UsageError;

/// Runs the command the arguments name.
pub fn run(cli: &Cli) -> Result<u8> {
    match &cli.command {
        Command::Init(args) => init::run(cli, args),
        Command::Issue(args) => issue::run(cli, args),
        Command::Enroll(args) => enroll::run(cli, args),
        Command::List(args) => list::list(cli, args),
        Command::Show(args) => list::show(cli, args),
        Command::Quickstart(args) => quickstart::run(cli, args),
    }
}

impl IdentifierArgs {
    /// Parses the identifier flags with their check-digit rules.
    pub fn parse(&self) -> ca_core::Result<Identifiers> {
        Identifiers::parse(
            self.snils.as_deref(),
            self.inn.as_deref(),
            self.innle.as_deref(),
            self.ogrn.as_deref(),
            self.ogrnip.as_deref(),
        )
    }
}

/// Opens the home named by --home.
pub fn open_home(cli: &Cli) -> Result<CaHome> {
    Ok(CaHome::open(&cli.home)?)
}

/// Opens the home and unlocks the CA key with the officer's passphrase.
pub fn open_and_unlock(cli: &Cli) -> Result<(CaHome, Authority)> {
    let home = open_home(cli)?;
    let passphrase = crate::secret::ca_passphrase(cli.passphrase_file.as_deref(), false)?;
    let authority = home.unlock(&passphrase)?;
    Ok((home, authority))
}

/// Reads an input file named on the command line; a missing file is a usage error.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))
        .context("reading input")
}
