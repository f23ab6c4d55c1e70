//! CTG020 granularity: every figure is a non-negative multiple of the step.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::scenario::{Figure, Scenario};
use rust_decimal::Decimal;

crate::msgs! {
    BEFORE_AFTER = "ctg020.before_after",
        fr: "{before} ETP avant, variation de {change} ETP",
        en: "{before} ETP before, {change} ETP after";
    WOULD_BE_NEGATIVE = "ctg020.would_be_negative",
        fr: "période {period}\u{a0}: {holder} aurait {now} ETP, un chiffre négatif",
        en: "period {period}: {holder} would hold {now} ETP, a negative figure";
    CAN_LOSE = "ctg020.can_lose",
        fr: "{holder} a {before} ETP avant cette période\u{a0}: la baisse ne peut pas dépasser ce chiffre",
        en: "{holder} holds {before} ETP before this period: it can lose at most that";
    WOULD_BE_OFF_STEP = "ctg020.would_be_off_step",
        fr: "période {period}\u{a0}: {holder} aurait {now} ETP, qui n'est pas un multiple du pas de {step} ETP",
        en: "period {period}: {holder} would hold {now} ETP, not a multiple of the step {step} ETP";
    CHANGE_TO_STEP = "ctg020.change_to_step",
        fr: "faites que le changement aboutisse à un multiple du pas",
        en: "make the change lead to a multiple of the step";
    NEGATIVE = "ctg020.negative", fr: "chiffre d'ETP négatif {value}", en: "negative ETP figure {value}";
    CANNOT_BE_NEGATIVE = "ctg020.cannot_be_negative", fr: "un ETP ne peut pas être négatif", en: "ETP cannot be negative";
    WRITE_ZERO = "ctg020.write_zero",
        fr: "écrivez 0 pour l'absence de poste\u{a0}; décrivez une baisse avec `change`",
        en: "write 0 for no post; use `change` to describe a decrease";
    OFF_STEP = "ctg020.off_step",
        fr: "{value} ETP n'est pas un multiple du pas de {step} ETP",
        en: "{value} ETP is not a multiple of the step {step} ETP";
    BETWEEN = "ctg020.between", fr: "entre {below} et {above}", en: "between {below} and {above}";
    ROUND = "ctg020.round",
        fr: "arrondissez à un multiple de {step} (0,2 ETP correspond à un jour par semaine), ou changez `step` dans [rules]",
        en: "round to a multiple of {step} (0.2 ETP is one day a week), or change `step` in [rules]";
}

pub static RULE: Rule = Rule {
    code: Code::Granularity,
    name: "granularity",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "An ETP figure is negative or not a multiple of the step",
    explanation: include_str!("granularity.md"),
    check: Some(check),
    planning: Planning::None,
};

/// Every ETP figure of a scenario with what it is, and whether it may be negative.
pub fn etp_figures(s: &Scenario) -> Vec<(Figure, bool)> {
    let r = &s.rules;
    let mut v: Vec<(Figure, bool)> = [
        r.commune_min,
        r.commune_max,
        r.max_commune_move,
        r.max_theme_move,
    ]
    .into_iter()
    .flatten()
    .map(|f| (f, false))
    .collect();
    for t in &r.theme_rules {
        v.extend(t.min_etp.map(|f| (f, false)));
    }
    for c in &r.commune_rules {
        v.extend([c.min, c.max].into_iter().flatten().map(|f| (f, false)));
    }
    for p in &s.periods {
        v.extend(
            [p.caf_total, p.total]
                .into_iter()
                .flatten()
                .map(|f| (f, false)),
        );
        v.extend(p.coordinator.as_ref().map(|c| (c.etp, false)));
        if let Some(t) = &p.themes {
            v.extend(t.entries.iter().map(|(_, f)| (*f, false)));
        }
        for post in p.posts.iter().flat_map(|p| &p.entries) {
            v.extend(post.etp.map(|f| (f, false)));
            // A change is a move between periods: it may be negative.
            v.extend(post.change.map(|f| (f, true)));
        }
    }
    v
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    written(ctx, out);
    computed(ctx, out);
}

