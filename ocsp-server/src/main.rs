//! `ocsp-server`: the OCSP responder of SPEC §6. It is not built yet: the status feed, the
//! replica and the responder arrive together with the revocation work. Until then this binary
//! says so and exits, rather than answering anything a relying party could mistake for status.
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    eprintln!(
        "ocsp-server: the OCSP responder is not built yet (SPEC §6); `ca init` already leaves \
         its delegated signer in HOME/ocsp/"
    );
    ExitCode::from(3)
}
