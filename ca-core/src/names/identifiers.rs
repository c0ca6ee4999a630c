//! Russian identifiers carried in certificate subjects, each a newtype that only holds a number
//! whose check digits are right (see research/ru-profile.md §2 for the rules).
//!
//! ```
//! use ca_core::Snils;
//! let snils: Snils = "112-233-445 95".parse().unwrap();
//! assert_eq!(snils.digits(), "11223344595");
//! let err = "112-233-445 96".parse::<Snils>().unwrap_err();
//! assert_eq!(err.to_string(), "--snils 112-233-445 96: check number is 95");
//! ```

use std::fmt;
use std::str::FromStr;

use der::asn1::ObjectIdentifier;

use crate::error::Error;

/// Behaviour shared by the identifier newtypes: name, OID and digits.
pub trait Identifier: fmt::Display {
    /// Field name as used in flags and CSV columns (`snils`, `inn`, ...).
    const FIELD: &'static str;
    /// The attribute type under which the value is written into a subject name.
    const OID: ObjectIdentifier;
    /// The digits, without separators: what goes into the certificate as a NumericString.
    fn digits(&self) -> &str;
}

/// What is wrong with an identifier, in a form a front end can put in any language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentifierProblem {
    /// A character that is neither a digit nor an allowed separator.
    NotADigit(char),
    /// The wrong number of digits.
    Length {
        /// Digits given.
        found: usize,
        /// Digits the identifier has.
        expected: usize,
    },
    /// A СНИЛС whose two-digit check number is wrong.
    CheckNumber {
        /// The check number its first nine digits give.
        expected: u64,
    },
    /// A check digit (of ИНН, ОГРН, ОГРНИП) that is wrong.
    CheckDigit {
        /// Which digit, from 1.
        position: usize,
        /// The digit given.
        given: u64,
        /// The digit the others give.
        expected: u64,
    },
    /// Not a number at all.
    NotANumber,
}

impl std::fmt::Display for IdentifierProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdentifierProblem::NotADigit(ch) => write!(f, "{ch:?} is not a digit"),
            IdentifierProblem::Length { found, expected } => {
                write!(f, "has {found} digits, expected {expected}")
            }
            IdentifierProblem::CheckNumber { expected } => {
                write!(f, "check number is {expected:02}")
            }
            IdentifierProblem::CheckDigit {
                position,
                given,
                expected,
            } => write!(f, "check digit {position} is {given}, expected {expected}"),
            IdentifierProblem::NotANumber => f.write_str("not a number"),
        }
    }
}

fn invalid(field: &'static str, value: &str, problem: IdentifierProblem) -> Error {
    Error::Identifier {
        field,
        value: value.to_owned(),
        problem,
    }
}

/// Keeps the digits of `value`, allowing dashes and spaces as separators when `separators` is set.
fn digits_of(
    field: &'static str,
    value: &str,
    len: usize,
    separators: bool,
) -> Result<String, Error> {
    let mut digits = String::with_capacity(len);
    for ch in value.trim().chars() {
        match ch {
            '0'..='9' => digits.push(ch),
            '-' | ' ' if separators => {}
            _ => return Err(invalid(field, value, IdentifierProblem::NotADigit(ch))),
        }
    }
    if digits.len() != len {
        return Err(invalid(
            field,
            value,
            IdentifierProblem::Length {
                found: digits.len(),
                expected: len,
            },
        ));
    }
    Ok(digits)
}

fn digit(s: &str, i: usize) -> u64 {
    u64::from(s.as_bytes()[i] - b'0')
}

fn weighted_sum(s: &str, weights: &[u64]) -> u64 {
    weights
        .iter()
        .enumerate()
        .map(|(i, w)| digit(s, i) * w)
        .sum()
}

