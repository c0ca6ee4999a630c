//! Revocation: reasons, the status a certificate moves through, and the entries CRLs list.
//!
//! ```text
//! valid ──hold──> on-hold ──release──> valid
//!   │               │
//!   └────revoke─────┴──revoke──> revoked (for good)
//! ```

#[cfg(feature = "authority")]
pub mod change;
#[cfg(feature = "authority")]
pub mod crl;
#[cfg(feature = "authority")]
pub mod crl_numbering;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use x509_cert::ext::pkix::CrlReason;

use crate::error::refusal;
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

    /// The reason for a CRL reason code (removeFromCRL and aACompromise read as unspecified:
    /// neither is ever given for a certificate in force).
    pub fn from_crl_reason(code: CrlReason) -> Reason {
        match code {
            CrlReason::KeyCompromise => Reason::KeyCompromise,
            CrlReason::CaCompromise => Reason::CaCompromise,
            CrlReason::AffiliationChanged => Reason::AffiliationChanged,
            CrlReason::Superseded => Reason::Superseded,
            CrlReason::CessationOfOperation => Reason::CessationOfOperation,
            CrlReason::CertificateHold => Reason::CertificateHold,
            CrlReason::PrivilegeWithdrawn => Reason::PrivilegeWithdrawn,
            _ => Reason::Unspecified,
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
                Error::Invalid(refusal!(
                    "refusal-reason",
                    "--reason {given}: expected one of {known}",
                    given = s,
                    known = names.join(", ")
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

/// Version byte of the stored [`CrlEntry`] layout.
const CRL_ENTRY_V1: u8 = 1;
/// Stored size of a [`CrlEntry`].
const CRL_ENTRY_LEN: usize = 1 + 8 + 1 + 1 + 8 + 1 + 8 + 8 + 8;

impl Reason {
    fn code(self) -> u8 {
        self.crl_reason() as u8
    }

    fn from_code(code: u8) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl CrlEntry {
    /// The stored form: a fixed layout of big-endian integers after a version byte. CRL
    /// generation reads one per revoked certificate, so it is kept small and cheap to read.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(CRL_ENTRY_LEN);
        out.push(CRL_ENTRY_V1);
        out.extend_from_slice(&self.revocation.time.to_be_bytes());
        out.push(self.revocation.reason.code());
        out.push(u8::from(self.revocation.invalidity_date.is_some()));
        out.extend_from_slice(&self.revocation.invalidity_date.unwrap_or(0).to_be_bytes());
        out.push(u8::from(self.released));
        out.extend_from_slice(&self.not_after.to_be_bytes());
        out.extend_from_slice(&self.changed.to_be_bytes());
        out.extend_from_slice(&self.after_crl.to_be_bytes());
        out
    }

    /// Reads the stored form.
    pub fn from_bytes(bytes: &[u8]) -> Result<CrlEntry> {
        let bad =
            || Error::Register("a CRL entry cannot be read; the register may be damaged".into());
        if bytes.len() != CRL_ENTRY_LEN || bytes[0] != CRL_ENTRY_V1 {
            return Err(bad());
        }
        let u64_at = |at: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[at..at + 8]);
            u64::from_be_bytes(b)
        };
        let flag = |at: usize| match bytes[at] {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(bad()),
        };
        Ok(CrlEntry {
            revocation: Revocation {
                time: u64_at(1),
                reason: Reason::from_code(bytes[9]).ok_or_else(bad)?,
                invalidity_date: flag(10)?.then(|| u64_at(11)),
            },
            released: flag(19)?,
            not_after: u64_at(20),
            changed: u64_at(28),
            after_crl: u64_at(36),
        })
    }
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

    #[test]
    fn crl_entries_round_trip_and_damage_is_refused() {
        for (i, reason) in Reason::ALL.into_iter().enumerate() {
            let entry = CrlEntry {
                revocation: Revocation {
                    time: 1_700_000_000 + i as u64,
                    reason,
                    invalidity_date: (i % 2 == 0).then_some(1_690_000_000),
                },
                released: i % 3 == 0,
                not_after: 1_800_000_000,
                changed: 1_700_000_500,
                after_crl: i as u64,
            };
            let bytes = entry.to_bytes();
            assert_eq!(CrlEntry::from_bytes(&bytes).ok(), Some(entry));
            let mut damaged = bytes.clone();
            damaged[9] = 7; // no such reason code
            assert!(CrlEntry::from_bytes(&damaged).is_err());
            assert!(CrlEntry::from_bytes(&bytes[1..]).is_err());
        }
    }
}
