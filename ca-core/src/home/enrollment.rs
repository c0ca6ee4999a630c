//! Enrollment with keys made at the CA (`ca enroll`): for one applicant, or a batch file of them
//! in groups, each group flushed once, its packaging (key encryption, PKCS#12) spread over the
//! cores, and every refused row written to the audit log.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::{CaHome, OfficerSession};
use crate::audit::AuditEvent;
use crate::commit::Change;
use crate::error::{Error, Result};
use crate::issuance::enroll::{one_time_pin, package};
use crate::issuance::{Authority, IssueRequest};
use crate::keys::{KeyProtection, Signer, SoftwareKey};
use crate::officers::Action;
use crate::request::applicant::{Applicant, ApplicantRow};
use crate::store::CertRecord;
use crate::time::Clock;

/// Rows signed between two flushes of the register in a batch.
pub const ENROLLMENT_GROUP: usize = 64;

/// How an applicant's key files are protected.
#[derive(Clone)]
pub enum PinPolicy {
    /// A fresh one-time PIN for each applicant, shown once.
    OneTime,
    /// This PIN for every applicant (`--pin-file`).
    Given(Zeroizing<String>),
}

impl PinPolicy {
    fn next(&self) -> Result<(Zeroizing<String>, KeyProtection, bool)> {
        match self {
            PinPolicy::Given(pin) => Ok((pin.clone(), KeyProtection::Passphrase, false)),
            PinPolicy::OneTime => Ok((one_time_pin()?, KeyProtection::RandomSecret, true)),
        }
    }
}

/// What one applicant takes away: the certificate in the register and the files written.
pub struct Enrolled {
    /// The certificate's record.
    pub record: CertRecord,
    /// `SERIAL.pem`, `SERIAL.key.p8` (encrypted PKCS#8) and `SERIAL.p12`, in that order.
    pub files: [PathBuf; 3],
    /// The one-time PIN that opens the key files, to show once (none with a given PIN).
    pub one_time_pin: Option<Zeroizing<String>>,
}

/// What became of one row of a batch.
pub struct EnrollmentRow {
    /// Its line in the file.
    pub line: u64,
    /// The enrollment, or why the row was refused (written to the audit log).
    pub result: Result<Enrolled>,
}

/// A request with the key generated for it.
struct Pending {
    request: IssueRequest,
    pkcs8: Zeroizing<Vec<u8>>,
}

fn prepare(applicant: &Applicant, officer: &str) -> Result<Pending> {
    let subject = applicant.subject_name()?;
    let (key, pkcs8) = SoftwareKey::generate(applicant.key)?;
    Ok(Pending {
        request: IssueRequest {
            subject,
            public_key: key.public_key().clone(),
            profile: applicant.profile.clone(),
            days: applicant.days,
            officer: officer.to_owned(),
            identification: applicant.identified_by,
            renews: None,
        },
        pkcs8,
    })
}

impl CaHome {
    /// Generates `applicant`'s key, issues their certificate (flushed, delivered), and writes
    /// `SERIAL.pem`, `SERIAL.key.p8` and `SERIAL.p12` into `out` under a PIN of `pins`.
    pub fn enroll(
        &self,
        session: &OfficerSession,
        authority: &Authority,
        applicant: &Applicant,
        out: &Path,
        pins: &PinPolicy,
        clock: &dyn Clock,
    ) -> Result<Enrolled> {
        let pending = prepare(applicant, &session.officer.name)?;
        create_out_dir(out)?;
        let record = self.issue(session, authority, pending.request, clock)?;
        self.write_files(out, record, &pending.pkcs8, pins)
    }

