//! The interface language of `ca` and `ocsp-server`: Russian when the locale says Russian
//! (POSIX precedence: `LC_ALL`, then `LC_MESSAGES`, then `LANG`) or with `--lang ru`, English
//! otherwise; messages from one Fluent catalogue per language; `--help` in Russian from the
//! catalogue's `cmd-*` and `arg-*` keys (English help is the code's doc comments).
#![forbid(unsafe_code)]

mod help;
mod lang;
mod parse_error;
pub mod testing;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

pub use help::{arg_key, command_key, localize_help};
pub use lang::Lang;
pub use parse_error::{exit_on_parse_error, render_parse_error};

/// ca-core's refusals (`ca_core::Refusal`) in Russian, by key, for every program that shows
/// them; English is the library's own text. ca-cli's tests check it against every `refusal!`
/// call in ca-core.
pub const RU_REFUSALS: &str = include_str!("../locales/ru-refusals.ftl");

/// The English and the Russian catalogue of one program.
pub struct Catalogues {
    en: FluentBundle<FluentResource>,
    ru: FluentBundle<FluentResource>,
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

impl Catalogues {
    /// The catalogues from their Fluent sources (`testing::messages` checks they parse).
    pub fn new(en: &str, ru: &str) -> Self {
        Catalogues {
            en: bundle(en, "en"),
            ru: bundle(ru, "ru"),
        }
    }

    /// The message `key` in `lang` with `args`; `None` when that catalogue has no such message.
    pub fn message(&self, lang: Lang, key: &str, args: &[(&str, String)]) -> Option<String> {
        let bundle = match lang {
            Lang::En => &self.en,
            Lang::Ru => &self.ru,
        };
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
}
