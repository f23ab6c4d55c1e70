//! Comparing two periods: each commune's and carrier's ETP, each theme's, the
//! coordinator's and the total, with the change and, where `[financing]`
//! gives costs, the same in euros per year. Figures come from
//! [`Facts`](crate::scenario::facts::Facts), so incremental periods are
//! resolved and an unknown figure stays unknown (`None`).

use crate::code::Code;
use crate::finance::money::to_cents;
use crate::finance::{coordinator, coordinator_externalised, externalised, post_cost, rate};
use crate::rules::transition_limit::{self, theme_etp, Moved};
use crate::scenario::facts::Facts;
use crate::scenario::{Financing, Scenario};
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    Commune,
    Carrier,
    Theme,
    Coordinator,
    Total,
}

/// One compared figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub id: String,
    pub name: String,
    pub from: Option<Decimal>,
    pub to: Option<Decimal>,
    /// `to - from`; or, when neither is known, the `change` an incremental
    /// period declares (as in "+0.5 at Istres" on an unknown split).
    pub change: Option<Decimal>,
    /// Yearly cost in cents, when `[financing]` makes it known.
    pub from_cost: Option<i64>,
    pub to_cost: Option<i64>,
    pub cost_change: Option<i64>,
    /// The rule code when the move exceeds a declared transition limit.
    pub flag: Option<Code>,
    /// The limit exceeded.
    pub limit: Option<Decimal>,
}

