//! Issuance: an [`Authority`] (the CA certificate and its unlocked key) signs what a profile
//! allows, in two steps around the register: the intent (serial, subject, officer, key) is
//! recorded before signing and the certificate after, so a crash between leaves a record that
//! names the serial.

mod authority;
pub mod certificate;
pub mod enroll;
pub mod intent;
pub mod record;

use std::collections::BTreeMap;

use der::Encode;
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::name::Name;

use crate::audit::AuditEvent;
use crate::error::refusal;
use crate::error::{Error, Result};
use crate::issuance::certificate::{profile_extensions, sign_certificate, CertificateContents};
use crate::issuance::intent::Reservation;
use crate::keys::Signer;
use crate::names::identifiers::Identifiers;
use crate::names::subject::display_name;
use crate::officers::Role;
use crate::profile::config::CaConfig;
use crate::profile::Profile;
use crate::request::identification::IdentificationKind;
use crate::serial::Serial;
use crate::store::{CertRecord, Event, Register, Status};
use crate::time::{Clock, DAY};
pub use authority::Authority;

/// What an officer asks to be issued.
#[derive(Debug, Clone)]
pub struct IssueRequest {
    /// Subject name, identifiers included.
    pub subject: Name,
    /// The applicant's public key (proof of possession already checked, or generated here).
    pub public_key: SubjectPublicKeyInfoOwned,
    /// Profile name.
    pub profile: String,
    /// Validity in days; the profile's default when `None`. Clipped to the CA's validity.
    pub days: Option<u32>,
    /// The officer responsible.
    pub officer: String,
    /// How the applicant was identified.
    pub identification: IdentificationKind,
    /// The certificate this renews on purpose with the same key (SPEC §3): the same holder
    /// (subject), still valid or on hold.
    pub renews: Option<Serial>,
}

impl Default for IssueRequest {
    /// An empty request to fill in with `..Default::default()`: profile `signing`, the
    /// profile's validity, identified in person. It has no subject or key, so issuing it
    /// unchanged is refused.
    fn default() -> Self {
        IssueRequest {
            subject: Name::default(),
            public_key: SubjectPublicKeyInfoOwned {
                algorithm: spki::AlgorithmIdentifierOwned {
                    oid: der::asn1::ObjectIdentifier::new_unwrap("0.0.0"),
                    parameters: None,
                },
                subject_public_key: der::asn1::BitString::new(0, Vec::new())
                    .unwrap_or_else(|_| unreachable!("an empty bit string is valid")),
            },
            profile: "signing".into(),
            days: None,
            officer: String::new(),
            identification: Default::default(),
            renews: None,
        }
    }
}

/// A request checked against its profile: everything that will be signed is fixed here.
struct Prepared {
    record: CertRecord,
    contents: CertificateContents,
}

/// Issues certificates for one CA into one register.
pub struct Issuer<'a> {
    /// The CA.
    pub authority: &'a Authority,
    /// Where certificates are recorded.
    pub register: &'a Register,
    /// Settings and profiles.
    pub config: &'a CaConfig,
    /// The time source.
    pub clock: &'a dyn Clock,
    /// The role of the officer it issues for: a profile whose least role is higher is refused.
    /// Set from an officer's session when a CA home issues; [`Issuer::new`] gives an officer's.
    pub(crate) role: Role,
}

impl<'a> Issuer<'a> {
    /// An issuer with an officer's rights (end-entity profiles only), for library use outside
    /// a CA home; `CaHome::issue` issues with the rights of a logged-in officer or admin.
    pub fn new(
        authority: &'a Authority,
        register: &'a Register,
        config: &'a CaConfig,
        clock: &'a dyn Clock,
    ) -> Self {
        Issuer {
            authority,
            register,
            config,
            clock,
            role: Role::Officer,
        }
    }
}

