//! The batch enrollment file (`ca enroll --batch`): UTF-8 CSV with a header row naming known
//! columns in any order. A bad row is an error of its own, with its line number, and does not
//! stop the others; only a bad header refuses the whole file.

use crate::error::{Error, Result};

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRowError {
    /// Line number in the file.
    pub line: u64,
    /// What is wrong.
    pub error: String,
}

/// Reads a batch file: `Err` for a header without a `subject` column or with an unknown one;
/// otherwise one result per row.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<std::result::Result<BatchRow, BatchRowError>>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .byte_headers()
        .map_err(|e| Error::Invalid(format!("header row: {e}")))?
        .clone();
    // Index of each known column in the file, or usize::MAX when absent.
    let mut index = vec![usize::MAX; COLUMNS.len()];
    for (i, h) in headers.iter().enumerate() {
        let name = String::from_utf8_lossy(h)
            .trim()
            .trim_start_matches('\u{feff}')
            .to_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(c) => index[c] = i,
            None => {
                return Err(Error::Invalid(format!(
                    "unknown column {name:?} (known: {})",
                    COLUMNS.join(", ")
                )))
            }
        }
    }
    if index[0] == usize::MAX {
        return Err(Error::Invalid("no \"subject\" column".into()));
    }
    let mut rows = Vec::new();
    for record in reader.byte_records() {
        let row = match record {
            Err(e) => Err(BatchRowError {
                line: e.position().map(|p| p.line()).unwrap_or(0),
                error: format!("unreadable CSV: {e}"),
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
                        error: "not UTF-8".into(),
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
}
