//! CTG033 post-change: a post that gives both `etp` and `change` agrees with the previous period.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lp::{row_of, BuildError, Op, Relax, Rows, Subject, Term, VarId, FIGURE_COST};
use crate::number::fmt_etp;
use crate::scenario::Figure;

pub static RULE: Rule = Rule {
    code: Code::PostChange,
    name: "post-change",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A post's `change` does not match its `etp` and the previous period",
    explanation: include_str!("post_change.md"),
    check: Some(check),
    planning: Planning::Figures,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    for (i, period) in s.periods.iter().enumerate() {
        for post in period.posts.iter().flat_map(|p| &p.entries) {
            let (Some(etp), Some(change)) = (post.etp, post.change) else {
                continue;
            };
            let Some(before) = i
                .checked_sub(1)
                .and_then(|j| ctx.facts.etp(j, &post.holder.id))
            else {
                continue;
            };
            let actual = etp.value - before;
            if actual != change.value {
                let prev_period = s.previous(i);
                let prev = prev_period.map_or("", |p| p.name());
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "{} goes from {} ETP in {prev} to {} ETP in {}, a change of {}, not {}",
                            post.holder.id,
                            fmt_etp(before),
                            fmt_etp(etp.value),
                            period.name(),
                            signed(actual),
                            signed(change.value)
                        ),
                    )
                    .primary(change.span(), "this change")
                    .secondary(etp.span(), "does not lead to this figure")
                    .period(prev_period.map_or("", |p| p.id.id.as_str()))
                    .period(&period.id.id)
                    .holder(&post.holder.id)
                    .help(format!(
                        "write `change = {}` or drop it: it is derived from `etp`",
                        signed(actual)
                    )),
                );
            }
        }
    }
}

pub fn signed(d: rust_decimal::Decimal) -> String {
    if d.is_sign_negative() {
        fmt_etp(d)
    } else {
        format!("+{}", fmt_etp(d))
    }
}

/// The rule's row in the planning model: `figure − previous = change`
/// for `holder` (figure `v`) in `period`; the previous figure is a
/// constant, a planned variable, or an unknown one.
pub fn rows(
    period: &str,
    holder: &str,
    v: VarId,
    previous: Term,
    change: Figure,
    r: &mut dyn Rows,
) -> Result<(), BuildError> {
    let units = r.units(change.value.abs(), Some(change.span()))?;
    let units = if change.value.is_sign_negative() {
        -units
    } else {
        units
    };
    r.constrain(
        RULE.code,
        Some(change.span()),
        Subject::Figure {
            period: period.to_owned(),
            item: format!("the change of {holder}"),
            value: units,
        },
        Relax::Cost(FIGURE_COST),
        vec![row_of(&[(Term::Var(v), 1), (previous, -1)], Op::Eq, units)],
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn etp_and_change_must_agree() {
        let text = format!("{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\nposts.a = {{ etp = 0.2 }}\n[[period]]\nid = \"2027\"\nposts.a = {{ etp = 0.4, change = 0.1 }}\n");
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&text, &d[0]), "0.1");
        assert!(run(&RULE, &text.replace("change = 0.1", "change = 0.2")).is_empty());
    }
}
