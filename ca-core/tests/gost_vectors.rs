//! The example certificates of RFC 9215 appendix D — signed by an implementation that is not
//! ours — verify with our GOST code: D.2 on TC26 256 A (the twisted Edwards set), D.3 on the
//! 512-bit test set; the same certificates changed by one bit do not.
#![allow(clippy::unwrap_used)]

use ca_core::der::{Decode, Encode};
use ca_core::keys::gost::{encoding, ParamSet};
use ca_core::x509::Certificate;

fn certificate(pem: &str) -> Certificate {
    let der = ca_core::pem::certificates(pem.as_bytes())
        .unwrap()
        .remove(0);
    Certificate::from_der(&der).unwrap()
}

#[test]
fn the_rfc_9215_example_certificates_verify_and_a_changed_one_does_not() {
    for (pem, set) in [
        (include_str!("vectors/rfc9215-d2.pem"), ParamSet::Tc26_256A),
        (include_str!("vectors/rfc9215-d3.pem"), ParamSet::Test512),
    ] {
        let cert = certificate(pem);
        let (read_set, _) =
            encoding::from_public_key_info(&cert.tbs_certificate.subject_public_key_info).unwrap();
        assert_eq!(read_set, set);
        assert!(
            ca_core::keys::issued_by(&cert, &cert),
            "{set}: self-signed, verifies"
        );
        let mut changed = cert.clone();
        changed.tbs_certificate.serial_number =
            ca_core::x509::serial_number::SerialNumber::new(&[0x0c]).unwrap();
        assert!(!ca_core::keys::issued_by(&changed, &cert), "{set}: changed");
        // And re-encoding it changes nothing (our DER reads and writes it back exactly).
        let der = ca_core::pem::certificates(pem.as_bytes())
            .unwrap()
            .remove(0);
        assert_eq!(cert.to_der().unwrap(), der);
    }
}
