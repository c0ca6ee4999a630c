//! `ca completions SHELL` and `ca man`: generated from the same clap definition the command
//! line is parsed with, so they never drift from it.

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit::Exit;

/// Prints the completion script for `shell` to standard output.
pub fn completions(shell: clap_complete::Shell) -> Result<Exit> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "ca", &mut script);
    say_part!("{}", String::from_utf8_lossy(&script));
    Ok(Exit::Ok)
}

/// Prints the manual page (roff) to standard output, with a section per subcommand.
pub fn man() -> Result<Exit> {
    let command = Cli::command();
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut page)
        .context("writing the manual page")?;
    man.render_name_section(&mut page)
        .context("writing the manual page")?;
    man.render_synopsis_section(&mut page)
        .context("writing the manual page")?;
    man.render_description_section(&mut page)
        .context("writing the manual page")?;
    man.render_options_section(&mut page)
        .context("writing the manual page")?;
    page.extend_from_slice(b".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("ca {}", sub.get_name());
        page.extend_from_slice(format!(".SS \"{name}\"\n").as_bytes());
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            page.extend_from_slice(roff_text(&about.to_string()).as_bytes());
            page.push(b'\n');
        }
        let sub_man = clap_mangen::Man::new(sub.clone());
        sub_man
            .render_options_section(&mut page)
            .context("writing the manual page")?;
    }
    man.render_version_section(&mut page)
        .context("writing the manual page")?;
    say_part!("{}", String::from_utf8_lossy(&page));
    Ok(Exit::Ok)
}

/// Text as a roff paragraph: a leading dot or quote escaped, backslashes doubled.
fn roff_text(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line.replace('\\', "\\\\");
            if line.starts_with('.') || line.starts_with('\'') {
                format!("\\&{line}")
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
