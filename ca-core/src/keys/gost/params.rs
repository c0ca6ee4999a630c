//! The parameter sets: RFC 7836 and Р 1323565.1.024-2019 (TC26), and the RFC 7091 test curves,
//! checked when they were written here: each base point lies on its curve and has order q.

use super::curve::gost_curve;

gost_curve! {
    module: test256,
    doc: "RFC 7091 §7.1 test curve (id-GostR3410-2001-TestParamSet, 1.2.643.2.2.35.0).",
    uint: U256,
    bytes: U32,
    p: "8000000000000000000000000000000000000000000000000000000000000431",
    a: "0700000000000000000000000000000000000000000000000000000000000000",
    b: "7e3be2dae90c4c512afc72346a6e3f5640efaffb22e0b839e78c93aa98f4bf5f",
    q: "8000000000000000000000000000000150fe8a1892976154c59cfc193accf5b3",
    x: "0200000000000000000000000000000000000000000000000000000000000000",
    y: "c88f7eeabcab962b1267a29c0a7fc9859cd1160e031663bdd44751e6a0a8e208",
    non_residue_p: 7,
    non_residue_q: 2,
    cofactor: 1,
    equation_a: EquationAIsGeneric,
}

// 256 A and 512 C are twisted Edwards curves u² + v² = 1 + d·u²v² given (RFC 7836 §A) in
// the Weierstrass form below, which keys and signatures use; the arithmetic runs in the Edwards
// form (`edwards`), whose d is given here little-endian. `tests` in curve.rs check that d is
// not a square (the addition law is complete) and that the map takes G onto the Edwards curve.
gost_curve! {
    module: tc26_256a,
    doc: "id-tc26-gost-3410-12-256-paramSetA (twisted Edwards, cofactor 4).",
    uint: U256,
    bytes: U32,
    p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97",
    a: "35737e276f652cb233aa95bf13205ee27ca23530c29248af73169813153f17c2",
    b: "1395aef8a63793baf77be10891cdfc221ad4a959c3e720cc9ced2874ae9b5f29",
    q: "400000000000000000000000000000000fd8cddfc87b6635c115af556c360c67",
    x: "28aa2d74fe82258bc7022e9396918b65bbb21257422309880d2ce8a54384e391",
    y: "5c2e3232db8a26af40677644530bde5f56e946bbc486578975031aab23948732",
    non_residue_p: 7,
    non_residue_q: 5,
    cofactor: 4,
    equation_a: EquationAIsGeneric,
    edwards_d: "fbbfc76d2dc322e5f79a009728f69d2b1318d5fa9cc38b5781fa83c1b7f60506",
}

gost_curve! {
    module: tc26_256b,
    doc: "id-tc26-gost-3410-12-256-paramSetB (= CryptoPro-A).",
    uint: U256,
    bytes: U32,
    p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97",
    a: "94fdffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    b: "a600000000000000000000000000000000000000000000000000000000000000",
    q: "ffffffffffffffffffffffffffffffff6c611070995ad10045841b09b761b893",
    x: "0100000000000000000000000000000000000000000000000000000000000000",
    y: "141e9f9e9cc9ac22b1e323df2d4f2935762b3f455a50df27da9c98e071e4918d",
    non_residue_p: 7,
    non_residue_q: 2,
    cofactor: 1,
    equation_a: EquationAIsMinusThree,
}

gost_curve! {
    module: tc26_256c,
    doc: "id-tc26-gost-3410-12-256-paramSetC (= CryptoPro-B).",
    uint: U256,
    bytes: U32,
    p: "8000000000000000000000000000000000000000000000000000000000000c99",
    a: "960c000000000000000000000000000000000000000000000000000000000080",
    b: "8bbc1b7eced4492f182bff73932579e90af83d5cc2d3a766f8a569a219f41a3e",
    q: "800000000000000000000000000000015f700cfff1a624e5e497161bcc8a198f",
    x: "0100000000000000000000000000000000000000000000000000000000000000",
    y: "fc7e7117d7f84b74fbec038d85c945c5e570c0b23e1c3db88066f9594312a83f",
    non_residue_p: 3,
    non_residue_q: 5,
    cofactor: 1,
    equation_a: EquationAIsMinusThree,
}

gost_curve! {
    module: tc26_256d,
    doc: "id-tc26-gost-3410-12-256-paramSetD (= CryptoPro-C).",
    uint: U256,
    bytes: U32,
    p: "9b9f605f5a858107ab1ec85e6b41c8aacf846e86789051d37998f7b9022d759b",
    a: "98752d02b9f79879d3519078866e84cfaac8416b5ec81eab0781855a5f609f9b",
    b: "5a80000000000000000000000000000000000000000000000000000000000000",
    q: "9b9f605f5a858107ab1ec85e6b41c8aa582ca3511eddfb74f02f3a6598980bb9",
    x: "0000000000000000000000000000000000000000000000000000000000000000",
    y: "67bbb3fd0d556e368f1a64d440c44d4deec008cd8337bf3c8c1a714357e5ec41",
    non_residue_p: 2,
    non_residue_q: 7,
    cofactor: 1,
    equation_a: EquationAIsMinusThree,
}

