//! `ca completions` and `ca man`: bash loads the completion script and completes with it;
//! `man -l` renders the page.

use std::process::Command;

use crate::peers::required_program;
use crate::util::TestEnv;

#[test]
fn bash_loads_the_completion_script_and_completes_commands_and_flags() {
    let env = TestEnv::new();
    let script = env.path("ca.bash");
    std::fs::write(&script, env.ca(&["completions", "bash"]).ok()).unwrap();
    // bash loads it and, asked to complete `ca ver` and `ca sign --long`, offers what exists.
    let probe = format!(
        "source {script}; complete -p ca; \
         COMP_WORDS=(ca ver); COMP_CWORD=1; _ca ca ver ca; echo \"words: ${{COMPREPLY[*]}}\"; \
         COMP_WORDS=(ca sign --long); COMP_CWORD=2; _ca ca --long sign; \
         echo \"flags: ${{COMPREPLY[*]}}\"",
        script = script.display()
    );
    let out = Command::new("bash").args(["-c", &probe]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("-F _ca ca"), "{text}");
    assert!(text.contains("words: verify"), "{text}");
    assert!(text.contains("flags: --long-term"), "{text}");
    for shell in ["zsh", "fish"] {
        let script = env.ca(&["completions", shell]).ok();
        assert!(
            script.contains("verify") && script.contains("long-term"),
            "{shell}"
        );
    }
}

#[test]
fn man_renders_the_manual_page_with_every_command() {
    let env = TestEnv::new();
    let page = env.path("ca.1");
    std::fs::write(&page, env.ca(&["man"]).ok()).unwrap();
    let out = Command::new(required_program("man", "man-db"))
        .args(["-l", page.to_str().unwrap()])
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "ca sign",
        "ca verify",
        "--offline",
        "--services-url",
        "ca completions",
    ] {
        assert!(
            text.contains(expected),
            "{expected} not in the page:\n{text}"
        );
    }
}
