//! Batch files: UTF-8 CSV with a header row naming known columns in any order — applicants
//! (`ca enroll --batch`) and revocations (`ca revoke --batch`). A bad row is an error of its
//! own, with its line number, and does not stop the others; only a bad header refuses the
//! whole file.

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::request::applicant::{Applicant, ApplicantDefaults, ApplicantRow};
use crate::{IdentifierText, Identifiers};

/// The columns a batch file may have; `subject` is required. A row's fields come in this order.
pub const COLUMNS: [&str; 10] = [
    "subject",
    "snils",
    "inn",
    "innle",
    "ogrn",
    "ogrnip",
    "email",
    "profile",
    "key",
    "identified_by",
];

/// One row: its line in the file and its fields in [`COLUMNS`] order (empty when absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRow {
    /// Line number in the file (the header is line 1).
    pub line: u64,
    /// The fields, trimmed, in [`COLUMNS`] order.
    pub fields: Vec<String>,
}

/// A row that cannot be read.
#[derive(Debug)]
pub struct BatchRowError {
    /// Line number in the file.
    pub line: u64,
    /// What is wrong (boxed: a row result stays small).
    pub error: Box<Error>,
}

/// Reads a batch file: `Err` for a header without a `subject` column or with an unknown one;
/// otherwise one result per row.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<std::result::Result<BatchRow, BatchRowError>>> {
    read_table(bytes, &COLUMNS)
}

/// Reads an applicant batch (`ca enroll --batch`): `Err` for a bad header; otherwise one row
/// per line, each the applicant it names (what a row leaves out taken from `defaults`) or why
/// it is refused.
pub fn read_applicants(bytes: &[u8], defaults: &ApplicantDefaults) -> Result<Vec<ApplicantRow>> {
    Ok(read_csv(bytes)?
        .into_iter()
        .map(|row| match row {
            Err(e) => ApplicantRow {
                line: e.line,
                applicant: Err(*e.error),
            },
            Ok(row) => ApplicantRow {
                line: row.line,
                applicant: applicant_of(&row, defaults),
            },
        })
        .collect())
}

/// The applicant a row names, by column.
fn applicant_of(row: &BatchRow, defaults: &ApplicantDefaults) -> Result<Applicant> {
    let column = |name: &str| {
        COLUMNS
            .iter()
            .position(|c| *c == name)
            .map(|i| row.fields[i].as_str())
            .filter(|text| !text.is_empty())
    };
    Ok(Applicant {
        subject: column("subject").unwrap_or_default().to_owned(),
        identifiers: Identifiers::parse(IdentifierText {
            snils: column("snils"),
            inn: column("inn"),
            innle: column("innle"),
            ogrn: column("ogrn"),
            ogrnip: column("ogrnip"),
        })?,
        email: column("email").map(str::to_owned),
        profile: column("profile").unwrap_or(&defaults.profile).to_owned(),
        key: column("key").map_or(Ok(defaults.key), str::parse)?,
        days: defaults.days,
        identified_by: column("identified_by").map_or(Ok(defaults.identified_by), str::parse)?,
    })
}

/// The columns of a revocation batch; `serial` is required.
pub const REVOCATION_COLUMNS: [&str; 3] = ["serial", "reason", "invalidity_date"];

/// One line of a revocation batch, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationRow {
    /// Line number in the file.
    pub line: u64,
    /// The certificate.
    pub serial: crate::Serial,
    /// The reason (unspecified when the column is empty or absent).
    pub reason: crate::status::Reason,
    /// When the key was compromised, Unix seconds.
    pub invalidity_date: Option<u64>,
}

/// Reads a revocation batch (`serial`, optional `reason` and `invalidity_date` in RFC 3339):
/// `Err` for a bad header; otherwise one checked result per row.
pub fn read_revocations(
    bytes: &[u8],
) -> Result<Vec<std::result::Result<RevocationRow, BatchRowError>>> {
    let rows = read_table(bytes, &REVOCATION_COLUMNS)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let row = row?;
            let bad = |error: Error| BatchRowError {
                line: row.line,
                error: Box::new(error),
            };
            let serial = row.fields[0].parse().map_err(bad)?;
            let reason = match row.fields[1].as_str() {
                "" => crate::status::Reason::Unspecified,
                text => text.parse().map_err(bad)?,
            };
            let invalidity_date = match row.fields[2].as_str() {
                "" => None,
                text => Some(crate::time::parse_rfc3339(text).map_err(|e| {
                    bad(Error::Invalid(match e {
                        Error::Invalid(words) => refusal!(
                            "refusal-batch-invalidity-date",
                            "invalidity_date: {problem}",
                            problem = words
                        )
                        .nest("problem", words),
                        other => refusal!(
                            "refusal-batch-invalidity-date",
                            "invalidity_date: {problem}",
                            problem = other
                        ),
                    }))
                })?),
            };
            Ok(RevocationRow {
                line: row.line,
                serial,
                reason,
                invalidity_date,
            })
        })
        .collect())
}

