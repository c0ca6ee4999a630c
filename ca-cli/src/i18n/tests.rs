//! The catalogues: both parse, hold the same messages with the same variables, cover every
//! key the code asks for, and the Russian one every command and argument of the clap tree.

use std::collections::{BTreeMap, BTreeSet};

use clap::CommandFactory;

use super::{Lang, EN, RU, RU_REFUSALS};

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

/// The Rust files under `dir`, recursively.
fn rust_files(dir: std::path::PathBuf) -> Vec<std::path::PathBuf> {
    let mut pending = vec![dir];
    let mut found = Vec::new();
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// The parts of a macro call's arguments `body` split at its top-level commas (and at the `;`
/// before `refusal!`'s extra arguments), outside string literals and brackets.
fn top_level_parts(body: &str) -> Vec<String> {
    let (mut parts, mut current) = (Vec::new(), String::new());
    let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
    for c in body.chars() {
        if in_string {
            current.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' | ';' if depth == 0 => {
                parts.push(std::mem::take(&mut current).trim().to_owned());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current.trim().to_owned());
    parts.retain(|p| !p.is_empty());
    parts
}

/// Every `refusal!` call in ca-core's sources: its key and the names of its arguments.
fn refusals_in_ca_core() -> BTreeMap<String, BTreeSet<String>> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ca-core/src");
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(src) {
        let text = std::fs::read_to_string(&path).unwrap();
        for (start, _) in text.match_indices("refusal!(") {
            let call = &text[start + "refusal!(".len()..];
            // The call's arguments run to the bracket that closes it.
            let mut depth = 1;
            let mut end = 0;
            let mut in_string = false;
            let mut previous = ' ';
            for (i, c) in call.char_indices() {
                if in_string {
                    in_string = !(c == '"' && previous != '\\');
                } else if c == '"' {
                    in_string = true;
                } else if c == '(' {
                    depth += 1;
                } else if c == ')' {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                previous = c;
            }
            let parts = top_level_parts(&call[..end]);
            let Some(key) = parts
                .first()
                .and_then(|k| k.strip_prefix('"')?.strip_suffix('"'))
            else {
                continue; // the macro's own documentation
            };
            let args = parts[2..]
                .iter()
                .map(|part| part.split('=').next().unwrap().trim().to_owned())
                .collect();
            let previous = found.insert(key.to_owned(), args);
            if let Some(previous) = previous {
                assert_eq!(
                    previous, found[key],
                    "{key}: the calls pass different arguments"
                );
            }
        }
    }
    found
}

#[test]
fn every_refusal_of_the_library_is_worded_in_russian_with_its_arguments() {
    let refusals = refusals_in_ca_core();
    assert!(
        refusals.len() > 80,
        "the calls were found: {}",
        refusals.len()
    );
    let catalogue = ca_i18n::testing::messages(RU_REFUSALS, "ru-refusals.ftl");
    for (key, args) in &refusals {
        // A key a unit test makes up for itself needs no words.
        if key.starts_with("refusal-test-") {
            continue;
        }
        let words = catalogue
            .get(key)
            .unwrap_or_else(|| panic!("ru-refusals.ftl has no {key}"));
        assert!(
            words.is_subset(args),
            "{key}: ru-refusals.ftl uses {words:?}, the calls pass {args:?}"
        );
    }
    let stale: Vec<_> = catalogue
        .keys()
        .filter(|k| !refusals.contains_key(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "no refusal! call has these keys: {stale:?}"
    );
    // Nothing in ru.ftl shares a key with them (one catalogue is built from both).
    let main = ca_i18n::testing::messages(RU, "ru.ftl");
    assert!(catalogue.keys().all(|k| !main.contains_key(k)));
}

#[test]
fn a_refusal_reads_in_russian_by_its_key_and_in_english_as_the_library_words_it() {
    let error = "zz".parse::<ca_core::status::Reason>().unwrap_err();
    let english = error.to_string();
    assert!(
        english.starts_with("--reason zz: expected one of"),
        "{english}"
    );
    assert_eq!(super::errors::core_error(&error, Lang::En), Some(english));
    let russian = super::errors::core_error(&error, Lang::Ru).expect("worded");
    assert!(
        russian.starts_with("--reason zz: ожидается одно из: "),
        "{russian}"
    );
    assert!(russian.contains("keyCompromise"), "{russian}");
    // A word the English spells out is chosen by its argument.
    let renew = ca_core::Error::Invalid(ca_core::Refusal::new(
        "refusal-renew-status",
        "--renew 0a: it is revoked".into(),
        vec![("serial", "0a".into()), ("status", "revoked".into())],
    ));
    assert_eq!(
        super::errors::core_error(&renew, Lang::Ru).as_deref(),
        Some("--renew 0a: сертификат отозван")
    );
    // A reason inside a reason is worded first.
    let inner = ca_core::Refusal::new(
        "revocation-no-responder",
        "the certificate names no OCSP responder".into(),
        Vec::new(),
    );
    let outer = ca_core::Refusal::new(
        "check-revocation-required",
        format!("required but not established: {inner}"),
        vec![("problem", inner.to_string())],
    )
    .nest("problem", inner);
    assert_eq!(
        super::errors::refusal_words(&outer, Lang::Ru),
        "требуется, но не установлено: сертификат не называет OCSP-службу"
    );
    assert_eq!(
        super::errors::refusal_words(&outer, Lang::En),
        "required but not established: the certificate names no OCSP responder"
    );
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
        ca_core::Error::Csr(ca_core::Refusal::new(
            "refusal-test-csr",
            "not a PKCS#10 request".into(),
            Vec::new(),
        )),
        ca_core::Error::Invalid(ca_core::Refusal::new(
            "refusal-test-bad",
            "a bad thing".into(),
            Vec::new(),
        )),
        ca_core::Error::RolledBack("sequence 9 > 7".into()),
        ca_core::Error::UnknownProfile("nope".into()),
        ca_core::Error::UntrustedResponse(ca_core::Refusal::new(
            "refusal-test-stale",
            "stale".into(),
            Vec::new(),
        )),
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
