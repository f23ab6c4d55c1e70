//! CTG043 commune-bounds: each commune's ETP stays within its bounds.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::i18n::{Arg, Msg, Text};
use crate::lp::{BuildError, Op, Relax, Rows, Subject, VarId};
use crate::scenario::{Figure, Scenario};
use rust_decimal::Decimal;

crate::msgs! {
    BELOW = "ctg043.below",
        fr: "période {period}\u{a0}: {commune} a {etp} ETP, en dessous de son minimum de {bound} ETP",
        en: "period {period}: {commune} has {etp} ETP, below its minimum of {bound} ETP";
    ABOVE = "ctg043.above",
        fr: "période {period}\u{a0}: {commune} a {etp} ETP, au-dessus de son maximum de {bound} ETP",
        en: "period {period}: {commune} has {etp} ETP, above its maximum of {bound} ETP";
    ETP = "ctg043.etp", fr: "{etp} ETP", en: "{etp} ETP";
    BOUND_HERE = "ctg043.bound_here", fr: "borne déclarée ici", en: "bound declared here";
    HELP = "ctg043.help",
        fr: "amenez {commune} à {bound} ETP, ou changez la borne",
        en: "bring {commune} to {bound} ETP, or change the bound";
}

pub static RULE: Rule = Rule {
    code: Code::CommuneBounds,
    name: "commune-bounds",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A commune's ETP is outside its declared minimum or maximum",
    explanation: include_str!("commune_bounds.md"),
    check: Some(check),
    planning: Planning::Figures,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    for (i, period) in s.periods.iter().enumerate() {
        let r = s.rules_for(period.name());
        for commune in &s.communes {
            let Some(etp) = ctx.facts.etp(i, &commune.id.id) else {
                continue;
            };
            let own = r
                .commune_rules
                .iter()
                .find(|c| c.commune.id == commune.id.id);
            // A commune's own minimum applies always; the general one only to
            // communes that hold a post (0 means pooled or no post).
            let min = own
                .and_then(|c| c.min)
                .or(r.commune_min.filter(|_| etp > Decimal::ZERO));
            let max = own.and_then(|c| c.max).or(r.commune_max);
            let at: Span = period
                .post(&commune.id.id)
                .and_then(|p| p.etp.map(|f| f.span()))
                .or_else(|| period.post(&commune.id.id).map(|p| p.holder.span.clone()))
                .or_else(|| period.posts.as_ref().map(|p| p.span.clone()))
                .unwrap_or_else(|| period.id.span.clone());
            let name = super::args::subject(s, &commune.id.id);
            let mut report = |bound: Figure, msg: &'static Msg| {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        Text::new(msg)
                            .arg("period", super::args::period(period))
                            .arg("commune", name.clone())
                            .arg("etp", Arg::etp(etp))
                            .arg("bound", Arg::etp(bound.value)),
                    )
                    .primary(at.clone(), Text::new(&ETP).arg("etp", Arg::etp(etp)))
                    .secondary(bound.span(), &BOUND_HERE)
                    .period(&period.id.id)
                    .holder(&commune.id.id)
                    .help(
                        Text::new(&HELP)
                            .arg("commune", name.clone())
                            .arg("bound", Arg::etp(bound.value)),
                    ),
                );
            };
            if let Some(min) = min.filter(|m| etp < m.value) {
                report(min, &BELOW);
            }
            if let Some(max) = max.filter(|m| etp > m.value) {
                report(max, &ABOVE);
            }
        }
    }
}

/// Cost per unit of relaxing a commune bound (a rule parameter).
pub const RELAX_COST: i64 = 5;

