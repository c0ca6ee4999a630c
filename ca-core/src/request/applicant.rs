//! An applicant whose key the CA generates (`ca enroll`): who they are, what certificate they
//! get, and how they were identified — from the command line or a row of a batch file.

use x509_cert::name::Name;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::KeyAlgorithm;
use crate::names::subject::parse_subject;
use crate::request::identification::IdentificationKind;
use crate::Identifiers;

/// One applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    /// The subject as typed (RFC 4514), without the identifiers.
    pub subject: String,
    /// СНИЛС, ИНН, ОГРН, ОГРНИП, checked.
    pub identifiers: Identifiers,
    /// An e-mail address to put first in the subject.
    pub email: Option<String>,
    /// The profile to issue under.
    pub profile: String,
    /// The key to generate.
    pub key: KeyAlgorithm,
    /// Validity in days (the profile's when `None`).
    pub days: Option<u32>,
    /// How the applicant was identified.
    pub identified_by: IdentificationKind,
}

/// What a batch row leaves out: the command's own choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantDefaults {
    /// The profile.
    pub profile: String,
    /// The key algorithm.
    pub key: KeyAlgorithm,
    /// Validity in days.
    pub days: Option<u32>,
    /// How applicants were identified.
    pub identified_by: IdentificationKind,
}

/// One row of an applicant batch: its line in the file and its applicant, or why it is refused.
#[derive(Debug)]
pub struct ApplicantRow {
    /// Line number in the file (the header is line 1).
    pub line: u64,
    /// The applicant, or what is wrong with the row.
    pub applicant: Result<Applicant>,
}

impl Applicant {
    /// The subject name: the e-mail address first (when given), then the typed subject, with
    /// the identifiers.
    pub fn subject_name(&self) -> Result<Name> {
        let text = match self.email.as_deref().map(str::trim) {
            Some(email) if !email.is_empty() => {
                if email.contains([',', '+', '"', '\\', '<', '>', ';', '=']) || !email.contains('@')
                {
                    return Err(Error::Invalid(refusal!(
                        "refusal-email-not-address",
                        "e-mail {email:?} is not an address",
                        email = email
                    )));
                }
                format!("emailAddress={email},{}", self.subject)
            }
            _ => self.subject.clone(),
        };
        parse_subject(&text, &self.identifiers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::batch::read_applicants;

    fn defaults() -> ApplicantDefaults {
        ApplicantDefaults {
            profile: "signing".into(),
            key: KeyAlgorithm::EcdsaP256,
            days: Some(30),
            identified_by: IdentificationKind::InPerson,
        }
    }

    #[test]
    fn rows_are_typed_by_column_name_and_fall_back_to_the_defaults() {
        let rows = read_applicants(
            "key,subject,snils,email\n\
             ed25519,\"CN=Иванов,C=RU\",112-233-445 95,ivanov@example.ru\n\
             ,CN=B,11223344596,\n\
             rsa-1,CN=C,,\n"
                .as_bytes(),
            &defaults(),
        )
        .expect("rows");
        let first = rows[0].applicant.as_ref().expect("first");
        assert_eq!(first.key, KeyAlgorithm::Ed25519);
        assert_eq!(first.profile, "signing");
        assert_eq!(first.days, Some(30));
        let name = crate::names::subject::display_name(&first.subject_name().expect("name"));
        assert!(
            name.contains("ivanov@example.ru") && name.contains("11223344595"),
            "{name}"
        );
        assert_eq!(rows[1].line, 3);
        assert!(
            rows[1]
                .applicant
                .as_ref()
                .is_err_and(|e| e.to_string().contains("snils")),
            "check digits"
        );
        assert!(rows[2].applicant.is_err(), "no such key");
    }

    #[test]
    fn an_email_cannot_smuggle_another_attribute() {
        let applicant = Applicant {
            subject: "CN=A".into(),
            identifiers: Identifiers::default(),
            email: Some("a@b,CN=Admin".into()),
            profile: "signing".into(),
            key: KeyAlgorithm::EcdsaP256,
            days: None,
            identified_by: IdentificationKind::InPerson,
        };
        assert!(applicant.subject_name().is_err());
    }
}
