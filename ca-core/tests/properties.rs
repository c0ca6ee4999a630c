//! Property tests: check digits against an independent statement of each rule, serials and
//! names that survive printing and parsing, CRL entries, status updates and OCSP answers that
//! survive encoding and decoding.
#![allow(clippy::unwrap_used)]

use ca_core::publish::feed::{StatusEntry, StatusUpdate};
use ca_core::status::{CrlEntry, Reason, Revocation};
use ca_core::IdentifierText;
use ca_core::{Identifiers, KeyAlgorithm, Serial, Signer, SoftwareKey};
use proptest::prelude::*;

fn weighted(digits: &[u32], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(d, w)| d * w).sum()
}

fn digits_of(s: &str) -> Vec<u32> {
    s.chars().map(|c| c.to_digit(10).unwrap()).collect()
}

/// СНИЛС control number, as ru-checksums.py states it.
fn snils_control(body: &str) -> u32 {
    let s = weighted(&digits_of(body), &[9, 8, 7, 6, 5, 4, 3, 2, 1]);
    match s {
        0..=99 => s,
        100 | 101 => 0,
        _ => match s % 101 {
            100 => 0,
            r => r,
        },
    }
}

fn reason() -> impl Strategy<Value = Reason> {
    prop::sample::select(Reason::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn snils_accepts_exactly_its_control_number(body in 1_002_000u64..999_999_999, wrong in 1u32..100) {
        let body = format!("{body:09}");
        let control = snils_control(&body);
        let good = format!("{}-{}-{} {:02}", &body[..3], &body[3..6], &body[6..], control);
        prop_assert!(Identifiers::parse(IdentifierText { snils: Some(&good), ..Default::default() }).is_ok(), "{}", good);
        let bad = format!("{body}{:02}", (control + wrong) % 100);
        prop_assert!(Identifiers::parse(IdentifierText { snils: Some(&bad), ..Default::default() }).is_err(), "{}", bad);
    }

    #[test]
    fn inn_and_ogrn_accept_exactly_their_check_digits(body in 0u64..10_000_000_000, wrong in 1u32..10) {
        // ИНН ФЛ: 10 digits, then two check digits.
        let mut inn = digits_of(&format!("{body:010}"));
        inn.push(weighted(&inn, &[7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10);
        inn.push(weighted(&inn, &[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10);
        let text: String = inn.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
        prop_assert!(Identifiers::parse(IdentifierText { inn: Some(&text), ..Default::default() }).is_ok(), "{}", text);
        let mut bad = inn.clone();
        bad[11] = (bad[11] + wrong) % 10;
        let bad: String = bad.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
        prop_assert!(Identifiers::parse(IdentifierText { inn: Some(&bad), ..Default::default() }).is_err(), "{}", bad);
        // ИНН ЮЛ: 9 digits and one check digit.
        let mut innle = digits_of(&format!("{:09}", body % 1_000_000_000));
        innle.push(weighted(&innle, &[2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10);
        let text: String = innle.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
        prop_assert!(Identifiers::parse(IdentifierText { innle: Some(&text), ..Default::default() }).is_ok(), "{}", text);
        // ОГРН: 12 digits (first 1-9) and (number mod 11) mod 10.
        let ogrn_body = 100_000_000_000 + body % 800_000_000_000;
        let ogrn = format!("{ogrn_body}{}", ogrn_body % 11 % 10);
        prop_assert!(Identifiers::parse(IdentifierText { ogrn: Some(&ogrn), ..Default::default() }).is_ok(), "{}", ogrn);
        let bad = format!("{ogrn_body}{}", (ogrn_body % 11 % 10 + u64::from(wrong)) % 10);
        prop_assert!(Identifiers::parse(IdentifierText { ogrn: Some(&bad), ..Default::default() }).is_err(), "{}", bad);
        // ОГРНИП: 14 digits (first 3) and (number mod 13) mod 10.
        let ip_body = 30_000_000_000_000 + body;
        let ogrnip = format!("{ip_body}{}", ip_body % 13 % 10);
        prop_assert!(Identifiers::parse(IdentifierText { ogrnip: Some(&ogrnip), ..Default::default() }).is_ok(), "{}", ogrnip);
    }

    #[test]
    fn serials_survive_hex_and_parsing(bytes in prop::collection::vec(any::<u8>(), 1..20)) {
        let mut bytes = bytes;
        bytes[0] = (bytes[0] & 0x7f).max(1);
        let serial = Serial::from_bytes(&bytes).unwrap();
        let hex = serial.to_string();
        prop_assert_eq!(hex.parse::<Serial>().unwrap().as_bytes().to_vec(), bytes.clone());
        let with_colons = hex.as_bytes().chunks(2).map(|c| std::str::from_utf8(c).unwrap().to_uppercase()).collect::<Vec<_>>().join(":");
        prop_assert_eq!(with_colons.parse::<Serial>().unwrap().as_bytes().to_vec(), bytes);
    }

    #[test]
    fn names_survive_printing_and_parsing(
        cn in "[^\\x00-\\x1f\\x7f]{1,40}",
        org in "[A-Za-zА-Яа-яЁё0-9 ,+=\"#;<>\\\\.-]{1,30}",
    ) {
        prop_assume!(!cn.trim().is_empty() && !org.trim().is_empty());
        let escape = |v: &str| {
            let mut out = String::new();
            for (i, c) in v.chars().enumerate() {
                if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=')
                    || (i == 0 && matches!(c, '#' | ' '))
                    || (i == v.chars().count() - 1 && c == ' ')
                {
                    out.push('\\');
                }
                out.push(c);
            }
            out
        };
        let dn = format!("CN={},O={},C=RU", escape(&cn), escape(&org));
        let name = ca_core::names::subject::parse_subject(&dn, &Identifiers::default());
        prop_assert!(name.is_ok(), "{} did not parse: {:?}", dn, name.err());
        let name = name.unwrap();
        let printed = ca_core::names::subject::display_name(&name);
        let again = ca_core::names::subject::parse_subject(&printed, &Identifiers::default()).unwrap();
        prop_assert_eq!(again, name);
    }

    #[test]
    fn crl_entries_survive_their_stored_form(
        time in 0u64..4_000_000_000, reason in reason(), invalidity in proptest::option::of(0u64..4_000_000_000),
        released: bool, not_after in 0u64..4_000_000_000, changed in 0u64..4_000_000_000, after_crl: u64,
    ) {
        let entry = CrlEntry {
            revocation: Revocation { time, reason, invalidity_date: invalidity },
            released, not_after, changed, after_crl,
        };
        prop_assert_eq!(CrlEntry::from_bytes(&entry.to_bytes()).unwrap(), entry);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn status_updates_survive_signing_and_verification(
        sequence in 1u64..1_000_000,
        entries in prop::collection::vec((prop::collection::vec(any::<u8>(), 1..20), proptest::option::of((0u64..4_000_000_000, reason()))), 0..50),
    ) {
        let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).unwrap();
        let update = StatusUpdate {
            sequence,
            base: sequence - 1,
            base_head: Vec::new(),
            head: Vec::new(),
            rebase: false,
            produced_at: 1_800_000_000,
            full: false,
            entries: entries.into_iter().map(|(serial, revoked)| StatusEntry { serial, revoked, invalidity: None, crl: None }).collect(),
        };
        let signed = update.sign(&key).unwrap();
        prop_assert_eq!(StatusUpdate::verify(&signed, key.public_key()).unwrap(), update);
    }

    #[test]
    fn ocsp_answers_carry_the_state_asked_about(
        serial in prop::collection::vec(any::<u8>(), 1..20),
        revoked in proptest::option::of((1_000_000_000u64..1_800_000_000, reason(), proptest::option::of(900_000_000u64..1_000_000_000))),
    ) {
        use ca_core::ocsp::CertState;
        let mut serial = serial;
        serial[0] = (serial[0] & 0x7f).max(1);
        let state = match revoked {
            None => CertState::Good,
            Some((time, reason, invalidity)) => CertState::Revoked { time, reason, invalidity },
        };
        prop_assert_eq!(ca_core::fuzzing::answer_state(&serial, state), state);
    }
}