impl Line {
    /// A line whose changes are the differences of its figures.
    fn new(
        kind: LineKind,
        id: &str,
        name: &str,
        (from, to): (Option<Decimal>, Option<Decimal>),
        (from_cost, to_cost): (Option<i64>, Option<i64>),
    ) -> Line {
        Line {
            kind,
            id: id.to_owned(),
            name: name.to_owned(),
            from,
            to,
            change: from.zip(to).map(|(a, b)| b - a),
            from_cost,
            to_cost,
            cost_change: from_cost.zip(to_cost).and_then(|(a, b)| b.checked_sub(a)),
            flag: None,
            limit: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub from: usize,
    pub to: usize,
    /// Whether the file has `[financing]` (euro columns shown).
    pub costs: bool,
    pub lines: Vec<Line>,
}

impl Diff {
    pub fn flagged(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.flag.is_some())
    }
}

/// The code moves beyond a transition limit are reported under.
pub const TRANSITION_CODE: Code = crate::rules::transition_limit::RULE.code;

/// Compares period `from` with period `to` (indices into `s.periods`).
pub fn diff(s: &Scenario, facts: &Facts, from: usize, to: usize) -> Diff {
    // Each period's amounts (`[financing.by_period]` may change them).
    let fins: Vec<Option<crate::scenario::Financing>> = s
        .periods
        .iter()
        .map(|p| s.financing.as_ref().map(|f| f.for_period(p.name())))
        .collect();
    let fin_at = |i: usize| fins.get(i).and_then(Option::as_ref);
    let mut lines = Vec::new();
    let holder_cost = |i: usize, holder: &str| -> Option<i64> {
        let etp = facts.etp(i, holder)?;
        if etp.is_zero() {
            return Some(0);
        }
        let fin = fin_at(i)?;
        if !crate::finance::costed(fin, s, i, holder) {
            return Some(0);
        }
        post_cost(etp, rate(fin, externalised(s, i, holder))?)
    };
    // Flags are CTG080's own findings, so `diff` never flags a move `check`
    // passes: between consecutive periods only.
    let breaches = if to == from + 1 {
        transition_limit::breaches(s, facts, to)
    } else {
        Vec::new()
    };
    let flag = |kind: Moved, id: &str| {
        breaches
            .iter()
            .find(|b| b.kind == kind && b.id == id)
            .map_or((None, None), |b| {
                (Some(TRANSITION_CODE), Some(b.limit.value))
            })
    };
    let holders = s
        .communes
        .iter()
        .map(|c| (LineKind::Commune, &c.id.id, &c.name))
        .chain(
            s.carriers
                .iter()
                .map(|c| (LineKind::Carrier, &c.id.id, &c.name)),
        );
    for (kind, id, name) in holders {
        let (a, b) = (facts.etp(from, id), facts.etp(to, id));
        let mut line = Line::new(
            kind,
            id,
            name,
            (a, b),
            (holder_cost(from, id), holder_cost(to, id)),
        );
        if line.change.is_none() {
            line.change = declared_change(s, from, to, id);
            line.cost_change = line.change.and_then(|c| {
                let r = rate(fin_at(to)?, externalised(s, to, id))?;
                to_cents(c.checked_mul(r)?)
            });
        }
        if kind == LineKind::Commune {
            (line.flag, line.limit) = flag(Moved::Commune, id);
        }
        lines.push(line);
    }
    for t in &s.themes {
        let (a, b) = (theme_etp(s, from, &t.id.id), theme_etp(s, to, &t.id.id));
        let mut line = Line::new(
            LineKind::Theme,
            &t.id.id,
            &t.label,
            (a, b),
            (
                theme_cost(s, facts, fin_at(from), from, a),
                theme_cost(s, facts, fin_at(to), to, b),
            ),
        );
        (line.flag, line.limit) = flag(Moved::Theme, &t.id.id);
        lines.push(line);
    }
    let coord_etp = |i: usize| facts.periods.get(i).map(|p| p.coordinator);
    let coord_cost = |i: usize| -> Option<i64> {
        let etp = coord_etp(i)?;
        if etp.is_zero() {
            return Some(0);
        }
        let c = coordinator(s, i)?;
        post_cost(etp, rate(fin_at(i)?, coordinator_externalised(s, c))?)
    };
    lines.push(Line::new(
        LineKind::Coordinator,
        "coordinator",
        "Global coordinator",
        (coord_etp(from), coord_etp(to)),
        (coord_cost(from), coord_cost(to)),
    ));
    // The total cost is that of every post: holders and coordinator.
    let total_cost = |i: usize| -> Option<i64> {
        s.communes
            .iter()
            .map(|c| c.id.id.as_str())
            .chain(s.carriers.iter().map(|c| c.id.id.as_str()))
            .map(|h| holder_cost(i, h))
            .chain(std::iter::once(coord_cost(i)))
            .try_fold(0i64, |acc, c| acc.checked_add(c?))
    };
    let total = |i: usize| facts.periods.get(i).and_then(|p| p.total);
    lines.push(Line::new(
        LineKind::Total,
        "total",
        "Total",
        (total(from), total(to)),
        (total_cost(from), total_cost(to)),
    ));
    Diff {
        from,
        to,
        costs: s.financing.is_some(),
        lines,
    }
}

/// The change an incremental period `to`, right after `from`, declares for
/// a holder: its `change`, or 0 when it does not list the holder.
fn declared_change(s: &Scenario, from: usize, to: usize, holder: &str) -> Option<Decimal> {
    if to != from + 1 {
        return None;
    }
    s.periods.get(to)?.declared_change(holder)
}

/// A theme's yearly cost: known only when every post of the period that
/// holds ETP costs the same per ETP (then it does not matter which post
/// works on the theme).
fn theme_cost(
    s: &Scenario,
    facts: &Facts,
    fin: Option<&Financing>,
    i: usize,
    etp: Option<Decimal>,
) -> Option<i64> {
    let etp = etp?;
    if etp.is_zero() {
        return Some(0);
    }
    let fin = fin?;
    let mut common: Option<Decimal> = None;
    let holders = s
        .communes
        .iter()
        .map(|c| c.id.id.as_str())
        .chain(s.carriers.iter().map(|c| c.id.id.as_str()));
    for h in holders {
        if facts.etp(i, h) == Some(Decimal::ZERO) {
            continue;
        }
        let r = rate(fin, externalised(s, i, h))?;
        match common {
            Some(c) if c != r => return None,
            _ => common = Some(r),
        }
    }
    post_cost(etp, common?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn load(text: &str) -> Scenario {
        let l = load_str("t.toml", text);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        l.scenario.expect("loads")
    }

    const T: &str = r#"
[territory]
name = "T"
[rules]
max_commune_move = 0.3
max_theme_move = 0.1
[[commune]]
id = "a"
name = "A"
[[commune]]
id = "b"
name = "B"
[[carrier]]
id = "op"
name = "Op"
kind = "operator"
[[period]]
id = "2022"
coordinator = { etp = 1, carrier = "a" }
themes = { petite_enfance = 0.3 }
posts.a = { etp = 0.2 }
posts.b = { etp = 0.1 }
[[period]]
id = "2026"
coordinator = { etp = 0.5, carrier = "op" }
themes = { petite_enfance = 0.5, parentalite = 0.5 }
posts.a = { etp = 0.6 }
posts.b = { etp = 0.4 }
[[period]]
id = "2027"
posts.b = { change = 0.1 }
"#;

    fn line<'a>(d: &'a Diff, id: &str) -> &'a Line {
        d.lines.iter().find(|l| l.id == id).expect("line")
    }