gost_curve! {
    module: test512,
    doc: "RFC 7091 §7.2 test curve (id-tc26-gost-3410-12-512-paramSetTest).",
    uint: U512,
    bytes: U64,
    p: "4531acd1fe0023c7550d267b6b2fee80922b14b2ffb90f04d4eb7c09b5d2d15df1d852741af4704a0458047e80e4546d35b8336fac224dd81664bbf528be6373",
    a: "07000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    b: "dc2a304f08a3d0fa9768dd2a0c549ebc74cfe058ca890a482273adb21340836143aca1ec49b688d7fd0094e477f3c58b74eb574ea5cfd829da1611a30608ff1c",
    q: "4531acd1fe0023c7550d267b6b2fee80922b14b2ffb90f04d4eb7c09b5d2d15da82f2d7ecb1dbac719905c5eecc423f1d86e25edbe23c595d644aaf187e6e6df",
    x: "9a8a2420b1f130b5b433ac7f9749c88be204e8eea70ab6c68d83cd62126160fd62d78ca69310f925c87c05d7b3b313526c7afdbb6ebf96f330ee7245c69cd124",
    y: "1e37dd1acb92bb6d0b64241bb9181adc434eeee15133ebf76b49f1776d15ab832c9bf359c24724f3c3f2e5911e06bfcfddac57c81306020d6eced23ba412b32b",
    non_residue_p: 2,
    non_residue_q: 5,
    cofactor: 1,
    equation_a: EquationAIsGeneric,
}

gost_curve! {
    module: tc26_512a,
    doc: "id-tc26-gost-3410-12-512-paramSetA.",
    uint: U512,
    bytes: U64,
    p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc7",
    a: "c4fdffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    b: "60c7715a789031506147eeebd4f92e86dd90da104057b44c61270df390b03cee65620bfd1c08bd79e8b01c767425b834daf167662b0bbdc1dd86fced5d50c2e8",
    q: "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff27e69532f48d89116ff22b8d4e0560609b4b38abfad2b85dcacdb1411f10b275",
    x: "03000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    y: "a4f21552cb89a589b8f535c25ffe2880e9413a0ea5e6753de936d04fbe2616df21a9efcbfd648077c1abf1ac931c5ecee65054e216881ba6e36a837ae8cf0375",
    non_residue_p: 5,
    non_residue_q: 2,
    cofactor: 1,
    equation_a: EquationAIsMinusThree,
}

gost_curve! {
    module: tc26_512b,
    doc: "id-tc26-gost-3410-12-512-paramSetB.",
    uint: U512,
    bytes: U64,
    p: "8000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006f",
    a: "6c000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000080",
    b: "160114c5c7cb8cfb6e10a31fee8bf7509cb61aad6f278b7f216d41b12d5d963e9f284b6c80dc85bfbc38f14a617d7cb917255e6fcf063e7e4541c89d451b7d68",
    q: "800000000000000000000000000000000000000000000000000000000000000149a1ec142565a545acfdb77bd9d40cfa8b996712101bea0ec6346c54374f25bd",
    x: "02000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    y: "bd41fe800734217eecee4cf9551004288839c0f8aabc2c15394adf1efd28b2dc3573ecc8e6d96dbe13c27875693b123c0f94a847361e072c4c099b38da7e8f1a",
    non_residue_p: 7,
    non_residue_q: 2,
    cofactor: 1,
    equation_a: EquationAIsMinusThree,
}

gost_curve! {
    module: tc26_512c,
    doc: "id-tc26-gost-3410-12-512-paramSetC (twisted Edwards, cofactor 4).",
    uint: U512,
    bytes: U64,
    p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc7",
    a: "d39b68396f54b62e2a9fda1f957fd92aff50cf6ff471de2ad9edc9e2c061e846450643e1681ce44d6466b80e98c87b18fb22c7d229a585548721a714e50392dc",
    b: "e1572531a519238d3c0abff5a5c78c2bb5f3fe8b4b28e08dc1d219f7ffc2cb38e0ade50d4f2edaff574b9ff6a9b6efc76af137cf5229c18a2c6cbcce28eec4b4",
    q: "3fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc98cdba46506ab004c33a9ff5147502cc8eda9e7a769a12694623cef47f023ed",
    x: "480195c12879bcc5aa97ae7e4885fbc61036edb93d03b9a7f22b60aea77272a23a04ea4c07f785d321f0aecba9b79522def53e59ce41e2ebbde73dc2df1ee3e2",
    y: "0fc4dd9a9a6e39d007ae4b85aa26f704633b422258d832efd21e02e3332d8ee19bff90203d8c108c8b3727654d80397957b81c91f5cfbcab99b85e5bd940cef5",
    non_residue_p: 5,
    non_residue_q: 2,
    cofactor: 4,
    equation_a: EquationAIsGeneric,
    edwards_d: "5075ee33bb2d30cab4222abcc2cfa0919e369ee743cee204b3065c510a9eb3a69c43501062a028deeb318e19542d40ab4dfe5bdf3ccfa5139f8d7d018c5d4f9e",
}
