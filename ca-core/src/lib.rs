//! # ca-core: the library of an electronic-signature certificate authority
//!
//! Everything a CA does, with no I/O policy of its own beyond the CA home:
//!
//! ```text
//! applicant data / PKCS#10 CSR -> request validation -> profile -> authority signs -> register
//! ```
//!
//! Grouped by concern, so that a new key type or register engine is one new file in one folder:
//!
//! - [`keys`]: algorithms, generation and import, encrypted PKCS#8 at rest, the [`Signer`]
//!   trait that every builder signs through, signature checks.
//! - [`names`]: RFC 4514 subjects with Cyrillic values; СНИЛС, ИНН, ОГРН, ОГРНИП as newtypes
//!   that only hold numbers with correct check digits.
//! - [`request`]: PKCS#10 with proof of possession ([`VerifiedCsr`]), identification, batch files.
//! - [`profile`]: the `signing`, `ocsp-signer`, `sub-ca` profiles and `ca.toml`.
//! - [`issuance`]: intent recorded, then signed, then stored; applicant keys made at the CA.
//! - [`status`]: revocation, holds and their transitions; CRLs.
//! - [`audit`]: the hash-chained, CA-signed audit log.
//! - [`store`]: the register's persistence (engines, tables, atomic batches); it decides nothing.
//! - [`officers`] and [`home`]: officers, roles and keys; the CA home on disk, where every
//!   change goes through one commit path; [`CaHome::unlock`] is the one place the CA key opens.
//! - [`publish`]: the signed status feed that keeps OCSP responders current, and its delivery.
//! - [`ocsp`]: OCSP answers (the responder's side) and the client that asks and checks them.
//! - [`signing`] and [`verification`]: detached CMS (CAdES-BES) signatures over documents, and
//!   their verification into a report of named checks.
//!
//! ```
//! use ca_core::{IdentifierText, Identifiers, KeyAlgorithm, SoftwareKey, Signer, FixedClock};
//! use ca_core::issuance::{self_signed_root, Authority, IssueRequest, Issuer};
//! use ca_core::store::Register;
//!
//! # fn main() -> Result<(), ca_core::Error> {
//! let (ca_key, _pkcs8) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256)?;
//! let ca_name = ca_core::names::parse_subject("CN=Региональный УЦ,C=RU", &Identifiers::default())?;
//! let clock = FixedClock(1_764_000_000);
//! let root = self_signed_root(ca_name, &ca_key, clock.0, 3650)?;
//! let authority = Authority::new(&root, Box::new(ca_key))?;
//!
//! let ids = Identifiers::parse(IdentifierText { snils: Some("112-233-445 95"), ..Default::default() })?;
//! let subject = ca_core::names::parse_subject("CN=Иванов Иван Иванович,C=RU", &ids)?;
//! let (applicant, _) = SoftwareKey::generate(KeyAlgorithm::Ed25519)?;
//! let register = Register::memory();
//! let config = ca_core::profile::config::CaConfig::default();
//! // An officer's rights: end-entity profiles only (a CA home issues with a session's).
//! let issuer = Issuer::new(&authority, &register, &config, &clock);
//! let record = issuer.issue(IssueRequest {
//!     subject,
//!     public_key: applicant.public_key().clone(),
//!     officer: "admin".into(),
//!     ..Default::default() // profile `signing`, its validity, identified in person
//! })?;
//! assert_eq!(record.identifiers["snils"], "11223344595");
//! assert_eq!(register.len()?, 1);
//!
//! // The citizen signs an application with that certificate; the agency verifies it.
//! use ca_core::signing::{sign_detached, SignOptions};
//! use ca_core::verification::{verify_detached, RevocationPolicy, VerifyOptions};
//! let application = "Заявление о предоставлении услуги".as_bytes();
//! let signature =
//!     sign_detached(application, &applicant, &record.der, &[], &SignOptions::at(clock.0 + 60))?;
//! let report = verify_detached(&signature, application, &VerifyOptions {
//!     policy: RevocationPolicy::Off, // no responder in this example
//!     ..VerifyOptions::new(vec![root.clone()], clock.0 + 120)
//! })?;
//! assert!(report.valid(), "{:?}", report.errors());
//! assert_eq!(report.chain.len(), 2);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

pub mod audit;
#[cfg(feature = "authority")]
pub mod commit;
mod error;
pub mod files;
#[cfg(feature = "authority")]
#[doc(hidden)]
pub mod fuzzing;
#[cfg(feature = "authority")]
pub mod home;
mod http_client;
#[cfg(feature = "authority")]
pub mod issuance;
pub mod keys;
pub mod names;
pub mod ocsp;
#[cfg(feature = "authority")]
pub mod officers;
pub mod oid;
pub mod pem;
#[cfg(feature = "authority")]
pub mod profile;
pub mod publish;
pub mod request;
pub mod serial;
pub mod signing;
pub mod status;
#[cfg(feature = "authority")]
pub mod store;
#[cfg(feature = "authority")]
mod test_ca;
pub mod time;
pub mod tsa;
pub mod verification;

/// The `der` crate, re-exported for decoding what ca-core returns.
pub use der;
pub use error::{Catalogue, Error, ErrorKind, Refusal, Result, StatusProblem};
#[cfg(feature = "authority")]
pub use home::{CaHome, CaKeySource, InitParams, ParentCa, Session};
#[cfg(feature = "authority")]
pub use issuance::record::{CertRecord, Status};
pub use keys::{KeyAlgorithm, Signer, SoftwareKey};
pub use names::identifiers::{
    IdentifierProblem, IdentifierText, Identifiers, Inn, InnLe, Ogrn, OgrnIp, Snils,
};
pub use request::csr::{verify_csr, VerifiedCsr};
pub use serial::Serial;
pub use time::{Clock, FixedClock, SystemClock};
/// The `x509-cert` crate, re-exported for the certificate types.
pub use x509_cert as x509;
