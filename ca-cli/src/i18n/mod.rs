//! The officer's language: Russian when the locale says Russian (POSIX precedence: `LC_ALL`,
//! then `LC_MESSAGES`, then `LANG`) or with `--lang ru`, English otherwise. Messages come from
//! one Fluent catalogue per language (`locales/en.ftl`, `locales/ru.ftl`, built in); the
//! English `--help` is the code's own doc comments and the Russian one comes from `ru.ftl`
//! (`help` localizes the clap tree). `--json` output and exit codes never depend on it.

pub mod errors;
pub mod help;

use std::ffi::OsString;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English, the default.
    En,
    /// Russian.
    Ru,
}

/// The English catalogue.
pub const EN: &str = include_str!("../../locales/en.ftl");
/// The Russian catalogue.
pub const RU: &str = include_str!("../../locales/ru.ftl");

static LANG: OnceLock<Lang> = OnceLock::new();
static BUNDLES: OnceLock<(FluentBundle<FluentResource>, FluentBundle<FluentResource>)> =
    OnceLock::new();

impl Lang {
    /// The language `--lang` names in `args` (`--lang ru`, `--lang=ru`), else the locale's.
    pub fn select(args: &[OsString]) -> Lang {
        let mut flag = None;
        for (i, arg) in args.iter().enumerate() {
            let arg = arg.to_string_lossy();
            if let Some(value) = arg.strip_prefix("--lang=") {
                flag = Some(value.to_owned());
            } else if arg == "--lang" {
                flag = args.get(i + 1).map(|v| v.to_string_lossy().into_owned());
            } else if arg == "--" {
                break;
            }
        }
        match flag {
            Some(value) => Lang::of_tag(&value),
            None => Lang::from_locale(|name| std::env::var(name).ok()),
        }
    }

    /// The language of the locale the environment `var` gives: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty decides.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()))
            .map_or(Lang::En, |value| Lang::of_tag(&value))
    }

    /// `ru`, `ru_RU.UTF-8`, `ru-RU`: Russian; anything else English.
    fn of_tag(tag: &str) -> Lang {
        if tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("ru")) {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    /// Makes this the language of every message of the process (once; later calls are ignored).
    pub fn install(self) {
        let _ = LANG.set(self);
    }
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

fn bundle(source: &str, tag: &str) -> FluentBundle<FluentResource> {
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, _)| resource);
    let id: unic_langid::LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Terminal output: no Unicode isolation marks around arguments.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

fn bundles() -> &'static (FluentBundle<FluentResource>, FluentBundle<FluentResource>) {
    BUNDLES.get_or_init(|| (bundle(EN, "en"), bundle(RU, "ru")))
}

/// The message `key` in `lang` with `args`; `None` when the catalogue has no such message.
pub fn message_in(lang: Lang, key: &str, args: &[(&str, String)]) -> Option<String> {
    let (en, ru) = bundles();
    let bundle = if lang == Lang::Ru { ru } else { en };
    let pattern = bundle.get_message(key)?.value()?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned(),
    )
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
