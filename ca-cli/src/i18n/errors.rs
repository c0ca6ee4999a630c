//! The one line `ca` prints for an error, in the language in use. In English it is the chain
//! of causes as the code words them. In Russian, an error of ca-core that carries its facts
//! (an identifier's check digit, an unknown serial, a wrong passphrase, a role that may not…)
//! is worded from `ru.ftl`, a refusal ([`ca_core::Refusal`]) from `ru-refusals.ftl` by its key;
//! the remaining free-text details stay as the code words them.

use ca_core::StatusProblem;
use ca_core::{Error, IdentifierProblem};

use super::{message_in, Lang};

/// The error message for `error` in `lang`.
pub fn describe(error: &anyhow::Error, lang: Lang) -> String {
    if lang == Lang::Ru {
        if let Some(words) = error
            .chain()
            .find_map(|cause| cause.downcast_ref::<Error>())
            .and_then(|core| core_error(core, Lang::Ru))
        {
            return words;
        }
    }
    chain(error)
}

/// Each cause once: a message that already ends with its cause is not repeated.
fn chain(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !message.ends_with(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
    }
    message
}

/// The name of an identifier field (`snils`) as officers say it.
fn field_words(field: &str, lang: Lang) -> String {
    message_in(lang, &format!("field-{field}"), &[]).unwrap_or_else(|| field.to_owned())
}

fn identifier_problem(problem: &IdentifierProblem, lang: Lang) -> Option<String> {
    let s = |v: &dyn ToString| v.to_string();
    match problem {
        IdentifierProblem::NotADigit(ch) => message_in(
            lang,
            "identifier-not-a-digit",
            &[("char", format!("{ch:?}"))],
        ),
        IdentifierProblem::Length { found, expected } => message_in(
            lang,
            "identifier-length",
            &[("found", s(found)), ("expected", s(expected))],
        ),
        IdentifierProblem::CheckNumber { expected } => message_in(
            lang,
            "identifier-check-number",
            &[("expected", format!("{expected:02}"))],
        ),
        IdentifierProblem::CheckDigit {
            position,
            given,
            expected,
        } => message_in(
            lang,
            "identifier-check-digit",
            &[
                ("position", s(position)),
                ("given", s(given)),
                ("expected", s(expected)),
            ],
        ),
        IdentifierProblem::NotANumber => message_in(lang, "identifier-not-a-number", &[]),
    }
}

/// A certificate status word in `lang` (the library's English word when there is none).
fn status_in(status: &str, lang: Lang) -> String {
    message_in(lang, &format!("status-{status}"), &[]).unwrap_or_else(|| status.to_owned())
}

fn status_problem(problem: StatusProblem, lang: Lang) -> Option<String> {
    let key = match problem {
        StatusProblem::AlreadyRevoked => "status-problem-revoked",
        StatusProblem::AlreadyOnHold => "status-problem-on-hold",
        StatusProblem::NotOnHold => "status-problem-not-on-hold",
        StatusProblem::NothingToLift => "status-problem-nothing-to-lift",
    };
    message_in(lang, key, &[])
}

/// A library refusal in `lang` by its key (its English text where the catalogue has none),
/// the refusals nested in its arguments worded first.
pub fn refusal_words(refusal: &ca_core::Refusal, lang: Lang) -> String {
    if lang == Lang::En {
        return refusal.to_string();
    }
    refusal.words(&|key, args| message_in(lang, key, args))
}

