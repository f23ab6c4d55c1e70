//! CTG113 caf-unstated: a covered file does not name its Caf.

use super::super::{Family, Rule};
use super::Context;
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};

crate::msgs! {
    UNSTATED = "ctg113.unstated",
        fr: "{file} ne nomme pas sa Caf\u{a0}; compté comme relevant de {caf}",
        en: "{file} does not name its Caf; counted as {caf}'s";
    COVERS = "ctg113.covers", fr: "couvre {territory}", en: "covers {territory}";
    HELP = "ctg113.help",
        fr: "ajoutez `caf = \"{caf}\"` au `[territory]` de {file} une fois la convention confirmée",
        en: "add `caf = \"{caf}\"` to the `[territory]` of {file} once the convention confirms it";
}

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
                Text::new(&UNSTATED)
                    .arg("file", Arg::raw(c.file.to_string()))
                    .arg("caf", Arg::raw(ctx.portfolio.caf.id.to_string())),
            )
            .primary(
                c.origin.clone(),
                Text::new(&COVERS)
                    .arg("territory", Arg::raw(c.scenario.territory.name.to_string())),
            )
            .help(
                Text::new(&HELP)
                    .arg("caf", Arg::raw(ctx.portfolio.caf.id.to_string()))
                    .arg("file", Arg::raw(c.file.to_string())),
            ),
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
