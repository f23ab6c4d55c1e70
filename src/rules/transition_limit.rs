//! CTG080 transition-limit: a commune's or a theme's ETP moves no more than the
//! declared maximum between consecutive periods.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::i18n::{Arg, Text};
use crate::lp::{BuildError, Op, Relax, Rows, Subject, VarId};
use crate::scenario::facts::Facts;
use crate::scenario::{Figure, Scenario};
use rust_decimal::Decimal;

crate::msgs! {
    MOVES = "ctg080.moves",
        fr: "{what} bouge de {moved} ETP entre {previous} et {period}, plus que les {limit} ETP permis",
        en: "{what} moves {moved} ETP from {previous} to {period}, more than the {limit} ETP allowed";
    FROM_TO = "ctg080.from_to", fr: "{before} → {now} ETP", en: "{before} → {now} ETP";
    MOVED = "ctg080.moved", fr: "{moved} ETP", en: "{moved} ETP";
    MAX_HERE = "ctg080.max_here", fr: "mouvement maximal déclaré ici", en: "maximum move declared here";
    HELP = "ctg080.help",
        fr: "étalez le mouvement sur plus de périodes, ou relevez `{key}`",
        en: "spread the move over more periods, or raise `{key}`";
}

pub static RULE: Rule = Rule {
    code: Code::TransitionLimit,
    name: "transition-limit",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A commune or theme moves more than the declared maximum between consecutive periods",
    explanation: include_str!("transition_limit.md"),
    check: Some(check),
    planning: Planning::Figures,
};

/// What moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moved {
    Commune,
    Theme,
}

impl Moved {
    /// What a move of `id` (a holder's figure, or a theme's) is under the
    /// rule; `None` for a carrier, which has no move limit.
    pub fn of(s: &Scenario, id: &str, is_holder: bool) -> Option<Moved> {
        if !is_holder {
            Some(Moved::Theme)
        } else if s.commune(id).is_some() {
            Some(Moved::Commune)
        } else {
            None
        }
    }
}

/// One move beyond its declared limit, between period `i - 1` and period `i`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    pub kind: Moved,
    pub id: String,
    /// The figures on both sides, when known (a declared `change` moves a
    /// commune by that much even when its figures are not).
    pub before: Option<Decimal>,
    pub now: Option<Decimal>,
    pub moved: Decimal,
    pub limit: Figure,
    /// Where the moved figure is written.
    pub at: Span,
}

/// How far a commune moves into period `i`: the difference of its figures,
/// or the change the period declares when a figure is unknown.
pub fn commune_move(s: &Scenario, facts: &Facts, i: usize, commune: &str) -> Option<Decimal> {
    let before = i.checked_sub(1).and_then(|j| facts.etp(j, commune));
    match (before, facts.etp(i, commune)) {
        (Some(b), Some(n)) => Some(n - b),
        _ => s.periods.get(i)?.declared_change(commune),
    }
}

/// A theme's total in period `i`: as declared, 0 when the period's theme
/// table leaves it out, unknown when the period has no theme table.
pub fn theme_etp(s: &Scenario, i: usize, theme: &str) -> Option<Decimal> {
    let themes = s.periods.get(i)?.themes.as_ref()?;
    Some(themes.get(theme).map_or(Decimal::ZERO, |f| f.value))
}

