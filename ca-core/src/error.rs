//! The crate's one error type, with the facts a user needs to act on it.

use std::path::PathBuf;

/// What kind of failure an [`Error`] is, so that a front end can map it to an exit code or a
/// protocol status without matching every variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input was malformed, inconsistent or not allowed (exit code 2).
    BadInput,
    /// A well-formed request got a negative answer (exit code 1).
    Refused,
    /// The environment failed: I/O, a busy home, a broken register (exit code 3).
    Operational,
}

/// Why a status change cannot be made, in a form a front end can word in any language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusProblem {
    /// The certificate is revoked: a revocation is final.
    AlreadyRevoked,
    /// It is on hold already.
    AlreadyOnHold,
    /// A release of a certificate that is not on hold.
    NotOnHold,
    /// Nothing to lift.
    NothingToLift,
}

impl std::fmt::Display for StatusProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            StatusProblem::AlreadyRevoked => "already revoked; a revocation is final",
            StatusProblem::AlreadyOnHold => "already on hold",
            StatusProblem::NotOnHold => "not on hold, so not released",
            StatusProblem::NothingToLift => "has no revocation to lift",
        })
    }
}

/// A front end's words: a message key and its arguments to text, `None` where it has none.
pub type Catalogue<'a> = dyn Fn(&str, &[(&str, String)]) -> Option<String> + 'a;

/// A refusal a front end can word in any language: a message key (`refusal-…`) with its
/// arguments, and the English text ca-core shows. `ca`'s catalogues hold every key with the
/// same arguments (its tests read the `refusal!` calls in these sources).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The message key.
    pub key: &'static str,
    /// The arguments, by name, as text.
    pub args: Vec<(&'static str, String)>,
    /// Arguments that are refusals themselves (a reason inside a reason), by name: a front end
    /// words them in its language before it words this one; their English is in `args`.
    pub nested: Vec<(&'static str, Refusal)>,
    english: String,
}

impl Refusal {
    /// A refusal with its key, English text and arguments; ca-core's `refusal!` builds one from a
    /// format string.
    pub fn new(key: &'static str, english: String, args: Vec<(&'static str, String)>) -> Self {
        Refusal {
            key,
            args,
            nested: Vec::new(),
            english,
        }
    }

    /// This refusal with its argument `name` marked as the refusal `inner` (whose English it
    /// already holds).
    pub fn nest(mut self, name: &'static str, inner: Refusal) -> Self {
        self.nested.push((name, inner));
        self
    }

    /// The English text.
    pub fn english(&self) -> &str {
        &self.english
    }

    /// This refusal worded by `catalogue` (a message key and its arguments to text, `None`
    /// where it has no words), the refusals nested in its arguments worded first; the English
    /// text where the catalogue has none.
    pub fn words(&self, catalogue: &Catalogue<'_>) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(
                |(name, value)| match self.nested.iter().find(|(n, _)| n == name) {
                    Some((_, inner)) => (*name, inner.words(catalogue)),
                    None => (*name, value.clone()),
                },
            )
            .collect();
        catalogue(self.key, &args).unwrap_or_else(|| self.english.clone())
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english)
    }
}

/// A [`Refusal`]: `refusal!(KEY, ENGLISH, name = value, …; extra = value, …)`. Each value is
/// evaluated once and kept as an argument by its `Display` text; those before the `;` are
/// formatted into the English text as the format string says, those after it are for other
/// languages only (a word the English spells out, such as the kind of holder).
macro_rules! refusal {
    (
        $key:literal, $english:literal $(, $name:ident = $value:expr)* $(,)?
        $(; $($extra:ident = $extra_value:expr),+ $(,)?)?
    ) => {{
        $(let $name = &$value;)*
        $crate::error::Refusal::new(
            $key,
            format!($english $(, $name = $name)*),
            vec![
                $((stringify!($name), $name.to_string()),)*
                $($((stringify!($extra), $extra_value.to_string()),)+)?
            ],
        )
    }};
}
pub(crate) use refusal;

