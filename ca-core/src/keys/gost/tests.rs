//! Known answers (RFC 7091, GOST R 34.11-2012), round trips on every parameter set, and what a
//! verifier must refuse.

use super::*;

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Big-endian hex (as the RFC prints integers) to little-endian bytes.
fn le(text: &str) -> Vec<u8> {
    let mut bytes = hex(text);
    bytes.reverse();
    bytes
}

#[test]
fn streebog_gives_the_standards_answers() {
    let m1 = b"012345678901234567890123456789012345678901234567890123456789012";
    assert_eq!(
        ParamSet::Tc26_256B.digest(m1),
        hex("9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500")
    );
    assert_eq!(
        ParamSet::Tc26_512A.digest(m1),
        hex(concat!(
            "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa",
            "00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48"
        ))
    );
}

#[test]
fn the_rfc_7091_256_bit_example_is_reproduced_byte_for_byte() {
    let key = GostKey::from_private(
        ParamSet::Test256,
        &le("7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28"),
    )
    .expect("key");
    assert_eq!(
        key.public_le()[..32],
        le("7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B")[..]
    );
    assert_eq!(
        key.public_le()[32..],
        le("26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA")[..]
    );
    // The RFC gives e as an integer; the digest is its little-endian encoding.
    let digest = le("2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5");
    let k = le("77105C9B20BCD3122823C8CF6FCC7B956DE33814E95B7FE64FED924594DCEAB3");
    let signature = key.sign_digest_with_nonce(&digest, &k).expect("signature");
    let (s, r) = signature.split_at(32);
    assert_eq!(
        r,
        hex("41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493")
    );
    assert_eq!(
        s,
        hex("01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40")
    );
    assert!(verify_digest(
        ParamSet::Test256,
        key.public_le(),
        &digest,
        &signature
    ));
}

#[test]
fn the_rfc_7091_512_bit_example_is_reproduced_byte_for_byte() {
    let key = GostKey::from_private(
        ParamSet::Test512,
        &le(concat!(
            "0BA6048AADAE241BA40936D47756D7C93091A0E8514669700EE7508E508B1020",
            "72E8123B2200A0563322DAD2827E2714A2636B7BFD18AADFC62967821FA18DD4"
        )),
    )
    .expect("key");
    assert_eq!(
        key.public_le()[..64],
        le(concat!(
            "115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD",
            "5A515856D13314AF69BC5B924C8B4DDFF75C45415C1D9DD9DD33612CD530EFE1"
        ))[..]
    );
    let digest = le(concat!(
        "3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C591",
        "7184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C"
    ));
    let k = le(concat!(
        "0359E7F4B1410FEACC570456C6801496946312120B39D019D455986E364F3658",
        "86748ED7A44B3E794434006011842286212273A6D14CF70EA3AF71BB1AE679F1"
    ));
    let signature = key.sign_digest_with_nonce(&digest, &k).expect("signature");
    let (s, r) = signature.split_at(64);
    assert_eq!(
        r,
        hex(concat!(
            "2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD3",
            "5492558486B20F1C9EC197C90699850260C93BCBCD9C5C3317E19344E173AE36"
        ))
    );
    assert_eq!(
        s,
        hex(concat!(
            "1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5",
            "823CE288E8C4F362526080DF7F70CE406A6EEB1F56919CB92A9853BDE73E5B4A"
        ))
    );
    assert!(verify_digest(
        ParamSet::Test512,
        key.public_le(),
        &digest,
        &signature
    ));
}

#[test]
fn every_parameter_set_signs_and_verifies_and_refuses_a_change() {
    for set in ParamSet::ALL {
        let key = GostKey::generate(set).expect("key");
        assert!(valid_public_key(set, key.public_le()), "{set}");
        let message = format!("Заявление, подписанное на {set}");
        let signature = key.sign(message.as_bytes()).expect("sign");
        assert_eq!(signature.len(), 2 * set.byte_len(), "{set}");
        assert!(
            verify(set, key.public_le(), message.as_bytes(), &signature),
            "{set}"
        );
        assert!(
            !verify(set, key.public_le(), b"another text", &signature),
            "{set}"
        );
        for bit in [0, signature.len() * 8 / 2, signature.len() * 8 - 1] {
            let mut flipped = signature.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert!(
                !verify(set, key.public_le(), message.as_bytes(), &flipped),
                "{set}: bit {bit}"
            );
        }
        let other = GostKey::generate(set).expect("key");
        assert!(
            !verify(set, other.public_le(), message.as_bytes(), &signature),
            "{set}"
        );
        // The same key read back from its private value is the same key.
        let again = GostKey::from_private(set, key.private_le()).expect("again");
        assert_eq!(again.public_le(), key.public_le(), "{set}");
    }
}

