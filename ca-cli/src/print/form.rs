//! What the paper copy says: the holder's name and identifiers, the serial, the validity, the
//! key's usage and purposes, its algorithm and fingerprint, the CA, the officer — read from the
//! certificate (so the paper says what the certificate says) and, for the officer, from the
//! register.

use anyhow::{Context, Result};
use ca_core::der::{Decode, Encode};
use ca_core::names::subject::attribute_text;
use ca_core::x509::ext::pkix::{ExtendedKeyUsage, KeyUsage, KeyUsages};
use ca_core::x509::name::Name;
use ca_core::x509::Certificate;
use ca_core::CertRecord;
use ca_core::KeyAlgorithm;

/// One line of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A section heading.
    Heading(String),
    /// A labelled value.
    Field(String, String),
    /// A place for a signature: who signs, and their name printed under the line.
    Signature(String, String),
}

/// The form, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedForm {
    /// The title.
    pub title: String,
    /// The lines under it.
    pub lines: Vec<Line>,
}

/// Russian names of the attributes a holder's or a CA's name carries, in the order printed.
const NAME_FIELDS: [(&str, &str); 15] = [
    ("2.5.4.3", "Владелец (общее имя)"),
    ("2.5.4.4", "Фамилия"),
    ("2.5.4.42", "Имя и отчество"),
    ("2.5.4.12", "Должность"),
    ("2.5.4.10", "Организация"),
    ("2.5.4.11", "Подразделение"),
    ("1.2.643.100.3", "СНИЛС"),
    ("1.2.643.3.131.1.1", "ИНН"),
    ("1.2.643.100.4", "ИНН юридического лица"),
    ("1.2.643.100.1", "ОГРН"),
    ("1.2.643.100.5", "ОГРНИП"),
    ("1.2.840.113549.1.9.1", "Адрес электронной почты"),
    ("2.5.4.9", "Адрес"),
    ("2.5.4.7", "Населённый пункт"),
    ("2.5.4.8", "Субъект Российской Федерации"),
];

impl PrintedForm {
    /// The form for the certificate of `record`, issued by the CA certificate `ca_der`.
    pub fn new(record: &CertRecord, ca_der: &[u8]) -> Result<Self> {
        let cert = Certificate::from_der(&record.der)
            .context("the certificate in the register cannot be read")?;
        let ca = Certificate::from_der(ca_der).context("the CA certificate cannot be read")?;
        let tbs = &cert.tbs_certificate;
        let mut lines = vec![Line::Heading("Владелец сертификата".into())];
        lines.extend(name_fields(&tbs.subject, true));
        lines.push(Line::Heading("Сертификат".into()));
        lines.push(Line::Field(
            "Серийный номер".into(),
            ca_core::serial::hex(tbs.serial_number.as_bytes()),
        ));
        lines.push(Line::Field(
            "Действует".into(),
            format!(
                "с {} по {} (UTC)",
                date_time(record.not_before),
                date_time(record.not_after)
            ),
        ));
        lines.push(Line::Field(
            "Использование ключа".into(),
            key_usage(&cert).unwrap_or_else(|| "не ограничено".into()),
        ));
        if let Some(purposes) = purposes(&cert) {
            lines.push(Line::Field("Назначение".into(), purposes));
        }
        let spki = &tbs.subject_public_key_info;
        lines.push(Line::Field(
            "Алгоритм ключа проверки электронной подписи".into(),
            algorithm_words(spki),
        ));
        lines.push(Line::Field(
            "Отпечаток ключа проверки (SHA-256)".into(),
            grouped_hex(&ca_core::signing::DigestAlgorithm::Sha256.digest(&spki.to_der()?)),
        ));
        let key = spki.subject_public_key.raw_bytes();
        if key.len() <= 140 {
            lines.push(Line::Field(
                "Ключ проверки электронной подписи".into(),
                grouped_hex(key),
            ));
        }
        lines.push(Line::Heading("Удостоверяющий центр".into()));
        lines.extend(name_fields(&ca.tbs_certificate.subject, false));
        lines.push(Line::Field(
            "Серийный номер сертификата УЦ".into(),
            ca_core::serial::hex(ca.tbs_certificate.serial_number.as_bytes()),
        ));
        lines.push(Line::Field(
            "Выдал (оператор УЦ)".into(),
            record.officer.clone(),
        ));
        lines.push(Line::Heading(
            "С информацией, содержащейся в сертификате, ознакомлен(а); сведения верны".into(),
        ));
        let holder = attribute(&tbs.subject, "2.5.4.3").unwrap_or_default();
        lines.push(Line::Signature("Владелец сертификата".into(), holder));
        lines.push(Line::Signature(
            "Уполномоченное лицо УЦ".into(),
            record.officer.clone(),
        ));
        Ok(PrintedForm {
            title: "Сертификат ключа проверки электронной подписи".into(),
            lines,
        })
    }
}

