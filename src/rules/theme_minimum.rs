//! CTG042 theme-minimum: a theme gets at least its declared ETP or share.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::lp::{BuildError, Op, Relax, Rows, Subject, VarId};
use crate::scenario::Scenario;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

crate::msgs! {
    BELOW_ETP = "ctg042.below_etp",
        fr: "période {period}\u{a0}: {theme} a {value} ETP, en dessous de son minimum de {min} ETP",
        en: "period {period}: {theme} has {value} ETP, below its minimum of {min} ETP";
    ETP = "ctg042.etp", fr: "{value} ETP", en: "{value} ETP";
    MIN_HERE = "ctg042.min_here", fr: "minimum déclaré ici", en: "minimum declared here";
    MOVE = "ctg042.move", fr: "affectez au moins {gap} ETP à {theme}", en: "move at least {gap} ETP to {theme}";
    BELOW_SHARE = "ctg042.below_share",
        fr: "période {period}\u{a0}: {theme} a {share}\u{202f}% des ETP thématiques, en dessous de sa part minimale de {min}\u{202f}%",
        en: "period {period}: {theme} has {share} % of the thematic ETP, below its minimum share of {min} %";
    OF = "ctg042.of", fr: "{value} sur {thematic} ETP", en: "{value} of {thematic} ETP";
    SHARE_HERE = "ctg042.share_here", fr: "part minimale déclarée ici", en: "minimum share declared here";
    SHARE_NOTE = "ctg042.share_note",
        fr: "les parts se calculent sur les totaux par thématique, sans le coordinateur global",
        en: "shares are of the theme totals, without the global coordinator";
    GIVE = "ctg042.give",
        fr: "donnez au moins {needed} ETP à {theme}, ou baissez `min_percent`",
        en: "give {theme} at least {needed} ETP, or lower `min_percent`";
}

pub static RULE: Rule = Rule {
    code: Code::ThemeMinimum,
    name: "theme-minimum",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A theme gets less than its declared minimum ETP or minimum share",
    explanation: include_str!("theme_minimum.md"),
    check: Some(check),
    planning: Planning::Figures,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    for period in &s.periods {
        let Some(totals) = &period.themes else {
            continue;
        };
        let thematic: Decimal = totals.entries.iter().map(|(_, f)| f.value).sum();
        let rules = s.rules_for(period.name());
        for rule in &rules.theme_rules {
            let figure = totals.get(&rule.theme.id);
            let value = figure.map_or(Decimal::ZERO, |f| f.value);
            let at = figure.map_or(totals.span.clone(), |f| f.span());
            if let Some(min) = rule.min_etp {
                if value < min.value {
                    out.push(
                        Diagnostic::error(
                            RULE.code,
                            Text::new(&BELOW_ETP)
                                .arg("period", super::args::period(period))
                                .arg("theme", super::args::subject(s, &rule.theme.id))
                                .arg("value", Arg::etp(value))
                                .arg("min", Arg::etp(min.value)),
                        )
                        .primary(at.clone(), Text::new(&ETP).arg("value", Arg::etp(value)))
                        .secondary(min.span(), &MIN_HERE)
                        .period(&period.id.id)
                        .theme(&rule.theme.id)
                        .help(
                            Text::new(&MOVE)
                                .arg("gap", Arg::etp(min.value - value))
                                .arg("theme", super::args::subject(s, &rule.theme.id)),
                        ),
                    );
                }
            }
            if let Some(pct) = rule.min_percent {
                // Compare value/thematic with pct/100 without dividing.
                if thematic > Decimal::ZERO && value * Decimal::ONE_HUNDRED < pct.value * thematic {
                    let share = (value * Decimal::ONE_HUNDRED / thematic).round_dp(1);
                    let step = s.rules.step;
                    let needed = pct
                        .value
                        .checked_mul(thematic)
                        .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED * step))
                        .and_then(|q| q.ceil().checked_mul(step))
                        .unwrap_or(value);
                    out.push(
                        Diagnostic::error(
                            RULE.code,
                            Text::new(&BELOW_SHARE)
                                .arg("period", super::args::period(period))
                                .arg("theme", super::args::subject(s, &rule.theme.id))
                                .arg("share", Arg::number(share))
                                .arg("min", Arg::number(pct.value)),
                        )
                        .primary(
                            at.clone(),
                            Text::new(&OF)
                                .arg("value", Arg::etp(value))
                                .arg("thematic", Arg::etp(thematic)),
                        )
                        .secondary(pct.span(), &SHARE_HERE)
                        .period(&period.id.id)
                        .theme(&rule.theme.id)
                        .note(&SHARE_NOTE)
                        .help(
                            Text::new(&GIVE)
                                .arg("theme", super::args::subject(s, &rule.theme.id))
                                .arg("needed", Arg::etp(needed)),
                        ),
                    );
                }
            }
        }
    }
}

