//! Officers, roles, key slots and the audit log (SPEC §8).

use ca_core::audit::{key, AuditEntry};
use ca_core::store::{Batch, SledStore, Store, Table, Write};

use crate::util::{TestEnv, PASS};

const OLGA: &str = "olga's passphrase";
const IVAN: &str = "ivan's passphrase";

/// A home with an admin (`admin`), an officer (`olga`) and an auditor (`ivan`).
fn staffed() -> TestEnv {
    let env = TestEnv::new();
    env.init(&[]);
    env.add_officer("olga", "officer", OLGA);
    env.add_officer("ivan", "auditor", IVAN);
    env
}

fn refused_entries(env: &TestEnv, officer: &str, action: &str) -> usize {
    env.audit()
        .iter()
        .filter(|e| {
            e["officer"] == officer
                && e["action"] == action
                && e["outcome"].as_str().unwrap().starts_with("refused")
        })
        .count()
}

#[test]
fn every_role_is_tried_on_every_command() {
    let env = staffed();
    let csr = env.csr("c", "p256", "/CN=Matrix");
    let csr = csr.to_str().unwrap().to_owned();
    let serial = env.serials()[0].clone();
    let people = [("admin", PASS), ("olga", OLGA), ("ivan", IVAN)];
    // (command, audit action, least role: 0 auditor, 1 officer, 2 admin)
    let mut commands: Vec<(Vec<String>, &str, usize)> = vec![
        (vec!["list".into()], "list", 0),
        (vec!["show".into(), serial.clone()], "show", 0),
        (vec!["officer".into(), "list".into()], "officer-list", 0),
        (vec!["audit".into()], "audit", 0),
        (vec!["audit".into(), "--verify".into()], "audit", 0),
        (
            vec![
                "enroll".into(),
                "--subject".into(),
                "CN=E".into(),
                "--out".into(),
                "o".into(),
            ],
            "enroll",
            1,
        ),
        (
            vec!["officer".into(), "disable".into(), "nobody".into()],
            "officer-disable",
            2,
        ),
        (vec!["hold".into(), serial.clone()], "hold", 1),
        (vec!["release".into(), serial.clone()], "release", 1),
        (vec!["revoke".into(), "0badc0de".into()], "revoke", 1),
        (vec!["crl".into()], "crl", 1),
    ];
    let base_commands = commands.len();
    for (who, pass) in people {
        let issue = vec![
            "issue".into(),
            "--csr".into(),
            csr.clone(),
            "--subject".into(),
            format!("CN=By {who}"),
        ];
        commands.push((issue, "issue", 1));
        commands.push((
            vec![
                "officer".into(),
                "add".into(),
                format!("new-{who}"),
                "--role".into(),
                "auditor".into(),
            ],
            "officer-add",
            2,
        ));
        let rank = match who {
            "ivan" => 0,
            "olga" => 1,
            _ => 2,
        };
        for (args, action, least) in &commands {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let before = (
                env.serials().len(),
                env.ca(&["--json", "officer", "list"]).json(),
            );
            let run = env
                .ca_command(&args)
                .env("CA_OFFICER", who)
                .env("CA_PASSPHRASE", pass)
                .env("CA_NEW_OFFICER_PASSPHRASE", "new officer passphrase")
                .output()
                .unwrap();
            let code = run.status.code();
            let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
            if rank >= *least {
                // Allowed: it may still fail for its own reasons (nobody to disable, a key
                // already certified), but never because of the role.
                assert!(!stderr.contains("may not"), "{who} {args:?}: {stderr}");
            } else {
                assert_eq!(code, Some(2), "{who} {args:?} must be refused: {stderr}");
                assert!(
                    stderr.contains(&format!("officer {who}")) && stderr.contains("may not"),
                    "{stderr}"
                );
                let after = (
                    env.serials().len(),
                    env.ca(&["--json", "officer", "list"]).json(),
                );
                assert_eq!(before, after, "{who} {args:?} changed something");
                assert!(
                    refused_entries(&env, who, action) >= 1,
                    "{who} {action} not in the audit log"
                );
            }
        }
        commands.truncate(base_commands);
    }
    env.ca(&["audit", "--verify"]).ok();
}

