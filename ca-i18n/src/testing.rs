//! What the catalogue tests of each program share: reading a catalogue's messages with the
//! variables they use, and the help keys a clap tree asks for.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use crate::{arg_key, command_key};

/// Message id -> the variables its value uses; panics naming `name` when the source does not
/// parse or holds a message twice.
pub fn messages(source: &str, name: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("{name} does not parse: {errors:?}"));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(message) = entry {
            let mut variables = BTreeSet::new();
            if let Some(pattern) = &message.value {
                pattern_variables(pattern, &mut variables);
            }
            assert!(
                out.insert(message.id.name.clone(), variables).is_none(),
                "{name}: {} twice",
                message.id.name
            );
        }
    }
    out
}

/// The variables `pattern` uses, inside select expressions too (their selectors and every
/// variant).
fn pattern_variables(pattern: &ast::Pattern<String>, variables: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, variables);
        }
    }
}

fn expression_variables(expression: &ast::Expression<String>, variables: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(inline) => inline_variables(inline, variables),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, variables);
            for variant in variants {
                pattern_variables(&variant.value, variables);
            }
        }
    }
}

fn inline_variables(inline: &ast::InlineExpression<String>, variables: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            variables.insert(id.name.clone());
        }
        ast::InlineExpression::Placeable { expression } => {
            expression_variables(expression, variables);
        }
        _ => {}
    }
}

/// Whether a catalogue key is a help text (`cmd-*`, `arg-*`).
pub fn is_help(key: &str) -> bool {
    key == "cmd" || key.starts_with("cmd-") || key.starts_with("arg-")
}

/// Every help key of the clap tree `command`, as `localize_help` asks for them.
pub fn help_keys(command: &clap::Command) -> BTreeSet<String> {
    fn walk(command: &clap::Command, path: &mut Vec<String>, keys: &mut BTreeSet<String>) {
        keys.insert(command_key(path));
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id != "help" && id != "version" {
                keys.insert(arg_key(path, id));
            }
        }
        for sub in command.get_subcommands() {
            path.push(sub.get_name().to_owned());
            walk(sub, path, keys);
            path.pop();
        }
    }
    let mut keys = BTreeSet::new();
    walk(command, &mut Vec::new(), &mut keys);
    keys
}

/// Checks a program's catalogues: the same non-help messages with the same variables (a
/// translation may use the extra variables `extra[key]` the code passes that the English
/// leaves out), and Russian help for exactly the clap tree `command`.
pub fn check_catalogues(
    en: &str,
    ru: &str,
    command: &clap::Command,
    extra: &BTreeMap<&str, BTreeSet<String>>,
) {
    let en = messages(en, "en.ftl");
    let ru_all = messages(ru, "ru.ftl");
    let ru: BTreeMap<_, _> = ru_all
        .iter()
        .filter(|(k, _)| !is_help(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let missing_in_ru: Vec<_> = en.keys().filter(|k| !ru.contains_key(*k)).collect();
    let missing_in_en: Vec<_> = ru.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing_in_ru.is_empty(), "not in ru.ftl: {missing_in_ru:?}");
    assert!(missing_in_en.is_empty(), "not in en.ftl: {missing_in_en:?}");
    for (key, variables) in &en {
        let mut passed = variables.clone();
        passed.extend(extra.get(key.as_str()).cloned().unwrap_or_default());
        assert!(
            ru[key].is_subset(&passed) && variables.is_subset(&ru[key]),
            "{key}: the variables differ ({variables:?} and {:?})",
            ru[key]
        );
    }
    let wanted = help_keys(command);
    let help: BTreeSet<String> = ru_all.into_keys().filter(|k| is_help(k)).collect();
    let missing: Vec<_> = wanted.difference(&help).collect();
    let stale: Vec<_> = help.difference(&wanted).collect();
    assert!(missing.is_empty(), "no Russian help for: {missing:?}");
    assert!(
        stale.is_empty(),
        "ru.ftl has help for what does not exist: {stale:?}"
    );
}

#[cfg(test)]
mod tests {
    use super::messages;

    #[test]
    fn variables_inside_select_expressions_are_counted() {
        let source = "plain = { $a } and { $b }\n\
                      chosen = { $kind ->\n    [one] { $x }\n   *[other] { $y }\n    } end\n";
        let found = messages(source, "test.ftl");
        let names = |key: &str| found[key].iter().cloned().collect::<Vec<_>>();
        assert_eq!(names("plain"), ["a", "b"]);
        assert_eq!(names("chosen"), ["kind", "x", "y"]);
    }
}
