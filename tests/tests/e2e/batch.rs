//! `ca enroll --batch`: bad rows are reported by line and do not stop the rest.

use crate::util::{assert_verifies, TestEnv};

#[test]
fn a_broken_row_in_the_middle_is_reported_and_the_rest_are_issued() {
    let env = TestEnv::new();
    env.init(&[]);
    let csv = env.path("applicants.csv");
    std::fs::write(
        &csv,
        "subject,snils,inn,email,key\n\
         CN=Первый Заявитель,112-233-445 95,,first@example.org,\n\
         CN=Второй Заявитель,,500100732259,,ed25519\n\
         CN=Сломанный Заявитель,112-233-445 96,,,\n\
         CN=Четвёртый Заявитель,12345678964,,,p384\n\
         ,,,,\n\
         CN=Шестой Заявитель,,,,\n",
    )
    .unwrap();
    let before = env.serials().len();
    let run = env.ca(&[
        "--json",
        "enroll",
        "--batch",
        csv.to_str().unwrap(),
        "--out",
        "out",
    ]);
    assert_eq!(
        run.code, 2,
        "a refused row makes the exit code 2\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("4 issued, 2 refused (lines 4, 6)"),
        "{}",
        run.stderr
    );
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 6);
    let lines: Vec<u64> = rows.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(
        lines,
        [2, 3, 4, 5, 6, 7],
        "one entry per row, in file order"
    );
    assert!(rows[2]["error"]
        .as_str()
        .unwrap()
        .contains("--snils 112-233-445 96: check number is 95"));
    assert!(rows[4]["error"].as_str().unwrap().contains("subject"));
    for row in [&rows[0], &rows[1], &rows[3], &rows[5]] {
        let serial = row["serial"].as_str().expect("issued");
        assert_verifies(&env.ca_pem(), None, &env.path(&format!("out/{serial}.pem")));
        assert!(env.path(&format!("out/{serial}.p12")).exists());
    }
    assert!(rows[0]["subject"]
        .as_str()
        .unwrap()
        .contains("emailAddress=first@example.org"));
    assert_eq!(env.serials().len(), before + 4);
    // Each refused row is a refused attempt in the audit log, with its line.
    let refusals: Vec<String> = env
        .audit()
        .iter()
        .filter(|e| e["action"] == "enroll")
        .map(|e| e["outcome"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        refusals
            .iter()
            .any(|o| o.contains("line 4: --snils 112-233-445 96")),
        "{refusals:?}"
    );
    assert!(
        refusals.iter().any(|o| o.contains("line 6:")),
        "{refusals:?}"
    );
    env.ca(&["audit", "--verify"]).ok();

    // Human output names the line too.
    let again = env.path("again.csv");
    std::fs::write(&again, "subject,ogrn\nCN=A,1027700132196\nCN=B,\n").unwrap();
    let run = env.ca(&["enroll", "--batch", again.to_str().unwrap(), "--out", "out"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("line 2: refused: --ogrn 1027700132196"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("line 3: issued"), "{}", run.stdout);
}

#[test]
fn a_file_with_an_unknown_column_or_no_subject_is_refused_whole() {
    let env = TestEnv::new();
    env.init(&[]);
    let before = env.serials();
    let csv = env.path("bad.csv");
    std::fs::write(&csv, "subject,passport\nCN=A,123\n").unwrap();
    let err = env
        .ca(&["enroll", "--batch", csv.to_str().unwrap(), "--out", "out"])
        .fails(2);
    assert!(err.contains("unknown column \"passport\""), "{err}");
    std::fs::write(&csv, "snils\n11223344595\n").unwrap();
    let err = env
        .ca(&["enroll", "--batch", csv.to_str().unwrap(), "--out", "out"])
        .fails(2);
    assert!(err.contains("no \"subject\" column"), "{err}");
    let err = env
        .ca(&["enroll", "--batch", "missing.csv", "--out", "out"])
        .fails(2);
    assert!(err.contains("missing.csv"), "{err}");
    assert_eq!(env.serials(), before);
}

#[test]
fn a_revocation_batch_reports_every_line() {
    let env = TestEnv::new();
    env.init(&[]);
    let serials: Vec<String> = (0..3)
        .map(|i| {
            let cert = env.issue_leaf(&format!("c{i}"), &format!("/CN=Holder {i}/C=RU"));
            crate::util::serial_of(&cert)
        })
        .collect();
    let csv = env.path("revoke.csv");
    std::fs::write(
        &csv,
        format!(
            "serial,reason,invalidity_date\n\
             {},keyCompromise,2026-11-20T08:00:00Z\n\
             not-hex,,\n\
             {},superseded,\n\
             {},,\n\
             0123456789abcdef,,\n\
             {},,\n",
            serials[0], serials[1], serials[2], serials[0]
        ),
    )
    .unwrap();
    let run = env.ca(&["--json", "revoke", "--batch", csv.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let lines: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let lines = lines.as_array().unwrap();
    assert_eq!(lines.len(), 6, "every line reported");
    let by_line = |n: u64| lines.iter().find(|l| l["line"] == n).unwrap().clone();
    assert_eq!(by_line(2)["status"], "revoked");
    assert_eq!(by_line(2)["reason"], "keyCompromise");
    assert!(by_line(3)["error"].is_string(), "bad serial");
    assert_eq!(by_line(4)["reason"], "superseded");
    assert_eq!(by_line(5)["status"], "revoked");
    assert!(
        by_line(6)["error"].is_string(),
        "a serial this CA never issued"
    );
    assert!(
        by_line(7)["error"]
            .as_str()
            .unwrap()
            .contains("already revoked"),
        "{}",
        by_line(7)
    );
    assert!(
        run.stderr.contains("3 revoked, 3 refused"),
        "{}",
        run.stderr
    );
    // The register and the audit log agree: three revocations, each audited.
    let listed = env.ca(&["--json", "list"]).json();
    let revoked = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "revoked")
        .count();
    assert_eq!(revoked, 3);
    let audited = env
        .audit()
        .iter()
        .filter(|e| e["action"] == "revoke" && e["outcome"].as_str().unwrap().starts_with("ok"))
        .count();
    assert_eq!(audited, 3);
    // A bad header refuses the whole file, changing nothing.
    std::fs::write(&csv, "certificate\n01\n").unwrap();
    let err = env
        .ca(&["revoke", "--batch", csv.to_str().unwrap()])
        .fails(2);
    assert!(err.contains("unknown column"), "{err}");
}

#[test]
fn a_refused_row_names_its_field_in_the_officers_language() {
    let env = TestEnv::new();
    env.init(&[]);
    let csv = env.path("applicants.csv");
    std::fs::write(
        &csv,
        "subject,snils\nCN=Сломанный Заявитель,112-233-445 96\nCN=Заявитель,112-233-445 95\n",
    )
    .unwrap();
    let mut command = env.ca_command(&["enroll", "--batch", csv.to_str().unwrap(), "--out", "out"]);
    command.env_remove("LC_ALL").env("LANG", "ru_RU.UTF-8");
    let run = crate::util::Run::from_output(command.output().unwrap());
    assert_eq!(run.code, 2, "{}", run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains(
            "строка 2: отклонено: --snils 112-233-445 96: СНИЛС: неверное контрольное число"
        ),
        "{all}"
    );
    assert!(all.contains("выдано: 1, отклонено: 1"), "{all}");
}

#[test]
fn a_revocation_batch_line_that_cannot_be_read_is_worded_in_russian() {
    let env = TestEnv::new();
    env.init(&[]);
    let csv = env.path("revocations.csv");
    std::fs::write(
        &csv,
        "serial,reason,invalidity_date\n0a,bogus,\n0b,,yesterday\n",
    )
    .unwrap();
    let mut command = env.ca_command(&["revoke", "--batch", csv.to_str().unwrap()]);
    command.env_remove("LC_ALL").env("LANG", "ru_RU.UTF-8");
    let run = crate::util::Run::from_output(command.output().unwrap());
    assert_eq!(run.code, 2, "{}", run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("--reason bogus: ожидается одно из"), "{all}");
    assert!(
        all.contains("invalidity_date: время «yesterday» записано не по RFC 3339"),
        "{all}"
    );
}
