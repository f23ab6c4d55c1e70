//! CTG031 theme-total: theme totals + coordinator = the period's total.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::lp::{BuildError, FigureItem, Op, Relax, Rows, Subject, VarId, FIGURE_COST};
use crate::scenario::Period;

crate::msgs! {
    MISMATCH = "ctg031.mismatch",
        fr: "période {period}\u{a0}: les thématiques et le coordinateur totalisent {themes} ETP, mais le total de la période est de {total} ETP",
        en: "period {period}: the themes and the coordinator add up to {themes} ETP, but the period's total is {total} ETP";
    THESE_ADD_UP = "ctg031.these_add_up", fr: "celles-ci totalisent {themes}", en: "these add up to {themes}";
    TOTAL_HERE = "ctg031.total_here", fr: "total déclaré ici", en: "total declared here";
    POSTS_ADD_UP = "ctg031.posts_add_up", fr: "les postes totalisent {total}", en: "the posts add up to {total}";
    HELP = "ctg031.help",
        fr: "déplacez {gap} ETP entre les thématiques et le total pour qu'ils disent la même chose",
        en: "move {gap} ETP between the themes and the total so that both say the same";
}

pub static RULE: Rule = Rule {
    code: Code::ThemeTotal,
    name: "theme-total",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "The theme totals and the coordinator do not add up to the period's total",
    explanation: include_str!("theme_total.md"),
    check: Some(check),
    planning: Planning::Figures,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (period, facts) in ctx.scenario.periods.iter().zip(&ctx.facts.periods) {
        let (Some(themes), Some(theme_total), Some(total)) =
            (&period.themes, facts.theme_total, facts.total)
        else {
            continue;
        };
        if theme_total == total {
            continue;
        }
        let mut d = Diagnostic::error(
            RULE.code,
            Text::new(&MISMATCH)
                .arg("period", super::args::period(period))
                .arg("themes", Arg::etp(theme_total))
                .arg("total", Arg::etp(total)),
        )
        .primary(
            themes.span.clone(),
            Text::new(&THESE_ADD_UP).arg("themes", Arg::etp(theme_total)),
        )
        .period(&period.id.id);
        d = match (period.total, &period.posts) {
            (Some(t), _) => d.secondary(t.span(), &TOTAL_HERE),
            (None, Some(p)) => d.secondary(
                p.span.clone(),
                Text::new(&POSTS_ADD_UP).arg("total", Arg::etp(total)),
            ),
            (None, None) => d,
        };
        out.push(d.help(Text::new(&HELP).arg("gap", Arg::etp((total - theme_total).abs()))));
    }
}

/// The rule's row in the planning model: a period's theme table fixes
/// theme `theme` (variable `v`) at its figure, or at 0 when it leaves the
/// theme out.
pub fn rows(period: &Period, theme: &str, v: VarId, r: &mut dyn Rows) -> Result<(), BuildError> {
    let Some(tt) = &period.themes else {
        return Ok(());
    };
    let (value, span) = match tt.get(theme) {
        Some(f) => (r.units(f.value, Some(f.span()))?, f.span()),
        None => (0, tt.span.clone()),
    };
    r.constrain(
        RULE.code,
        Some(span),
        Subject::Figure {
            period: period.name().to_owned(),
            item: FigureItem::ThemeTotal(theme.to_owned()),
            value,
        },
        Relax::Cost(FIGURE_COST),
        vec![(vec![(v, 1)], Op::Eq, value)],
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn themes_plus_coordinator_must_equal_total() {
        let ok = format!("{HEADER}[[period]]\nid = \"2026\"\ntotal = 3.1\ncoordinator = {{ etp = 0.5 }}\nthemes = {{ petite_enfance = 1.6, parentalite = 0.3, acces_droits = 0.3, enfance_jeunesse = 0.4 }}\n");
        assert!(run(&RULE, &ok).is_empty());
        let bad = ok.replace("enfance_jeunesse = 0.4", "enfance_jeunesse = 0.5");
        let d = run(&RULE, &bad);
        assert_eq!(d.len(), 1);
        assert!(primary_text(&bad, &d[0]).starts_with("{ petite_enfance"));
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .contains("3.2 ETP"));
    }

    #[test]
    fn total_derived_from_posts_when_not_declared() {
        let text = format!("{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\nthemes = {{ parentalite = 0.3 }}\nposts.a = {{ etp = 0.2 }}\n");
        assert_eq!(run(&RULE, &text).len(), 1);
    }
}
