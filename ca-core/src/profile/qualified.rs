//! The `qualified` profile (приказ ФСБ России № 795, ред. № 31): what a qualified certificate
//! must carry beyond a signing one, and what it may not be issued without.
//!
//! - Keys: GOST R 34.10-2012 only, for the holder and for the CA that signs.
//! - subjectSignTool (1.2.643.100.111, UTF8String) and issuerSignTool (1.2.643.100.112,
//!   SEQUENCE of four UTF8String), from `[qualified]` in ca.toml.
//! - certificatePolicies: the class of the holder's tool, listing the classes below it
//!   (КС2 → 1.2.643.100.113.1 and .2).
//! - identificationKind (1.2.643.100.114), as for every end-entity certificate here.
//! - The owner's identifiers (п. 17-18): a person — СНИЛС, surname and given name; a sole trader —
//!   also ОГРНИП and ИНН; an organisation — ОГРН and ИНН ЮЛ, and its name in O.

use der::asn1::{ObjectIdentifier, OctetString, Utf8StringRef};
use der::{Encode, Sequence};
use x509_cert::ext::Extension;
use x509_cert::name::Name;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::KeyAlgorithm;
use crate::oid;
use crate::profile::config::QualifiedSettings;

/// subjectSignTool.
pub const SUBJECT_SIGN_TOOL: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.643.100.111");
/// issuerSignTool.
pub const ISSUER_SIGN_TOOL: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.643.100.112");

/// issuerSignTool's value.
#[derive(Sequence)]
struct IssuerSignTool<'a> {
    sign_tool: Utf8StringRef<'a>,
    ca_tool: Utf8StringRef<'a>,
    sign_tool_cert: Utf8StringRef<'a>,
    ca_tool_cert: Utf8StringRef<'a>,
}

/// The class policies for `class` (`KC1`, `KC2`, `KC3`, Latin or Cyrillic), each listing the
/// classes below it.
pub fn class_policies(class: &str) -> Result<Vec<ObjectIdentifier>> {
    let latin: String = class
        .trim()
        .to_uppercase()
        .chars()
        .map(|c| match c {
            'К' => 'K',
            'С' => 'C',
            other => other,
        })
        .collect();
    let level = match latin.as_str() {
        "KC1" => 1,
        "KC2" => 2,
        "KC3" => 3,
        _ => {
            return Err(Error::Invalid(refusal!(
                "refusal-qualified-class",
                "[qualified] class {class:?} in ca.toml: use KC1, KC2 or KC3",
                class = class
            )))
        }
    };
    (1..=level)
        .map(|i| {
            format!("1.2.643.100.113.{i}")
                .parse()
                .map_err(|e: der::oid::Error| {
                    Error::Invalid(refusal!(
                        "refusal-class-policy",
                        "class policy: {problem}",
                        problem = e
                    ))
                })
        })
        .collect()
}

/// Checks that a qualified certificate may be issued: both keys GOST, the tools configured,
/// each string within the lengths 795 allows, the owner's identifiers present.
pub fn check<'a>(
    settings: Option<&'a QualifiedSettings>,
    ca_key: KeyAlgorithm,
    holder_key: KeyAlgorithm,
    subject: &Name,
) -> Result<&'a QualifiedSettings> {
    let settings = settings.ok_or_else(|| {
        Error::Invalid(refusal!(
            "refusal-qualified-no-section",
            "the qualified profile needs a [qualified] section in ca.toml: subject_sign_tool, \
             sign_tool, ca_tool, sign_tool_cert, ca_tool_cert, class (docs/gost.md)"
        ))
    })?;
    if !matches!(ca_key, KeyAlgorithm::Gost(_)) {
        return Err(Error::Invalid(refusal!(
            "refusal-qualified-ca-key",
            "a qualified certificate is signed with GOST R 34.10-2012; this CA's key is {key}",
            key = ca_key
        )));
    }
    if !matches!(holder_key, KeyAlgorithm::Gost(_)) {
        return Err(Error::Invalid(refusal!(
            "refusal-qualified-holder-key",
            "a qualified certificate certifies GOST R 34.10-2012 keys only; this one is {key}",
            key = holder_key
        )));
    }
    for (field, value, max) in [
        ("subject_sign_tool", &settings.subject_sign_tool, 200),
        ("sign_tool", &settings.sign_tool, 200),
        ("ca_tool", &settings.ca_tool, 200),
        ("sign_tool_cert", &settings.sign_tool_cert, 100),
        ("ca_tool_cert", &settings.ca_tool_cert, 100),
    ] {
        let chars = value.chars().count();
        if chars == 0 || chars > max {
            return Err(Error::Invalid(refusal!(
                "refusal-qualified-field-length",
                "[qualified] {field} in ca.toml must have 1 to {max} characters",
                field = field,
                max = max
            )));
        }
    }
    class_policies(&settings.class)?;
    check_owner(subject)?;
    Ok(settings)
}