    #[test]
    fn etp_changes_and_flags() {
        let s = load(T);
        let d = diff(&s, &Facts::of(&s), 0, 1);
        assert!(!d.costs);
        let a = line(&d, "a");
        assert_eq!(
            (a.from, a.to, a.change),
            (Some(dec("0.2")), Some(dec("0.6")), Some(dec("0.4")))
        );
        assert_eq!(a.flag, Some(crate::code::Code::TransitionLimit));
        assert_eq!(line(&d, "b").flag, None, "+0.3 is within the limit");
        let pe = line(&d, "petite_enfance");
        assert_eq!(
            (pe.change, pe.flag),
            (Some(dec("0.2")), Some(crate::code::Code::TransitionLimit))
        );
        assert_eq!(
            line(&d, "parentalite").from,
            Some(Decimal::ZERO),
            "left out of a theme table"
        );
        assert_eq!(line(&d, "coordinator").change, Some(dec("-0.5")));
        assert_eq!(line(&d, "total").to, Some(dec("1.5")));
        assert_eq!(
            line(&d, "a").from_cost,
            None,
            "no costs without [financing]"
        );
    }

    #[test]
    fn incremental_periods_and_unknown_themes() {
        let s = load(T);
        let d = diff(&s, &Facts::of(&s), 1, 2);
        assert_eq!(line(&d, "b").to, Some(dec("0.5")));
        assert_eq!(line(&d, "a").to, Some(dec("0.6")), "carried over");
        assert_eq!(line(&d, "coordinator").to, Some(dec("0.5")), "carried over");
        assert_eq!(
            line(&d, "petite_enfance").to,
            None,
            "no theme table: unknown"
        );
        assert_eq!(line(&d, "petite_enfance").change, None);
    }

    #[test]
    fn declared_changes_stand_when_figures_are_unknown() {
        let text = "[territory]\nname = \"Golfe\"\n[[commune]]\nid = \"istres\"\nname = \"Istres\"\n[[commune]]\nid = \"fos\"\nname = \"Fos\"\n[[commune]]\nid = \"grans\"\nname = \"Grans\"\n[[period]]\nid = \"2025\"\ntotal = 3.1\n[[period]]\nid = \"cible\"\nposts.istres = { change = 0.5 }\nposts.fos = { change = 0.2 }\n[financing]\ncost_per_etp = 50000\n";
        let s = load(text);
        let d = diff(&s, &Facts::of(&s), 0, 1);
        let istres = line(&d, "istres");
        assert_eq!((istres.from, istres.to), (None, None));
        assert_eq!(istres.change, Some(dec("0.5")));
        assert_eq!(istres.cost_change, Some(2_500_000));
        assert_eq!(
            line(&d, "grans").change,
            Some(Decimal::ZERO),
            "not listed: unchanged"
        );
        assert_eq!(line(&d, "total").change, Some(dec("0.7")));
        // Not consecutive, or backwards: nothing declared.
        let d = diff(&s, &Facts::of(&s), 1, 0);
        assert_eq!(line(&d, "istres").change, None);
    }

    #[test]
    fn costs_per_year() {
        let s = load(&format!(
            "{T}[financing]\ncost_per_etp = 50000\noperator_cost_per_etp = 60000\n"
        ));
        let d = diff(&s, &Facts::of(&s), 0, 1);
        assert!(d.costs);
        let a = line(&d, "a");
        assert_eq!(
            (a.from_cost, a.to_cost, a.cost_change),
            (Some(1_000_000), Some(3_000_000), Some(2_000_000))
        );
        // The coordinator: 1 ETP direct at 50,000, then 0.5 operator at 60,000.
        let c = line(&d, "coordinator");
        assert_eq!((c.from_cost, c.to_cost), (Some(5_000_000), Some(3_000_000)));
        // Every post costs the same per ETP: themes get a cost.
        assert_eq!(line(&d, "petite_enfance").to_cost, Some(2_500_000));
        let t = line(&d, "total");
        assert_eq!((t.from_cost, t.to_cost), (Some(6_500_000), Some(8_000_000)));
        // An externalised commune post makes the theme cost unknown.
        let s = load(&format!(
            "{}[financing]\ncost_per_etp = 50000\noperator_cost_per_etp = 60000\n",
            T.replace(
                "posts.a = { etp = 0.6 }",
                "posts.a = { etp = 0.6, mode = \"externalised\" }"
            )
        ));
        let d = diff(&s, &Facts::of(&s), 0, 1);
        assert_eq!(line(&d, "petite_enfance").to_cost, None);
        assert_eq!(line(&d, "a").to_cost, Some(3_600_000));
    }
}
