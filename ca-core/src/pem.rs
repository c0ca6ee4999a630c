//! PEM (RFC 7468), on the `der` crate's encoder and decoder: the one reader for every input
//! file. Explanatory text before, between and after the blocks is ignored, as RFC 7468 §2
//! asks (`openssl x509 -text`, `openssl pkcs12 -nokeys` Bag Attributes, `certtool` and
//! `certutil -a` all write some); an input that holds no BEGIN line is DER.

use der::pem::LineEnding;

use crate::error::refusal;
use crate::error::{Error, Result};

/// One certificate as PEM.
pub fn certificate(der: &[u8]) -> Result<String> {
    encode("CERTIFICATE", der)
}

/// DER as PEM with `label` (`CERTIFICATE`, `X509 CRL`, ...).
pub fn encode(label: &'static str, der: &[u8]) -> Result<String> {
    der::pem::encode_string(label, LineEnding::LF, der).map_err(|e| Error::Encoding(e.to_string()))
}

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether `input` is PEM text: a BEGIN line at the start of a line, and not DER (which starts
/// with a SEQUENCE tag).
pub fn is_pem(input: &[u8]) -> bool {
    input.first() != Some(&0x30) && blocks_start(input).is_some()
}

/// Where the first BEGIN line starts (at the start of the input or of a line).
fn blocks_start(input: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = find(&input[from..], BEGIN).map(|i| from + i) {
        if at == 0 || input[at - 1] == b'\n' || input[at - 1] == b'\r' {
            return Some(at);
        }
        from = at + BEGIN.len();
    }
    None
}

/// Every PEM block in `input` as (label, DER), in order, text around them ignored.
pub fn blocks(input: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut rest = input;
    while let Some(start) = blocks_start(rest) {
        let block = &rest[start..];
        let end = find(block, END).ok_or_else(|| {
            Error::Invalid(refusal!(
                "refusal-pem-no-end",
                "a PEM block has no END line"
            ))
        })?;
        let line_end = block[end..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(block.len(), |i| end + i + 1);
        let text = &block[..line_end];
        let (label, der) = der::pem::decode_vec(trim_end(text)).map_err(|e| {
            Error::Invalid(refusal!(
                "refusal-pem-bad",
                "bad PEM: {problem}",
                problem = e
            ))
        })?;
        out.push((label.to_owned(), der));
        rest = &block[line_end..];
    }
    Ok(out)
}

fn trim_end(text: &[u8]) -> &[u8] {
    let keep = text
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &text[..keep]
}

/// Reads one or more certificates from PEM text (other blocks ignored) or a DER certificate.
pub fn certificates(input: &[u8]) -> Result<Vec<Vec<u8>>> {
    if !is_pem(input) {
        return Ok(vec![input.to_vec()]);
    }
    let found = blocks(input)?;
    let labels: Vec<String> = found.iter().map(|(l, _)| l.clone()).collect();
    let certificates: Vec<Vec<u8>> = found
        .into_iter()
        .filter(|(label, _)| label == "CERTIFICATE")
        .map(|(_, der)| der)
        .collect();
    if certificates.is_empty() {
        return Err(Error::Invalid(refusal!(
            "refusal-pem-no-certificate",
            "no CERTIFICATE block in the PEM input (found {labels})",
            labels = format!("{labels:?}")
        )));
    }
    Ok(certificates)
}

/// The DER of the first PEM block labelled with one of `labels` (text around it ignored).
pub fn decode_labelled(input: &[u8], labels: &[&str]) -> Result<Vec<u8>> {
    let found = blocks(input)?;
    let names: Vec<&str> = found.iter().map(|(l, _)| l.as_str()).collect();
    let wanted = labels.join(" or ");
    found
        .iter()
        .find(|(label, _)| labels.contains(&label.as_str()))
        .map(|(_, der)| der.clone())
        .ok_or_else(|| {
            Error::Invalid(if names.is_empty() {
                refusal!(
                    "refusal-pem-missing",
                    "no PEM block where {wanted} was expected",
                    wanted = wanted
                )
            } else {
                refusal!(
                    "refusal-pem-other",
                    "PEM block {names} where {wanted} was expected",
                    names = format!("{names:?}"),
                    wanted = wanted
                )
            })
        })
}

/// Decodes one PEM block that must carry `label` (a CRL, a CMS signature).
pub fn decode_one(input: &[u8], label: &str) -> Result<Vec<u8>> {
    decode_labelled(input, &[label])
}

/// DER as it is, or the DER of the first PEM block whatever its label.
pub fn decode_any(input: &[u8]) -> Result<Vec<u8>> {
    if !is_pem(input) {
        return Ok(input.to_vec());
    }
    blocks(input)?
        .into_iter()
        .next()
        .map(|(_, der)| der)
        .ok_or_else(|| Error::Invalid(refusal!("refusal-pem-none", "no PEM block in the input")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";

    #[test]
    fn text_before_between_and_after_blocks_is_ignored() {
        let input = format!(
            "Bag Attributes\n    friendlyName: Иванов\nsubject=CN = x\n{BLOCK}\
             Certificate:\n    Data: ...\n{BLOCK}trailing words"
        );
        let found = certificates(input.as_bytes()).expect("certificates");
        assert_eq!(found, vec![vec![0x30, 3, 2, 1, 1]; 2]);
        assert!(is_pem(input.as_bytes()));
    }

    #[test]
    fn labels_are_checked_and_der_passes_through() {
        let key = "text\n-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n";
        let err = certificates(key.as_bytes()).expect_err("a key is not a certificate");
        assert!(err.to_string().contains("PRIVATE KEY"), "{err}");
        assert!(decode_one(key.as_bytes(), "X509 CRL").is_err());
        assert_eq!(
            decode_one(key.as_bytes(), "PRIVATE KEY").expect("key"),
            [0x30, 3, 2, 1, 1]
        );
        let der = [0x30, 3, 2, 1, 1];
        assert!(!is_pem(&der));
        assert_eq!(certificates(&der).expect("der"), vec![der.to_vec()]);
        // A BEGIN that does not start a line is not a block.
        assert!(!is_pem(b"see -----BEGIN CERTIFICATE----- in the docs"));
        let broken = BLOCK.replace("MAMCAQE=", "M*MCAQE=");
        assert!(certificates(broken.as_bytes()).is_err());
    }
}
