//! GOST R 34.10-2012 sign and verify rates of `ca_core::keys::gost` over a 1 KiB message
//! (Streebog included), for bench/gost-vs-openssl.sh.
//!
//! `cargo run --release -p ca-core --example gost_speed -- gost2012-256:B SECONDS [cold]`
//!
//! With `cold`, each verification takes the next of 100 keys, more than the library keeps the
//! per-key table of, so every one pays for decoding the key (and, on 256 A and 512 C, its
//! subgroup check and table) as a verifier meeting a new key does.

use std::time::Instant;

use ca_core::keys::gost::{self, GostKey, ParamSet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let set: ParamSet = args
        .next()
        .ok_or("usage: gost_speed SET SECONDS")?
        .parse()?;
    let seconds: f64 = args
        .next()
        .ok_or("usage: gost_speed SET SECONDS")?
        .parse()?;
    let cold = args.next().as_deref() == Some("cold");
    let key = GostKey::generate(set)?;
    let message = [b'x'; 1024];
    let mut signature = Vec::new();
    let (mut signs, start) = (0u64, Instant::now());
    while start.elapsed().as_secs_f64() < seconds {
        signature = key.sign(&message)?;
        signs += 1;
    }
    let sign_rate = signs as f64 / start.elapsed().as_secs_f64();
    let signed: Vec<(Vec<u8>, Vec<u8>)> = if cold {
        (0..100)
            .map(|_| {
                let key = GostKey::generate(set)?;
                Ok((key.public_le().to_vec(), key.sign(&message)?))
            })
            .collect::<Result<_, ca_core::Error>>()?
    } else {
        vec![(key.public_le().to_vec(), signature)]
    };
    let (mut verifies, start) = (0u64, Instant::now());
    while start.elapsed().as_secs_f64() < seconds {
        let (public, signature) = &signed[verifies as usize % signed.len()];
        if !gost::verify(set, public, &message, signature) {
            return Err("a signature did not verify".into());
        }
        verifies += 1;
    }
    let verify_rate = verifies as f64 / start.elapsed().as_secs_f64();
    println!("sign {sign_rate:.0}/s verify {verify_rate:.0}/s");
    Ok(())
}