/// The owner's identifiers and names, by kind of owner.
fn check_owner(subject: &Name) -> Result<()> {
    let has = |wanted: ObjectIdentifier| {
        subject
            .0
            .iter()
            .flat_map(|rdn| rdn.0.iter())
            .any(|atv| atv.oid == wanted)
    };
    let surname = ObjectIdentifier::new_unwrap("2.5.4.4");
    let given_name = ObjectIdentifier::new_unwrap("2.5.4.42");
    let organization = ObjectIdentifier::new_unwrap("2.5.4.10");
    let common_name = ObjectIdentifier::new_unwrap("2.5.4.3");
    let (holder, kind, required): (&str, &str, Vec<(ObjectIdentifier, &str)>) = if has(oid::OGRNIP)
    {
        (
            "sole-trader",
            "a sole trader",
            vec![
                (oid::OGRNIP, "--ogrnip"),
                (oid::SNILS, "--snils"),
                (oid::INN, "--inn"),
                (surname, "SN="),
                (given_name, "GN="),
            ],
        )
    } else if has(oid::OGRN) || has(oid::INN_LE) {
        (
            "organisation",
            "an organisation",
            vec![
                (oid::OGRN, "--ogrn"),
                (oid::INN_LE, "--innle"),
                (organization, "O="),
            ],
        )
    } else {
        (
            "person",
            "a person",
            vec![
                (oid::SNILS, "--snils"),
                (surname, "SN="),
                (given_name, "GN="),
            ],
        )
    };
    let missing: Vec<&str> = std::iter::once((common_name, "CN="))
        .chain(required)
        .filter(|(wanted, _)| !has(*wanted))
        .map(|(_, how)| how)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(refusal!(
            "refusal-qualified-missing",
            "a qualified certificate for {kind} needs {missing} (приказ ФСБ № 795)",
            kind = kind,
            missing = missing.join(", ");
            holder = holder
        )))
    }
}

/// subjectSignTool and issuerSignTool.
pub fn extensions(settings: &QualifiedSettings) -> Result<Vec<Extension>> {
    let issuer_tool = IssuerSignTool {
        sign_tool: Utf8StringRef::new(&settings.sign_tool)?,
        ca_tool: Utf8StringRef::new(&settings.ca_tool)?,
        sign_tool_cert: Utf8StringRef::new(&settings.sign_tool_cert)?,
        ca_tool_cert: Utf8StringRef::new(&settings.ca_tool_cert)?,
    };
    Ok(vec![
        Extension {
            extn_id: SUBJECT_SIGN_TOOL,
            critical: false,
            extn_value: OctetString::new(
                Utf8StringRef::new(&settings.subject_sign_tool)?.to_der()?,
            )?,
        },
        Extension {
            extn_id: ISSUER_SIGN_TOOL,
            critical: false,
            extn_value: OctetString::new(issuer_tool.to_der()?)?,
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::gost::ParamSet;
    use crate::{IdentifierText, Identifiers};

    fn settings() -> QualifiedSettings {
        QualifiedSettings {
            subject_sign_tool: "СКЗИ \"КриптоПро CSP\" (версия 5.0)".into(),
            sign_tool: "СКЗИ \"КриптоПро CSP\"".into(),
            ca_tool: "ПАК \"Удостоверяющий центр\"".into(),
            sign_tool_cert: "СФ/124-0000".into(),
            ca_tool_cert: "СФ/128-0000".into(),
            class: "KC2".into(),
        }
    }

    fn name(dn: &str, ids: IdentifierText<'_>) -> Name {
        crate::names::parse_subject(dn, &Identifiers::parse(ids).expect("ids")).expect("name")
    }

    #[test]
    fn classes_list_the_ones_below_them() {
        assert_eq!(class_policies("KC2").expect("class").len(), 2);
        assert_eq!(class_policies("КС3").expect("class").len(), 3);
        assert!(class_policies("KB1").is_err());
    }

    #[test]
    fn only_gost_keys_configured_tools_and_complete_owners_pass() {
        let gost = KeyAlgorithm::Gost(ParamSet::Tc26_256B);
        let person = name(
            "CN=Иванов Иван,SN=Иванов,GN=Иван Иванович,C=RU",
            IdentifierText {
                snils: Some("112-233-445 95"),
                ..Default::default()
            },
        );
        let s = settings();
        assert!(check(Some(&s), gost, gost, &person).is_ok());
        assert!(check(None, gost, gost, &person).is_err(), "no [qualified]");
        assert!(check(Some(&s), KeyAlgorithm::EcdsaP256, gost, &person).is_err());
        assert!(check(Some(&s), gost, KeyAlgorithm::EcdsaP256, &person).is_err());
        let no_snils = name("CN=Иванов Иван,SN=Иванов,GN=Иван,C=RU", Default::default());
        let refused = check(Some(&s), gost, gost, &no_snils)
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains("a person") && refused.contains("--snils"),
            "{refused}"
        );
        let trader = name(
            "CN=ИП Петров,SN=Петров,GN=Пётр,C=RU",
            IdentifierText {
                snils: Some("112-233-445 95"),
                ogrnip: Some("304500116000157"),
                ..Default::default()
            },
        );
        let refused = check(Some(&s), gost, gost, &trader)
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains("sole trader") && refused.contains("--inn"),
            "{refused}"
        );
        let organisation = name(
            "CN=ГКУ Тест,O=ГКУ Тест,C=RU",
            IdentifierText {
                ogrn: Some("1027700132195"),
                innle: Some("7707083893"),
                ..Default::default()
            },
        );
        assert!(check(Some(&s), gost, gost, &organisation).is_ok());
        let mut long = settings();
        long.sign_tool_cert = "x".repeat(101);
        assert!(check(Some(&long), gost, gost, &person).is_err());
    }
}
