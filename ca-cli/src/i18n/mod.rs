//! The officer's language (ca-i18n: the locale or `--lang`): `ca`'s own catalogues
//! (`locales/en.ftl`, `locales/ru.ftl`, and ca-core's refusals from ca-i18n's
//! `locales/ru-refusals.ftl`, built in), the `tr!` macro, and the Russian `--help`
//! from `ru.ftl`. `--json` output and exit codes never depend on it.

pub mod errors;

use std::sync::OnceLock;

use ca_i18n::Catalogues;
pub use ca_i18n::Lang;

/// The English catalogue.
pub const EN: &str = include_str!("../../locales/en.ftl");
/// The Russian catalogue.
pub const RU: &str = include_str!("../../locales/ru.ftl");
/// ca-core's refusals in Russian, by key (English is the library's own text).
pub const RU_REFUSALS: &str = ca_i18n::RU_REFUSALS;

static LANG: OnceLock<Lang> = OnceLock::new();
static CATALOGUES: OnceLock<Catalogues> = OnceLock::new();

/// Makes `lang` the language of every message of the process (once; later calls are ignored).
pub fn install(lang: Lang) {
    let _ = LANG.set(lang);
}

fn catalogues() -> &'static Catalogues {
    CATALOGUES.get_or_init(|| Catalogues::new(EN, &format!("{RU}\n{RU_REFUSALS}")))
}

/// The clap tree with its help in the language in use.
pub fn localize_help(command: clap::Command) -> clap::Command {
    ca_i18n::localize_help(command, lang(), catalogues())
}

/// The language in use.
pub fn lang() -> Lang {
    *LANG.get().unwrap_or(&Lang::En)
}

/// How wide the labels of a label-value report are: Russian labels run longer.
pub fn label_width() -> usize {
    match lang() {
        Lang::En => 12,
        Lang::Ru => 16,
    }
}

/// The message `key` in `lang` with `args`; `None` when the catalogue has no such message.
pub fn message_in(lang: Lang, key: &str, args: &[(&str, String)]) -> Option<String> {
    catalogues().message(lang, key, args)
}

/// The message `key` in the language in use (the key itself if a catalogue lacks it, which
/// the catalogue test rules out).
pub fn message(key: &str, args: &[(&str, String)]) -> String {
    message_in(lang(), key, args).unwrap_or_else(|| key.to_owned())
}

/// `tr!("key")` or `tr!("key", name = value, …)`: the message in the language in use.
macro_rules! tr {
    ($key:literal) => {
        $crate::i18n::message($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message($key, &[$((stringify!($name), $value.to_string())),+])
    };
}

#[cfg(test)]
mod tests;
