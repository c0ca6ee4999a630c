//! Exit codes (SPEC §5) and the mapping from errors to them, done once, at the edge.

use std::process::ExitCode;

use ca_core::ErrorKind;

/// Bad input or usage found by the command line itself (exit 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A negative answer already printed (exit 1).
#[derive(Debug)]
pub struct Negative(pub String);

impl std::fmt::Display for Negative {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Negative {}

/// The exit codes of `ca` (SPEC §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// A negative answer: revoked, invalid, refused by the register's state.
    Negative = 1,
    /// Bad input or usage.
    BadInput = 2,
    /// Operational failure: the home in use, a disk, a network.
    Operational = 3,
}

impl From<Exit> for ExitCode {
    fn from(code: Exit) -> ExitCode {
        ExitCode::from(code as u8)
    }
}

/// The exit code for an error: the kind of the first ca-core error in the chain, else 2 for
/// usage errors, else 3.
pub fn code_for(error: &anyhow::Error) -> Exit {
    for cause in error.chain() {
        if let Some(e) = cause.downcast_ref::<ca_core::Error>() {
            return match e.kind() {
                ErrorKind::BadInput => Exit::BadInput,
                ErrorKind::Refused => Exit::Negative,
                ErrorKind::Operational => Exit::Operational,
            };
        }
        if cause.downcast_ref::<UsageError>().is_some() {
            return Exit::BadInput;
        }
        if cause.downcast_ref::<Negative>().is_some() {
            return Exit::Negative;
        }
    }
    Exit::Operational
}
