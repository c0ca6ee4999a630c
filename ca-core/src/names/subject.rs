//! Distinguished names: RFC 4514 strings with UTF-8 (Cyrillic) values in, x509-cert `Name` out,
//! with the Russian identifiers written as NumericString under their OIDs.

use std::str::FromStr;

use der::asn1::{Any, Ia5StringRef, ObjectIdentifier as Oid, PrintableStringRef};
use der::asn1::{SetOfVec, TeletexStringRef, Utf8StringRef};
use der::{Tag, Tagged};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::names::identifiers::Identifiers;

/// Attribute names we read and print, first name is the one printed.
const NAMES: &[(&str, &str)] = &[
    ("CN", "2.5.4.3"),
    ("SN", "2.5.4.4"),
    ("SURNAME", "2.5.4.4"),
    ("serialNumber", "2.5.4.5"),
    ("C", "2.5.4.6"),
    ("L", "2.5.4.7"),
    ("ST", "2.5.4.8"),
    ("STREET", "2.5.4.9"),
    ("O", "2.5.4.10"),
    ("OU", "2.5.4.11"),
    ("title", "2.5.4.12"),
    ("GN", "2.5.4.42"),
    ("givenName", "2.5.4.42"),
    ("emailAddress", "1.2.840.113549.1.9.1"),
    ("E", "1.2.840.113549.1.9.1"),
    ("UID", "0.9.2342.19200300.100.1.1"),
    ("DC", "0.9.2342.19200300.100.1.25"),
    ("OGRN", "1.2.643.100.1"),
    ("SNILS", "1.2.643.100.3"),
    ("INNLE", "1.2.643.100.4"),
    ("OGRNIP", "1.2.643.100.5"),
    ("INN", "1.2.643.3.131.1.1"),
];

const EMAIL: Oid = Oid::new_unwrap("1.2.840.113549.1.9.1");

/// A dotted OID typed by a person (`1.2.643.100.3`), or `None`. const-oid 0.9's text parser
/// overflows on an arc above 32 bits (a panic in debug builds, a wrong OID in release; found
/// by fuzzing), so every arc is checked to fit first, and the result is checked by decoding
/// its own encoding.
pub fn parse_oid(dotted: &str) -> Option<Oid> {
    let arcs: Option<Vec<u32>> = dotted
        .split('.')
        .map(|arc| {
            (!arc.is_empty() && arc.bytes().all(|b| b.is_ascii_digit()))
                .then(|| arc.parse::<u32>().ok())
                .flatten()
        })
        .collect();
    if arcs?.len() < 2 {
        return None;
    }
    let oid = Oid::new(dotted).ok()?;
    Oid::from_bytes(oid.as_bytes()).ok()
}

fn oid_of(key: &str) -> Option<Oid> {
    NAMES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .and_then(|(_, oid)| parse_oid(oid))
        .or_else(|| parse_oid(key))
}

pub(crate) fn attribute_name(oid: &Oid) -> String {
    name_of(oid)
}

fn name_of(oid: &Oid) -> String {
    let dotted = oid.to_string();
    NAMES
        .iter()
        .find(|(_, o)| *o == dotted)
        .map(|(name, _)| (*name).to_owned())
        .unwrap_or(dotted)
}