/// Reads CSV whose header names `columns` (the first required): the fields of each row in
/// `columns` order.
fn read_table(
    bytes: &[u8],
    columns: &[&str],
) -> Result<Vec<std::result::Result<BatchRow, BatchRowError>>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .byte_headers()
        .map_err(|e| {
            Error::Invalid(refusal!(
                "refusal-batch-header",
                "header row: {problem}",
                problem = e
            ))
        })?
        .clone();
    // Index of each known column in the file, or usize::MAX when absent.
    let mut index = vec![usize::MAX; columns.len()];
    for (i, h) in headers.iter().enumerate() {
        let name = String::from_utf8_lossy(h)
            .trim()
            .trim_start_matches('\u{feff}')
            .to_lowercase();
        match columns.iter().position(|c| *c == name) {
            Some(c) => index[c] = i,
            None => {
                return Err(Error::Invalid(refusal!(
                    "refusal-batch-unknown-column",
                    "unknown column {name:?} (known: {known})",
                    name = name,
                    known = columns.join(", ")
                )))
            }
        }
    }
    if index[0] == usize::MAX {
        return Err(Error::Invalid(refusal!(
            "refusal-batch-no-column",
            "no {column:?} column",
            column = columns[0]
        )));
    }
    let mut rows = Vec::new();
    for record in reader.byte_records() {
        let row = match record {
            Err(e) => Err(BatchRowError {
                line: e.position().map(|p| p.line()).unwrap_or(0),
                error: Box::new(Error::Invalid(refusal!(
                    "refusal-batch-unreadable-csv",
                    "unreadable CSV: {problem}",
                    problem = e
                ))),
            }),
            Ok(record) => {
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                let fields: std::result::Result<Vec<String>, _> = index
                    .iter()
                    .map(|&i| {
                        record
                            .get(i)
                            .map(|f| String::from_utf8(f.to_vec()))
                            .unwrap_or(Ok(String::new()))
                    })
                    .collect();
                match fields {
                    Ok(fields) => Ok(BatchRow { line, fields }),
                    Err(_) => Err(BatchRowError {
                        line,
                        error: Box::new(Error::Invalid(refusal!(
                            "refusal-batch-not-utf8",
                            "not UTF-8"
                        ))),
                    }),
                }
            }
        };
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_lines_and_bad_ones_stand_alone() {
        let rows = read_csv(b"\xef\xbb\xbfSNILS, subject\n112-233-445 95,CN=A\n\xff,CN=B\nx\n")
            .expect("rows");
        assert_eq!(rows.len(), 3);
        let first = rows[0].as_ref().expect("row");
        assert_eq!((first.line, first.fields[0].as_str()), (2, "CN=A"));
        assert_eq!(first.fields[1], "112-233-445 95");
        assert_eq!(rows[1].as_ref().err().map(|e| e.line), Some(3));
        assert!(read_csv(b"name\nx\n").is_err(), "unknown column");
        assert!(read_csv(b"snils\nx\n").is_err(), "no subject");
    }

    #[test]
    fn revocation_rows_are_checked_one_by_one() {
        let rows = read_revocations(
            b"serial,reason,invalidity_date\n\
              0A:1B,keyCompromise,2026-11-20T08:00:00Z\n\
              zz,,\n\
              0c,whatever,\n\
              0d,,\n",
        )
        .expect("rows");
        assert_eq!(rows.len(), 4);
        let first = rows[0].as_ref().expect("first");
        assert_eq!(first.serial.to_string(), "0a1b");
        assert_eq!(first.reason, crate::status::Reason::KeyCompromise);
        assert!(first.invalidity_date.is_some());
        assert_eq!(rows[1].as_ref().err().map(|e| e.line), Some(3));
        assert_eq!(rows[2].as_ref().err().map(|e| e.line), Some(4));
        assert_eq!(
            rows[3].as_ref().expect("plain").reason,
            crate::status::Reason::Unspecified
        );
        assert!(read_revocations(b"reason\nx\n").is_err(), "no serial");
    }
}
