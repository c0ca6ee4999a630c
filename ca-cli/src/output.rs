//! What the commands print: the JSON of docs/cli-json.md, and readable summaries. Everything
//! goes through [`emit`], so a reader that stops early (`ca list | head -1`) closes the pipe
//! without crashing the command, which finishes its work and exits with its own code.

use std::io::Write;

use crate::exit::Exit;
use ca_core::time::rfc3339;
use ca_core::CertRecord;
use serde::Serialize;

/// `issue` / `enroll` JSON.
#[derive(Debug, Serialize)]
pub struct IssuedJson {
    pub serial: String,
    pub subject: String,
    pub not_before: String,
    pub not_after: String,
    pub profile: String,
    /// The certificate, PEM.
    pub certificate: String,
    /// Files written (enroll, or issue --out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// The one-time PIN protecting the key files (enroll without --pin-file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
}

impl IssuedJson {
    pub fn new(record: &CertRecord) -> anyhow::Result<Self> {
        Ok(IssuedJson {
            serial: record.serial.to_string(),
            subject: record.subject.clone(),
            not_before: rfc3339(record.not_before),
            not_after: rfc3339(record.not_after),
            profile: record.profile.clone(),
            certificate: ca_core::pem::certificate(&record.der)?,
            files: Vec::new(),
            pin: None,
        })
    }

    /// A readable summary.
    pub fn human(&self) -> String {
        let mut s = tr!(
            "issued-summary",
            serial = self.serial,
            subject = self.subject,
            profile = self.profile,
            from = self.not_before,
            to = self.not_after
        );
        s.push('\n');
        for f in &self.files {
            s.push_str(&tr!("issued-wrote", file = f));
            s.push('\n');
        }
        if let Some(pin) = &self.pin {
            s.push_str(&tr!("issued-pin", pin = pin));
            s.push('\n');
        }
        s
    }
}

/// A refused batch row.
#[derive(Debug, Serialize)]
pub struct RowError {
    pub line: u64,
    pub error: String,
}

/// Says on stderr how a batch went — `N issued, M refused (lines 4, 6)`, the first 20 refused
/// lines named (the rest are in the output) — and gives its exit code: 0 when every line was
/// done, 2 when some were refused.
pub fn batch_summary(done: usize, verb: &str, refused_lines: &[u64]) -> Exit {
    const NAMED: usize = 20;
    if refused_lines.is_empty() {
        eprintln!("{}", tr!("batch-done", done = done, verb = verb));
        return Exit::Ok;
    }
    let mut named: Vec<String> = refused_lines
        .iter()
        .take(NAMED)
        .map(u64::to_string)
        .collect();
    if refused_lines.len() > NAMED {
        named.push("…".into());
    }
    eprintln!(
        "{}",
        tr!(
            "batch-refused",
            done = done,
            verb = verb,
            refused = refused_lines.len(),
            lines = named.join(", ")
        )
    );
    Exit::BadInput
}

/// `list` JSON.
#[derive(Debug, Serialize)]
pub struct ListedJson {
    pub serial: String,
    pub subject: String,
    pub status: String,
    pub not_after: String,
    /// When revoked or put on hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_time: Option<String>,
    /// Why (certificateHold while on hold).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl ListedJson {
    pub fn new(record: &CertRecord, now: u64) -> Self {
        ListedJson {
            serial: record.serial.to_string(),
            subject: record.subject.clone(),
            status: record.status_word(now).to_owned(),
            not_after: rfc3339(record.not_after),
            revocation_time: record.revocation.map(|r| rfc3339(r.time)),
            reason: record.revocation.map(|r| r.reason.to_string()),
        }
    }
}

/// One history event.
#[derive(Debug, Serialize)]
pub struct EventJson {
    pub time: String,
    pub officer: String,
    pub action: String,
}

/// `show` JSON.
#[derive(Debug, Serialize)]
pub struct ShownJson {
    #[serde(flatten)]
    pub listed: ListedJson,
    pub not_before: String,
    pub profile: String,
    pub officer: String,
    pub identifiers: std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identified_by: Option<String>,
    pub pem: String,
    pub history: Vec<EventJson>,
}

impl ShownJson {
    pub fn new(record: &CertRecord, now: u64) -> anyhow::Result<Self> {
        Ok(ShownJson {
            listed: ListedJson::new(record, now),
            not_before: rfc3339(record.not_before),
            profile: record.profile.clone(),
            officer: record.officer.clone(),
            identifiers: record.identifiers.clone(),
            identified_by: record.identified_by.map(|k| k.to_string()),
            pem: if record.der.is_empty() {
                String::new()
            } else {
                ca_core::pem::certificate(&record.der)?
            },
            history: record
                .history
                .iter()
                .map(|e| EventJson {
                    time: rfc3339(e.time),
                    officer: e.officer.clone(),
                    action: e.action.clone(),
                })
                .collect(),
        })
    }
}

/// Prints a value as JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    say!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Writes to standard output. A closed pipe is not an error: the rest of the output is
/// dropped and the command goes on (its exit code still tells the outcome). Any other write
/// failure is reported on standard error.
pub fn emit(text: std::fmt::Arguments<'_>) {
    use std::sync::atomic::{AtomicBool, Ordering};
    static CLOSED: AtomicBool = AtomicBool::new(false);
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    match out.write_fmt(text).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            CLOSED.store(true, Ordering::Relaxed);
        }
        Err(e) => eprintln!("ca: cannot write to standard output: {e}"),
    }
}
