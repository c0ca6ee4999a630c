//! The officer's language: Russian by the locale (POSIX precedence) or `--lang ru`, English
//! otherwise; refusals, help and reports change with it, `--json` and exit codes never do.

use crate::util::{Run, TestEnv};

/// `ca ARGS` with the locale variables `locale` (and no others).
fn ca_in(env: &TestEnv, locale: &[(&str, &str)], args: &[&str]) -> Run {
    let mut command = env.ca_command(args);
    for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        command.env_remove(name);
    }
    for (name, value) in locale {
        command.env(name, value);
    }
    Run::from_output(command.output().expect("running ca"))
}

const RU: &[(&str, &str)] = &[("LANG", "ru_RU.UTF-8")];
const EN: &[(&str, &str)] = &[("LANG", "C.UTF-8")];

#[test]
fn a_wrong_snils_is_refused_in_the_officers_language_with_the_same_exit_code() {
    let env = TestEnv::new();
    env.init(&[]);
    let csr = env.csr("holder", "p256", "/CN=Holder/C=RU");
    let args = [
        "issue",
        "--csr",
        csr.to_str().unwrap(),
        "--snils",
        "112-233-445 96",
    ];
    let english = ca_in(&env, EN, &args).fails(2);
    assert!(
        english.contains("--snils 112-233-445 96: check number is 95"),
        "{english}"
    );
    let russian = ca_in(&env, RU, &args).fails(2);
    assert!(
        russian.contains("СНИЛС") && russian.contains("неверное контрольное число, должно быть 95"),
        "{russian}"
    );
    // POSIX precedence: LC_ALL=C wins over LANG; --lang wins over both.
    let c_wins = ca_in(&env, &[("LC_ALL", "C"), ("LANG", "ru_RU.UTF-8")], &args).fails(2);
    assert!(c_wins.contains("check number is 95"), "{c_wins}");
    let messages = ca_in(
        &env,
        &[("LC_MESSAGES", "ru_RU.UTF-8"), ("LANG", "C")],
        &args,
    )
    .fails(2);
    assert!(messages.contains("контрольное число"), "{messages}");
    let flag = ca_in(&env, EN, &[&["--lang", "ru"][..], &args].concat()).fails(2);
    assert!(flag.contains("контрольное число"), "{flag}");
    // A folder that is not a CA home: what is missing is said in Russian too.
    let nowhere = ca_in(&env, RU, &["--home", "nowhere", "list"]).fails(2);
    assert!(nowhere.contains("не каталог УЦ (нет ca.toml)"), "{nowhere}");
    // Other refusals with their facts: an unknown serial.
    let unknown = ca_in(&env, RU, &["show", "0badc0de"]).fails(2);
    assert!(unknown.contains("в реестре нет сертификата"), "{unknown}");
    // A second revocation: refused with the same code in both languages.
    let cert = env.issue_leaf("revoked", "/CN=Revoked/C=RU");
    let serial = crate::util::serial_of(&cert);
    ca_in(&env, EN, &["revoke", &serial, "--reason", "keyCompromise"]).ok();
    let again = ["revoke", serial.as_str()];
    let english = ca_in(&env, EN, &again);
    let russian = ca_in(&env, RU, &again);
    assert_ne!(english.code, 0);
    assert_eq!(english.code, russian.code);
    assert!(
        english.stderr.contains("already revoked"),
        "{}",
        english.stderr
    );
    assert!(
        russian.stderr.contains("уже отозван") && russian.stderr.contains("отзыв окончателен"),
        "{}",
        russian.stderr
    );
    // A malformed request: the refusal says so in Russian.
    let garbage = env.path("garbage.csr");
    std::fs::write(&garbage, b"not a request").unwrap();
    let refused = ca_in(&env, RU, &["issue", "--csr", garbage.to_str().unwrap()]).fails(2);
    assert!(
        refused.contains("запрос на сертификат отклонён"),
        "{refused}"
    );
    // The library's refusals word fully in Russian by their key, with the same exit code: a
    // delta CRL before any full one, a responder that is not registered.
    let args = ["crl", "--delta"];
    let english = ca_in(&env, EN, &args).fails(2);
    assert!(english.contains("there is no full CRL yet"), "{english}");
    let russian = ca_in(&env, RU, &args).fails(2);
    assert!(
        russian.contains("ещё нет полного списка отозванных сертификатов")
            && russian.contains("сначала выполните `ca crl`")
            && !russian.contains("there is"),
        "{russian}"
    );
    let args = ["responder", "remove", "http://127.0.0.1:9"];
    let english = ca_in(&env, EN, &args);
    let russian = ca_in(&env, RU, &args);
    assert_ne!(english.code, 0);
    assert_eq!(english.code, russian.code);
    assert!(
        english.stderr.contains("is registered"),
        "{}",
        english.stderr
    );
    assert!(
        russian
            .stderr
            .contains("OCSP-служба http://127.0.0.1:9 не зарегистрирована"),
        "{}",
        russian.stderr
    );
    // A new CA under a weak passphrase: refused in Russian with zxcvbn's figures, exit 2.
    let fresh = TestEnv::new();
    let mut weak = fresh.ca_command(&["init", "--subject", "CN=Слабый УЦ"]);
    weak.env("CA_PASSPHRASE", "password1")
        .env_remove("LC_ALL")
        .env("LANG", "ru_RU.UTF-8");
    let weak = Run::from_output(weak.output().unwrap());
    assert_eq!(weak.code, 2, "{}", weak.stderr);
    assert!(
        weak.stderr.contains("слишком легко подобрать"),
        "{}",
        weak.stderr
    );
    assert!(!fresh.home().exists());
    // A key the CA cannot make: refused in Russian by the library's words, and no half-made
    // home is left behind (before, the register folder stayed).
    let mut rsa = fresh.ca_command(&["init", "--subject", "CN=УЦ", "--key", "rsa"]);
    rsa.env("CA_PASSPHRASE", "correct horse battery staple orbit")
        .env_remove("LC_ALL")
        .env("LANG", "ru_RU.UTF-8");
    let rsa = Run::from_output(rsa.output().unwrap());
    assert_eq!(rsa.code, 2, "{}", rsa.stderr);
    assert!(
        rsa.stderr.contains("ключи RSA здесь не создаются"),
        "{}",
        rsa.stderr
    );
    assert!(!fresh.home().exists());
    // Nothing was issued by any of the refused attempts.
    let listed = ca_in(&env, EN, &["--json", "list", "--subject", "Holder"]).json();
    assert_eq!(listed.as_array().unwrap().len(), 0, "{listed}");
}