/// Cost per unit of relaxing a theme minimum: a rule parameter, cheaper to
/// question than a figure the scenario fixes.
pub const RELAX_COST: i64 = 5;

/// The rule's rows in the planning model of period `period`, over its theme
/// variables: `T ≥ min_etp` and `100·T ≥ min_percent·ΣT`.
pub fn rows(
    s: &Scenario,
    period: &str,
    themes: &[(String, VarId)],
    r: &mut dyn Rows,
) -> Result<(), BuildError> {
    for rule in &s.rules_for(period).theme_rules {
        let Some((_, tv)) = themes.iter().find(|(t, _)| *t == rule.theme.id) else {
            continue;
        };
        let tv = *tv;
        if let Some(min) = rule.min_etp {
            let value = r.units(min.value, Some(min.span()))?;
            r.constrain(
                RULE.code,
                Some(min.span()),
                Subject::ThemeMinEtp {
                    period: period.to_owned(),
                    theme: rule.theme.id.clone(),
                    value,
                },
                Relax::Cost(RELAX_COST),
                vec![(vec![(tv, 1)], Op::Ge, value)],
            );
        }
        if let Some(pct) = rule.min_percent {
            // 100·T ≥ pct·ΣT, scaled to integers.
            let scale = Decimal::from(10i64.pow(pct.value.normalize().scale().min(6)));
            let p = (pct.value * scale).to_i64().unwrap_or(0);
            let hundred = (Decimal::ONE_HUNDRED * scale).to_i64().unwrap_or(100);
            let mut terms: Vec<(VarId, i64)> = themes.iter().map(|(_, v)| (*v, -p)).collect();
            if let Some(t) = terms.iter_mut().find(|(v, _)| *v == tv) {
                t.1 += hundred;
            }
            r.constrain_scaled(
                RULE.code,
                Some(pct.span()),
                Subject::ThemeMinPercent {
                    period: period.to_owned(),
                    theme: rule.theme.id.clone(),
                    percent: pct.value.normalize().to_string(),
                },
                Relax::Cost(RELAX_COST),
                vec![(terms, Op::Ge, 0)],
                (hundred - p).max(1),
            );
        }
    }
    Ok(())
}

crate::msgs! {
    RELAX_ETP = "ctg042.relax_etp",
        fr: "abaisser le minimum de la thématique {theme} de {from} à {to} ETP (en {period})",
        en: "lower the minimum of {theme} from {from} to {to} ETP (in {period})";
    RELAX_SHARE = "ctg042.relax_share",
        fr: "abaisser la part minimale de la thématique {theme} de {from}\u{202f}% à {to}\u{202f}% (en {period})",
        en: "lower the minimum share of {theme} from {from} % to {to} % (in {period})";
}

fn minimum(msg: &'static crate::i18n::Msg, period: Arg, theme: Arg, from: Arg, to: Arg) -> Text {
    Text::new(msg)
        .arg("period", period)
        .arg("theme", theme)
        .arg("from", from)
        .arg("to", to)
}

/// How `propose` words a relaxation of a minimum ETP.
pub fn relaxation_etp(period: Arg, theme: Arg, from: Arg, to: Arg) -> Text {
    minimum(&RELAX_ETP, period, theme, from, to)
}

/// How `propose` words a relaxation of a minimum share (`to`: the share the
/// relaxed scheme gives).
pub fn relaxation_share(period: Arg, theme: Arg, from: Arg, to: Arg) -> Text {
    minimum(&RELAX_SHARE, period, theme, from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    fn text(rule: &str, pe: &str) -> String {
        format!("{HEADER}[rules.theme.petite_enfance]\n{rule}\n[[period]]\nid = \"2027\"\nthemes = {{ petite_enfance = {pe}, parentalite = 0.3, acces_droits = 0.3, enfance_jeunesse = 0.5 }}\n")
    }

    #[test]
    fn minimum_share_of_thematic_etp() {
        // 1.7 of 2.8 is 60.7 %.
        assert!(run(&RULE, &text("min_percent = 60", "1.7")).is_empty());
        let t = text("min_percent = 61", "1.7");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&t, &d[0]), "1.7");
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("60.7 %"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
    }

    #[test]
    fn minimum_etp() {
        assert!(run(&RULE, &text("min_etp = 1.7", "1.7")).is_empty());
        assert_eq!(run(&RULE, &text("min_etp = 1.8", "1.7")).len(), 1);
    }
}
