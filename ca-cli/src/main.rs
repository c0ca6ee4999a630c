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

mod cli;
mod commands;
mod exit;
mod output;
mod print;
mod secret;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(&cli) {
        Ok(code) => code.into(),
        Err(error) => {
            let code = exit::code_for(&error);
            // Each cause once: a message that already ends with its cause is not repeated.
            let mut message = String::new();
            for cause in error.chain() {
                let text = cause.to_string();
                if !message.ends_with(&text) {
                    if !message.is_empty() {
                        message.push_str(": ");
                    }
                    message.push_str(&text);
                }
            }
            message.retain(|c| c == '\n' || c == '\t' || !c.is_control());
            eprintln!("ca: {message}");
            code.into()
        }
    }
}
