//! CTG119 incomplete-sum: an envelope that cannot be checked is stated.

use super::super::{Family, Rule};
use super::{years_text, Context};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::IncompleteSum,
    name: "incomplete-sum",
    family: Family::Portfolio,
    severity: Severity::Warning,
    summary: "A covered file is unusable or a territory's figure is unknown, so the envelope cannot be checked",
    explanation: include_str!("incomplete_sum.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (file, at) in ctx.unusable {
        out.push(
            Diagnostic::warning(
                RULE.code,
                format!("{file} cannot be loaded: the portfolio's sums leave it out"),
            )
            .primary(at.clone(), "unusable file")
            .help(format!(
                "fix {file} first (`ctgplan check {file}` says how)"
            )),
        );
    }
    for (i, env) in ctx.portfolio.envelope.iter().enumerate() {
        let in_env = || {
            ctx.summary
                .years
                .iter()
                .filter(move |y| y.envelope == Some(i))
        };
        let checks = [
            (
                env.etp,
                "co-financed ETP",
                "a `caf_total` or a `total` for the period",
            ),
            (
                env.euros,
                "the Caf's euros",
                "a `[financing]` table and every post's ETP",
            ),
        ];
        for (k, (figure, what, needs)) in checks.into_iter().enumerate() {
            let Some(figure) = figure else { continue };
            let mut years = Vec::new();
            let mut files: Vec<&str> = Vec::new();
            for y in in_env() {
                let unknown: Vec<&str> = y
                    .rows
                    .iter()
                    .filter(|r| {
                        if k == 0 {
                            r.etp.is_none()
                        } else {
                            r.caf.is_none()
                        }
                    })
                    .filter_map(|r| ctx.covered.get(r.territory).map(|c| c.file.as_str()))
                    .collect();
                if !unknown.is_empty() {
                    years.push(y.year);
                    for f in unknown {
                        if !files.contains(&f) {
                            files.push(f);
                        }
                    }
                }
            }
            if years.is_empty() {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!(
                        "{}: {what} of {} are unknown, so this envelope cannot be checked",
                        years_text(&years),
                        files.join(", ")
                    ),
                )
                .primary(figure.span(), "not checked")
                .help(format!("give {needs} in {}", files.join(", "))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{run, territory};

    #[test]
    fn unknown_euros_are_stated() {
        let p = "[portfolio]\ncaf = \"C\"\n[envelope]\n\"2026\" = { etp = 4, euros = 90000 }\n";
        let a = territory("A", Some("C"), "2026", "total = 3.8\n");
        let d = run(&RULE, p, &[("a.toml", &a)], &[]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("the Caf's euros of a.toml"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        let etp_only = "[portfolio]\ncaf = \"C\"\n[envelope]\n\"2026\" = { etp = 4 }\n";
        assert!(run(&RULE, etp_only, &[("a.toml", &a)], &[]).is_empty());
    }
}
