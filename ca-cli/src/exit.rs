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

/// Success.
pub const OK: u8 = 0;
/// A negative answer.
pub const NEGATIVE: u8 = 1;
/// Bad input or usage.
pub const BAD_INPUT: u8 = 2;
/// Operational failure.
pub const OPERATIONAL: u8 = 3;

/// The exit code for an error: the kind of the first ca-core error in the chain, else 2 for
/// usage errors, else 3.
pub fn code_for(error: &anyhow::Error) -> u8 {
    for cause in error.chain() {
        if let Some(e) = cause.downcast_ref::<ca_core::Error>() {
            return match e.kind() {
                ErrorKind::BadInput => BAD_INPUT,
                ErrorKind::Refused => NEGATIVE,
                ErrorKind::Operational => OPERATIONAL,
            };
        }
        if cause.downcast_ref::<UsageError>().is_some() {
            return BAD_INPUT;
        }
        if cause.downcast_ref::<Negative>().is_some() {
            return NEGATIVE;
        }
    }
    OPERATIONAL
}

/// Converts a code to an `ExitCode`.
pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}
