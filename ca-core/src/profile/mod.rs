//! Certificate profiles: built-in defaults (`signing`, `ocsp-signer`, `sub-ca`), overridden by
//! `ca.toml`, checked into a [`Profile`] that issuance turns into extensions.

pub mod config;

use der::asn1::ObjectIdentifier as Oid;
use x509_cert::ext::pkix::KeyUsages;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::officers::Role;
use crate::profile::config::{CaConfig, ProfileSettings};

pub mod qualified;

pub use crate::oid::{
    KP_DOCUMENT_SIGNING as EKU_DOCUMENT_SIGNING, KP_OCSP_SIGNING as EKU_OCSP_SIGNING,
    KP_TIME_STAMPING as EKU_TIME_STAMPING, POLICY_KC1,
};

/// The built-in profile names.
pub const BUILT_IN: [&str; 4] = ["signing", "ocsp-signer", "tsa", "sub-ca"];

/// A checked profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The profile's name.
    pub name: String,
    /// Default validity in days (clipped to the CA's own validity at issuance).
    pub days: u32,
    /// Key usage bits (written critical).
    pub key_usage: Vec<KeyUsages>,
    /// Extended key usages (omitted when empty).
    pub extended_key_usage: Vec<Oid>,
    /// Whether the extended key usage extension is critical (RFC 3161 §2.3 wants it so for a
    /// TSA, and OpenSSL's time-stamp verification checks).
    pub extended_key_usage_critical: bool,
    /// Certificate policies (omitted when empty).
    pub policies: Vec<Oid>,
    /// `Some(path_len)` for a CA certificate.
    pub ca_path_len: Option<u8>,
    /// Whether to write id-pkix-ocsp-nocheck (OCSP signers).
    pub ocsp_nocheck: bool,
    /// Whether to write AIA when URLs are configured.
    pub aia: bool,
    /// Whether to write the CRL distribution point when configured.
    pub crl_distribution_point: bool,
    /// Whether to write identificationKind (1.2.643.100.114): how the applicant was identified.
    pub identification_kind: bool,
    /// The least role that may issue with it: officers issue end-entity profiles only; a CA,
    /// an OCSP signer, a time-stamping authority need an admin.
    pub least_role: Role,
    /// The qualified certificate of приказ ФСБ № 795: GOST keys only, the signature tools of
    /// `[qualified]` in ca.toml, the owner's identifiers checked (see [`qualified`]).
    pub qualified: bool,
}

impl Profile {
    fn built_in(name: &str) -> Option<Profile> {
        let base = Profile {
            name: name.to_owned(),
            days: 365,
            key_usage: vec![KeyUsages::DigitalSignature, KeyUsages::NonRepudiation],
            extended_key_usage: vec![
                crate::oid::KP_EMAIL_PROTECTION,
                crate::oid::KP_CLIENT_AUTH,
                EKU_DOCUMENT_SIGNING,
            ],
            extended_key_usage_critical: false,
            policies: vec![POLICY_KC1],
            ca_path_len: None,
            ocsp_nocheck: false,
            aia: true,
            crl_distribution_point: true,
            identification_kind: true,
            least_role: Role::Officer,
            qualified: false,
        };
        match name {
            "signing" => Some(base),
            "qualified" => Some(Profile {
                key_usage: vec![KeyUsages::DigitalSignature, KeyUsages::NonRepudiation],
                extended_key_usage: vec![
                    crate::oid::KP_EMAIL_PROTECTION,
                    crate::oid::KP_CLIENT_AUTH,
                ],
                // The class of the holder's tool, from ca.toml, at issuance.
                policies: vec![],
                qualified: true,
                ..base
            }),
            "ocsp-signer" => Some(Profile {
                days: 30,
                key_usage: vec![KeyUsages::DigitalSignature],
                extended_key_usage: vec![EKU_OCSP_SIGNING],
                policies: vec![],
                ocsp_nocheck: true,
                aia: false,
                crl_distribution_point: false,
                identification_kind: false,
                least_role: Role::Admin,
                ..base
            }),
            // RFC 3161 §2.3: the TSA's certificate has exactly id-kp-timeStamping, critical. The
            // TSA key signs tokens relying parties check for years: five, like a sub-CA's.
            "tsa" => Some(Profile {
                days: 5 * 365,
                key_usage: vec![KeyUsages::DigitalSignature, KeyUsages::NonRepudiation],
                extended_key_usage: vec![EKU_TIME_STAMPING],
                extended_key_usage_critical: true,
                policies: vec![],
                identification_kind: false,
                least_role: Role::Admin,
                ..base
            }),
            "sub-ca" => Some(Profile {
                days: 5 * 365,
                key_usage: vec![KeyUsages::KeyCertSign, KeyUsages::CRLSign],
                extended_key_usage: vec![],
                policies: vec![],
                ca_path_len: Some(0),
                identification_kind: false,
                least_role: Role::Admin,
                ..base
            }),
            _ => None,
        }
    }

