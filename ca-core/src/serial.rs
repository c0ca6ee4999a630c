//! Certificate serial numbers: 16 random bytes from the OS CSPRNG, positive.

use std::fmt;
use std::str::FromStr;

use ring::rand::{SecureRandom, SystemRandom};

use crate::error::refusal;
use crate::error::{Error, Result};

/// A certificate serial number as its big-endian magnitude (at most 20 octets, RFC 5280).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Serial(Vec<u8>);

/// Length of the serials this CA assigns.
pub const SERIAL_LEN: usize = 16;

impl Serial {
    /// A fresh serial: 16 bytes from the OS CSPRNG, the first byte in 0x01..=0x7f so that the DER
    /// INTEGER is positive and exactly 16 octets long (127 bits of randomness).
    pub fn random() -> Result<Self> {
        let rng = SystemRandom::new();
        let mut bytes = vec![0u8; SERIAL_LEN];
        loop {
            rng.fill(&mut bytes)
                .map_err(|_| Error::Encoding("the OS random generator failed".into()))?;
            bytes[0] &= 0x7f;
            if bytes[0] != 0 {
                return Ok(Serial(bytes));
            }
        }
    }

    /// A serial from its big-endian magnitude, as found in a certificate (leading zeros dropped).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
        let trimmed = &bytes[start..];
        if trimmed.is_empty() || trimmed.len() > 20 {
            return Err(Error::BadSerial(hex(bytes)));
        }
        Ok(Serial(trimmed.to_vec()))
    }

    /// The big-endian magnitude.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The serial as an x509-cert value (a positive INTEGER: a leading zero is added when the
    /// first byte has its top bit set).
    pub fn to_x509(&self) -> Result<x509_cert::serial_number::SerialNumber> {
        if self.0.first().is_some_and(|b| b & 0x80 != 0) {
            let mut padded = vec![0u8];
            padded.extend_from_slice(&self.0);
            return Ok(x509_cert::serial_number::SerialNumber::new(&padded)?);
        }
        Ok(x509_cert::serial_number::SerialNumber::new(&self.0)?)
    }
}

impl std::ops::Deref for Serial {
    type Target = [u8];
    /// The big-endian magnitude.
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// Stored as a byte string (the form the register has always kept).
impl serde::Serialize for Serial {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Serial {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let bytes = serde_bytes::ByteBuf::deserialize(deserializer)?;
        Serial::from_bytes(&bytes).map_err(serde::de::Error::custom)
    }
}

/// Lowercase hex without separators.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from lowercase or uppercase hex without separators (at most 64 bytes).
pub fn from_hex(text: &str) -> Result<Vec<u8>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2)
        || text.len() > 128
        || !text.chars().all(|c| c.is_ascii_hexdigit())
    {
        return Err(Error::Invalid(refusal!(
            "refusal-hex-too-long",
            "{text:?} is not hex of at most 64 bytes",
            text = text
        )));
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16))
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| {
            Error::Invalid(refusal!(
                "refusal-not-hex",
                "{text:?} is not hex",
                text = text
            ))
        })
}

impl fmt::Display for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex(&self.0))
    }
}

impl FromStr for Serial {
    type Err = Error;
    /// Hex with or without colons, in either case.
    fn from_str(s: &str) -> Result<Self> {
        let clean: String = s.trim().chars().filter(|c| *c != ':').collect();
        if clean.is_empty() || !clean.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::BadSerial(s.to_owned()));
        }
        let padded = if clean.len() % 2 == 1 {
            format!("0{clean}")
        } else {
            clean
        };
        let bytes: Vec<u8> = (0..padded.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&padded[i..i + 2], 16))
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| Error::BadSerial(s.to_owned()))?;
        Serial::from_bytes(&bytes).map_err(|_| Error::BadSerial(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_serials_are_positive_and_16_bytes() {
        for _ in 0..200 {
            let s = Serial::random().expect("rng");
            assert_eq!(s.as_bytes().len(), 16);
            assert!(s.as_bytes()[0] >= 1 && s.as_bytes()[0] <= 0x7f);
            let der = der::Encode::to_der(&s.to_x509().expect("serial")).expect("der");
            // INTEGER tag, 16 content octets, no sign padding
            assert_eq!(&der[..2], &[0x02, 0x10]);
        }
    }

    #[test]
    fn parses_hex_with_colons_in_any_case() {
        let a: Serial = "0A:1b:2C".parse().expect("hex");
        let b: Serial = "a1b2c".parse().expect("hex");
        assert_eq!(a.to_string(), "0a1b2c");
        assert_eq!(a, b);
        assert!("xyz".parse::<Serial>().is_err());
        assert!("".parse::<Serial>().is_err());
    }
}
