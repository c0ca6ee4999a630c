//! Publication of certificate status to OCSP responders: the CA-signed status feed and its
//! hash-chained heads, the outbox of changes not yet delivered, the responders' signed
//! acknowledgements, and delivery over HTTP.

pub mod ack;
#[cfg(feature = "authority")]
pub mod delivery;
pub mod feed;
#[cfg(feature = "authority")]
pub mod outbox;
