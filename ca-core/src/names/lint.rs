//! Linting the subject about to be signed (as Boulder lints the exact TBS): what no holder's
//! name may be, checked in `Issuer::prepare` for every way a request arrives (CSR, typed
//! subject, batch row), before anything is stored.
//!
//! - no attribute value with NUL or another control character;
//! - the upper bounds of RFC 5280 Appendix A (ub-common-name 64, ub-organization-name 64, …)
//!   and at most [`MAX_ATTRIBUTES`] attributes;
//! - `C` two letters (ISO 3166-1 alpha-2, PrintableString);
//! - each identifier (СНИЛС, ИНН, ИНН ЮЛ, ОГРН, ОГРНИП) at most once and a NumericString;
//! - not the name of a CA of this chain (a holder must not look like its issuer).

use der::asn1::ObjectIdentifier as Oid;
use der::{Tag, Tagged};
use x509_cert::name::Name;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::names::identifiers::Identifiers;
use crate::names::subject::{attribute_name, attribute_text, display_name};

/// Most attributes a subject may carry.
pub const MAX_ATTRIBUTES: usize = 32;

/// RFC 5280 Appendix A upper bounds (characters), by attribute type; others default to 128.
fn upper_bound(oid: &Oid) -> usize {
    match oid.to_string().as_str() {
        "2.5.4.3" | "2.5.4.10" | "2.5.4.11" | "2.5.4.12" | "2.5.4.5" => 64,
        "2.5.4.7" | "2.5.4.8" | "2.5.4.9" | "2.5.4.65" => 128,
        "2.5.4.4" | "2.5.4.42" | "2.5.4.43" | "2.5.4.44" => 128,
        "1.2.840.113549.1.9.1" => 255,
        "2.5.4.6" => 2,
        _ => 128,
    }
}

const COUNTRY: Oid = Oid::new_unwrap("2.5.4.6");

/// Checks `subject` for issuance by a CA whose chain names are `ca_names`.
pub fn lint(subject: &Name, ca_names: &[&Name]) -> Result<()> {
    let dn = display_name(subject);
    let bad = |problem: crate::error::Refusal| Error::Subject {
        dn: crate::audit::bounded_text(&dn, 200),
        problem,
    };
    let attributes: Vec<_> = subject.0.iter().flat_map(|rdn| rdn.0.iter()).collect();
    if attributes.len() > MAX_ATTRIBUTES {
        return Err(bad(refusal!(
            "refusal-subject-attributes-at-most-are",
            "{count} attributes; at most {max} are allowed",
            count = attributes.len(),
            max = MAX_ATTRIBUTES
        )));
    }
    let mut identifiers_seen = Vec::new();
    for atv in &attributes {
        let field = attribute_name(&atv.oid);
        let text = attribute_text(&atv.value).ok_or_else(|| {
            bad(refusal!(
                "refusal-subject-not-string-this-ca",
                "{field} is not a string this CA writes",
                field = field
            ))
        })?;
        if text.chars().any(char::is_control) {
            return Err(bad(refusal!(
                "refusal-subject-holds-nul-another-control",
                "{field} holds a NUL or another control character",
                field = field
            )));
        }
        if atv.oid == COUNTRY
            && (atv.value.tag() != Tag::PrintableString
                || text.chars().count() != 2
                || !text.chars().all(|c| c.is_ascii_uppercase()))
        {
            return Err(bad(refusal!(
                "refusal-subject-c-country-two-capital",
                "C={text:?}: a country is two capital letters (ISO 3166), e.g. C=RU",
                text = text
            )));
        }
        let length = text.chars().count();
        let bound = upper_bound(&atv.oid);
        if length > bound {
            return Err(bad(refusal!(
                "refusal-subject-characters-long-rfc-5280",
                "{field} is {length} characters long; RFC 5280 allows {bound}",
                field = field,
                length = length,
                bound = bound
            )));
        }
        if Identifiers::is_identifier_oid(atv.oid) {
            if atv.value.tag() != Tag::NumericString {
                return Err(bad(refusal!(
                    "refusal-subject-must-be-numericstring",
                    "{field} must be a NumericString",
                    field = field
                )));
            }
            if identifiers_seen.contains(&atv.oid) {
                return Err(bad(refusal!(
                    "refusal-subject-appears-twice-holder-has",
                    "{field} appears twice; a holder has one",
                    field = field
                )));
            }
            identifiers_seen.push(atv.oid);
        }
    }
    if ca_names.contains(&subject) {
        return Err(bad(refusal!(
            "refusal-subject-name-ca-this-chain",
            "it is the name of a CA of this chain; a holder's name must differ from its issuer's"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::subject::parse_subject;

    fn name(dn: &str) -> Name {
        parse_subject(dn, &Identifiers::default()).expect(dn)
    }

    fn problem(subject: &Name, ca: &Name) -> String {
        lint(subject, &[ca]).expect_err("refused").to_string()
    }

    #[test]
    fn bad_subjects_are_refused_naming_the_field() {
        let ca = name("CN=Тестовый УЦ,C=RU");
        assert!(lint(&name("CN=Иванов Иван,SNILS=11223344595,C=RU"), &[&ca]).is_ok());
        assert!(problem(&name("CN=Тестовый УЦ,C=RU"), &ca).contains("name of a CA"));
        assert!(problem(&name("SNILS=11223344595,SNILS=11223344595,CN=A"), &ca).contains("twice"));
        assert!(problem(&name(&format!("CN={}", "я".repeat(65))), &ca).contains("CN is 65"));
        let many: Vec<String> = (0..40).map(|i| format!("OU=u{i}")).collect();
        assert!(problem(&name(&many.join(",")), &ca).contains("40 attributes"));
        assert!(problem(&name("CN=A,C=Russia"), &ca).contains("two capital letters"));
        assert!(problem(&name("CN=A,C=ru"), &ca).contains("two capital letters"));
        assert!(problem(&name("CN=A\\00B"), &ca).contains("control character"));
    }
}