#[test]
fn json_output_is_the_same_in_both_languages_and_help_is_translated() {
    let env = TestEnv::new();
    env.init(&[]);
    let cert = env.issue_leaf("holder", "/CN=Holder/C=RU");
    let serial = crate::util::serial_of(&cert);
    for args in [
        vec!["--json", "list"],
        vec!["--json", "show", serial.as_str()],
        vec!["--json", "responder", "list"],
    ] {
        let english = ca_in(&env, EN, &args).ok();
        let russian = ca_in(&env, RU, &args).ok();
        assert_eq!(english, russian, "{args:?}");
    }
    // `ca verify` reports in Russian, check names and common details alike.
    let doc = crate::signing::document(&env, "application.txt");
    let sig = crate::signing::sign(&env, "holder", &doc, &[]);
    let ca = env.ca_pem();
    // `ca verify` of that signature under `trust`, with `options`, in `locale`.
    let verify = |locale: &[(&str, &str)], trust: &std::path::Path, options: &[&str]| {
        let sig = sig.to_str().unwrap();
        let mut args = vec!["verify", "--sig", sig, "--trust", trust.to_str().unwrap()];
        args.extend_from_slice(options);
        args.push(doc.to_str().unwrap());
        ca_in(&env, locale, &args)
    };
    let report = verify(RU, &ca, &["--revocation", "off"]).ok();
    for expected in [
        "подпись ДЕЙСТВИТЕЛЬНА",
        "хеш документа: содержимое совпадает",
        "подпись над подписанными атрибутами верна",
        "цепочка сертификатов: действительна на время проверки",
        "не проверялся (проверка отзыва выключена)",
    ] {
        assert!(report.contains(expected), "{expected:?} not in:\n{report}");
    }
    // The notes too: an offline verification of a signature that carries no CRL or OCSP answer.
    let offline = verify(RU, &ca, &["--offline", "--revocation", "if-available"]);
    assert!(
        offline.stdout.contains("это не долгосрочная подпись"),
        "{}{}",
        offline.stdout,
        offline.stderr
    );
    // Why revocation could not be established, inside the revocation check, in Russian.
    let unestablished = verify(RU, &ca, &["--ocsp", "off"]);
    assert_ne!(unestablished.code, 0);
    assert!(
        unestablished.stdout.contains(
            "требуется, но не установлено: списка отозванных сертификатов не дано, а OCSP выключен"
        ),
        "{}",
        unestablished.stdout
    );
    // The less common details too: a path to another CA's root (of the same name, another key)
    // fails, worded in Russian.
    let stranger = TestEnv::new();
    stranger.init(&[]);
    let other_root = stranger.ca_pem();
    let verify_under = |locale| verify(locale, &other_root, &["--revocation", "off"]);
    let (english, russian) = (verify_under(EN), verify_under(RU));
    assert_ne!(russian.code, 0);
    assert_eq!(english.code, russian.code);
    assert!(
        english.stdout.contains("no valid path to a trusted root"),
        "{}",
        english.stdout
    );
    assert!(
        russian
            .stdout
            .contains("нет действительного пути к доверенному корневому сертификату"),
        "{}",
        russian.stdout
    );
    // The human report of `ca show` is in Russian.
    let shown = ca_in(&env, RU, &["show", &serial]).ok();
    assert!(
        shown.contains("серийный номер") && shown.contains("история"),
        "{shown}"
    );
    // clap's own `help` subcommand is worded too, and still works.
    let top = ca_in(&env, RU, &["--help"]).ok();
    assert!(
        top.contains("Показать эту справку или справку указанных команд")
            && !top.contains("Print this message")
            && top.contains("[переменная окружения: CA_HOME] [по умолчанию: ca-home]")
            && !top.contains("[env:")
            && !top.contains("[default:"),
        "{top}"
    );
    let via_help = ca_in(&env, RU, &["help", "sign"]).ok();
    assert!(via_help.contains("Подписываемый файл"), "{via_help}");
    let help = ca_in(&env, RU, &["sign", "--help"]).ok();
    assert!(
        help.contains("Подписываемый файл") && help.contains("Параметры:"),
        "{help}"
    );
    // The command line's own parse errors too, with clap's exit code.
    let unknown = ca_in(&env, RU, &["list", "--bogus"]).fails(2);
    assert!(
        unknown.contains("неизвестный параметр «--bogus»"),
        "{unknown}"
    );
    let unknown = ca_in(&env, EN, &["list", "--bogus"]).fails(2);
    assert!(
        unknown.contains("unexpected argument '--bogus'"),
        "{unknown}"
    );
    let help = ca_in(&env, EN, &["sign", "--help"]).ok();
    assert!(
        help.contains("The file to sign") && help.contains("Options:"),
        "{help}"
    );
}

