//! `ca.toml`: the CA's settings and profile overrides, read into checked values.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::refusal;
use crate::error::{Error, Result};

/// The contents of `ca.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CaConfig {
    /// Settings of this CA.
    pub ca: CaSettings,
    /// Overrides of the built-in profiles, and new profiles, by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileSettings>,
    /// What the `qualified` profile (приказ ФСБ № 795) writes about the signature tools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualified: Option<QualifiedSettings>,
}

/// The signature tools a qualified certificate names (приказ ФСБ № 795 п. 14-15): the holder's
/// (subjectSignTool) and the CA's with their conformity certificates (issuerSignTool), and the
/// class of the holder's tool (certificatePolicies: КС1, КС2 or КС3, each class listing the
/// ones below it).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QualifiedSettings {
    /// The holder's signature tool, e.g. `СКЗИ "КриптоПро CSP" (версия 5.0)`.
    pub subject_sign_tool: String,
    /// The CA's signature tool.
    pub sign_tool: String,
    /// The CA tool.
    pub ca_tool: String,
    /// The conformity certificate of the CA's signature tool.
    pub sign_tool_cert: String,
    /// The conformity certificate of the CA tool.
    pub ca_tool_cert: String,
    /// The class of the holder's tool: `KC1`, `KC2` or `KC3`.
    pub class: String,
}

/// Settings of this CA, written by `ca init`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CaSettings {
    /// The CA's subject as given at init.
    pub subject: String,
    /// The CA key's algorithm.
    pub key_algorithm: String,
    /// OCSP responder URL written into certificates' AIA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocsp_url: Option<String>,
    /// CRL URL written into certificates' CRL distribution points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crl_url: Option<String>,
    /// URL where delta CRLs are published, written into full CRLs as freshestCRL (relying
    /// parties such as OpenSSL only look for deltas when it is there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta_crl_url: Option<String>,
    /// URL of the CA certificate written into certificates' AIA (caIssuers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_issuers_url: Option<String>,
    /// The register's storage engine, fixed at init.
    #[serde(default)]
    pub register: RegisterKind,
    /// Hours from a CRL's thisUpdate to its nextUpdate.
    #[serde(default = "default_crl_hours")]
    pub crl_validity_hours: u32,
}

/// Default CRL validity: a day.
pub const DEFAULT_CRL_HOURS: u32 = 24;

fn default_crl_hours() -> u32 {
    DEFAULT_CRL_HOURS
}

/// The storage engine of a CA home's register.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RegisterKind {
    /// sled 0.34 in `HOME/register/` (the default).
    #[default]
    Sled,
    /// redb in `HOME/register.redb`: opens in constant time, for large registers.
    Redb,
}

impl std::str::FromStr for RegisterKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "sled" => Ok(RegisterKind::Sled),
            "redb" => Ok(RegisterKind::Redb),
            _ => Err(Error::Invalid(refusal!(
                "refusal-unknown-register",
                "register {name:?} is unknown (known: sled, redb)",
                name = s
            ))),
        }
    }
}

/// A profile's settings as written in `ca.toml`; every field is optional and overrides the
/// built-in default of the profile with the same name (or of `signing` for a new profile).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProfileSettings {
    /// Validity in days.
    pub days: Option<u32>,
    /// Key usage names: digitalSignature, contentCommitment (nonRepudiation), keyEncipherment,
    /// dataEncipherment, keyAgreement, keyCertSign, cRLSign.
    pub key_usage: Option<Vec<String>>,
    /// Extended key usage: names (serverAuth, clientAuth, emailProtection, codeSigning,
    /// timeStamping, OCSPSigning, documentSigning) or dotted OIDs.
    pub extended_key_usage: Option<Vec<String>>,
    /// Certificate policy OIDs.
    pub policies: Option<Vec<String>>,
    /// Whether to write AIA (OCSP URL, caIssuers) when the CA has those URLs.
    pub aia: Option<bool>,
    /// Whether to write the CRL distribution point when the CA has a CRL URL.
    pub crl_distribution_point: Option<bool>,
    /// Whether to write identificationKind (1.2.643.100.114).
    pub identification_kind: Option<bool>,
    /// Who may issue with it: "officer" or "admin". Required for a profile that is only in
    /// ca.toml; a profile that makes a CA, an OCSP signer or a TSA must say "admin".
    pub least_role: Option<String>,
}

/// Name of the settings file in a CA home.
pub const CONFIG_FILE: &str = "ca.toml";

impl CaConfig {
    /// Reads and parses `ca.toml`.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let config: CaConfig = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.into(),
            problem: refusal!("refusal-config-toml", "{problem}", problem = e),
        })?;
        // Check every profile now, so a typo is found at start rather than at issuance.
        for name in config.profiles.keys() {
            crate::profile::Profile::resolve(name, &config).map_err(|e| Error::Config {
                path: path.into(),
                problem: match e {
                    Error::Invalid(words) => words,
                    other => refusal!("refusal-config-profile", "{problem}", problem = other),
                },
            })?;
        }
        Ok(config)
    }

    /// Serializes to TOML.
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string_pretty(self).map_err(|e| Error::Encoding(e.to_string()))
    }
}
