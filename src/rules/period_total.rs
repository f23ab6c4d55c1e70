//! CTG030 period-total: communes + other carriers + coordinator = the period's total.

pub mod planning;

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::lp::{BuildError, Op, Relax, Rows, Subject, VarId};
use crate::scenario::facts::PeriodFacts;
use crate::scenario::Period;

crate::msgs! {
    PLUS_CHANGES = "ctg030.plus_changes",
        fr: "le total de {previous} plus les changements indiqués",
        en: "the total of {previous} plus the changes listed";
    POSTS_AND_COORDINATOR = "ctg030.posts_and_coordinator",
        fr: "les postes et le coordinateur",
        en: "the posts and the coordinator";
    POSTS = "ctg030.posts", fr: "les postes", en: "the posts";
    MISMATCH = "ctg030.mismatch",
        fr: "période {period}\u{a0}: {how} totalisent {derived} ETP, mais son total est de {total} ETP",
        en: "period {period}: {how} add up to {derived} ETP, but its total is {total} ETP";
    DECLARED_HERE = "ctg030.declared_here", fr: "{total} ETP déclarés ici", en: "{total} ETP declared here";
    THESE_ADD_UP = "ctg030.these_add_up", fr: "ceux-ci totalisent {derived}", en: "these add up to {derived}";
    HELP = "ctg030.help",
        fr: "portez le total à {derived} ETP, ou changez les postes de {gap} ETP",
        en: "change the total to {derived} ETP, or change the posts by {gap} ETP";
}

pub static RULE: Rule = Rule {
    code: Code::PeriodTotal,
    name: "period-total",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "The posts and the coordinator do not add up to the period's total",
    explanation: include_str!("period_total.md"),
    check: Some(check),
    planning: Planning::Figures,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    for (i, (period, facts)) in s.periods.iter().zip(&ctx.facts.periods).enumerate() {
        let (Some(total), Some(derived)) = (period.total, facts.derived_total) else {
            continue;
        };
        if total.value == derived {
            continue;
        }
        let how = if period.is_incremental() {
            let prev = s.previous(i).map_or("?", |p| p.name());
            Text::new(&PLUS_CHANGES).arg("previous", Arg::id(prev))
        } else if period.coordinator.is_some() {
            Text::new(&POSTS_AND_COORDINATOR)
        } else {
            Text::new(&POSTS)
        };
        let mut d = Diagnostic::error(
            RULE.code,
            Text::new(&MISMATCH)
                .arg("period", super::args::period(period))
                .arg("how", Arg::text(how))
                .arg("derived", Arg::etp(derived))
                .arg("total", Arg::etp(total.value)),
        )
        .primary(
            total.span(),
            Text::new(&DECLARED_HERE).arg("total", Arg::etp(total.value)),
        )
        .period(&period.id.id);
        if let Some(posts) = &period.posts {
            d = d.secondary(
                posts.span.clone(),
                Text::new(&THESE_ADD_UP).arg("derived", Arg::etp(derived)),
            );
        }
        out.push(
            d.help(
                Text::new(&HELP)
                    .arg("derived", Arg::etp(derived))
                    .arg("gap", Arg::etp(total.value - derived)),
            ),
        );
    }
}

/// Cost per unit of relaxing a period's total (a figure agreed in the file).
pub const RELAX_COST: i64 = 20;

/// The rule's rows in the planning model of `period`: its staff (`all`,
/// the holders' or themes' variables) plus the coordinator (units) make its
/// total, written or, in a period written as changes, derived (the previous
/// total plus the changes).
pub fn rows(
    period: &Period,
    facts: &PeriodFacts,
    all: &[(VarId, i64)],
    coordinator: i64,
    r: &mut dyn Rows,
) -> Result<(), BuildError> {
    let total = match period.total {
        Some(t) => Some((t.value, Some(t.span()))),
        None if period.is_incremental() => facts
            .derived_total
            .map(|d| (d, period.posts.as_ref().map(|p| p.span.clone()))),
        None => None,
    };
    if let Some((total, span)) = total {
        let value = r.units(total, span.clone())?;
        r.constrain(
            RULE.code,
            span,
            Subject::PeriodTotal {
                period: period.name().to_owned(),
                value,
            },
            Relax::Cost(RELAX_COST),
            vec![(all.to_vec(), Op::Eq, value - coordinator)],
        );
    }
    Ok(())
}

crate::msgs! {
    RELAX = "ctg030.relax",
        fr: "passer le total de {period} de {from} à {to} ETP",
        en: "change the total of {period} from {from} to {to} ETP";
}

/// How `propose` words a relaxation of the rule.
pub fn relaxation(period: Arg, from: Arg, to: Arg) -> Text {
    Text::new(&RELAX)
        .arg("period", period)
        .arg("from", from)
        .arg("to", to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    const COMMUNES: &str =
        "[[commune]]\nid = \"a\"\nname = \"A\"\n[[commune]]\nid = \"b\"\nname = \"B\"\n";

    #[test]
    fn posts_plus_coordinator_must_equal_total() {
        let ok = format!("{HEADER}{COMMUNES}[[period]]\nid = \"2026\"\ntotal = 0.8\ncoordinator = {{ etp = 0.5 }}\nposts.a = {{ etp = 0.1 }}\nposts.b = {{ etp = 0.2 }}\n");
        assert!(run(&RULE, &ok).is_empty());
        let bad = ok.replace("total = 0.8", "total = 0.9");
        let d = run(&RULE, &bad);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&bad, &d[0]), "0.9");
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("add up to 0.8 ETP"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
    }

    #[test]
    fn incremental_period_checks_previous_total_plus_changes() {
        let base = format!("{HEADER}{COMMUNES}[[period]]\nid = \"2025\"\ntotal = 3.1\n[[period]]\nid = \"2026\"\ntotal = 3.8\nposts.a = {{ change = 0.2 }}\nposts.b = {{ change = 0.5 }}\n");
        assert!(run(&RULE, &base).is_empty());
        let d = run(&RULE, &base.replace("3.8", "3.9"));
        assert_eq!(d.len(), 1);
        assert!(d[0].message.render(crate::i18n::Lang::En).contains("2025"));
    }

    #[test]
    fn nothing_to_compare_without_posts() {
        let text = format!("{HEADER}[[period]]\nid = \"2026\"\ntotal = 2.1\n");
        assert!(run(&RULE, &text).is_empty());
    }
}
