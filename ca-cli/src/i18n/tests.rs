//! The catalogues: both parse, hold the same messages with the same variables, cover every
//! key the code asks for, and the Russian one every command and argument of the clap tree.

use std::collections::{BTreeMap, BTreeSet};

use clap::CommandFactory;
use fluent_syntax::ast;

use super::help::{arg_key, command_key};
use super::{Lang, EN, RU};

/// Message id -> the variables its value uses.
fn messages(source: &str, name: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("{name} does not parse: {errors:?}"));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(message) = entry {
            let mut variables = BTreeSet::new();
            if let Some(pattern) = &message.value {
                for element in &pattern.elements {
                    if let ast::PatternElement::Placeable {
                        expression:
                            ast::Expression::Inline(ast::InlineExpression::VariableReference { id }),
                    } = element
                    {
                        variables.insert(id.name.clone());
                    }
                }
            }
            assert!(
                out.insert(message.id.name.clone(), variables).is_none(),
                "{name}: {} twice",
                message.id.name
            );
        }
    }
    out
}

/// Every key of the clap tree's help, as `help::localize` asks for it.
fn help_keys() -> BTreeSet<String> {
    fn walk(command: &clap::Command, path: &mut Vec<String>, keys: &mut BTreeSet<String>) {
        keys.insert(command_key(path));
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id != "help" && id != "version" {
                keys.insert(arg_key(path, id));
            }
        }
        for sub in command.get_subcommands() {
            path.push(sub.get_name().to_owned());
            walk(sub, path, keys);
            path.pop();
        }
    }
    let mut keys = BTreeSet::new();
    walk(&crate::cli::Cli::command(), &mut Vec::new(), &mut keys);
    keys
}

fn is_help(key: &str) -> bool {
    key.starts_with("cmd-") || key.starts_with("arg-")
}

#[test]
fn both_catalogues_hold_the_same_messages_with_the_same_variables() {
    let en = messages(EN, "en.ftl");
    let ru: BTreeMap<_, _> = messages(RU, "ru.ftl")
        .into_iter()
        .filter(|(k, _)| !is_help(k))
        .collect();
    let missing_in_ru: Vec<_> = en.keys().filter(|k| !ru.contains_key(*k)).collect();
    let missing_in_en: Vec<_> = ru.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing_in_ru.is_empty(), "not in ru.ftl: {missing_in_ru:?}");
    assert!(missing_in_en.is_empty(), "not in en.ftl: {missing_in_en:?}");
    // Variables the code passes that the English words leave out (its words are the
    // library's own): a translation may use them.
    let unused_in_english: BTreeMap<&str, BTreeSet<String>> =
        BTreeMap::from([("error-identifier", BTreeSet::from(["field".to_owned()]))]);
    for (key, variables) in &en {
        let mut passed = variables.clone();
        passed.extend(
            unused_in_english
                .get(key.as_str())
                .cloned()
                .unwrap_or_default(),
        );
        assert!(
            ru[key].is_subset(&passed) && variables.is_subset(&ru[key]),
            "{key}: the variables differ ({variables:?} and {:?})",
            ru[key]
        );
    }
}

#[test]
fn every_command_and_argument_has_russian_help_and_no_stale_key_is_kept() {
    let wanted = help_keys();
    let ru: BTreeSet<String> = messages(RU, "ru.ftl")
        .into_keys()
        .filter(|k| is_help(k))
        .collect();
    let missing: Vec<_> = wanted.difference(&ru).collect();
    let stale: Vec<_> = ru.difference(&wanted).collect();
    assert!(missing.is_empty(), "no Russian help for: {missing:?}");
    assert!(
        stale.is_empty(),
        "ru.ftl has help for what does not exist: {stale:?}"
    );
}

#[test]
fn every_key_the_code_asks_for_is_in_the_catalogue() {
    let en = messages(EN, "en.ftl");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src];
    let mut asked = BTreeSet::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                let mut rest = line;
                while let Some(at) = rest.find("tr!(\"") {
                    let before = rest[..at].chars().last();
                    let after = &rest[at + 5..];
                    if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        asked.insert(after.split('"').next().unwrap().to_owned());
                    }
                    rest = after;
                }
            }
        }
    }
    assert!(!asked.is_empty());
    let unknown: Vec<_> = asked.iter().filter(|k| !en.contains_key(*k)).collect();
    assert!(
        unknown.is_empty(),
        "asked for but not in the catalogues: {unknown:?}"
    );
}

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
    let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
    assert_eq!(
        Lang::select(&args(&["ca", "--lang", "ru", "list"])),
        Lang::Ru
    );
    assert_eq!(Lang::select(&args(&["ca", "--lang=en", "list"])), Lang::En);
}

#[test]
fn english_error_words_are_the_librarys_own() {
    let errors = [
        ca_core::Error::UnknownSerial("0a".into()),
        ca_core::Error::BadSerial("zz".into()),
        "112-233-445 96".parse::<ca_core::Snils>().unwrap_err(),
        "12345".parse::<ca_core::Inn>().unwrap_err(),
        ca_core::Error::UnknownOfficer("kim".into()),
        ca_core::Error::HomeExists("ca-home".into()),
    ];
    for error in &errors {
        assert_eq!(
            super::errors::core_error(error, Lang::En).as_deref(),
            Some(error.to_string().as_str())
        );
    }
    let russian = super::errors::core_error(
        &"112-233-445 96".parse::<ca_core::Snils>().unwrap_err(),
        Lang::Ru,
    )
    .unwrap();
    assert!(
        russian.contains("СНИЛС") && russian.contains("контрольное число"),
        "{russian}"
    );
}