/// A ca-core error worded from the catalogue of `lang`, if it has words for it.
pub fn core_error(error: &Error, lang: Lang) -> Option<String> {
    let s = |v: &dyn std::fmt::Display| v.to_string();
    match error {
        Error::Identifier {
            field,
            value,
            problem,
        } => message_in(
            lang,
            "error-identifier",
            &[
                ("flag", s(field)),
                ("value", value.clone()),
                ("field", field_words(field, lang)),
                ("problem", identifier_problem(problem, lang)?),
            ],
        ),
        Error::WrongPassphrase { path } => message_in(
            lang,
            "error-wrong-passphrase",
            &[("path", path.display().to_string())],
        ),
        Error::WrongOfficerPassphrase(officer) => message_in(
            lang,
            "error-wrong-officer-passphrase",
            &[("officer", officer.clone())],
        ),
        Error::UnknownOfficer(officer) => message_in(
            lang,
            "error-unknown-officer",
            &[("officer", format!("{officer:?}"))],
        ),
        Error::NotAllowed {
            officer,
            role,
            action,
            needed,
        } => message_in(
            lang,
            "error-not-allowed",
            &[
                ("officer", officer.clone()),
                ("role", role.clone()),
                ("action", action.clone()),
                ("needed", needed.clone()),
            ],
        ),
        Error::KeyAlreadyCertified { serial } => message_in(
            lang,
            "error-key-already-certified",
            &[("serial", serial.clone())],
        ),
        Error::BadSerial(serial) => message_in(
            lang,
            "error-bad-serial",
            &[("serial", format!("{serial:?}"))],
        ),
        Error::UnknownSerial(serial) => {
            message_in(lang, "error-unknown-serial", &[("serial", serial.clone())])
        }
        Error::HomeExists(path) => message_in(
            lang,
            "error-home-exists",
            &[("path", path.display().to_string())],
        ),
        Error::HomeInUse(path) => message_in(
            lang,
            "error-home-in-use",
            &[("path", path.display().to_string())],
        ),
        Error::NoHome { path, problem } => message_in(
            lang,
            "error-no-home",
            &[
                ("path", path.display().to_string()),
                ("problem", refusal_words(problem, lang)),
            ],
        ),
        Error::StatusConflict {
            serial,
            status,
            problem,
        } => message_in(
            lang,
            "error-status-conflict",
            &[
                ("serial", serial.clone()),
                ("status", status_in(status, lang)),
                ("problem", status_problem(*problem, lang)?),
            ],
        ),
        Error::Csr(refusal) => message_in(
            lang,
            "error-csr",
            &[("problem", refusal_words(refusal, lang))],
        ),
        Error::Subject { dn, problem } => message_in(
            lang,
            "error-subject",
            &[
                ("dn", format!("{dn:?}")),
                ("problem", refusal_words(problem, lang)),
            ],
        ),
        Error::Key(refusal) => message_in(
            lang,
            "error-key",
            &[("problem", refusal_words(refusal, lang))],
        ),
        Error::Config { path, problem } => message_in(
            lang,
            "error-config",
            &[
                ("path", path.display().to_string()),
                ("problem", refusal_words(problem, lang)),
            ],
        ),
        Error::Invalid(refusal) => Some(refusal_words(refusal, lang)),
        Error::WeakPassphrase {
            score,
            needed,
            guesses_log10,
            warning,
        } => message_in(
            lang,
            "error-weak-passphrase",
            &[
                ("score", score.to_string()),
                ("needed", needed.to_string()),
                ("guesses", guesses_log10.to_string()),
                ("warning", warning.clone()),
            ],
        ),
        Error::Register(text) => message_in(lang, "error-register", &[("problem", text.clone())]),
        Error::Io { path, source } => message_in(
            lang,
            "error-io",
            &[
                ("path", path.display().to_string()),
                ("problem", source.to_string()),
            ],
        ),
        Error::UntrustedResponse(refusal) => message_in(
            lang,
            "error-untrusted",
            &[("problem", refusal_words(refusal, lang))],
        ),
        Error::RolledBack(text) => {
            message_in(lang, "error-rolled-back", &[("problem", text.clone())])
        }
        Error::FilesNotWritten { serial, problem } => message_in(
            lang,
            "error-files-not-written",
            &[("serial", serial.clone()), ("problem", problem.clone())],
        ),
        Error::UnknownProfile(name) => message_in(
            lang,
            "error-unknown-profile",
            &[("profile", format!("{name:?}"))],
        ),
        Error::ProfileNotAllowed {
            officer,
            role,
            profile,
            needed,
        } => message_in(
            lang,
            "error-profile-not-allowed",
            &[
                ("officer", officer.clone()),
                ("role", role.clone()),
                ("profile", profile.clone()),
                ("needed", needed.clone()),
            ],
        ),
        Error::Unreachable { url, reason } => message_in(
            lang,
            "error-unreachable",
            &[("url", url.clone()), ("reason", reason.clone())],
        ),
        _ => None,
    }
}