/// Every move into period `i` beyond its limit. Themes are compared over
/// the union of both periods' theme tables: a theme left out of one is 0
/// there.
pub fn breaches(s: &Scenario, facts: &Facts, i: usize) -> Vec<Breach> {
    let mut out = Vec::new();
    let (Some(period), Some(prev)) = (s.periods.get(i), s.previous(i)) else {
        return out;
    };
    // The limits of the period moved into (its `[period.rules]` first).
    let rules = s.rules_for(period.name());
    if let Some(max) = rules.max_commune_move {
        for commune in &s.communes {
            let id = &commune.id.id;
            let Some(moved) = commune_move(s, facts, i, id) else {
                continue;
            };
            if moved.abs() <= max.value {
                continue;
            }
            let at = period
                .post(id)
                .map(|p| {
                    p.etp
                        .or(p.change)
                        .map_or(p.holder.span.clone(), |f| f.span())
                })
                .or_else(|| period.posts.as_ref().map(|p| p.span.clone()))
                .unwrap_or(period.id.span.clone());
            out.push(Breach {
                kind: Moved::Commune,
                id: id.clone(),
                before: facts.etp(i - 1, id),
                now: facts.etp(i, id),
                moved,
                limit: max,
                at,
            });
        }
    }
    if let (Some(max), Some(now_t), Some(prev_t)) =
        (rules.max_theme_move, &period.themes, &prev.themes)
    {
        let ids = prev_t
            .entries
            .iter()
            .map(|(t, _)| &t.id)
            .chain(now_t.entries.iter().map(|(t, _)| &t.id));
        let mut seen = std::collections::HashSet::new();
        for theme in ids {
            if !seen.insert(theme) {
                continue;
            }
            let before = prev_t.get(theme).map_or(Decimal::ZERO, |f| f.value);
            let now = now_t.get(theme).map_or(Decimal::ZERO, |f| f.value);
            let moved = now - before;
            if moved.abs() <= max.value {
                continue;
            }
            out.push(Breach {
                kind: Moved::Theme,
                id: theme.clone(),
                before: Some(before),
                now: Some(now),
                moved,
                limit: max,
                at: now_t.get(theme).map_or(now_t.span.clone(), |f| f.span()),
            });
        }
    }
    out
}

/// Cost per unit of relaxing a move limit (a rule parameter).
pub const RELAX_COST: i64 = 5;

/// The rule's rows in the planning model for one move of `id` between
/// periods `from` and `to`, whose upward and downward parts are variables
/// `up` and `down` (the planner minimises both): each within the limit.
pub fn rows(
    s: &Scenario,
    (from, to): (&str, &str),
    id: &str,
    moved: Moved,
    (up, down): (VarId, VarId),
    r: &mut dyn Rows,
) -> Result<(), BuildError> {
    let rules = s.rules_for(to);
    let limit = match moved {
        Moved::Commune => rules.max_commune_move,
        Moved::Theme => rules.max_theme_move,
    };
    let Some(max) = limit else {
        return Ok(());
    };
    let value = r.units(max.value, Some(max.span()))?;
    let what = match moved {
        Moved::Commune => Subject::CommuneMove {
            from: from.to_owned(),
            to: to.to_owned(),
            commune: id.to_owned(),
            value,
        },
        Moved::Theme => Subject::ThemeMove {
            from: from.to_owned(),
            to: to.to_owned(),
            theme: id.to_owned(),
            value,
        },
    };
    r.constrain(
        RULE.code,
        Some(max.span()),
        what,
        Relax::Cost(RELAX_COST),
        vec![
            (vec![(up, 1)], Op::Le, value),
            (vec![(down, 1)], Op::Le, value),
        ],
    );
    Ok(())
}

/// How `propose` words a relaxation of the limit `key` (`max_commune_move`
/// or `max_theme_move`), found on the move of `id`.
pub fn relaxation(key: &str, (from, to): (Arg, Arg), id: Arg, was: Arg, now: Arg) -> Text {
    Text::new(&RELAX)
        .arg("key", Arg::id(key))
        .arg("from", from)
        .arg("to", to)
        .arg("id", id)
        .arg("was", was)
        .arg("now", now)
}

