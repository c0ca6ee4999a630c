//! Command-line parse errors in Russian: clap words them in English only, so under a Russian
//! locale the error's kind and context (which argument, which value) are worded from
//! `locales/ru.ftl`, with the usage line kept; exit code 2 as clap's.

use clap::error::{ContextKind, ErrorKind};

use crate::{Catalogues, Lang};

const RU: &str = include_str!("../locales/ru.ftl");

/// The Russian words for a parse error of `kind` with `context`, if there are any.
fn words(
    kind: ErrorKind,
    context: &dyn Fn(ContextKind) -> String,
) -> (&'static str, Vec<(&'static str, String)>) {
    let arg = || ("arg", context(ContextKind::InvalidArg));
    match kind {
        ErrorKind::UnknownArgument => ("parse-unknown-argument", vec![arg()]),
        ErrorKind::InvalidSubcommand => (
            "parse-invalid-subcommand",
            vec![("arg", context(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::InvalidValue => (
            "parse-invalid-value",
            vec![
                ("value", context(ContextKind::InvalidValue)),
                arg(),
                ("valid", context(ContextKind::ValidValue)),
            ],
        ),
        ErrorKind::ValueValidation => (
            "parse-value-validation",
            vec![("value", context(ContextKind::InvalidValue)), arg()],
        ),
        ErrorKind::MissingRequiredArgument => ("parse-missing-required", vec![arg()]),
        ErrorKind::ArgumentConflict => (
            "parse-conflict",
            vec![arg(), ("prior", context(ContextKind::PriorArg))],
        ),
        ErrorKind::MissingSubcommand => ("parse-missing-subcommand", vec![]),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            ("parse-wrong-values", vec![arg()])
        }
        _ => ("parse-other", vec![]),
    }
}

/// The message for `error` in `lang`: clap's own in English (and for help and version
/// output), else the Russian words with clap's usage line.
pub fn render_parse_error(error: &clap::Error, lang: Lang) -> Option<String> {
    let shown_as_is = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::En || shown_as_is {
        return None;
    }
    let catalogue = Catalogues::new("", RU);
    let context = |kind: ContextKind| {
        error
            .get(kind)
            .map(|value| value.to_string())
            .unwrap_or_default()
    };
    let (key, args) = words(error.kind(), &context);
    let message = catalogue.message(Lang::Ru, key, &args)?;
    let mut out = catalogue.message(Lang::Ru, "parse-error", &[("message", message)])?;
    let usage = context(ContextKind::Usage);
    if let Some(rest) = usage.strip_prefix("Usage:") {
        let heading = catalogue.message(Lang::Ru, "parse-usage", &[])?;
        out.push_str(&format!("\n\n{heading}{rest}"));
    }
    out.push_str("\n\n");
    out.push_str(&catalogue.message(Lang::Ru, "parse-more", &[])?);
    Some(out)
}

/// Exits for a parse error as clap would (exit 2; help and version to stdout, exit 0), its
/// message in `lang`.
pub fn exit_on_parse_error(error: clap::Error, lang: Lang) -> ! {
    match render_parse_error(&error, lang) {
        Some(message) => {
            eprintln!("{message}");
            std::process::exit(2)
        }
        None => error.exit(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command() -> clap::Command {
        clap::Command::new("ca")
            .arg(
                clap::Arg::new("lang")
                    .long("lang")
                    .value_parser(["en", "ru"]),
            )
            .arg(clap::Arg::new("serial").long("serial").required(true))
    }

    #[test]
    fn parse_errors_are_worded_in_russian_with_their_context() {
        let unknown = command()
            .try_get_matches_from(["ca", "--serial", "1", "--bogus"])
            .unwrap_err();
        let words = render_parse_error(&unknown, Lang::Ru).unwrap();
        assert!(words.contains("неизвестный параметр «--bogus»"), "{words}");
        assert!(words.contains("Использование:"), "{words}");
        let invalid = command()
            .try_get_matches_from(["ca", "--serial", "1", "--lang", "fr"])
            .unwrap_err();
        let words = render_parse_error(&invalid, Lang::Ru).unwrap();
        assert!(words.contains("«fr»") && words.contains("en"), "{words}");
        let missing = command().try_get_matches_from(["ca"]).unwrap_err();
        let words = render_parse_error(&missing, Lang::Ru).unwrap();
        assert!(
            words.contains("не указаны обязательные параметры"),
            "{words}"
        );
        assert!(render_parse_error(&missing, Lang::En).is_none());
    }

    #[test]
    fn every_key_of_the_parse_errors_is_in_the_catalogue() {
        let keys = crate::testing::messages(RU, "ca-i18n ru.ftl");
        let context = |_: ContextKind| String::new();
        for kind in [
            ErrorKind::UnknownArgument,
            ErrorKind::InvalidSubcommand,
            ErrorKind::InvalidValue,
            ErrorKind::ValueValidation,
            ErrorKind::MissingRequiredArgument,
            ErrorKind::ArgumentConflict,
            ErrorKind::MissingSubcommand,
            ErrorKind::WrongNumberOfValues,
            ErrorKind::Io,
        ] {
            let (key, args) = words(kind, &context);
            let used = &keys[key];
            let given: std::collections::BTreeSet<String> =
                args.iter().map(|(name, _)| (*name).to_owned()).collect();
            assert_eq!(used, &given, "{key}");
        }
        for key in ["parse-error", "parse-usage", "parse-more"] {
            assert!(keys.contains_key(key), "{key}");
        }
    }
}