    /// Enrolls every row of a batch (see [`crate::request::batch::read_applicants`]) in groups
    /// of [`ENROLLMENT_GROUP`]: `done` hears of each row, in line order, once its group is
    /// flushed — only then is it acknowledged. A refused row does not stop the others and is
    /// written to the audit log (escaped and bounded), naming `source` and its line.
    #[allow(clippy::too_many_arguments)]
    pub fn enroll_batch(
        &self,
        session: &OfficerSession,
        authority: &Authority,
        rows: Vec<ApplicantRow>,
        source: &str,
        out: &Path,
        pins: &PinPolicy,
        clock: &dyn Clock,
        done: &mut dyn FnMut(EnrollmentRow),
    ) -> Result<()> {
        create_out_dir(out)?;
        let issuer = self.issuer(session, authority, clock);
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<ApplicantRow> = rows.by_ref().take(ENROLLMENT_GROUP).collect();
            let mut outcomes: Vec<EnrollmentRow> = Vec::new();
            let mut group: Vec<(u64, Pending)> = Vec::new();
            for row in chunk {
                let prepared = match row.applicant {
                    Err(error) => Err(error),
                    Ok(applicant) => prepare(&applicant, &session.officer.name),
                };
                match prepared {
                    Ok(pending) => group.push((row.line, pending)),
                    Err(e) => outcomes.push(EnrollmentRow {
                        line: row.line,
                        result: Err(e),
                    }),
                }
            }
            let (lines, pending): (Vec<u64>, Vec<Pending>) = group.into_iter().unzip();
            let (requests, keys): (Vec<IssueRequest>, Vec<Zeroizing<Vec<u8>>>) =
                pending.into_iter().map(|p| (p.request, p.pkcs8)).unzip();
            let results = issuer.issue_group(requests)?;
            // Packaging is the costly part: spread it over the cores.
            let issued: Vec<_> = lines.into_iter().zip(results).zip(keys).collect();
            outcomes.extend(parallel_map(issued, |((line, result), pkcs8)| {
                EnrollmentRow {
                    line,
                    result: result.and_then(|record| self.write_files(out, record, &pkcs8, pins)),
                }
            }));
            outcomes.sort_by_key(|row| row.line);
            for row in &outcomes {
                if let Err(error) = &row.result {
                    let event = AuditEvent {
                        time: clock.now(),
                        officer: session.officer.name.clone(),
                        action: Action::Enroll.name().into(),
                        serial: None,
                        // What a row says is outside input: escaped and bounded.
                        outcome: crate::audit::bounded_text(
                            &format!("refused: {source}, line {}: {error}", row.line),
                            600,
                        ),
                    };
                    crate::commit::write(
                        &self.register,
                        Change::audit_only(event),
                        Some(authority.signer()),
                    )?;
                }
            }
            self.register.flush()?;
            outcomes.into_iter().for_each(&mut *done);
        }
        self.deliver_after_change(authority, clock);
        Ok(())
    }

    /// Writes `SERIAL.pem`, `SERIAL.key.p8`, `SERIAL.p12` for an issued certificate.
    fn write_files(
        &self,
        out: &Path,
        record: CertRecord,
        pkcs8: &[u8],
        pins: &PinPolicy,
    ) -> Result<Enrolled> {
        let serial = record.serial.to_string();
        let not_written = |problem: String| Error::FilesNotWritten {
            serial: serial.clone(),
            problem,
        };
        let (pin, protection, one_time) = pins.next()?;
        let files = package(&record.der, pkcs8, self.chain(), &pin, protection, &serial)
            .map_err(|e| not_written(e.to_string()))?;
        let paths = [
            out.join(format!("{serial}.pem")),
            out.join(format!("{serial}.key.p8")),
            out.join(format!("{serial}.p12")),
        ];
        crate::files::write_public(&paths[0], files.certificate_pem.as_bytes())
            .and_then(|()| crate::files::write_secret(&paths[1], files.key_pem.as_bytes()))
            .and_then(|()| crate::files::write_secret(&paths[2], &files.pkcs12))
            .map_err(|e| not_written(e.to_string()))?;
        Ok(Enrolled {
            record,
            files: paths,
            one_time_pin: one_time.then_some(pin),
        })
    }
}

fn create_out_dir(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))
}

/// Maps `f` over `items` on as many threads as there are cores, keeping the order.
fn parallel_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_worker = items.len().div_ceil(workers).max(1);
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        chunks.push(items.by_ref().take(per_worker).collect());
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
