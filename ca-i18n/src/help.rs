//! `--help` in Russian: the clap tree, its about and help texts replaced from the catalogue
//! (`cmd-PATH` for a command, `arg-PATH-ID` for an argument, PATH the subcommand names joined
//! by `-`, empty for `ca` itself), with Russian section headings.

use clap::builder::{Resettable, StyledStr};
use clap::{Arg, ArgAction, Command};

use crate::{Catalogues, Lang};

/// The catalogue key of the about text of the command at `path`.
pub fn command_key(path: &[String]) -> String {
    if path.is_empty() {
        "cmd".into()
    } else {
        format!("cmd-{}", path.join("-"))
    }
}

/// The catalogue key of the help of argument `id` of the command at `path`.
pub fn arg_key(path: &[String], id: &str) -> String {
    if path.is_empty() {
        format!("arg-{id}")
    } else {
        format!("arg-{}-{id}", path.join("-"))
    }
}

/// `command` with its help in `lang` from `catalogues` (English is the doc comments:
/// unchanged).
pub fn localize_help(command: Command, lang: Lang, catalogues: &Catalogues) -> Command {
    if lang == Lang::En {
        return command;
    }
    let mut command = localize_tree(command, &[], lang, catalogues);
    // clap adds its `help` subcommands when the tree is built: build it, then word them.
    command.build();
    localize_help_subcommands(command)
}

/// What clap would annotate an argument's help with — its environment variable, default and
/// possible values — in Russian.
fn russian_annotations(arg: &Arg) -> String {
    let mut notes = Vec::new();
    if let Some(env) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        notes.push(format!("[переменная окружения: {}]", env.to_string_lossy()));
    }
    let takes_values = arg.get_action().takes_values();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        notes.push(format!("[по умолчанию: {}]", defaults.join(", ")));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if takes_values && !values.is_empty() && !arg.is_hide_possible_values_set() {
        notes.push(format!("[допустимо: {}]", values.join(", ")));
    }
    notes.join(" ")
}

/// The `help` subcommands clap added to every command that has subcommands, in Russian.
fn localize_help_subcommands(mut command: Command) -> Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        command = if name == "help" {
            command.mut_subcommand(&name, |s| {
                s.about("Показать эту справку или справку указанных команд")
            })
        } else {
            command.mut_subcommand(&name, localize_help_subcommands)
        };
    }
    command
}

fn localize_tree(
    mut command: Command,
    path: &[String],
    lang: Lang,
    catalogues: &Catalogues,
) -> Command {
    let message_in = |lang, key: &str, args: &[(&str, String)]| catalogues.message(lang, key, args);
    if let Some(about) = message_in(lang, &command_key(path), &[]) {
        command = command
            .about(about)
            .long_about(Resettable::<StyledStr>::Reset);
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        if let Some(help) = message_in(lang, &arg_key(path, &id), &[]) {
            command = command.mut_arg(&id, |a| {
                // clap writes its [env: …], [default: …] and [possible values: …] in English:
                // hidden, and said in Russian after the help instead.
                let help = match russian_annotations(&a) {
                    notes if notes.is_empty() => help,
                    notes => format!("{help} {notes}"),
                };
                let (has_env, takes_values) =
                    (a.get_env().is_some(), a.get_action().takes_values());
                let a = a.help(help).long_help(Resettable::<StyledStr>::Reset);
                let a = if has_env { a.hide_env(true) } else { a };
                if takes_values {
                    a.hide_default_value(true).hide_possible_values(true)
                } else {
                    a
                }
            });
        }
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in &names {
        let mut sub_path = path.to_vec();
        sub_path.push(name.clone());
        command = command.mut_subcommand(name, |s| localize_tree(s, &sub_path, lang, catalogues));
    }
    let has_positionals = command.get_positionals().next().is_some();
    let mut template = String::from("{about-with-newline}\nИспользование: {usage}\n");
    if !names.is_empty() {
        template.push_str("\nКоманды:\n{subcommands}\n");
    }
    if has_positionals {
        template.push_str("\nАргументы:\n{positionals}\n");
    }
    template.push_str("\nПараметры:\n{options}{after-help}");
    command = command.help_template(template).disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("Показать справку"),
    );
    if path.is_empty() {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Показать версию"),
        );
    }
    command
}