    /// The profile `name`: its built-in default with the overrides of `ca.toml` applied. A name
    /// that is only in `ca.toml` starts from `signing`.
    pub fn resolve(name: &str, config: &CaConfig) -> Result<Profile> {
        let settings = config.profiles.get(name);
        let mut profile = match (Profile::built_in(name), settings) {
            (Some(p), _) => p,
            (None, Some(_)) => Profile {
                name: name.to_owned(),
                ..Profile::built_in("signing").ok_or_else(|| Error::UnknownProfile(name.into()))?
            },
            (None, None) => return Err(Error::UnknownProfile(name.to_owned())),
        };
        if let Some(s) = settings {
            profile.apply(s)?;
            let declared = match &s.least_role {
                Some(role) => Some(role.parse::<Role>().map_err(|e| {
                    Error::Invalid(refusal!(
                        "refusal-profile-least-role",
                        "profile {name}: least_role: {problem}",
                        name = name,
                        problem = e
                    ))
                })?),
                None => None,
            };
            match (Profile::built_in(name).is_some(), declared) {
                (_, Some(role)) => profile.least_role = role,
                (true, None) => {}
                (false, None) => {
                    return Err(Error::Invalid(refusal!(
                        "refusal-profile-no-least-role",
                        "profile {name}: least_role is missing; say who may issue with it \
                         (least_role = \"officer\" or \"admin\")",
                        name = name
                    )))
                }
            }
        }
        if profile.least_role < Role::Officer {
            return Err(Error::Invalid(refusal!(
                "refusal-profile-auditor",
                "profile {name}: an auditor cannot issue; least_role must be officer or admin",
                name = name
            )));
        }
        if let Some(what) = profile.service_powers() {
            if profile.least_role < Role::Admin {
                return Err(Error::Invalid(refusal!(
                    "refusal-profile-service",
                    "profile {name} makes {what}: its least_role must be admin",
                    name = name,
                    what = what
                )));
            }
        }
        Ok(profile)
    }

    /// What a certificate of this profile could do beyond signing documents, if anything: such
    /// a profile is for admins only.
    pub fn service_powers(&self) -> Option<&'static str> {
        if self.ca_path_len.is_some()
            || self.key_usage.contains(&KeyUsages::KeyCertSign)
            || self.key_usage.contains(&KeyUsages::CRLSign)
        {
            Some("a CA (it can certify or sign CRLs)")
        } else if self.extended_key_usage.contains(&EKU_OCSP_SIGNING) || self.ocsp_nocheck {
            Some("an OCSP signer")
        } else if self.extended_key_usage.contains(&EKU_TIME_STAMPING) {
            Some("a time-stamping authority")
        } else {
            None
        }
    }

    fn apply(&mut self, s: &ProfileSettings) -> Result<()> {
        let name = &self.name;
        if let Some(days) = s.days {
            if days == 0 {
                return Err(Error::Invalid(refusal!(
                    "refusal-profile-days",
                    "profile {name}: days must be at least 1",
                    name = name
                )));
            }
            self.days = days;
        }
        if let Some(names) = &s.key_usage {
            self.key_usage = names
                .iter()
                .map(|n| {
                    key_usage_bit(n).ok_or_else(|| {
                        Error::Invalid(refusal!(
                            "refusal-profile-key-usage",
                            "profile {name}: unknown key usage {usage:?}",
                            name = name,
                            usage = n
                        ))
                    })
                })
                .collect::<Result<_>>()?;
        }
        if let Some(names) = &s.extended_key_usage {
            self.extended_key_usage = names
                .iter()
                .map(|n| {
                    eku_oid(n).ok_or_else(|| {
                        Error::Invalid(refusal!(
                            "refusal-profile-extended-key-usage",
                            "profile {name}: unknown extended key usage {usage:?}",
                            name = name,
                            usage = n
                        ))
                    })
                })
                .collect::<Result<_>>()?;
        }
        if let Some(oids) = &s.policies {
            self.policies = oids
                .iter()
                .map(|o| {
                    crate::names::subject::parse_oid(o).ok_or_else(|| {
                        Error::Invalid(refusal!(
                            "refusal-profile-policy",
                            "profile {name}: policy {policy:?} is not an OID",
                            name = name,
                            policy = o
                        ))
                    })
                })
                .collect::<Result<_>>()?;
        }
        if let Some(aia) = s.aia {
            self.aia = aia;
        }
        if let Some(cdp) = s.crl_distribution_point {
            self.crl_distribution_point = cdp;
        }
        if let Some(kind) = s.identification_kind {
            self.identification_kind = kind;
        }
        if self.key_usage.is_empty() {
            return Err(Error::Invalid(refusal!(
                "refusal-profile-no-key-usage",
                "profile {name}: key_usage may not be empty",
                name = name
            )));
        }
        Ok(())
    }
}

