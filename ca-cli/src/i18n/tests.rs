//! The catalogues: both parse, hold the same messages with the same variables, cover every
//! key the code asks for, and the Russian one every command and argument of the clap tree.

use std::collections::{BTreeMap, BTreeSet};

use clap::CommandFactory;

use super::{Lang, EN, RU};

#[test]
fn both_catalogues_hold_the_same_messages_and_russian_help_covers_the_clap_tree() {
    // Variables the code passes that the English words leave out (its words are the
    // library's own): a translation may use them.
    let extra = BTreeMap::from([("error-identifier", BTreeSet::from(["field".to_owned()]))]);
    ca_i18n::testing::check_catalogues(EN, RU, &crate::cli::Cli::command(), &extra);
}

#[test]
fn every_key_the_code_asks_for_is_in_the_catalogue() {
    let en = ca_i18n::testing::messages(EN, "en.ftl");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src];
    let mut asked = BTreeSet::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text: String = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let mut rest = text.as_str();
            while let Some(at) = rest.find("tr!(") {
                let before = rest[..at].chars().last();
                let after = rest[at + 4..].trim_start();
                if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    let key = after
                        .strip_prefix('"')
                        .and_then(|literal| literal.split('"').next())
                        .filter(|key| {
                            !key.is_empty()
                                && key.chars().all(|c| {
                                    c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()
                                })
                        });
                    if let Some(key) = key {
                        asked.insert(key.to_owned());
                    }
                }
                rest = &rest[at + 4..];
            }
        }
    }
    // Keys on the line after `tr!(` are found too.
    assert!(
        asked.contains("changed-since") && asked.len() > 100,
        "{asked:?}"
    );
    let unknown: Vec<_> = asked.iter().filter(|k| !en.contains_key(*k)).collect();
    assert!(
        unknown.is_empty(),
        "asked for but not in the catalogues: {unknown:?}"
    );
}

#[test]
fn every_check_detail_key_of_the_library_is_in_the_catalogues_with_its_arguments() {
    for (name, source) in [("en.ftl", EN), ("ru.ftl", RU)] {
        let messages = ca_i18n::testing::messages(source, name);
        for (key, args) in ca_core::verification::CHECK_WORDS {
            let wanted: BTreeSet<String> = args.iter().map(|a| (*a).to_owned()).collect();
            assert_eq!(messages.get(key), Some(&wanted), "{name}: {key}");
        }
    }
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
        ca_core::Error::StatusConflict {
            serial: "0a".into(),
            status: "revoked".into(),
            problem: ca_core::StatusProblem::AlreadyRevoked,
        },
        ca_core::Error::Csr("not a PKCS#10 request".into()),
        ca_core::Error::Invalid("a bad thing".into()),
        ca_core::Error::RolledBack("sequence 9 > 7".into()),
        ca_core::Error::UnknownProfile("nope".into()),
        ca_core::Error::UntrustedResponse("stale".into()),
        ca_core::Error::WeakPassphrase {
            score: 1,
            needed: 3,
            guesses_log10: 4,
            warning: ": This is a top-10 common password.".into(),
        },
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
