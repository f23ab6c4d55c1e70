//! CTG113 caf-unstated: a covered file does not name its Caf.

use super::super::{Family, Rule};
use super::Context;
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::CafUnstated,
    name: "caf-unstated",
    family: Family::Portfolio,
    severity: Severity::Warning,
    summary: "A covered file does not name its Caf: the portfolio assumes it is its own",
    explanation: include_str!("caf_unstated.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for c in ctx.covered {
        if c.scenario.territory.caf.is_some() {
            continue;
        }
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!(
                    "{} does not name its Caf; counted as {}'s",
                    c.file, ctx.portfolio.caf.id
                ),
            )
            .primary(
                c.origin.clone(),
                format!("covers {}", c.scenario.territory.name),
            )
            .help(format!(
                "add `caf = \"{}\"` to the `[territory]` of {} once the convention confirms it",
                ctx.portfolio.caf.id, c.file
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{run, territory};

    #[test]
    fn a_file_without_caf_is_stated() {
        let p = "[portfolio]\ncaf = \"C\"\n";
        let none = territory("A", None, "2026", "");
        let d = run(&RULE, p, &[("a.toml", &none)], &[]);
        assert_eq!(d.len(), 1);
        let named = territory("A", Some("C"), "2026", "");
        assert!(run(&RULE, p, &[("a.toml", &named)], &[]).is_empty());
    }
}
