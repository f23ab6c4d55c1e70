//! CTG033 post-change: a post that gives both `etp` and `change` agrees with the previous period.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::lp::{
    row_of, BuildError, FigureItem, Op, Relax, Rows, Subject, Term, VarId, FIGURE_COST,
};
use crate::number::fmt_etp;
use crate::scenario::Figure;

crate::msgs! {
    MISMATCH = "ctg033.mismatch",
        fr: "{holder} passe de {before} ETP en {previous} à {etp} ETP en {period}, soit une variation de {actual}, et non de {change}",
        en: "{holder} goes from {before} ETP in {previous} to {etp} ETP in {period}, a change of {actual}, not {change}";
    THIS_CHANGE = "ctg033.this_change", fr: "cette variation", en: "this change";
    NOT_THIS = "ctg033.not_this", fr: "ne mène pas à ce chiffre", en: "does not lead to this figure";
    HELP = "ctg033.help",
        fr: "écrivez `change = {actual}` ou supprimez-le\u{a0}: il se déduit de `etp`",
        en: "write `change = {actual}` or drop it: it is derived from `etp`";
}

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
                        Text::new(&MISMATCH)
                            .arg("holder", super::args::subject(s, &post.holder.id))
                            .arg("before", Arg::etp(before))
                            .arg("previous", Arg::id(prev))
                            .arg("etp", Arg::etp(etp.value))
                            .arg("period", super::args::period(period))
                            .arg("actual", Arg::etp_change(actual))
                            .arg("change", Arg::etp_change(change.value)),
                    )
                    .primary(change.span(), &THIS_CHANGE)
                    .secondary(etp.span(), &NOT_THIS)
                    .period(prev_period.map_or("", |p| p.id.id.as_str()))
                    .period(&period.id.id)
                    .holder(&post.holder.id)
                    .help(Text::new(&HELP).arg("actual", Arg::raw(signed(actual)))),
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
            item: FigureItem::Change(holder.to_owned()),
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