/// The rule's rows in the planning model of period `period` for commune
/// `id`, whose figure is variable `v`: its own minimum, or the general one
/// for a commune that holds a post (`v = 0` or `v ≥ min`), and its maximum.
pub fn rows(
    s: &Scenario,
    period: &str,
    id: &str,
    v: VarId,
    r: &mut dyn Rows,
) -> Result<(), BuildError> {
    let subject_min = |value| Subject::CommuneMin {
        period: period.to_owned(),
        commune: id.to_owned(),
        value,
    };
    let rules = s.rules_for(period);
    let own = rules.commune_rules.iter().find(|c| c.commune.id == id);
    if let Some(min) = own.and_then(|c| c.min) {
        let value = r.units(min.value, Some(min.span()))?;
        r.constrain(
            RULE.code,
            Some(min.span()),
            subject_min(value),
            Relax::Cost(RELAX_COST),
            vec![(vec![(v, 1)], Op::Ge, value)],
        );
    } else if let Some(min) = rules.commune_min {
        let value = r.units(min.value, Some(min.span()))?;
        let z = r.var(format!("{period}/{id}/holds"), 0, 1, true);
        r.constrain(
            RULE.code,
            Some(min.span()),
            subject_min(value),
            Relax::Cost(RELAX_COST),
            vec![(vec![(v, 1), (z, -value)], Op::Ge, 0)],
        );
        let cap = r.cap();
        r.structure(RULE.code, vec![(vec![(v, 1), (z, -cap)], Op::Le, 0)]);
    }
    if let Some(max) = own.and_then(|c| c.max).or(rules.commune_max) {
        let value = r.units(max.value, Some(max.span()))?;
        r.constrain(
            RULE.code,
            Some(max.span()),
            Subject::CommuneMax {
                period: period.to_owned(),
                commune: id.to_owned(),
                value,
            },
            Relax::Cost(RELAX_COST),
            vec![(vec![(v, 1)], Op::Le, value)],
        );
    }
    Ok(())
}

crate::msgs! {
    RELAX_MIN = "ctg043.relax_min",
        fr: "abaisser le minimum de {commune} de {from} à {to} ETP (en {period})",
        en: "lower the minimum of {commune} from {from} to {to} ETP (in {period})";
    RELAX_MAX = "ctg043.relax_max",
        fr: "relever le maximum de {commune} de {from} à {to} ETP (en {period})",
        en: "raise the maximum of {commune} from {from} to {to} ETP (in {period})";
}

fn bound(msg: &'static crate::i18n::Msg, period: Arg, commune: Arg, from: Arg, to: Arg) -> Text {
    Text::new(msg)
        .arg("period", period)
        .arg("commune", commune)
        .arg("from", from)
        .arg("to", to)
}

/// How `propose` words a relaxation of a minimum.
pub fn relaxation_min(period: Arg, commune: Arg, from: Arg, to: Arg) -> Text {
    bound(&RELAX_MIN, period, commune, from, to)
}

/// How `propose` words a relaxation of a maximum.
pub fn relaxation_max(period: Arg, commune: Arg, from: Arg, to: Arg) -> Text {
    bound(&RELAX_MAX, period, commune, from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    fn text(rules: &str, a: &str) -> String {
        format!("{HEADER}[rules]\n{rules}\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[commune]]\nid = \"b\"\nname = \"B\"\n[[period]]\nid = \"2026\"\nposts.a = {{ etp = {a} }}\nposts.b = {{ etp = 0 }}\n")
    }

    #[test]
    fn general_bounds_skip_communes_without_a_post() {
        assert!(run(&RULE, &text("commune_min = 0.2\ncommune_max = 1.2", "0.2")).is_empty());
        let t = text("commune_min = 0.2", "0.1");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1, "b has no post and is not below the minimum");
        assert_eq!(primary_text(&t, &d[0]), "0.1");
        assert_eq!(run(&RULE, &text("commune_max = 1.2", "1.3")).len(), 1);
    }

    #[test]
    fn a_communes_own_bound_wins() {
        let t = text("commune_max = 1\n[rules.commune.a]\nmax = 1.5", "1.3");
        assert!(run(&RULE, &t).is_empty());
        let t = text("[rules.commune.b]\nmin = 0.1", "0.1");
        assert_eq!(run(&RULE, &t).len(), 1);
    }
}
