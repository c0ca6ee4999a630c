//! In-process issuance: a P-256 CSR checked, issued and stored in a register (sled, then redb).
//!
//! `cargo bench -p ca-core --bench issuance`

use std::time::Duration;

use ca_core::issuance::{self_signed_root, Authority, IssueRequest};
use ca_core::profile::config::CaConfig;
use ca_core::store::{RedbStore, Register, SledStore};
use ca_core::{names::subject, verify_csr, Identifiers, KeyAlgorithm, SoftwareKey, SystemClock};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

/// A fresh P-256 key and its CSR, made outside the measured part.
fn fresh_csr() -> Vec<u8> {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).expect("key");
    let mut params = rcgen::CertificateParams::default();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Иванов Иван Иванович");
    params.serialize_request(&key).expect("csr").der().to_vec()
}

fn request(csr_der: &[u8]) -> IssueRequest {
    let csr = verify_csr(csr_der).expect("valid CSR");
    IssueRequest {
        subject: csr.subject,
        public_key: csr.public_key,
        profile: "signing".into(),
        days: None,
        officer: "bench".into(),
        identification: Default::default(),
        renews: None,
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    let sled = Register::new(Box::new(
        SledStore::open(
            &dir.path().join("sled"),
            &dir.path().join("lock1"),
            dir.path(),
        )
        .expect("sled register"),
    ));
    let redb = Register::new(Box::new(
        RedbStore::open(
            &dir.path().join("register.redb"),
            &dir.path().join("lock2"),
            dir.path(),
        )
        .expect("redb register"),
    ));
    bench_register(c, "sled", &sled);
    bench_register(c, "redb", &redb);
}

fn bench_register(c: &mut Criterion, engine: &str, register: &Register) {
    let (ca_key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("ca key");
    let name = subject::parse_subject("CN=Bench CA,C=RU", &Identifiers::default()).expect("name");
    let clock = SystemClock;
    let root = self_signed_root(name, &ca_key, ca_core::Clock::now(&clock), 3650).expect("root");
    let authority = Authority::new(&root, Box::new(ca_key)).expect("authority");
    let mut config = CaConfig::default();
    config.ca.ocsp_url = Some("http://127.0.0.1:8080/ocsp".into());
    config.ca.crl_url = Some("http://127.0.0.1:8080/crl".into());
    let issuer = ca_core::issuance::Issuer::new(&authority, register, &config, &clock);

    let mut group = c.benchmark_group(format!("issue_{engine}"));
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(1));
    group.bench_function("p256_csr_one_by_one", |b| {
        b.iter_batched(
            fresh_csr,
            |csr| issuer.issue(request(&csr)).expect("issued"),
            BatchSize::SmallInput,
        )
    });
    const GROUP: usize = 64;
    group.throughput(Throughput::Elements(GROUP as u64));
    group.bench_function("p256_csr_group_of_64", |b| {
        b.iter_batched(
            || (0..GROUP).map(|_| fresh_csr()).collect::<Vec<_>>(),
            |csrs| {
                let requests = csrs.iter().map(|c| request(c)).collect();
                let results = issuer.issue_group(requests).expect("group");
                assert!(results.iter().all(Result::is_ok));
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
    eprintln!(
        "{engine} register holds {} certificates",
        register.len().expect("len")
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
