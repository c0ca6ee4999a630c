//! Which language: `--lang` on the command line, else the locale.

use std::ffi::OsString;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English, the default.
    En,
    /// Russian.
    Ru,
}

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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_decides_in_posix_order_and_lang_overrides_it() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "ru_RU.UTF-8")])), Lang::Ru);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "ru_RU.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(env(&[
                ("LC_MESSAGES", "ru_RU.UTF-8"),
                ("LANG", "en_US.UTF-8")
            ])),
            Lang::Ru
        );
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", ""), ("LANG", "ru_RU")])),
            Lang::Ru
        );
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            Lang::select(&args(&["ca", "--lang", "ru", "list"])),
            Lang::Ru
        );
        assert_eq!(Lang::select(&args(&["ca", "--lang=en", "list"])), Lang::En);
    }
}