#[test]
fn two_officers_issue_with_their_own_passphrases_and_a_disabled_one_is_stopped_at_once() {
    let env = TestEnv::new();
    env.init(&[]);
    env.add_officer("olga", "officer", OLGA);
    env.add_officer("petr", "officer", "petr's passphrase");
    let a = env.csr("a", "p256", "/CN=A");
    let b = env.csr("b", "p256", "/CN=B");
    let c = env.csr("c", "p256", "/CN=C");
    let issued = env
        .ca_as(
            "olga",
            OLGA,
            &["--json", "issue", "--csr", a.to_str().unwrap()],
        )
        .json();
    let shown = env
        .ca(&["--json", "show", issued["serial"].as_str().unwrap()])
        .json();
    assert_eq!(shown["officer"], "olga");
    env.ca_as(
        "petr",
        "petr's passphrase",
        &["issue", "--csr", b.to_str().unwrap()],
    )
    .ok();
    // Officers never need each other's passphrase: olga's does not work for petr.
    let err = env
        .ca_as("petr", OLGA, &["issue", "--csr", c.to_str().unwrap()])
        .fails(2);
    assert!(err.contains("wrong passphrase for officer petr"), "{err}");
    assert!(refused_entries(&env, "petr", "issue") >= 1);

    env.ca(&["officer", "disable", "olga"]).ok();
    let err = env
        .ca_as("olga", OLGA, &["issue", "--csr", c.to_str().unwrap()])
        .fails(2);
    assert!(
        err.contains("officer \"olga\" is unknown or disabled"),
        "{err}"
    );
    // Not even reading: the old passphrase opens nothing.
    env.ca_as("olga", OLGA, &["list"]).fails(2);
    env.ca_as(
        "petr",
        "petr's passphrase",
        &["issue", "--csr", c.to_str().unwrap()],
    )
    .ok();
    let officers = env.ca(&["--json", "officer", "list"]).json();
    let olga = officers
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "olga")
        .unwrap();
    assert_eq!(olga["enabled"], false);
    // The last admin cannot be disabled, so nobody is locked out.
    let err = env.ca(&["officer", "disable", "admin"]).fails(2);
    assert!(err.contains("last admin"), "{err}");
    env.ca(&["audit", "--verify"]).ok();
}

#[test]
fn bad_input_and_wrong_passphrases_are_in_the_audit_log() {
    let env = TestEnv::new();
    env.init(&[]);
    let csr = env.csr("a", "p256", "/CN=A");
    env.ca(&[
        "issue",
        "--csr",
        csr.to_str().unwrap(),
        "--snils",
        "11223344596",
    ])
    .fails(2);
    env.ca_as("admin", "not it", &["list"]).fails(2);
    env.ca_as("nobody", PASS, &["list"]).fails(2);
    let log = env.audit();
    let outcomes: Vec<String> = log
        .iter()
        .map(|e| format!("{} {} {}", e["officer"], e["action"], e["outcome"]))
        .collect();
    let has = |needle: &str| outcomes.iter().any(|o| o.contains(needle));
    assert!(has("check number is 95"), "{outcomes:#?}");
    assert!(has("wrong passphrase for officer admin"), "{outcomes:#?}");
    assert!(
        has("\"nobody\" \"list\" \"refused: officer \\\"nobody\\\" is unknown or disabled\""),
        "{outcomes:#?}"
    );
    assert!(has("\"init\""));
    assert!(log
        .iter()
        .any(|e| e["action"] == "issue" && e["outcome"].as_str().unwrap().starts_with("ok")));
    // --since filters by time.
    let none = env
        .ca(&["--json", "audit", "--since", "2999-01-01T00:00:00Z"])
        .json();
    assert_eq!(none.as_array().unwrap().len(), 0);
    let all = env
        .ca(&["--json", "audit", "--since", "1970-01-01T00:00:00Z"])
        .json();
    assert_eq!(all.as_array().unwrap().len(), log.len());
    env.ca(&["audit", "--since", "yesterday"]).fails(2);
    let verified = env.ca(&["--json", "audit", "--verify"]).json();
    assert_eq!(verified["intact"], true);
    // The refused --since is in the log too.
    assert_eq!(verified["entries"], log.len() as u64 + 1);
}