/// The value of the first attribute `oid` (dotted) of `name`.
fn attribute(name: &Name, oid: &str) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid.to_string() == oid)
        .and_then(|atv| attribute_text(&atv.value))
}

/// The attributes of `name` with Russian labels; `holder`: the CA's CN is its name, not an owner.
fn name_fields(name: &Name, holder: bool) -> Vec<Line> {
    NAME_FIELDS
        .iter()
        .filter_map(|(oid, label)| {
            let value = attribute(name, oid)?;
            let label = match (*oid, holder) {
                ("2.5.4.3", false) => "Наименование",
                _ => label,
            };
            let value = if *oid == "1.2.643.100.3" {
                snils_words(&value)
            } else {
                value
            };
            Some(Line::Field(label.to_owned(), value))
        })
        .collect()
}

/// СНИЛС as people write it: 112-233-445 95.
fn snils_words(digits: &str) -> String {
    if digits.len() == 11 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{}-{}-{} {}",
            &digits[..3],
            &digits[3..6],
            &digits[6..9],
            &digits[9..]
        )
    } else {
        digits.to_owned()
    }
}

/// `DD.MM.YYYY HH:MM:SS` of Unix seconds (UTC).
fn date_time(unix: u64) -> String {
    let text = ca_core::time::rfc3339(unix);
    // YYYY-MM-DDTHH:MM:SSZ
    format!(
        "{}.{}.{} {}",
        &text[8..10],
        &text[5..7],
        &text[..4],
        &text[11..19]
    )
}

fn extension<'a>(
    cert: &'a Certificate,
    oid: &ca_core::der::asn1::ObjectIdentifier,
) -> Option<&'a [u8]> {
    cert.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == *oid)
        .map(|e| e.extn_value.as_bytes())
}

fn key_usage(cert: &Certificate) -> Option<String> {
    let usage = KeyUsage::from_der(extension(cert, &ca_core::oid::KEY_USAGE)?).ok()?;
    let words: Vec<&str> = [
        (KeyUsages::DigitalSignature, "цифровая подпись"),
        (KeyUsages::NonRepudiation, "неотрекаемость"),
        (KeyUsages::KeyEncipherment, "шифрование ключей"),
        (KeyUsages::DataEncipherment, "шифрование данных"),
        (KeyUsages::KeyAgreement, "согласование ключей"),
        (KeyUsages::KeyCertSign, "подпись сертификатов"),
        (
            KeyUsages::CRLSign,
            "подпись списков отозванных сертификатов",
        ),
    ]
    .iter()
    .filter(|(flag, _)| usage.0.contains(*flag))
    .map(|(_, word)| *word)
    .collect();
    Some(words.join(", "))
}

fn purposes(cert: &Certificate) -> Option<String> {
    let eku = ExtendedKeyUsage::from_der(extension(cert, &ca_core::oid::EXT_KEY_USAGE)?).ok()?;
    let words: Vec<String> = eku
        .0
        .iter()
        .map(|oid| {
            let word = match oid.to_string().as_str() {
                "1.3.6.1.5.5.7.3.36" => "подписание документов",
                "1.3.6.1.5.5.7.3.4" => "защищённая электронная почта",
                "1.3.6.1.5.5.7.3.2" => "проверка подлинности клиента",
                "1.3.6.1.5.5.7.3.1" => "проверка подлинности сервера",
                "1.3.6.1.5.5.7.3.8" => "штамп времени",
                "1.3.6.1.5.5.7.3.9" => "подпись ответов OCSP",
                _ => "",
            };
            if word.is_empty() {
                oid.to_string()
            } else {
                format!("{word} ({oid})")
            }
        })
        .collect();
    Some(words.join(", "))
}

fn algorithm_words(spki: &ca_core::x509::spki::SubjectPublicKeyInfoOwned) -> String {
    match KeyAlgorithm::of_spki(spki) {
        Ok(KeyAlgorithm::Gost(set)) => format!("ГОСТ Р 34.10-2012 ({set})"),
        Ok(KeyAlgorithm::EcdsaP256) => "ECDSA, кривая P-256".into(),
        Ok(KeyAlgorithm::EcdsaP384) => "ECDSA, кривая P-384".into(),
        Ok(KeyAlgorithm::Ed25519) => "Ed25519".into(),
        Ok(KeyAlgorithm::Rsa) => "RSA".into(),
        Err(_) => spki.algorithm.oid.to_string(),
    }
}

/// Bytes as upper-case hex in groups of two bytes: `A1B2 C3D4 …`.
fn grouped_hex(bytes: &[u8]) -> String {
    bytes
        .chunks(2)
        .map(|pair| pair.iter().map(|b| format!("{b:02X}")).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}