fn key_usage_bit(name: &str) -> Option<KeyUsages> {
    Some(match name {
        "digitalSignature" => KeyUsages::DigitalSignature,
        "contentCommitment" | "nonRepudiation" => KeyUsages::NonRepudiation,
        "keyEncipherment" => KeyUsages::KeyEncipherment,
        "dataEncipherment" => KeyUsages::DataEncipherment,
        "keyAgreement" => KeyUsages::KeyAgreement,
        "keyCertSign" => KeyUsages::KeyCertSign,
        "cRLSign" => KeyUsages::CRLSign,
        _ => return None,
    })
}

fn eku_oid(name: &str) -> Option<Oid> {
    let dotted = match name {
        "serverAuth" => "1.3.6.1.5.5.7.3.1",
        "clientAuth" => "1.3.6.1.5.5.7.3.2",
        "codeSigning" => "1.3.6.1.5.5.7.3.3",
        "emailProtection" => "1.3.6.1.5.5.7.3.4",
        "timeStamping" => "1.3.6.1.5.5.7.3.8",
        "OCSPSigning" => "1.3.6.1.5.5.7.3.9",
        "documentSigning" => "1.3.6.1.5.5.7.3.36",
        other => other,
    };
    crate::names::subject::parse_oid(dotted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_resolve_without_config() {
        let config = CaConfig::default();
        let signing = Profile::resolve("signing", &config).expect("signing");
        assert!(signing.extended_key_usage.contains(&EKU_DOCUMENT_SIGNING));
        assert!(signing.key_usage.contains(&KeyUsages::NonRepudiation));
        let ocsp = Profile::resolve("ocsp-signer", &config).expect("ocsp");
        assert!(ocsp.ocsp_nocheck && ocsp.days == 30);
        assert_eq!(
            Profile::resolve("sub-ca", &config)
                .expect("sub")
                .ca_path_len,
            Some(0)
        );
        assert!(Profile::resolve("nope", &config).is_err());
    }

    #[test]
    fn overrides_apply_and_are_checked() {
        let mut config = CaConfig::default();
        config.profiles.insert(
            "signing".into(),
            ProfileSettings {
                days: Some(90),
                extended_key_usage: Some(vec!["documentSigning".into()]),
                ..Default::default()
            },
        );
        config.profiles.insert(
            "typo".into(),
            ProfileSettings {
                key_usage: Some(vec!["digitalSignatur".into()]),
                ..Default::default()
            },
        );
        let p = Profile::resolve("signing", &config).expect("signing");
        assert_eq!(p.days, 90);
        assert_eq!(p.extended_key_usage, vec![EKU_DOCUMENT_SIGNING]);
        assert!(Profile::resolve("typo", &config).is_err());
    }

    #[test]
    fn a_profile_that_makes_a_ca_an_ocsp_signer_or_a_tsa_is_for_admins() {
        let with = |settings: ProfileSettings| {
            let mut config = CaConfig::default();
            config.profiles.insert("custom".into(), settings);
            Profile::resolve("custom", &config)
        };
        let officer = || Some("officer".to_owned());
        assert!(
            with(ProfileSettings::default()).is_err(),
            "least_role is required"
        );
        assert_eq!(
            with(ProfileSettings {
                least_role: officer(),
                ..Default::default()
            })
            .expect("end entity")
            .least_role,
            Role::Officer
        );
        for (settings, what) in [
            (
                ProfileSettings {
                    key_usage: Some(vec!["keyCertSign".into()]),
                    least_role: officer(),
                    ..Default::default()
                },
                "a CA",
            ),
            (
                ProfileSettings {
                    extended_key_usage: Some(vec!["OCSPSigning".into()]),
                    least_role: officer(),
                    ..Default::default()
                },
                "an OCSP signer",
            ),
            (
                ProfileSettings {
                    extended_key_usage: Some(vec!["1.3.6.1.5.5.7.3.8".into()]),
                    least_role: officer(),
                    ..Default::default()
                },
                "a time-stamping authority",
            ),
        ] {
            let err = with(settings).expect_err(what).to_string();
            assert!(err.contains(what) && err.contains("admin"), "{err}");
        }
        // Built-ins keep their roles; an override cannot lower an admin-only one.
        let config = CaConfig::default();
        assert_eq!(
            Profile::resolve("signing", &config)
                .expect("signing")
                .least_role,
            Role::Officer
        );
        let mut lowered = CaConfig::default();
        lowered.profiles.insert(
            "sub-ca".into(),
            ProfileSettings {
                least_role: officer(),
                ..Default::default()
            },
        );
        assert!(Profile::resolve("sub-ca", &lowered).is_err());
    }
}
