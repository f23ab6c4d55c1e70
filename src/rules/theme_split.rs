//! CTG040 theme-split: each holder's ETP can be split over the themes it lists
//! so that every theme total of the period is met.

pub mod planning;

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::i18n::{Arg, Text};
use crate::scenario::facts::PeriodFacts;
use crate::scenario::{Period, Scenario, ThemeList};
use crate::solver::transport::{self, Shortfall, Split, Supply};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

crate::msgs! {
    MAIN = "ctg040.main", fr: "période {period}\u{a0}: {need}\u{202f}; {who}", en: "period {period}: {need}; {who}";
    NEED_ONE = "ctg040.need_one",
        fr: "la thématique {themes} requiert {demand} ETP",
        en: "theme {themes} needs {demand} ETP";
    NEED_MANY = "ctg040.need_many",
        fr: "les thématiques {themes} requièrent ensemble {demand} ETP",
        en: "themes {themes} need {demand} ETP together";
    NONE_ONE = "ctg040.none_one",
        fr: "aucun poste pourvu d'ETP ne la déclare",
        en: "no post holding ETP lists it";
    NONE_MANY = "ctg040.none_many",
        fr: "aucun poste pourvu d'ETP n'en déclare aucune",
        en: "no post holding ETP lists any of them";
    ONE_ONE = "ctg040.one_one",
        fr: "seul le poste porté par {holders} la déclare, et il compte {supply} ETP",
        en: "only {holders} lists it and it holds {supply} ETP";
    ONE_MANY = "ctg040.one_many",
        fr: "seul le poste porté par {holders} les déclare, et il compte {supply} ETP",
        en: "only {holders} lists them and it holds {supply} ETP";
    MANY_ONE = "ctg040.many_one",
        fr: "seuls les postes portés par {holders} la déclarent, et ils comptent {supply} ETP",
        en: "only {holders} list it and they hold {supply} ETP";
    MANY_MANY = "ctg040.many_many",
        fr: "seuls les postes portés par {holders} les déclarent, et ils comptent {supply} ETP",
        en: "only {holders} list them and they hold {supply} ETP";
    NEEDS = "ctg040.needs", fr: "{theme} requiert {etp}", en: "{theme} needs {etp}";
    SERVE_ONE = "ctg040.serve_one", fr: "{holder} peut la prendre en charge", en: "{holder} can serve it";
    SERVE_MANY = "ctg040.serve_many",
        fr: "{holder} peut prendre en charge certaines d'entre elles",
        en: "{holder} can serve some of them";
    HELP_ONE = "ctg040.help_one",
        fr: "baissez le total de {themes} de {gap} ETP, augmentez de {gap} ETP un poste qui la déclare, ou ajoutez {themes} aux thématiques d'un autre poste",
        en: "lower the {themes} total by {gap} ETP, raise a post that lists it by {gap} ETP, or add {themes} to another post's themes";
    HELP_MANY = "ctg040.help_many",
        fr: "baissez ces totaux par thématique de {gap} ETP, augmentez de {gap} ETP un poste qui les déclare, ou ajoutez l'une d'elles aux thématiques d'un autre poste",
        en: "lower these theme totals by {gap} ETP, raise a post that lists them by {gap} ETP, or add one of them to another post's themes";
}

pub static RULE: Rule = Rule {
    code: Code::ThemeSplit,
    name: "theme-split",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "The posts cannot be split over their themes so as to meet the theme totals",
    explanation: include_str!("theme_split.md"),
    check: Some(check),
    planning: Planning::Figures,
};

/// One holder of ETP in the split problem.
pub struct SplitHolder<'a> {
    pub id: &'a str,
    pub themes: Option<&'a ThemeList>,
    /// The holder's post in the period, or its declaration.
    pub span: Span,
}

/// The split problem of one period, in integer units of `unit` ETP.
pub struct SplitProblem<'a> {
    pub holders: Vec<SplitHolder<'a>>,
    pub supplies: Vec<Supply>,
    pub demands: Vec<i64>,
    pub unit: Decimal,
}

