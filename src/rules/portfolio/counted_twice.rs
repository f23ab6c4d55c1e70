//! CTG114 counted-twice: no territory is counted twice in a portfolio.

use super::super::{Family, Rule};
use super::Context;
use crate::diagnostic::{Diagnostic, Severity};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: crate::code::Code::CountedTwice,
    name: "counted-twice",
    family: Family::Portfolio,
    severity: Severity::Error,
    summary: "A file is named twice, or two covered files describe the same territory or commune",
    explanation: include_str!("counted_twice.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (at, first, path) in ctx.repeated {
        out.push(
            Diagnostic::error(
                RULE.code,
                format!("{} is named twice in the portfolio", path.display()),
            )
            .primary(at.clone(), "named again")
            .secondary(first.clone(), "first named here")
            .help("name each file once (a folder already covers the files in it)"),
        );
    }
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut insee: HashMap<&str, usize> = HashMap::new();
    for (i, c) in ctx.covered.iter().enumerate() {
        let name = c.scenario.territory.name.trim().to_lowercase();
        if let Some(&j) = names.get(&name) {
            if let Some(first) = ctx.covered.get(j) {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "{} and {} both describe the territory {}",
                            first.file, c.file, c.scenario.territory.name
                        ),
                    )
                    .primary(c.origin.clone(), "second file")
                    .secondary(first.origin.clone(), "first file")
                    .help("keep one file per territory (e.g. its periods in one scenario)"),
                );
            }
            continue;
        }
        names.insert(name, i);
        let mut reported = false;
        for commune in &c.scenario.communes {
            let Some(code) = &commune.insee else { continue };
            match insee.get(code.id.as_str()) {
                Some(&j) if j != i && !reported => {
                    reported = true;
                    if let Some(first) = ctx.covered.get(j) {
                        out.push(
                            Diagnostic::error(
                                RULE.code,
                                format!(
                                    "commune {} (INSEE {}) is in both {} and {}",
                                    commune.name, code.id, first.file, c.file
                                ),
                            )
                            .primary(c.origin.clone(), "second territory")
                            .secondary(first.origin.clone(), "first territory")
                            .help("a commune belongs to one CTG: remove it from one file, or check its INSEE code"),
                        );
                    }
                }
                Some(_) => {}
                None => {
                    insee.insert(code.id.as_str(), i);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{run, territory};

    #[test]
    fn same_name_or_same_commune() {
        let p = "[portfolio]\ncaf = \"C\"\n";
        let a = territory("A", Some("C"), "2026", "");
        let a2 = territory(" a", Some("C"), "2027", "");
        assert_eq!(
            run(&RULE, p, &[("a.toml", &a), ("b.toml", &a2)], &[]).len(),
            1
        );
        let commune = "[[commune]]\nid = \"x\"\nname = \"Istres\"\ninsee = \"13047\"\n";
        let b = territory("B", Some("C"), "2026", commune);
        let c = territory("C", Some("C"), "2026", commune);
        let d = run(&RULE, p, &[("b.toml", &b), ("c.toml", &c)], &[]);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.render(crate::i18n::Lang::En).contains("13047"));
        let other = territory("D", Some("C"), "2026", &commune.replace("13047", "13039"));
        assert!(run(&RULE, p, &[("b.toml", &b), ("d.toml", &other)], &[]).is_empty());
    }
}
