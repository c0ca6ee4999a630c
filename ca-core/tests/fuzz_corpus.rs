//! Replays the fuzz corpus (`fuzz/corpus/TARGET/*`, seeds and every input kept from a finding)
//! through the same entry points the fuzz targets call, so `cargo test` on stable exercises
//! them on every submission.
#![allow(clippy::unwrap_used)]

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        run(&data);
        // And a few damaged versions of it: truncated, and each of a few bytes flipped.
        run(&data[..data.len() / 2]);
        for i in (0..data.len()).step_by(data.len() / 8 + 1) {
            let mut flipped = data.clone();
            flipped[i] ^= 0xff;
            run(&flipped);
        }
        count += 1;
    }
    assert!(count > 0, "no corpus in {}", dir.display());
}

#[test]
fn csr_corpus() {
    replay("csr", ca_core::fuzzing::csr);
}

#[test]
fn subject_corpus() {
    replay("subject", ca_core::fuzzing::subject);
}

#[test]
fn ocsp_request_corpus() {
    replay("ocsp_request", ca_core::fuzzing::ocsp_request);
}

#[test]
fn status_update_corpus() {
    replay("status_update", ca_core::fuzzing::status_update);
}

#[test]
fn cms_corpus() {
    replay("cms", ca_core::fuzzing::cms);
}

#[test]
fn register_record_corpus() {
    replay("register_record", ca_core::fuzzing::register_record);
}

#[test]
fn batch_csv_corpus() {
    replay("batch_csv", ca_core::fuzzing::batch_csv);
}

#[test]
fn timestamp_token_corpus() {
    replay("timestamp_token", ca_core::fuzzing::timestamp_token);
}

#[test]
fn gost_public_key_corpus() {
    replay("gost_public_key", ca_core::fuzzing::gost_public_key);
}

#[test]
fn gost_private_key_corpus() {
    replay("gost_private_key", ca_core::fuzzing::gost_private_key);
}

#[test]
fn gost_signature_corpus() {
    replay("gost_signature", ca_core::fuzzing::gost_signature);
}

#[test]
fn tsa_request_corpus() {
    replay("tsa_request", ca_core::fuzzing::tsa_request);
}