crate::msgs! {
    RELAX = "ctg080.relax",
        fr: "relever {key} de {was} à {now} ETP ({id}, {from} → {to})",
        en: "raise {key} from {was} to {now} ETP ({id}, {from} → {to})";
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    for (i, period) in s.periods.iter().enumerate().skip(1) {
        let Some(prev) = s.previous(i) else { continue };
        for b in breaches(s, ctx.facts, i) {
            let label = match (b.before, b.now) {
                (Some(x), Some(y)) => Text::new(&FROM_TO)
                    .arg("before", Arg::etp(x))
                    .arg("now", Arg::etp(y)),
                _ => Text::new(&MOVED).arg("moved", Arg::etp_change(b.moved)),
            };
            let message = Text::new(&MOVES)
                .arg("what", super::args::subject(s, &b.id))
                .arg("moved", Arg::etp_change(b.moved))
                .arg("previous", super::args::period(prev))
                .arg("period", super::args::period(period))
                .arg("limit", Arg::etp(b.limit.value));
            let (key, d) = match b.kind {
                Moved::Commune => (
                    "max_commune_move",
                    Diagnostic::error(RULE.code, message).holder(&b.id),
                ),
                Moved::Theme => (
                    "max_theme_move",
                    Diagnostic::error(RULE.code, message).theme(&b.id),
                ),
            };
            let d = d
                .primary(b.at, label)
                .secondary(b.limit.span(), &MAX_HERE)
                .period(&prev.id.id)
                .period(&period.id.id)
                .help(Text::new(&HELP).arg("key", Arg::raw(key)));
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn commune_move_over_limit() {
        let t = format!("{HEADER}[rules]\nmax_commune_move = 0.3\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2022-2025\"\nposts.a = {{ etp = 0.7 }}\n[[period]]\nid = \"2026\"\nposts.a = {{ etp = 1.2 }}\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&t, &d[0]), "1.2");
        assert!(d[0].message.render(crate::i18n::Lang::En).contains("+0.5"));
        assert!(run(&RULE, &t.replace("0.3", "0.5")).is_empty());
    }

    #[test]
    fn theme_move_over_limit() {
        let t = format!("{HEADER}[rules]\nmax_theme_move = 0.1\n[[period]]\nid = \"2026\"\nthemes = {{ petite_enfance = 1.6 }}\n[[period]]\nid = \"2027\"\nthemes = {{ petite_enfance = 1.8 }}\n");
        assert_eq!(run(&RULE, &t).len(), 1);
        assert!(run(&RULE, &t.replace("1.8", "1.7")).is_empty());
    }

    /// A theme written in one period and left out of the next moves to 0:
    /// `diff` and `propose` always saw it so; `check` now does too.
    #[test]
    fn theme_left_out_of_the_next_period_moves_to_zero() {
        let t = format!("{HEADER}[rules]\nmax_theme_move = 0.1\n[[period]]\nid = \"2026\"\nthemes = {{ petite_enfance = 0.3, parentalite = 0.2 }}\n[[period]]\nid = \"2027\"\nthemes = {{ petite_enfance = 0.3 }}\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].subject.theme.as_deref(), Some("parentalite"));
        assert_eq!(d[0].subject.periods, ["2026", "2027"]);
        assert_eq!(primary_text(&t, &d[0]), "{ petite_enfance = 0.3 }");
        assert!(
            d[0].message.render(crate::i18n::Lang::En).contains("-0.2"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        // And the other way round: a theme that appears.
        let t = t.replace(
            "themes = { petite_enfance = 0.3 }\n",
            "themes = { petite_enfance = 0.3, parentalite = 0.2, acces_droits = 0.2 }\n",
        );
        assert_eq!(run(&RULE, &t).len(), 1);
    }

    /// A declared change moves a commune by that much even when the
    /// previous split is unknown.
    #[test]
    fn declared_change_over_the_limit() {
        let t = format!("{HEADER}[rules]\nmax_commune_move = 0.3\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2025\"\ntotal = 3\n[[period]]\nid = \"2026\"\nposts.a = {{ change = 0.5 }}\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(primary_text(&t, &d[0]), "0.5");
        assert_eq!(d[0].subject.holder.as_deref(), Some("a"));
        assert!(run(&RULE, &t.replace("0.3\n", "0.5\n")).is_empty());
    }
}
