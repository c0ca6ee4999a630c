//! How the applicant was identified before issuance: kept in the register, as a CA must keep
//! identification records, and written into the certificate as the identificationKind
//! extension (1.2.643.100.114, Приказ ФСБ № 795 п. 28.1) when the profile asks for it.

use std::fmt;
use std::str::FromStr;

use der::asn1::ObjectIdentifier;
use serde::{Deserialize, Serialize};

use crate::error::refusal;
use crate::error::{Error, Result};

/// identificationKind.
pub const OID: ObjectIdentifier = crate::oid::IDENTIFICATION_KIND;

/// The four ways of identifying an applicant, with their INTEGER values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdentificationKind {
    /// 0: in person, with an identity document.
    #[default]
    InPerson,
    /// 1: remotely, with the applicant's valid qualified signature.
    QualifiedSignature,
    /// 2: remotely, with a biometric passport (chip).
    BiometricPassport,
    /// 3: remotely, through ЕСИА and the Unified Biometric System (ЕБС).
    EsiaEbs,
}

impl IdentificationKind {
    /// The names accepted by `--identified-by`.
    pub const NAMES: &'static str = "in-person, qualified-signature, biometric-passport, esia-ebs";

    /// The INTEGER written into the certificate.
    pub fn value(self) -> u8 {
        match self {
            IdentificationKind::InPerson => 0,
            IdentificationKind::QualifiedSignature => 1,
            IdentificationKind::BiometricPassport => 2,
            IdentificationKind::EsiaEbs => 3,
        }
    }
}

impl FromStr for IdentificationKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "in-person" => Ok(IdentificationKind::InPerson),
            "qualified-signature" => Ok(IdentificationKind::QualifiedSignature),
            "biometric-passport" => Ok(IdentificationKind::BiometricPassport),
            "esia-ebs" => Ok(IdentificationKind::EsiaEbs),
            _ => Err(Error::Invalid(refusal!(
                "refusal-identified-by",
                "--identified-by {given}: expected one of {known}",
                given = s,
                known = Self::NAMES
            ))),
        }
    }
}

impl fmt::Display for IdentificationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdentificationKind::InPerson => "in-person",
            IdentificationKind::QualifiedSignature => "qualified-signature",
            IdentificationKind::BiometricPassport => "biometric-passport",
            IdentificationKind::EsiaEbs => "esia-ebs",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_values_round_trip() {
        for (name, value) in [
            ("in-person", 0),
            ("qualified-signature", 1),
            ("biometric-passport", 2),
            ("esia-ebs", 3),
        ] {
            let kind: IdentificationKind = name.parse().expect("known");
            assert_eq!(kind.value(), value);
            assert_eq!(kind.to_string(), name);
        }
        assert!("video-call".parse::<IdentificationKind>().is_err());
        // DER of the extension value for 0 is 02 01 00.
        assert_eq!(der::Encode::to_der(&0u8).ok(), Some(vec![0x02, 0x01, 0x00]));
    }
}