/// Everything that can go wrong in ca-core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A Russian identifier (СНИЛС, ИНН, ОГРН, ОГРНИП) failed its format or check-digit rule.
    #[error("--{field} {value}: {problem}")]
    Identifier {
        /// The flag or column the value came from (`snils`, `inn`, ...).
        field: &'static str,
        /// The value as given.
        value: String,
        /// What is wrong with it, e.g. `check number is 95`.
        problem: crate::names::identifiers::IdentifierProblem,
    },
    /// A distinguished name string could not be parsed.
    #[error("subject {dn:?}: {problem}")]
    Subject {
        /// The DN as given.
        dn: String,
        /// What is wrong with it.
        problem: Refusal,
    },
    /// A certificate signing request was malformed or failed a check.
    #[error("CSR refused: {0}")]
    Csr(Refusal),
    /// A key could not be generated, read, decrypted or used.
    #[error("key: {0}")]
    Key(Refusal),
    /// The passphrase did not open the encrypted key.
    #[error("wrong passphrase for {path}")]
    WrongPassphrase {
        /// The key file.
        path: PathBuf,
    },
    /// The officer's passphrase did not open their key slot.
    #[error("wrong passphrase for officer {0}")]
    WrongOfficerPassphrase(String),
    /// No such officer, or the officer is disabled.
    #[error("officer {0:?} is unknown or disabled")]
    UnknownOfficer(String),
    /// The officer's role does not allow the action.
    #[error("officer {officer} ({role}) may not {action}: it needs the {needed} role")]
    NotAllowed {
        /// The officer.
        officer: String,
        /// Their role.
        role: String,
        /// What they tried.
        action: String,
        /// The least role that may.
        needed: String,
    },
    /// The officer's role may not issue with this profile (a CA, OCSP-signer or other service
    /// profile needs an admin).
    #[error("officer {officer} ({role}) may not issue with profile {profile}: it needs the {needed} role")]
    ProfileNotAllowed {
        /// The officer.
        officer: String,
        /// Their role.
        role: String,
        /// The profile asked for.
        profile: String,
        /// The least role the profile allows.
        needed: String,
    },
    /// A responder proves the register is behind what this CA published.
    #[error(
        "the register is behind what the responders hold — rolled back to an older copy, or \
         this is a stale copy of the CA home: {0}. Nothing was changed. If this home was \
         restored from a backup on purpose, make the changes since again, then `ca publish \
         --rebase URL` for each responder (docs/deployment.md)"
    )]
    RolledBack(String),
    /// The public key in the request is already certified by this CA.
    #[error("this public key is already certified by this CA (serial {serial}); a key is certified once")]
    KeyAlreadyCertified {
        /// Serial of the existing certificate.
        serial: String,
    },
    /// The certificate's status does not allow the change (already revoked, not on hold, ...).
    #[error("certificate {serial} is {status}: {problem}")]
    StatusConflict {
        /// The certificate.
        serial: String,
        /// Its status now.
        status: String,
        /// Why the change cannot be made.
        problem: StatusProblem,
    },
    /// A serial number string was not valid hexadecimal.
    #[error("serial {0:?} is not a hexadecimal serial number")]
    BadSerial(String),
    /// No certificate with this serial is in the register.
    #[error("no certificate with serial {0} in the register")]
    UnknownSerial(String),
    /// The profile name is not defined in code or `ca.toml`.
    #[error("unknown profile {0:?} (known: signing, ocsp-signer, sub-ca and those in ca.toml)")]
    UnknownProfile(String),
    /// `ca.toml` or a profile setting is invalid.
    #[error("configuration {path}: {problem}")]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: Refusal,
    },
    /// A new passphrase is too easy to guess (zxcvbn's estimate).
    #[error(
        "the passphrase is too easy to guess (strength {score} of 4, {needed} needed; about \
         10^{guesses_log10} guesses){warning}. Use four or more unrelated words, or 12 or more \
         random characters; length alone is not enough"
    )]
    WeakPassphrase {
        /// Its strength, 0 to 4.
        score: u8,
        /// The strength needed.
        needed: u8,
        /// About how many guesses would find it, as a power of ten.
        guesses_log10: u32,
        /// zxcvbn's warning, as `: warning`, or empty.
        warning: String,
    },
    /// Some other input was invalid (a file that is not what it should be, a bad option value).
    #[error("{0}")]
    Invalid(Refusal),
    /// The CA home does not exist or is not a CA home.
    #[error("{path} is not a CA home ({problem}); run `ca init` first or pass --home")]
    NoHome {
        /// The folder.
        path: PathBuf,
        /// What is missing.
        problem: Refusal,
    },
    /// The CA home already holds a CA.
    #[error("{0} already holds a CA; choose another --home")]
    HomeExists(PathBuf),
    /// Another process has the register open.
    #[error("CA home {0} is in use by another ca process; try again when it has finished")]
    HomeInUse(PathBuf),
    /// The register failed or holds a record that cannot be read.
    #[error("register: {0}")]
    Register(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Encoding a structure failed (a bug or a value out of range).
    #[error("encoding: {0}")]
    Encoding(String),
    /// A server (an OCSP responder) could not be reached or did not answer over HTTP.
    #[error("{url}: {reason}")]
    Unreachable {
        /// Where.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// An enrollment's certificate is issued, but its files (certificate, key, PKCS#12) are not.
    #[error(
        "certificate {serial} is issued and in the register, but its files could not be \
         written ({problem}); revoke it and enroll again"
    )]
    FilesNotWritten {
        /// The certificate issued.
        serial: String,
        /// Why the files were not written.
        problem: String,
    },
    /// An answer arrived but fails a check (signature, signer authority, freshness, nonce).
    #[error("the OCSP response cannot be trusted: {0}")]
    UntrustedResponse(Refusal),
}

impl Error {
    /// The kind of failure, for mapping to exit codes at the edge.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Identifier { .. }
            | Error::Subject { .. }
            | Error::Csr(_)
            | Error::WeakPassphrase { .. }
            | Error::Key(_)
            | Error::BadSerial(_)
            | Error::UnknownSerial(_)
            | Error::UnknownProfile(_)
            | Error::Config { .. }
            | Error::Invalid(_)
            | Error::KeyAlreadyCertified { .. }
            | Error::HomeExists(_)
            | Error::NoHome { .. }
            | Error::WrongPassphrase { .. }
            | Error::WrongOfficerPassphrase(_)
            | Error::UnknownOfficer(_)
            | Error::NotAllowed { .. }
            | Error::ProfileNotAllowed { .. } => ErrorKind::BadInput,
            Error::StatusConflict { .. } | Error::UntrustedResponse(_) | Error::RolledBack(_) => {
                ErrorKind::Refused
            }
            Error::HomeInUse(_)
            | Error::Register(_)
            | Error::Io { .. }
            | Error::Encoding(_)
            | Error::Unreachable { .. }
            | Error::FilesNotWritten { .. } => ErrorKind::Operational,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<der::Error> for Error {
    fn from(e: der::Error) -> Self {
        Error::Encoding(e.to_string())
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
