//! Revocation: reasons, the status a certificate moves through, and the entries CRLs list.
//!
//! ```text
//! valid ──hold──> on-hold ──release──> valid
//!   │               │
//!   └────revoke─────┴──revoke──> revoked (for good)
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use x509_cert::ext::pkix::CrlReason;

use crate::error::{Error, Result};

/// The RFC 5280 reasons an officer may give (removeFromCRL only appears in delta CRLs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Reason {
    /// No reason given.
    Unspecified,
    /// The holder's key was compromised (lost token, stolen key).
    KeyCompromise,
    /// The CA's key was compromised.
    CaCompromise,
    /// The holder's name or affiliation changed.
    AffiliationChanged,
    /// A new certificate replaces this one.
    Superseded,
    /// The certificate is no longer needed.
    CessationOfOperation,
    /// Suspended; may be released.
    CertificateHold,
    /// A privilege the certificate asserted was withdrawn.
    PrivilegeWithdrawn,
}

impl Reason {
    /// Every reason, for help texts and tests.
    pub const ALL: [Reason; 8] = [
        Reason::Unspecified,
        Reason::KeyCompromise,
        Reason::CaCompromise,
        Reason::AffiliationChanged,
        Reason::Superseded,
        Reason::CessationOfOperation,
        Reason::CertificateHold,
        Reason::PrivilegeWithdrawn,
    ];

    /// The CRL reason code.
    pub fn crl_reason(self) -> CrlReason {
        match self {
            Reason::Unspecified => CrlReason::Unspecified,
            Reason::KeyCompromise => CrlReason::KeyCompromise,
            Reason::CaCompromise => CrlReason::CaCompromise,
            Reason::AffiliationChanged => CrlReason::AffiliationChanged,
            Reason::Superseded => CrlReason::Superseded,
            Reason::CessationOfOperation => CrlReason::CessationOfOperation,
            Reason::CertificateHold => CrlReason::CertificateHold,
            Reason::PrivilegeWithdrawn => CrlReason::PrivilegeWithdrawn,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::Unspecified => "unspecified",
            Reason::KeyCompromise => "keyCompromise",
            Reason::CaCompromise => "caCompromise",
            Reason::AffiliationChanged => "affiliationChanged",
            Reason::Superseded => "superseded",
            Reason::CessationOfOperation => "cessationOfOperation",
            Reason::CertificateHold => "certificateHold",
            Reason::PrivilegeWithdrawn => "privilegeWithdrawn",
        })
    }
}

impl FromStr for Reason {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Reason::ALL
            .into_iter()
            .find(|r| r.to_string().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<String> = Reason::ALL.iter().map(Reason::to_string).collect();
                Error::Invalid(format!(
                    "--reason {s}: expected one of {}",
                    names.join(", ")
                ))
            })
    }
}

/// When and why a certificate was revoked or suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    /// Unix seconds.
    pub time: u64,
    /// Why.
    pub reason: Reason,
    /// When the key is known or suspected to have been compromised, Unix seconds.
    pub invalidity_date: Option<u64>,
}

/// What an officer asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    /// Revoke for good (a reason of certificateHold means hold).
    Revoke {
        /// Why.
        reason: Reason,
        /// When the key was compromised, if known.
        invalidity_date: Option<u64>,
    },
    /// Suspend (certificateHold).
    Hold,
    /// Lift a suspension.
    Release,
}

impl StatusChange {
    /// The audit and history name.
    pub fn name(self) -> &'static str {
        match self {
            StatusChange::Revoke { .. } => "revoke",
            StatusChange::Hold => "hold",
            StatusChange::Release => "release",
        }
    }
}

/// A CRL's view of a certificate: listed (revoked or on hold) or released from hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrlEntry {
    /// The revocation, or, when released, the hold that was lifted.
    pub revocation: Revocation,
    /// Whether the hold was lifted (listed in delta CRLs as removeFromCRL).
    pub released: bool,
    /// End of the certificate's validity: it leaves full CRLs after this.
    pub not_after: u64,
    /// When this entry last changed, Unix seconds.
    pub changed: u64,
    /// Number of the last CRL made before this change: a delta CRL on base N lists exactly the
    /// entries with `after_crl >= N` (time stamps cannot tell changes in the same second apart).
    #[serde(default)]
    pub after_crl: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_parse_in_any_case_and_print_as_rfc_5280_names() {
        for r in Reason::ALL {
            assert_eq!(r.to_string().parse::<Reason>().ok(), Some(r));
            assert_eq!(r.to_string().to_uppercase().parse::<Reason>().ok(), Some(r));
        }
        assert_eq!(Reason::KeyCompromise.crl_reason() as u8, 1);
        assert_eq!(Reason::PrivilegeWithdrawn.crl_reason() as u8, 9);
        assert!("lost".parse::<Reason>().is_err());
    }
}
