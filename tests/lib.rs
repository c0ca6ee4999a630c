//! End-to-end tests live in tests/.
#![forbid(unsafe_code)]
