//! `ca`: the command line of a registration officer (SPEC §5). Thin: it parses arguments,
//! calls ca-core, prints, and maps errors to exit codes at the edge.
#![forbid(unsafe_code)]

/// `println!` that survives a closed standard output (see [`output::emit`]).
macro_rules! say {
    () => {
        $crate::output::emit(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::emit(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` that survives a closed standard output.
macro_rules! say_part {
    ($($arg:tt)*) => {
        $crate::output::emit(format_args!($($arg)*))
    };
}

#[macro_use]
mod i18n;
mod cli;
mod commands;
mod exit;
mod output;
mod print;
mod secret;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = i18n::Lang::select(&args);
    i18n::install(lang);
    let command = i18n::localize_help(cli::Cli::command());
    let matches = command
        .try_get_matches_from(args)
        .unwrap_or_else(|error| ca_i18n::exit_on_parse_error(error, lang));
    let cli = cli::Cli::from_arg_matches(&matches)
        .unwrap_or_else(|error| ca_i18n::exit_on_parse_error(error, lang));
    match commands::run(&cli) {
        Ok(code) => code.into(),
        Err(error) => {
            let code = exit::code_for(&error);
            let mut message = i18n::errors::describe(&error, lang);
            message.retain(|c| c == '\n' || c == '\t' || !c.is_control());
            eprintln!("ca: {message}");
            code.into()
        }
    }
}