#[test]
fn malformed_keys_and_signatures_are_refused() {
    let set = ParamSet::Tc26_256B;
    let key = GostKey::generate(set).expect("key");
    let signature = key.sign(b"m").expect("sign");
    // Wrong lengths.
    assert!(!verify(set, key.public_le(), b"m", &signature[1..]));
    assert!(!verify(set, &key.public_le()[1..], b"m", &signature));
    assert!(!valid_public_key(set, &[]));
    // r = 0, s = 0, and r or s not below q.
    let mut zero_r = signature.clone();
    zero_r[32..].fill(0);
    assert!(!verify(set, key.public_le(), b"m", &zero_r));
    let mut zero_s = signature.clone();
    zero_s[..32].fill(0);
    assert!(!verify(set, key.public_le(), b"m", &zero_s));
    let mut huge = signature.clone();
    huge[32..].fill(0xff);
    assert!(!verify(set, key.public_le(), b"m", &huge));
    // A point off the curve, and the all-zero "point".
    let mut off = key.public_le().to_vec();
    off[0] ^= 1;
    assert!(!valid_public_key(set, &off));
    assert!(!verify(set, &off, b"m", &signature));
    assert!(!valid_public_key(set, &[0u8; 64]));
    // Private keys out of range.
    assert!(GostKey::from_private(set, &[0u8; 32]).is_err());
    assert!(GostKey::from_private(set, &[0xffu8; 32]).is_err());
    assert!(GostKey::from_private(set, &[1u8; 31]).is_err());
    // A key of one set is no key of another.
    assert!(!verify(
        ParamSet::Tc26_256C,
        key.public_le(),
        b"m",
        &signature
    ));
}

#[test]
fn points_outside_the_prime_order_subgroup_are_refused_on_the_edwards_sets() {
    // On 256 A and 512 C (cofactor 4) there are points on the curve of order 2, 4, 2q or 4q.
    // Search for x with a square x³ + ax + b by trying small x: such a point is on the curve, and
    // with overwhelming probability outside the subgroup of order q.
    for set in [ParamSet::Tc26_256A, ParamSet::Tc26_512C] {
        let mut refused = 0;
        for x in 1u8..=40 {
            let Some(point) = test_point(set, x) else {
                continue;
            };
            assert!(on_curve_only(set, &point), "{set}: x = {x} is on the curve");
            if !valid_public_key(set, &point) {
                refused += 1;
            }
        }
        assert!(
            refused > 0,
            "{set}: some on-curve point outside the subgroup was refused"
        );
    }
}

/// A point with small x on `set`'s curve (y any square root), as LE(X) ‖ LE(Y).
fn test_point(set: ParamSet, x: u8) -> Option<Vec<u8>> {
    match set {
        ParamSet::Tc26_256A => params::tc26_256a::point_with_x(x),
        ParamSet::Tc26_512C => params::tc26_512c::point_with_x(x),
        _ => None,
    }
}

/// Whether LE(X) ‖ LE(Y) satisfies the curve equation (without the subgroup check).
fn on_curve_only(set: ParamSet, point: &[u8]) -> bool {
    match set {
        ParamSet::Tc26_256A => params::tc26_256a::satisfies_equation(point),
        ParamSet::Tc26_512C => params::tc26_512c::satisfies_equation(point),
        _ => false,
    }
}