macro_rules! identifier_type {
    ($(#[$doc:meta])* $name:ident, $field:literal, $oid:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl Identifier for $name {
            const FIELD: &'static str = $field;
            const OID: ObjectIdentifier = $oid;
            fn digits(&self) -> &str {
                &self.0
            }
        }

        impl $name {
            /// The digits, without separators.
            pub fn digits(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

identifier_type!(
    /// СНИЛС, the personal insurance account number: 11 digits, `NNN-NNN-NNN CC`.
    Snils, "snils", crate::oid::SNILS
);
identifier_type!(
    /// ИНН of a natural person: 12 digits with two check digits.
    Inn, "inn", crate::oid::INN
);
identifier_type!(
    /// ИНН of a legal entity: 10 digits with one check digit.
    InnLe, "innle", crate::oid::INN_LE
);
identifier_type!(
    /// ОГРН, the primary state registration number of a legal entity: 13 digits.
    Ogrn, "ogrn", crate::oid::OGRN
);
identifier_type!(
    /// ОГРНИП, the registration number of an individual entrepreneur: 15 digits.
    OgrnIp, "ogrnip", crate::oid::OGRNIP
);

/// СНИЛС numbers up to 001-001-998 were issued before the check number existed.
const SNILS_UNCHECKED_MAX: u64 = 1_001_998;

impl Snils {
    /// The check number (00..99) for the first nine digits.
    fn control(body: &str) -> u64 {
        let sum = weighted_sum(body, &[9, 8, 7, 6, 5, 4, 3, 2, 1]);
        match sum {
            0..=99 => sum,
            100 | 101 => 0,
            _ => match sum % 101 {
                100 => 0,
                r => r,
            },
        }
    }
}

impl FromStr for Snils {
    type Err = Error;
    fn from_str(value: &str) -> Result<Self, Error> {
        let digits = digits_of(Self::FIELD, value, 11, true)?;
        let body = &digits[..9];
        let given: u64 = digits[9..].parse().unwrap_or(u64::MAX);
        let number: u64 = body.parse().unwrap_or(u64::MAX);
        if number > SNILS_UNCHECKED_MAX {
            let expected = Self::control(body);
            if expected != given {
                return Err(invalid(
                    Self::FIELD,
                    value,
                    IdentifierProblem::CheckNumber { expected },
                ));
            }
        }
        Ok(Snils(digits))
    }
}

const INN10_WEIGHTS: [u64; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN11_WEIGHTS: [u64; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS: [u64; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

fn check_digit(
    field: &'static str,
    value: &str,
    digits: &str,
    position: usize,
    expected: u64,
) -> Result<(), Error> {
    let given = digit(digits, position);
    if given == expected {
        Ok(())
    } else {
        Err(invalid(
            field,
            value,
            IdentifierProblem::CheckDigit {
                position: position + 1,
                given,
                expected,
            },
        ))
    }
}

impl FromStr for Inn {
    type Err = Error;
    fn from_str(value: &str) -> Result<Self, Error> {
        let digits = digits_of(Self::FIELD, value, 12, false)?;
        let n11 = weighted_sum(&digits, &INN11_WEIGHTS) % 11 % 10;
        check_digit(Self::FIELD, value, &digits, 10, n11)?;
        let n12 = weighted_sum(&digits, &INN12_WEIGHTS) % 11 % 10;
        check_digit(Self::FIELD, value, &digits, 11, n12)?;
        Ok(Inn(digits))
    }
}

impl FromStr for InnLe {
    type Err = Error;
    fn from_str(value: &str) -> Result<Self, Error> {
        let digits = digits_of(Self::FIELD, value, 10, false)?;
        let n10 = weighted_sum(&digits, &INN10_WEIGHTS) % 11 % 10;
        check_digit(Self::FIELD, value, &digits, 9, n10)?;
        Ok(InnLe(digits))
    }
}

/// ОГРН and ОГРНИП: the number without its last digit, modulo `modulus`, then modulo 10.
fn registration_number(
    field: &'static str,
    value: &str,
    len: usize,
    modulus: u64,
) -> Result<String, Error> {
    let digits = digits_of(field, value, len, false)?;
    let body: u64 = digits[..len - 1]
        .parse()
        .map_err(|_| invalid(field, value, IdentifierProblem::NotANumber))?;
    check_digit(field, value, &digits, len - 1, body % modulus % 10)?;
    Ok(digits)
}

impl FromStr for Ogrn {
    type Err = Error;
    fn from_str(value: &str) -> Result<Self, Error> {
        registration_number(Self::FIELD, value, 13, 11).map(Ogrn)
    }
}

impl FromStr for OgrnIp {
    type Err = Error;
    fn from_str(value: &str) -> Result<Self, Error> {
        registration_number(Self::FIELD, value, 15, 13).map(OgrnIp)
    }
}

/// The identifiers an applicant may present, all optional, all already checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identifiers {
    /// СНИЛС.
    pub snils: Option<Snils>,
    /// ИНН of a person.
    pub inn: Option<Inn>,
    /// ИНН of an organisation.
    pub innle: Option<InnLe>,
    /// ОГРН.
    pub ogrn: Option<Ogrn>,
    /// ОГРНИП.
    pub ogrnip: Option<OgrnIp>,
}

/// Identifiers as typed (a flag, a CSV column), before their check digits are checked; fill
/// in those given and leave the rest to `..Default::default()`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdentifierText<'a> {
    /// СНИЛС.
    pub snils: Option<&'a str>,
    /// ИНН of a person.
    pub inn: Option<&'a str>,
    /// ИНН of a legal entity.
    pub innle: Option<&'a str>,
    /// ОГРН.
    pub ogrn: Option<&'a str>,
    /// ОГРНИП.
    pub ogrnip: Option<&'a str>,
}

impl Identifiers {
    /// Parses each given string with its check-digit rule; empty strings count as absent.
    pub fn parse(text: IdentifierText<'_>) -> Result<Self, Error> {
        let IdentifierText {
            snils,
            inn,
            innle,
            ogrn,
            ogrnip,
        } = text;
        fn opt<T: FromStr<Err = Error>>(s: Option<&str>) -> Result<Option<T>, Error> {
            match s.map(str::trim) {
                None | Some("") => Ok(None),
                Some(v) => v.parse().map(Some),
            }
        }
        Ok(Identifiers {
            snils: opt(snils)?,
            inn: opt(inn)?,
            innle: opt(innle)?,
            ogrn: opt(ogrn)?,
            ogrnip: opt(ogrnip)?,
        })
    }

    /// `(OID, digits)` for each identifier present, in a fixed order.
    pub fn attributes(&self) -> Vec<(ObjectIdentifier, &str)> {
        fn push<'a, T: Identifier>(out: &mut Vec<(ObjectIdentifier, &'a str)>, v: &'a Option<T>) {
            if let Some(v) = v {
                out.push((T::OID, v.digits()));
            }
        }
        let mut out = Vec::new();
        push(&mut out, &self.ogrn);
        push(&mut out, &self.ogrnip);
        push(&mut out, &self.innle);
        push(&mut out, &self.inn);
        push(&mut out, &self.snils);
        out
    }

    /// Checks a value found under `oid` in a name (e.g. a CSR subject) by the rule for that OID.
    /// Values under other OIDs pass.
    pub fn check_attribute(oid: ObjectIdentifier, value: &str) -> Result<(), Error> {
        if oid == Snils::OID {
            value.parse::<Snils>().map(drop)
        } else if oid == Inn::OID {
            value.parse::<Inn>().map(drop)
        } else if oid == InnLe::OID {
            value.parse::<InnLe>().map(drop)
        } else if oid == Ogrn::OID {
            value.parse::<Ogrn>().map(drop)
        } else if oid == OgrnIp::OID {
            value.parse::<OgrnIp>().map(drop)
        } else {
            Ok(())
        }
    }

    /// Whether `oid` is one of the identifier attribute types.
    pub fn is_identifier_oid(oid: ObjectIdentifier) -> bool {
        Self::field_of(oid).is_some()
    }

    /// The field name (`snils`, `inn`, ...) of an identifier attribute type.
    pub fn field_of(oid: ObjectIdentifier) -> Option<&'static str> {
        [
            (Snils::OID, Snils::FIELD),
            (Inn::OID, Inn::FIELD),
            (InnLe::OID, InnLe::FIELD),
            (Ogrn::OID, Ogrn::FIELD),
            (OgrnIp::OID, OgrnIp::FIELD),
        ]
        .into_iter()
        .find(|(o, _)| *o == oid)
        .map(|(_, f)| f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok<T: FromStr<Err = Error>>(v: &str) {
        assert!(v.parse::<T>().is_ok(), "{v} should be valid");
    }
    fn bad<T: FromStr<Err = Error>>(v: &str) {
        assert!(v.parse::<T>().is_err(), "{v} should be refused");
    }

    // The examples of research/ru-checksums.py, which computes each of them.
    #[test]
    fn snils_examples() {
        for v in [
            "11223344595",
            "00101998900",
            "00101999800",
            "12345678964",
            "00299998900",
            "64270954807",
            "642-709-548 07",
        ] {
            ok::<Snils>(v);
        }
        for v in [
            "11223344594",
            "00101998901",
            "12345678965",
            "1122334459",
            "112233445a5",
        ] {
            bad::<Snils>(v);
        }
        // At or below 001-001-998 the check number is not checked.
        ok::<Snils>("00100199812");
        ok::<Snils>("001-001-998 99");
        bad::<Snils>("00100199912");
    }

    #[test]
    fn snils_message_names_field_and_expected_number() {
        let e = "112-233-445 96".parse::<Snils>().unwrap_err();
        assert_eq!(e.to_string(), "--snils 112-233-445 96: check number is 95");
    }

    #[test]
    fn inn_examples() {
        for v in ["7707083893", "7736050003", "5003052454", "3664069397"] {
            ok::<InnLe>(v);
        }
        for v in ["7707083894", "7707083839", "770708389", "770-708-3893"] {
            bad::<InnLe>(v);
        }
        for v in ["500100732259", "123456789047", "770100000079"] {
            ok::<Inn>(v);
        }
        for v in [
            "500100732258",
            "500100732269",
            "123456789000",
            "617547302703",
        ] {
            bad::<Inn>(v);
        }
    }

    #[test]
    fn ogrn_examples() {
        for v in [
            "1027700132195",
            "1047702026701",
            "1037739877295",
            "1027700132240",
            "4057910142110",
        ] {
            ok::<Ogrn>(v);
        }
        for v in ["1027700132196", "1027700132915", "102770013219"] {
            bad::<Ogrn>(v);
        }
        for v in [
            "304500116000157",
            "313132804400022",
            "316861700133226",
            "304500116000180",
        ] {
            ok::<OgrnIp>(v);
        }
        for v in ["304500116000158", "313242342342332", "30450011600015"] {
            bad::<OgrnIp>(v);
        }
    }

    #[test]
    fn check_attribute_dispatches_by_oid() {
        assert!(Identifiers::check_attribute(Snils::OID, "11223344595").is_ok());
        assert!(Identifiers::check_attribute(Snils::OID, "11223344596").is_err());
        assert!(Identifiers::check_attribute(Ogrn::OID, "1027700132196").is_err());
        let cn = ObjectIdentifier::new_unwrap("2.5.4.3");
        assert!(Identifiers::check_attribute(cn, "anything").is_ok());
    }
}