/// SHA-256 of a SubjectPublicKeyInfo: the key's identity in the register.
pub fn key_fingerprint(spki: &SubjectPublicKeyInfoOwned) -> Result<Vec<u8>> {
    Ok(Sha256::digest(spki.to_der()?).to_vec())
}

fn identifiers_of(name: &Name) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for atv in name.0.iter().flat_map(|rdn| rdn.0.iter()) {
        if let Some(field) = Identifiers::field_of(atv.oid) {
            if let Some(s) = crate::names::subject::numeric_text(&atv.value) {
                out.insert(field.to_owned(), s.to_owned());
            }
        }
    }
    out
}

impl Issuer<'_> {
    /// Lints a request into exactly what will be signed (no serial yet).
    fn prepare(&self, mut request: IssueRequest) -> Result<Prepared> {
        if request.public_key.subject_public_key.raw_bytes().is_empty() {
            return Err(Error::Invalid(refusal!(
                "refusal-request-no-key",
                "the request has no public key"
            )));
        }
        request.public_key = crate::keys::canonical_spki(&request.public_key)?;
        crate::names::subject::check_identifiers_in(&request.subject)?;
        if request.subject.0.is_empty() {
            return Err(Error::Invalid(refusal!(
                "refusal-subject-empty",
                "the subject is empty"
            )));
        }
        crate::names::lint::lint(&request.subject, &self.authority.chain_names())?;
        let mut profile = Profile::resolve(&request.profile, self.config)?;
        let qualified = if profile.qualified {
            let settings = crate::profile::qualified::check(
                self.config.qualified.as_ref(),
                crate::keys::KeyAlgorithm::of_spki(self.authority.signer().public_key())?,
                crate::keys::KeyAlgorithm::of_spki(&request.public_key)?,
                &request.subject,
            )?;
            profile.policies = crate::profile::qualified::class_policies(&settings.class)?;
            Some(settings)
        } else {
            None
        };
        if self.role < profile.least_role {
            return Err(Error::ProfileNotAllowed {
                officer: request.officer,
                role: self.role.to_string(),
                profile: profile.name,
                needed: profile.least_role.to_string(),
            });
        }
        let now = self.clock.now();
        if let Some(previous) = &request.renews {
            let old = self
                .register
                .get(previous.as_bytes())?
                .ok_or_else(|| Error::UnknownSerial(previous.to_string()))?;
            if !matches!(old.status, Status::Valid | Status::OnHold) || now > old.not_after {
                return Err(Error::Invalid(refusal!(
                    "refusal-renew-status",
                    "--renew {serial}: it is {status}",
                    serial = previous,
                    status = old.status_word(now)
                )));
            }
            if old.subject != display_name(&request.subject) {
                return Err(Error::Invalid(refusal!(
                    "refusal-renew-other-holder",
                    "--renew {serial}: it certifies another holder ({holder})",
                    serial = previous,
                    holder = old.subject
                )));
            }
        }
        let days = request.days.unwrap_or(profile.days);
        if days == 0 {
            return Err(Error::Invalid(refusal!(
                "refusal-days",
                "--days must be at least 1"
            )));
        }
        let not_after = now
            .saturating_add(u64::from(days) * DAY)
            .min(self.authority.not_after());
        if not_after <= now {
            return Err(Error::Invalid(refusal!(
                "refusal-ca-expired",
                "the CA certificate has expired; it cannot issue"
            )));
        }
        let mut extensions = profile_extensions(
            &profile,
            &request.public_key,
            self.authority.key_id(),
            &self.config.ca,
            request.identification,
        )?;
        if let Some(settings) = qualified {
            extensions.extend(crate::profile::qualified::extensions(settings)?);
        }
        let serial = Serial::random()?;
        let record = CertRecord {
            serial: serial.clone(),
            subject: display_name(&request.subject),
            profile: profile.name.clone(),
            officer: request.officer.clone(),
            status: Status::Issuing,
            not_before: now,
            not_after,
            key_id: key_fingerprint(&request.public_key)?,
            der: Vec::new(),
            identifiers: identifiers_of(&request.subject),
            identified_by: Some(request.identification),
            revocation: None,
            renews: request.renews.as_ref().map(Serial::to_string),
            history: vec![Event {
                time: now,
                officer: request.officer,
                action: "requested".into(),
            }],
        };
        let contents = CertificateContents {
            serial,
            issuer: self.authority.name().clone(),
            subject: request.subject,
            public_key: request.public_key,
            not_before: now,
            not_after,
            extensions,
        };
        Ok(Prepared { record, contents })
    }

    /// Records the intent under a fresh serial (drawing again on the rare collision).
    fn reserve(&self, prepared: &mut Prepared) -> Result<()> {
        loop {
            prepared.record.serial = prepared.contents.serial.clone();
            match intent::reserve(self.register, &prepared.record)? {
                Reservation::Reserved => return Ok(()),
                Reservation::SerialTaken => prepared.contents.serial = Serial::random()?,
            }
        }
    }

    /// Signs a reserved request and stores the certificate (not yet flushed).
    fn sign_and_store(&self, prepared: Prepared) -> Result<CertRecord> {
        let Prepared {
            mut record,
            contents,
        } = prepared;
        let der = match sign_certificate(contents, self.authority.signer()) {
            Ok(der) => der,
            Err(e) => {
                intent::abandon(self.register, &record.serial)?;
                return Err(e);
            }
        };
        record.der = der;
        record.status = Status::Valid;
        record.history.push(Event {
            time: self.clock.now(),
            officer: record.officer.clone(),
            action: "issued".into(),
        });
        let event = AuditEvent {
            time: self.clock.now(),
            officer: record.officer.clone(),
            action: "issue".into(),
            serial: Some(record.serial.to_string()),
            outcome: format!("ok: {} for {}", record.profile, record.subject),
        };
        crate::commit::write(
            self.register,
            intent::completion(self.register, &record, event)?,
            Some(self.authority.signer()),
        )?;
        Ok(record)
    }

    /// Issues one certificate: intent recorded, signed, stored, flushed. The intent is not
    /// flushed on its own: nothing leaves the process before the final flush, and the register's
    /// log is ordered, so a durable certificate implies a durable intent (docs/architecture.md).
    pub fn issue(&self, request: IssueRequest) -> Result<CertRecord> {
        let mut prepared = self.prepare(request)?;
        self.reserve(&mut prepared)?;
        let record = self.sign_and_store(prepared)?;
        self.register.flush()?;
        Ok(record)
    }

    /// Issues several certificates with one flush for the whole group: every intent is
    /// recorded, then each is signed and stored, then all are flushed. A result is only returned
    /// (acknowledged) after that flush. Each request succeeds or fails alone.
    pub fn issue_group(&self, requests: Vec<IssueRequest>) -> Result<Vec<Result<CertRecord>>> {
        let mut reserved: Vec<Result<Prepared>> = requests
            .into_iter()
            .map(|r| {
                let mut p = self.prepare(r)?;
                self.reserve(&mut p)?;
                Ok(p)
            })
            .collect();
        let results = reserved
            .drain(..)
            .map(|p| p.and_then(|p| self.sign_and_store(p)))
            .collect();
        self.register.flush()?;
        Ok(results)
    }
}

