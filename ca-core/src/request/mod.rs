//! What an officer brings to the CA: PKCS#10 requests (checked for proof of possession), how
//! the applicant was identified, and batch files of applicants or revocations.

#[cfg(feature = "authority")]
pub mod applicant;
#[cfg(feature = "authority")]
pub mod batch;
pub mod csr;
pub mod identification;

pub use csr::{verify_csr, VerifiedCsr};