/// Builds the problem when the period gives theme totals and every holder's
/// ETP is known (listed in the period or carried over from the previous one)
/// and both sides have the same total (otherwise the totals rules speak, and
/// there is nothing to split).
pub fn problem<'a>(
    s: &'a Scenario,
    facts: &PeriodFacts,
    period: &'a Period,
) -> Option<SplitProblem<'a>> {
    let totals = period.themes.as_ref()?;
    period.posts.as_ref()?;
    let mut holders = Vec::new();
    let mut etps = Vec::new();
    for id in s.holder_ids() {
        let etp = facts.etp.get(&id.id).copied().flatten()?;
        if etp.is_zero() {
            continue;
        }
        let span = period
            .post(&id.id)
            .map_or(id.span.clone(), |p| p.holder.span.clone());
        holders.push(SplitHolder {
            id: &id.id,
            themes: s.themes_in(period, &id.id),
            span,
        });
        etps.push(etp);
    }
    let demands_dec: Vec<Decimal> = s
        .themes
        .iter()
        .map(|t| totals.get(&t.id.id).map_or(Decimal::ZERO, |f| f.value))
        .collect();
    if etps.iter().sum::<Decimal>() != demands_dec.iter().sum::<Decimal>() {
        return None;
    }
    let scale = etps
        .iter()
        .chain(&demands_dec)
        .map(|d| d.normalize().scale())
        .max()
        .unwrap_or(0);
    let unit = Decimal::new(1, scale);
    let to_units = |d: &Decimal| d.checked_div(unit).and_then(|q| q.to_i64());
    let supplies = holders
        .iter()
        .zip(&etps)
        .map(|(h, etp)| {
            Some(Supply {
                units: to_units(etp)?,
                themes: h.themes.map(|l| {
                    l.items
                        .iter()
                        .filter_map(|i| s.themes.iter().position(|t| t.id.id == i.id))
                        .collect()
                }),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let demands = demands_dec
        .iter()
        .map(to_units)
        .collect::<Option<Vec<_>>>()?;
    Some(SplitProblem {
        holders,
        supplies,
        demands,
        unit,
    })
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    for (period, facts) in s.periods.iter().zip(&ctx.facts.periods) {
        let Some(problem) = problem(s, facts, period) else {
            unserved(s, period, out);
            continue;
        };
        if let Split::Infeasible(short) = transport::split(&problem.supplies, &problem.demands) {
            // The check driver adds the planner's advice (which changes make
            // it possible): a rule never runs the planner.
            out.push(explain(s, period, &problem, &short));
        }
    }
}

/// A period whose posts are not written yet: whatever figures they get, a
/// theme total that no commune or carrier of the territory lists cannot be
/// met (the planner would say so; the check must say it first).
fn unserved(s: &Scenario, period: &Period, out: &mut Vec<Diagnostic>) {
    let Some(totals) = period.themes.as_ref() else {
        return;
    };
    // Without posts in the period, or without any holder in the territory
    // (a scheme of theme totals only, which the planner splits alone).
    if period.posts.is_some() || s.holder_ids().next().is_none() {
        return;
    }
    for (t, theme) in s.themes.iter().enumerate() {
        let Some(f) = totals.get(&theme.id.id) else {
            continue;
        };
        if f.value <= Decimal::ZERO {
            continue;
        }
        let served = s.holder_ids().any(|h| {
            s.themes_in(period, &h.id)
                .is_none_or(|l| l.items.iter().any(|i| i.id == theme.id.id))
        });
        if served {
            continue;
        }
        let unit = Decimal::new(1, f.value.normalize().scale());
        let Some(demand) = f.value.checked_div(unit).and_then(|q| q.to_i64()) else {
            continue;
        };
        let p = SplitProblem {
            holders: Vec::new(),
            supplies: Vec::new(),
            demands: Vec::new(),
            unit,
        };
        let short = Shortfall {
            themes: vec![t],
            demand,
            holders: Vec::new(),
            supply: 0,
        };
        out.push(explain(s, period, &p, &short));
    }
}

fn explain(s: &Scenario, period: &Period, p: &SplitProblem, short: &Shortfall) -> Diagnostic {
    let etp = |units: i64| Arg::etp(Decimal::from(units) * p.unit);
    let subject = |id: &str| super::args::subject(s, id);
    let theme_ids: Vec<&str> = short
        .themes
        .iter()
        .filter_map(|t| s.themes.get(*t))
        .map(|t| t.id.id.as_str())
        .collect();
    let holder_ids: Vec<&str> = short
        .holders
        .iter()
        .filter_map(|h| p.holders.get(*h))
        .map(|h| h.id)
        .collect();
    let themes = super::args::and_list(theme_ids.iter().map(|t| subject(t)).collect());
    let holders = super::args::and_list(holder_ids.iter().map(|h| subject(h)).collect());
    let single = theme_ids.len() == 1;
    let need = Text::new(if single { &NEED_ONE } else { &NEED_MANY })
        .arg("themes", themes.clone())
        .arg("demand", etp(short.demand));
    let who = match (holder_ids.len(), single) {
        (0, true) => Text::new(&NONE_ONE),
        (0, false) => Text::new(&NONE_MANY),
        (n, single) => Text::new(match (n == 1, single) {
            (true, true) => &ONE_ONE,
            (true, false) => &ONE_MANY,
            (false, true) => &MANY_ONE,
            (false, false) => &MANY_MANY,
        })
        .arg("holders", holders)
        .arg("supply", etp(short.supply)),
    };
    let mut d = Diagnostic::error(
        RULE.code,
        Text::new(&MAIN)
            .arg("period", super::args::period(period))
            .arg("need", Arg::text(need))
            .arg("who", Arg::text(who)),
    )
    .period(&period.id.id);
    let totals = period.themes.as_ref();
    for (k, id) in theme_ids.iter().enumerate() {
        if let Some(f) = totals.and_then(|t| t.get(id)) {
            let msg = Text::new(&NEEDS)
                .arg("theme", subject(id))
                .arg("etp", Arg::etp(f.value));
            d = if k == 0 {
                d.primary(f.span(), msg)
            } else {
                d.secondary(f.span(), msg)
            };
        }
    }
    for h in &short.holders {
        if let Some(holder) = p.holders.get(*h) {
            let span = holder
                .themes
                .map_or(holder.span.clone(), |l| l.span.clone());
            d = d.secondary(
                span,
                Text::new(if single { &SERVE_ONE } else { &SERVE_MANY })
                    .arg("holder", subject(holder.id)),
            );
        }
    }
    let gap = etp(short.demand - short.supply);
    d.help(if single {
        Text::new(&HELP_ONE).arg("themes", themes).arg("gap", gap)
    } else {
        Text::new(&HELP_MANY).arg("gap", gap)
    })
}

/// How `propose` (and CTG040's advice) words a relaxation of the rule: a
/// post also serving a theme it does not list.
pub fn relaxation(period: Arg, holder: Arg, theme: Arg, etp: Arg) -> Text {
    Text::new(&RELAX)
        .arg("period", period)
        .arg("holder", holder)
        .arg("theme", theme)
        .arg("etp", etp)
}

crate::msgs! {
    RELAX = "ctg040.relax",
        fr: "permettre au poste de {holder} de couvrir la thématique {theme} ({etp} ETP en {period})",
        en: "let {holder} work on {theme} ({etp} ETP in {period})";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    const COMMUNES: &str = "[[commune]]\nid = \"saint-remy\"\nname = \"Saint-Rémy\"\nthemes = [\"petite_enfance\", \"acces_droits\"]\n[[commune]]\nid = \"mouries\"\nname = \"Mouriès\"\nthemes = [\"petite_enfance\", \"parentalite\"]\n";

    fn scenario(sr: &str, mo: &str) -> String {
        format!("{HEADER}{COMMUNES}[[period]]\nid = \"2026\"\nthemes = {{ petite_enfance = 0.8, parentalite = 0.1, acces_droits = 0.3 }}\nposts.saint-remy = {{ etp = {sr} }}\nposts.mouries = {{ etp = {mo} }}\n")
    }

    #[test]
    fn feasible_split_passes() {
        assert!(run(&RULE, &scenario("0.6", "0.6")).is_empty());
    }

    #[test]
    fn names_the_theme_and_its_only_holder() {
        let text = scenario("0.2", "1.0");
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message.render(crate::i18n::Lang::En),
            "period 2026: theme Accès aux droits, animation de la vie sociale, numérique, interventions sociales, logement needs 0.3 ETP; only Saint-Rémy lists it and it holds 0.2 ETP"
        );
        assert_eq!(primary_text(&text, &d[0]), "0.3");
    }

    #[test]
    fn theme_nobody_lists() {
        let text = format!("{HEADER}{COMMUNES}[[period]]\nid = \"2026\"\nthemes = {{ petite_enfance = 0.2, enfance_jeunesse = 0.1 }}\nposts.saint-remy = {{ etp = 0.3 }}\n");
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("no post holding ETP lists it"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
    }

    #[test]
    fn posts_not_written_yet_cannot_serve_a_theme_nobody_lists() {
        // Whatever figures the posts get, no commune lists enfance_jeunesse
        // (found by tests/agreement_properties.rs: propose said impossible).
        let period = "[[period]]\nid = \"2026\"\ntotal = 0.3\nthemes = { petite_enfance = 0.2, enfance_jeunesse = 0.1 }\n";
        let d = run(&RULE, &format!("{HEADER}{COMMUNES}{period}"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .contains("theme Enfance"));
        // A commune without a theme list may serve any theme.
        let open = "[[commune]]\nid = \"paradou\"\nname = \"Paradou\"\n";
        assert!(run(&RULE, &format!("{HEADER}{COMMUNES}{open}{period}")).is_empty());
    }

    #[test]
    fn incremental_period_counts_carried_over_posts() {
        // 2027 lists only a change for mouries; saint-remy keeps its 0.2 and
        // alone lists acces_droits, which needs 0.3.
        let text = format!("{HEADER}{COMMUNES}[[period]]\nid = \"2026\"\nposts.saint-remy = {{ etp = 0.2 }}\nposts.mouries = {{ etp = 0.9 }}\n[[period]]\nid = \"2027\"\nthemes = {{ petite_enfance = 0.8, parentalite = 0.1, acces_droits = 0.3 }}\nposts.mouries = {{ change = 0.1 }}\n");
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("only Saint-Rémy lists it"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
    }

    #[test]
    fn unequal_totals_are_left_to_the_totals_rules() {
        assert!(run(&RULE, &scenario("0.2", "0.2")).is_empty());
    }
}
