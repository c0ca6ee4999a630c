//! PEM for certificates and chains (RFC 7468), on the `der` crate's encoder.

use der::pem::LineEnding;

use crate::error::{Error, Result};

/// One certificate as PEM.
pub fn certificate(der: &[u8]) -> Result<String> {
    encode("CERTIFICATE", der)
}

/// DER as PEM with `label` (`CERTIFICATE`, `X509 CRL`, ...).
pub fn encode(label: &'static str, der: &[u8]) -> Result<String> {
    der::pem::encode_string(label, LineEnding::LF, der).map_err(|e| Error::Encoding(e.to_string()))
}

/// Reads one or more certificates from PEM text (or a single DER certificate).
pub fn certificates(input: &[u8]) -> Result<Vec<Vec<u8>>> {
    if !input.starts_with(b"-----BEGIN") {
        return Ok(vec![input.to_vec()]);
    }
    let text =
        std::str::from_utf8(input).map_err(|_| Error::Invalid("PEM input is not text".into()))?;
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let end_marker = rest[start..]
            .find("-----END ")
            .ok_or_else(|| Error::Invalid("PEM block without an END line".into()))?;
        let after = start + end_marker;
        let line_end = rest[after..]
            .find('\n')
            .map(|i| after + i + 1)
            .unwrap_or(rest.len());
        let (label, der) = der::pem::decode_vec(&rest.as_bytes()[start..line_end])
            .map_err(|e| Error::Invalid(format!("bad PEM: {e}")))?;
        if label != "CERTIFICATE" {
            return Err(Error::Invalid(format!(
                "PEM block {label:?} where a CERTIFICATE was expected"
            )));
        }
        out.push(der);
        rest = &rest[line_end..];
    }
    if out.is_empty() {
        return Err(Error::Invalid("no certificate in the PEM input".into()));
    }
    Ok(out)
}

/// Decodes one PEM block that must carry `label` (a CRL, a CMS signature).
pub fn decode_one(input: &[u8], label: &str) -> Result<Vec<u8>> {
    let text =
        std::str::from_utf8(input).map_err(|_| Error::Invalid("PEM input is not text".into()))?;
    let (found, der) = der::pem::decode_vec(text.trim().as_bytes())
        .map_err(|e| Error::Invalid(format!("bad PEM: {e}")))?;
    if found != label {
        return Err(Error::Invalid(format!(
            "PEM block {found:?} where {label:?} was expected"
        )));
    }
    Ok(der)
}