#[test]
fn names_and_oids_round_trip_and_unknown_ones_are_refused() {
    for set in &ParamSet::ALL[..7] {
        assert_eq!(set.to_string().parse::<ParamSet>().expect("name"), *set);
        assert_eq!(ParamSet::from_oid(&set.oid()), Some(*set));
    }
    assert_eq!(
        "gost2012-256".parse::<ParamSet>().ok(),
        Some(ParamSet::Tc26_256B)
    );
    assert_eq!(
        "GOST2012-512".parse::<ParamSet>().ok(),
        Some(ParamSet::Tc26_512A)
    );
    assert!("gost2012-256:E".parse::<ParamSet>().is_err());
    assert_eq!(
        ParamSet::from_oid(&oid::CRYPTOPRO_A),
        Some(ParamSet::Tc26_256B)
    );
    assert_eq!(
        ParamSet::from_oid(&oid::CRYPTOPRO_XCH_B),
        Some(ParamSet::Tc26_256D)
    );
    assert_eq!(ParamSet::from_oid(&oid::SHA256), None);
}

/// Whether `public_le` (LE(X) ‖ LE(Y)) satisfies y² = x³ + ax + b in `F`.
fn on_standard_curve<F: elliptic_curve::ff::PrimeField>(public_le: &[u8], a: F, b: F) -> bool {
    let half = public_le.len() / 2;
    let coordinate = |bytes: &[u8]| {
        let mut repr = F::Repr::default();
        repr.as_mut().copy_from_slice(bytes);
        Option::<F>::from(F::from_repr(repr)).expect("a coordinate below p")
    };
    let (x, y) = (
        coordinate(&public_le[..half]),
        coordinate(&public_le[half..]),
    );
    y.square() == x.square() * x + a * x + b
}

/// 256 A and 512 C compute in their Edwards form (`edwards`): what leaves it is on the
/// standard's Weierstrass curves — the base point is the public key of d = 1, and keys satisfy
/// the equation with the standard's a and b (RFC 7836 §A.1, §A.2).
#[test]
fn the_edwards_sets_give_points_of_the_standard_curves() {
    use params::{tc26_256a, tc26_512c};
    type OnCurve = Box<dyn Fn(&[u8]) -> bool>;
    let checks: [(ParamSet, &str, OnCurve); 2] = [
        (
            ParamSet::Tc26_256A,
            "28aa2d74fe82258bc7022e9396918b65bbb21257422309880d2ce8a54384e3915c2e3232db8a26af40677644530bde5f56e946bbc486578975031aab23948732",
            Box::new(|public: &[u8]| {
                on_standard_curve(
                    public,
                    tc26_256a::FieldElement::from_hex_vartime("35737e276f652cb233aa95bf13205ee27ca23530c29248af73169813153f17c2"),
                    tc26_256a::FieldElement::from_hex_vartime("1395aef8a63793baf77be10891cdfc221ad4a959c3e720cc9ced2874ae9b5f29"),
                )
            }),
        ),
        (
            ParamSet::Tc26_512C,
            "480195c12879bcc5aa97ae7e4885fbc61036edb93d03b9a7f22b60aea77272a23a04ea4c07f785d321f0aecba9b79522def53e59ce41e2ebbde73dc2df1ee3e20fc4dd9a9a6e39d007ae4b85aa26f704633b422258d832efd21e02e3332d8ee19bff90203d8c108c8b3727654d80397957b81c91f5cfbcab99b85e5bd940cef5",
            Box::new(|public: &[u8]| {
                on_standard_curve(
                    public,
                    tc26_512c::FieldElement::from_hex_vartime("d39b68396f54b62e2a9fda1f957fd92aff50cf6ff471de2ad9edc9e2c061e846450643e1681ce44d6466b80e98c87b18fb22c7d229a585548721a714e50392dc"),
                    tc26_512c::FieldElement::from_hex_vartime("e1572531a519238d3c0abff5a5c78c2bb5f3fe8b4b28e08dc1d219f7ffc2cb38e0ade50d4f2edaff574b9ff6a9b6efc76af137cf5229c18a2c6cbcce28eec4b4"),
                )
            }),
        ),
    ];
    for (set, generator, on_curve) in checks {
        let mut one = vec![0u8; set.byte_len()];
        one[0] = 1;
        let key = GostKey::from_private(set, &one).expect("d = 1");
        assert_eq!(key.public_le(), hex(generator).as_slice(), "{set}");
        assert!(on_curve(key.public_le()), "{set}");
        for _ in 0..4 {
            let key = GostKey::generate(set).expect("key");
            assert!(on_curve(key.public_le()), "{set}");
        }
    }
}