/// Copies the home and applies `tamper` to the copy's audit table.
fn tampered_copy(env: &TestEnv, tamper: impl FnOnce(&SledStore)) -> TestEnv {
    let copy = TestEnv::new();
    let status = std::process::Command::new("cp")
        .args([
            "-a",
            env.home().to_str().unwrap(),
            copy.home().to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let home = copy.home();
    let store =
        SledStore::open(&home.join("register"), &home.join("register.lock"), &home).unwrap();
    tamper(&store);
    store.flush().unwrap();
    copy
}

fn entry(store: &SledStore, seq: u64) -> AuditEntry {
    AuditEntry::decode(&store.get(Table::Audit, &key(seq)).unwrap().expect("entry")).unwrap()
}

fn put(store: &SledStore, seq: u64, value: Vec<u8>) {
    assert!(store
        .apply(&Batch {
            expect: vec![],
            writes: vec![Write::Put(Table::Audit, key(seq), value)]
        })
        .unwrap());
}

fn encode(e: &AuditEntry) -> Vec<u8> {
    e.encode().unwrap()
}

#[test]
fn tampering_with_the_audit_log_is_found_and_the_entry_named() {
    let env = TestEnv::new();
    env.init(&[]);
    for i in 0..4 {
        env.issue_leaf(&format!("l{i}"), &format!("/CN=Leaf {i}"));
    }
    let entries = env.audit().len() as u64;
    assert!(entries >= 6, "{entries}");
    env.ca(&["audit", "--verify"]).ok();

    // One entry changed in place.
    let changed = tampered_copy(&env, |s| {
        let mut e = entry(s, 3);
        e.officer = "mallory".into();
        put(s, 3, encode(&e));
    });
    let err = changed.ca(&["audit", "--verify"]).fails(1);
    assert!(
        err.contains("broken at entry 3") && err.contains("changed"),
        "{err}"
    );

    // One entry removed.
    let removed = tampered_copy(&env, |s| {
        assert!(s
            .apply(&Batch {
                expect: vec![],
                writes: vec![Write::Delete(Table::Audit, key(2))]
            })
            .unwrap());
    });
    let err = removed.ca(&["audit", "--verify"]).fails(1);
    assert!(
        err.contains("broken at entry 2") && err.contains("missing"),
        "{err}"
    );

    // Two entries swapped.
    let swapped = tampered_copy(&env, |s| {
        let (one, four) = (entry(s, 1), entry(s, 4));
        put(s, 1, encode(&four));
        put(s, 4, encode(&one));
    });
    let err = swapped.ca(&["audit", "--verify"]).fails(1);
    assert!(
        err.contains("broken at entry 1") && err.contains("moved"),
        "{err}"
    );

    // Changed and every hash after it recomputed: the CA's signed heads disagree.
    let rehashed = tampered_copy(&env, |s| {
        let mut prev: Option<AuditEntry> = if entries > 0 { Some(entry(s, 1)) } else { None };
        for seq in 2..entries {
            let old = entry(s, seq);
            let event = ca_core::audit::AuditEvent {
                time: old.time,
                officer: if seq == 2 {
                    "mallory".into()
                } else {
                    old.officer.clone()
                },
                action: old.action.clone(),
                serial: old.serial.clone(),
                outcome: old.outcome.clone(),
            };
            let new = AuditEntry::after(prev.as_ref(), &event);
            put(s, seq, encode(&new));
            prev = Some(new);
        }
    });
    let err = rehashed.ca(&["audit", "--verify"]).fails(1);
    assert!(err.contains("differs from what the CA signed"), "{err}");

    // The original is untouched.
    env.ca(&["audit", "--verify"]).ok();
}