/// A figure the file does not write but implies (a previous figure plus a
/// `change`) obeys the rule as a written one does.
fn computed(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    let step = s.rules.step;
    for (i, period) in s.periods.iter().enumerate() {
        for post in period.posts.iter().flat_map(|p| &p.entries) {
            let (None, Some(change)) = (post.etp, post.change) else {
                continue;
            };
            let Some(now) = ctx.facts.etp(i, &post.holder.id) else {
                continue;
            };
            let before = now - change.value;
            let what = Text::new(&BEFORE_AFTER)
                .arg("before", Arg::etp(before))
                .arg("change", Arg::etp_change(change.value));
            let holder = super::args::subject(s, &post.holder.id);
            let d = if now < Decimal::ZERO {
                Diagnostic::error(
                    RULE.code,
                    Text::new(&WOULD_BE_NEGATIVE)
                        .arg("period", super::args::period(period))
                        .arg("holder", holder.clone())
                        .arg("now", Arg::etp(now)),
                )
                .primary(change.span(), what)
                .help(
                    Text::new(&CAN_LOSE)
                        .arg("holder", holder)
                        .arg("before", Arg::etp(before)),
                )
            } else if !now.checked_rem(step).is_some_and(|r| r.is_zero()) {
                Diagnostic::error(
                    RULE.code,
                    Text::new(&WOULD_BE_OFF_STEP)
                        .arg("period", super::args::period(period))
                        .arg("holder", holder)
                        .arg("now", Arg::etp(now))
                        .arg("step", Arg::etp(step)),
                )
                .primary(change.span(), what)
                .help(&CHANGE_TO_STEP)
            } else {
                continue;
            };
            out.push(d.period(&period.id.id).holder(&post.holder.id));
        }
    }
}

fn written(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let step = ctx.scenario.rules.step;
    for (f, may_be_negative) in etp_figures(ctx.scenario) {
        if f.value < Decimal::ZERO && !may_be_negative {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&NEGATIVE).arg("value", Arg::etp(f.value)),
                )
                .primary(f.span(), &CANNOT_BE_NEGATIVE)
                .help(&WRITE_ZERO),
            );
        } else if !f.value.checked_rem(step).is_some_and(|r| r.is_zero()) {
            let below = f
                .value
                .checked_div(step)
                .and_then(|q| q.floor().checked_mul(step))
                .unwrap_or_default();
            out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&OFF_STEP)
                        .arg("value", Arg::etp(f.value))
                        .arg("step", Arg::etp(step)),
                )
                .primary(
                    f.span(),
                    Text::new(&BETWEEN)
                        .arg("below", Arg::etp(below))
                        .arg("above", Arg::etp(below.saturating_add(step))),
                )
                .help(Text::new(&ROUND).arg("step", Arg::etp(step))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn off_step_and_negative_figures_are_caught_where_written() {
        let text = format!(
            "{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\ntotal = 0.15\nposts.a = {{ etp = -0.1 }}\n"
        );
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 2);
        assert_eq!(primary_text(&text, &d[0]), "0.15");
        assert_eq!(primary_text(&text, &d[1]), "-0.1");
    }

    #[test]
    fn custom_step_and_negative_change() {
        let text = format!(
            "{HEADER}[rules]\nstep = 0.05\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\ntotal = 0.15\nposts.a = {{ change = -0.1 }}\n"
        );
        assert!(run(&RULE, &text).is_empty());
    }

    /// A figure computed from a `change` is held to the rule: `cost` would
    /// otherwise print negative euros.
    #[test]
    fn computed_figures_are_checked_like_written_ones() {
        let text = format!(
            "{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\nposts.a = {{ etp = 0.2 }}\n[[period]]\nid = \"2027\"\nposts.a = {{ change = -0.5 }}\n"
        );
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(primary_text(&text, &d[0]), "-0.5");
        assert!(
            d[0].message.render(crate::i18n::Lang::En).contains("-0.3"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        assert_eq!(d[0].subject.periods, ["2027"]);
        assert!(run(&RULE, &text.replace("-0.5", "-0.2")).is_empty());
        // Off the step: 0.2 + 0.05 with a step of 0.1 (the change itself is
        // reported as written; the figure it leads to as well).
        let d = run(&RULE, &text.replace("-0.5", "0.05"));
        assert_eq!(d.len(), 2, "{d:?}");
    }

    #[test]
    fn exact_sums_of_tenths_are_on_step() {
        let text = format!("{HEADER}[[period]]\nid = \"2026\"\ntotal = 3.3\ncaf_total = 3.3000\n");
        assert!(run(&RULE, &text).is_empty());
    }
}
