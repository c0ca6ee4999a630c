//! End-to-end tests: the real `ca` binary in a temp dir, its output checked by openssl.
// Test helpers panic with the failing value on purpose.
#![allow(clippy::unwrap_used)]

mod batch;
mod crl_service;
mod durability;
mod faults;
mod feed;
mod feed_attacks;
mod gnutls;
mod gost;
mod gost_password;
mod home;
mod identifiers;
mod insider;
mod issuance;
mod jvm_python;
mod language;
mod long_term;
mod nginx;
mod nss;
mod ocsp;
mod officers;
mod peers;
mod print;
mod quickstart;
mod responder;
mod responder_attacks;
mod revocation;
mod server;
mod shell;
mod signing;
mod status;
mod trusted_time;
mod tsa;
mod util;