/// Splits `s` at unescaped `sep`, keeping escapes for the next stage.
fn split_unescaped(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

fn atv_from(dn: &str, part: &str) -> Result<AttributeTypeAndValue> {
    let bad = |problem: crate::error::Refusal| Error::Subject {
        dn: dn.to_owned(),
        problem,
    };
    let part = part.trim_start();
    let (key, value) = part.split_once('=').ok_or_else(|| {
        bad(refusal!(
            "refusal-subject-not-type-value",
            "{part:?} is not TYPE=value",
            part = part
        ))
    })?;
    let key = key.trim();
    let oid = oid_of(key).ok_or_else(|| {
        bad(refusal!(
            "refusal-subject-attribute-type-unknown-use",
            "attribute type {key:?} is unknown (use CN, O, OU, C, ST, L, STREET, title, SN, GN, \
             emailAddress or a dotted OID)",
            key = key
        ))
    })?;
    let mut atv = AttributeTypeAndValue::from_str(&format!("{oid}={value}")).map_err(|e| {
        bad(refusal!(
            "refusal-subject-value",
            "value of {key}: {problem}",
            key = key,
            problem = e
        ))
    })?;
    if atv.value.tag() == Tag::Utf8String {
        let text = Utf8StringRef::try_from(&atv.value)
            .map_err(|e| {
                bad(refusal!(
                    "refusal-subject-value",
                    "value of {key}: {problem}",
                    key = key,
                    problem = e
                ))
            })?
            .as_str()
            .to_owned();
        if text.is_empty() {
            return Err(bad(refusal!(
                "refusal-subject-value-empty",
                "{key} is empty",
                key = key
            )));
        }
        if Identifiers::is_identifier_oid(oid) {
            Identifiers::check_attribute(oid, &text)?;
            atv.value = numeric_string(&text)?;
        } else if oid == EMAIL {
            atv.value = Ia5StringRef::new(&text)
                .map_err(|_| {
                    bad(refusal!(
                        "refusal-subject-must-be-ascii",
                        "{key} must be ASCII",
                        key = key
                    ))
                })?
                .into();
        }
    } else if atv.value.tag() == Tag::PrintableString {
        PrintableStringRef::try_from(&atv.value).map_err(|_| {
            bad(refusal!(
                "refusal-subject-must-be-printable-ascii",
                "{key} must be printable ASCII (e.g. C=RU)",
                key = key
            ))
        })?;
    }
    Ok(atv)
}

/// Parses an RFC 4514 string (most specific first, `CN=Иванов Иван,O=...,C=RU`) and adds the
/// identifiers as NumericString attributes, each in an RDN of its own after the DN's last RDN.
pub fn parse_subject(dn: &str, identifiers: &Identifiers) -> Result<Name> {
    let mut rdns = Vec::new();
    if !dn.trim().is_empty() {
        for rdn in split_unescaped(dn, ',') {
            let atvs = split_unescaped(rdn, '+')
                .into_iter()
                .map(|part| atv_from(dn, part))
                .collect::<Result<Vec<_>>>()?;
            let set = SetOfVec::try_from(atvs).map_err(|e| Error::Subject {
                dn: dn.to_owned(),
                problem: refusal!(
                    "refusal-subject-multi-valued-rdn",
                    "multi-valued RDN {rdn:?}: {problem}",
                    rdn = rdn,
                    problem = e
                ),
            })?;
            rdns.push(RelativeDistinguishedName(set));
        }
        rdns.reverse();
    }
    let mut name = RdnSequence(rdns);
    add_identifiers(&mut name, identifiers)?;
    if name.0.is_empty() {
        return Err(Error::Subject {
            dn: dn.to_owned(),
            problem: refusal!("refusal-subject-is-empty", "the subject is empty"),
        });
    }
    Ok(name)
}

/// Appends identifiers to a name; refuses one that the name already carries.
pub fn add_identifiers(name: &mut Name, identifiers: &Identifiers) -> Result<()> {
    for (oid, digits) in identifiers.attributes() {
        if name.0.iter().any(|rdn| rdn.0.iter().any(|a| a.oid == oid)) {
            return Err(Error::Subject {
                dn: display_name(name),
                problem: refusal!(
                    "refusal-subject-given-twice",
                    "{attribute} is given twice (in the subject and as a flag)",
                    attribute = name_of(&oid)
                ),
            });
        }
        let value = numeric_string(digits)?;
        let set = SetOfVec::try_from(vec![AttributeTypeAndValue { oid, value }])?;
        name.0.push(RelativeDistinguishedName(set));
    }
    Ok(())
}

/// Checks the identifier attributes found in a name (e.g. the subject of a CSR).
pub fn check_identifiers_in(name: &Name) -> Result<()> {
    for atv in name.0.iter().flat_map(|rdn| rdn.0.iter()) {
        if Identifiers::is_identifier_oid(atv.oid) {
            let text = value_text(&atv.value).ok_or_else(|| Error::Subject {
                dn: display_name(name),
                problem: refusal!(
                    "refusal-subject-not-a-string",
                    "{attribute} is not a string",
                    attribute = name_of(&atv.oid)
                ),
            })?;
            Identifiers::check_attribute(atv.oid, &text)?;
        }
    }
    Ok(())
}

/// A NumericString value (digits and spaces only, X.680 §41). der 0.7 has no type for it, so
/// the value is checked here and wrapped as `Any` with the NumericString tag.
pub fn numeric_string(text: &str) -> Result<Any> {
    if !text.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
        return Err(Error::Invalid(refusal!(
            "refusal-not-numeric-string",
            "{text:?} is not a NumericString",
            text = text
        )));
    }
    Ok(Any::new(Tag::NumericString, text.as_bytes())?)
}

/// The text of a NumericString value, if it is one and holds only digits and spaces.
pub fn numeric_text(value: &Any) -> Option<&str> {
    let bytes = value.value();
    (value.tag() == Tag::NumericString && bytes.iter().all(|b| b.is_ascii_digit() || *b == b' '))
        .then(|| std::str::from_utf8(bytes).ok())
        .flatten()
}

/// The text of an attribute value in one of the string types names use.
pub fn attribute_text(value: &Any) -> Option<String> {
    value_text(value)
}

