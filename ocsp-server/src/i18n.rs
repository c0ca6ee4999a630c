//! The language of `--help` and of the start-up errors (ca-i18n: the locale or `--lang`);
//! log lines and metrics stay English and stable for the collectors that read them.

use std::sync::OnceLock;

use ca_i18n::{Catalogues, Lang};

/// The English catalogue.
pub const EN: &str = include_str!("../locales/en.ftl");
/// The Russian catalogue.
pub const RU: &str = include_str!("../locales/ru.ftl");

static LANG: OnceLock<Lang> = OnceLock::new();
static CATALOGUES: OnceLock<Catalogues> = OnceLock::new();

fn catalogues() -> &'static Catalogues {
    CATALOGUES.get_or_init(|| Catalogues::new(EN, &format!("{RU}\n{}", ca_i18n::RU_REFUSALS)))
}

/// Chooses the language from the command line and the locale, once.
pub fn install(args: &[std::ffi::OsString]) {
    let _ = LANG.set(Lang::select(args));
}

/// The clap tree with its help in the language chosen.
pub fn localize_help(command: clap::Command) -> clap::Command {
    ca_i18n::localize_help(command, lang(), catalogues())
}

/// The language chosen.
pub fn lang() -> Lang {
    *LANG.get().unwrap_or(&Lang::En)
}

/// A refusal of ca-core in the language chosen (its English text in English), the refusals
/// nested in its arguments worded first.
pub fn refusal_words(refusal: &ca_core::Refusal) -> String {
    match lang() {
        Lang::En => refusal.to_string(),
        lang => refusal.words(&|key, args| catalogues().message(lang, key, args)),
    }
}

/// The message `key` with `args` in the language chosen.
pub fn tr(key: &str, args: &[(&str, String)]) -> String {
    catalogues()
        .message(lang(), key, args)
        .unwrap_or_else(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_catalogues_agree_and_russian_help_covers_the_clap_tree() {
        ca_i18n::testing::check_catalogues(
            super::EN,
            super::RU,
            &crate::Cli::command(),
            &Default::default(),
        );
    }

    #[test]
    fn every_key_the_code_asks_for_is_in_the_catalogue() {
        let en = ca_i18n::testing::messages(super::EN, "en.ftl");
        let main = include_str!("main.rs");
        let asked: Vec<&str> = main
            .split("tr(\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap())
            .collect();
        assert!(!asked.is_empty());
        for key in asked {
            assert!(en.contains_key(key), "{key} is not in the catalogues");
        }
    }
}