#[test]
fn ocsp_server_helps_and_refuses_to_start_in_russian_and_its_exit_code_stays() {
    let run = |locale: &[(&str, &str)], args: &[&str]| {
        let mut command = std::process::Command::new(crate::util::bin_dir().join("ocsp-server"));
        for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
            command.env_remove(name);
        }
        command.envs(locale.iter().copied()).args(args);
        Run::from_output(command.output().expect("running ocsp-server"))
    };
    let help = run(RU, &["--help"]).ok();
    assert!(help.contains("Каталог данных службы"), "{help}");
    let help = run(EN, &["--help"]).ok();
    assert!(help.contains("The responder's data folder"), "{help}");
    let russian = run(RU, &["--data", "/nonexistent"]).fails(2);
    assert!(russian.contains("нужен --ca-cert"), "{russian}");
    let english = run(EN, &["--data", "/nonexistent"]).fails(2);
    assert!(english.contains("--ca-cert FILE is needed"), "{english}");
    // A file that is not a status update, offered to `import`: the library's refusal in
    // Russian, the same exit code.
    let env = TestEnv::new();
    env.init(&[]);
    let garbage = env.path("update.bin");
    std::fs::write(&garbage, b"not an update").unwrap();
    let ca = env.ca_pem();
    let data = env.path("replica");
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--ca-cert",
        ca.to_str().unwrap(),
        "import",
        garbage.to_str().unwrap(),
    ];
    let russian = run(RU, &args).fails(2);
    assert!(russian.contains("это не обновление статусов"), "{russian}");
    let english = run(EN, &args).fails(2);
    assert!(english.contains("not a status update"), "{english}");
}
