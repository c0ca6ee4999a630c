//! Publication of certificate status to OCSP responders: the CA-signed status feed and its
//! hash-chained heads, the outbox of changes not yet delivered, the responders' signed
//! acknowledgements, and delivery over HTTP.

pub mod ack;
pub mod delivery;
pub mod feed;
pub mod outbox;
