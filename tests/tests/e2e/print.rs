//! `ca show SERIAL --print FILE.pdf`: the holder's paper copy, in Russian, with its text
//! extractable (poppler's pdftotext) and the page renderable (pdftoppm).

use std::process::Command;

use crate::peers::required_program;
use crate::util::TestEnv;

/// `DD.MM.YYYY` of an RFC 3339 time.
fn russian_date(rfc3339: &str) -> String {
    format!("{}.{}.{}", &rfc3339[8..10], &rfc3339[5..7], &rfc3339[..4])
}

#[test]
fn the_printed_copy_names_the_holder_in_cyrillic_with_snils_serial_and_validity() {
    let env = TestEnv::new();
    env.ca(&["quickstart"]).ok();
    let listed = env
        .ca(&["--json", "list", "--snils", "112-233-445 95"])
        .json();
    let serial = listed[0]["serial"].as_str().unwrap().to_owned();
    let shown = env.ca(&["--json", "show", &serial]).json();
    let pdf = env.path("copy.pdf");
    let printed = env
        .ca(&["--json", "show", &serial, "--print", pdf.to_str().unwrap()])
        .json();
    assert_eq!(printed["printed"], pdf.to_str().unwrap());
    let text = Command::new(required_program("pdftotext", "poppler-utils"))
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "Сертификат ключа проверки электронной подписи".to_owned(),
        "Иванов Иван Иванович".to_owned(),
        "СНИЛС".to_owned(),
        "112-233-445 95".to_owned(),
        "500100732259".to_owned(),
        serial.clone(),
        russian_date(shown["not_before"].as_str().unwrap()),
        russian_date(shown["not_after"].as_str().unwrap()),
        "Демонстрационный УЦ".to_owned(),
        "Уполномоченное лицо УЦ".to_owned(),
        "подпись".to_owned(),
    ] {
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
    // It renders as a page.
    let prefix = env.path("page");
    let rendered = Command::new(required_program("pdftoppm", "poppler-utils"))
        .args(["-png", "-r", "40", "-singlefile", pdf.to_str().unwrap()])
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    let png = std::fs::read(prefix.with_extension("png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    // An unknown serial prints nothing.
    let missing = env.path("missing.pdf");
    env.ca(&["show", "0badc0de", "--print", missing.to_str().unwrap()])
        .fails(2);
    assert!(!missing.exists());
}