fn value_text(value: &Any) -> Option<String> {
    let s = match value.tag() {
        Tag::Utf8String => Utf8StringRef::try_from(value).ok()?.as_str().to_owned(),
        Tag::PrintableString => PrintableStringRef::try_from(value)
            .ok()?
            .as_str()
            .to_owned(),
        Tag::Ia5String => Ia5StringRef::try_from(value).ok()?.as_str().to_owned(),
        Tag::NumericString => numeric_text(value)?.to_owned(),
        Tag::TeletexString => TeletexStringRef::try_from(value).ok()?.as_str().to_owned(),
        _ => return None,
    };
    Some(s)
}

/// Prints a name as RFC 4514 (most specific first) with readable attribute names, e.g.
/// `CN=Иванов Иван,SNILS=11223344595,C=RU`. Control characters are escaped, so untrusted names
/// cannot drive a terminal.
pub fn display_name(name: &Name) -> String {
    let mut out = String::new();
    for (i, rdn) in name.0.iter().rev().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for (j, atv) in rdn.0.iter().enumerate() {
            if j > 0 {
                out.push('+');
            }
            out.push_str(&name_of(&atv.oid));
            out.push('=');
            match value_text(&atv.value) {
                Some(text) => escape_into(&mut out, &text),
                None => {
                    out.push('#');
                    if let Ok(der) = der::Encode::to_der(&atv.value) {
                        out.push_str(&crate::serial::hex(&der));
                    }
                }
            }
        }
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    let count = text.chars().count();
    for (i, c) in text.chars().enumerate() {
        match c {
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i + 1 == count => out.push_str("\\ "),
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' | '=' => {
                out.push('\\');
                out.push(c);
            }
            // RFC 4514 hex pairs are UTF-8 bytes: U+0085 is \c2\85, not \85.
            c if c.is_control() => {
                let mut bytes = [0u8; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("\\{b:02x}"));
                }
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IdentifierText;

    #[test]
    fn an_oid_with_an_arc_over_32_bits_is_refused_not_a_panic() {
        // Found by `cargo fuzz run subject`: this used to panic in const-oid when printed.
        assert!(parse_subject("1.2.1.3.10016433100.3=1mmmmm", &Identifiers::default()).is_err());
        assert!(parse_oid("1.2.1.3.10016433100.3").is_none());
        assert!(parse_oid("1.2.643.100.3").is_some());
    }

    #[test]
    fn c1_control_characters_print_as_utf8_hex_pairs_and_parse_back() {
        // Found by the property test: U+0080 printed as \80, which is not UTF-8.
        let name = parse_subject("CN=a\u{80}b\u{85},C=RU", &Identifiers::default()).expect("dn");
        let printed = display_name(&name);
        assert_eq!(printed, "CN=a\\c2\\80b\\c2\\85,C=RU");
        assert_eq!(
            parse_subject(&printed, &Identifiers::default()).expect("again"),
            name
        );
    }
    use der::Encode;

    #[test]
    fn cyrillic_dn_with_identifiers() {
        let ids = Identifiers::parse(IdentifierText {
            snils: Some("112-233-445 95"),
            inn: Some("500100732259"),
            ..Default::default()
        })
        .expect("valid");
        let name =
            parse_subject("CN=Иванов Иван Иванович, O=ГКУ \"МФЦ\",C=RU", &ids).expect("parses");
        let shown = display_name(&name);
        assert_eq!(
            shown,
            "SNILS=11223344595,INN=500100732259,CN=Иванов Иван Иванович,O=ГКУ \\\"МФЦ\\\",C=RU"
        );
        // DER order: C first; the SNILS value is a NumericString (tag 0x12).
        let der = name.to_der().expect("der");
        let needle = [&[0x12, 11][..], b"11223344595"].concat();
        assert!(der.windows(needle.len()).any(|w| w == needle.as_slice()));
        assert_eq!(
            name.0[0].0.get(0).map(|a| a.value.tag()),
            Some(Tag::PrintableString)
        );
    }

    #[test]
    fn repeated_attributes_are_kept() {
        let name = parse_subject("CN=A,OU=Dept A,OU=Dept B", &Identifiers::default()).expect("ok");
        assert_eq!(display_name(&name), "CN=A,OU=Dept A,OU=Dept B");
    }

    #[test]
    fn bad_subjects_are_refused() {
        let none = Identifiers::default();
        assert!(parse_subject("", &none).is_err());
        assert!(parse_subject("CN", &none).is_err());
        assert!(parse_subject("XX=1", &none).is_err());
        assert!(parse_subject("C=Россия", &none).is_err());
        assert!(parse_subject("CN=A,SNILS=11223344596", &none).is_err());
        let ids = Identifiers::parse(IdentifierText {
            snils: Some("11223344595"),
            ..Default::default()
        })
        .expect("ok");
        assert!(parse_subject("CN=A,SNILS=11223344595", &ids).is_err());
    }

    #[test]
    fn control_characters_are_escaped_on_display() {
        let name = parse_subject("CN=evil\u{1b}[2J", &Identifiers::default()).expect("ok");
        assert_eq!(display_name(&name), "CN=evil\\1b[2J");
    }
}