/// Builds and self-signs a root CA certificate.
pub fn self_signed_root(
    subject: Name,
    signer: &dyn Signer,
    not_before: u64,
    days: u32,
) -> Result<Vec<u8>> {
    let public_key = signer.public_key().clone();
    let contents = CertificateContents {
        serial: Serial::random()?,
        issuer: subject.clone(),
        subject,
        extensions: crate::issuance::certificate::root_extensions(&public_key)?,
        public_key,
        not_before,
        not_after: not_before + u64::from(days) * DAY,
    };
    sign_certificate(contents, signer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{KeyAlgorithm, SoftwareKey};
    use crate::time::FixedClock;

    fn test_ca() -> Authority {
        let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        let name = crate::names::subject::parse_subject("CN=Test CA,C=RU", &Identifiers::default())
            .expect("name");
        let der = self_signed_root(name, &key, 1_700_000_000, 3650).expect("root");
        Authority::new(&der, Box::new(key)).expect("authority")
    }

    struct Fixture {
        ca: Authority,
        register: Register,
        config: CaConfig,
        clock: FixedClock,
    }

    impl Fixture {
        fn new() -> Self {
            Fixture {
                ca: test_ca(),
                register: Register::memory(),
                config: CaConfig::default(),
                clock: FixedClock(1_700_000_100),
            }
        }

        fn issuer(&self) -> Issuer<'_> {
            Issuer {
                authority: &self.ca,
                register: &self.register,
                config: &self.config,
                clock: &self.clock,
                role: Role::Officer,
            }
        }
    }

    fn request(officer: &str) -> IssueRequest {
        let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        IssueRequest {
            subject: crate::names::subject::parse_subject("CN=Иванов", &Identifiers::default())
                .expect("name"),
            public_key: key.public_key().clone(),
            profile: "signing".into(),
            days: Some(10_000),
            officer: officer.into(),
            identification: Default::default(),
            renews: None,
        }
    }

    #[test]
    fn issues_clipped_to_ca_validity_and_refuses_a_known_key() {
        let fixture = Fixture::new();
        let (ca, register, issuer) = (&fixture.ca, &fixture.register, fixture.issuer());
        let req = request("anna");
        let record = issuer.issue(req.clone()).expect("issued");
        assert_eq!(record.status, Status::Valid);
        assert_eq!(record.not_after, ca.not_after());
        assert_eq!(record.serial.len(), 16);
        assert_eq!(record.history.len(), 2);
        let err = issuer.issue(req).unwrap_err();
        assert!(matches!(err, Error::KeyAlreadyCertified { .. }), "{err}");
        assert_eq!(register.len().ok(), Some(1));
    }

    #[test]
    fn a_default_request_fills_in_and_an_unfilled_one_is_refused() {
        let fixture = Fixture::new();
        let refused = fixture.issuer().issue(IssueRequest::default());
        assert!(
            matches!(&refused, Err(Error::Invalid(m)) if m.english().contains("no public key")),
            "{refused:?}"
        );
        let filled = IssueRequest {
            officer: "anna".into(),
            ..request("anna")
        };
        let record = fixture.issuer().issue(filled).expect("issued");
        assert_eq!(record.profile, IssueRequest::default().profile);
    }

    #[test]
    fn a_group_keeps_good_rows_when_one_fails() {
        let fixture = Fixture::new();
        let (register, issuer) = (&fixture.register, fixture.issuer());
        let mut bad = request("anna");
        bad.profile = "no-such-profile".into();
        let results = issuer
            .issue_group(vec![request("anna"), bad, request("anna")])
            .expect("group");
        assert!(results[0].is_ok() && results[1].is_err() && results[2].is_ok());
        assert_eq!(register.len().ok(), Some(2));
    }

    #[test]
    fn an_officer_issues_end_entity_profiles_only() {
        let fixture = Fixture::new();
        let officer = fixture.issuer();
        for profile in ["sub-ca", "ocsp-signer"] {
            let mut asked = request("alice");
            asked.profile = profile.into();
            let refused = officer.issue(asked);
            assert!(
                matches!(refused, Err(Error::ProfileNotAllowed { ref needed, .. }) if needed == "admin"),
                "{profile}: {refused:?}"
            );
        }
        assert_eq!(fixture.register.len().expect("len"), 0, "nothing stored");
        let admin = Issuer {
            role: Role::Admin,
            ..fixture.issuer()
        };
        let mut asked = request("root");
        asked.profile = "sub-ca".into();
        assert!(admin.issue(asked).is_ok());
        assert!(
            officer.issue(request("alice")).is_ok(),
            "signing stays open to officers"
        );
    }
}
