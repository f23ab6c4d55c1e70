//! Negotiation: what asks (`propose --set`), locks and the carriers' caps
//! change in the planning model.
//!
//! - An ask is a hard constraint (in the elastic model, relaxable only when
//!   negotiable).
//! - In a period an ask touches, the other figures the file writes (posts,
//!   theme totals, the total) are no longer fixed: they become *references*
//!   the plan stays closest to, unless locked (`locked = true` on the post or
//!   the period, `--lock`, or a period of kind `past`). A reference's
//!   deviation is priced relative to its size, so that what must give is
//!   taken from the larger figures first.
//! - A carrier (an EPCI or an external operator) gets no more than the
//!   scenario gives it (its figure in the period, else in the period before,
//!   else nothing) unless the rules force it: each step beyond is priced
//!   far above anything else the objective counts. `--allow-operator-increase`
//!   lifts the price. (A price, not a row: it never makes a plan impossible.)

use super::ask::{self, Cmp, Item, Lock, Resolved};
use super::build::PeriodVars;
use crate::lp::{BuildError, Group, Op, Relax, Rows, Subject, VarId};
use crate::scenario::facts::Facts;
use crate::scenario::{PeriodKind, Scenario, ThemeList};

/// Price per unit of relaxing a negotiable ask: above any figure of the
/// file, so that alternatives move the file's figures before an ask.
pub const ASK_COST: i64 = 40;

/// Price per unit of giving a carrier more than the scenario gives it, on
/// top of the objective's own terms (see [`rows`]).
pub const CARRIER_COST: i64 = 10_000;

/// The asks and locks of one `propose` run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Negotiation {
    pub asks: Vec<Resolved>,
    pub locks: Vec<Lock>,
    /// `--negotiable`: alternatives may relax every ask.
    pub all_negotiable: bool,
    /// `--allow-operator-increase`: carriers may get more than the scenario gives them.
    pub allow_carrier_increase: bool,
    /// How many alternatives to look for when no scheme meets every ask
    /// and rule (0 or 1: one).
    pub alternatives: usize,
    /// What alternatives must not relax (`--keep`): `caf_total`, `total`,
    /// a rule parameter (`min_etp`, `min_percent`, `commune_min`,
    /// `commune_max`, `max_commune_move`, `max_theme_move`), a commune,
    /// carrier or theme id, or a rule code; `PERIOD.` in front for one period.
    pub keep: Vec<String>,
}

/// Why asks cannot be planned as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// The ask's period is locked (`past`, `locked = true`, `--lock`).
    PeriodLocked { ask: String, period: String },
    /// The ask's figure is locked.
    FigureLocked { ask: String, period: String },
}

impl Negotiation {
    pub fn is_empty(&self) -> bool {
        self.asks.is_empty() && self.locks.is_empty()
    }

    /// Whether period `i` is locked: of kind `past`, `locked = true` or `--lock PERIOD`.
    pub fn period_locked(&self, s: &Scenario, i: usize) -> bool {
        s.periods
            .get(i)
            .is_some_and(|p| p.locked || p.kind == Some(PeriodKind::Past))
            || self.locks.iter().any(|l| l.period == i && l.item.is_none())
    }

    /// Whether a figure of period `i` is locked.
    pub fn item_locked(&self, s: &Scenario, i: usize, item: &Item) -> bool {
        self.period_locked(s, i)
            || self
                .locks
                .iter()
                .any(|l| l.period == i && l.item.as_ref() == Some(item))
            || matches!(item, Item::Holder(h) if s
                .periods
                .get(i)
                .and_then(|p| p.post(h))
                .is_some_and(|p| p.locked))
    }

    /// Whether the figures of period `i` become references: an ask touches
    /// it and it is not locked.
    pub fn releases(&self, s: &Scenario, i: usize) -> bool {
        self.asks.iter().any(|a| a.period == i) && !self.period_locked(s, i)
    }

    /// Whether an ask sets the Caf's total of the period named `period`
    /// (the file's `caf_total` then gives way to it).
    pub fn caf_asked(&self, s: &Scenario, period: &str) -> bool {
        self.asks.iter().any(|a| {
            a.item == Item::CafTotal && s.periods.get(a.period).is_some_and(|p| p.name() == period)
        })
    }

    /// Whether `--keep` protects a group of the elastic model.
    pub fn keeps(&self, s: &Scenario, g: &Group) -> bool {
        let (period, words) = keep_words(g);
        self.keep.iter().any(|k| {
            let (p, word) = match k.split_once('.') {
                Some((p, w)) if s.periods.iter().any(|x| x.name() == p) => (Some(p), w),
                _ => (None, k.as_str()),
            };
            p.is_none_or(|p| Some(p) == period)
                && (words.contains(&word) || g.code.as_str().eq_ignore_ascii_case(word))
        })
    }

    pub fn negotiable(&self, a: &Resolved) -> bool {
        self.all_negotiable || a.ask.negotiable
    }

    /// Asks on a locked period or figure: no plan may meet them.
    pub fn conflicts(&self, s: &Scenario) -> Vec<Conflict> {
        let mut out = Vec::new();
        for a in &self.asks {
            let period = s
                .periods
                .get(a.period)
                .map_or(String::new(), |p| p.name().to_owned());
            let ask = a.ask.text.clone();
            if self.period_locked(s, a.period) {
                out.push(Conflict::PeriodLocked { ask, period });
            } else if self.item_locked(s, a.period, &a.item) {
                out.push(Conflict::FigureLocked { ask, period });
            }
        }
        out
    }

    /// The periods the asks touch, in file order.
    pub fn periods(&self) -> Vec<usize> {
        let mut p: Vec<usize> = self.asks.iter().map(|a| a.period).collect();
        p.sort_unstable();
        p.dedup();
        p
    }

    /// `s` with the theme lists the asks give (`HOLDER.themes=...`) written
    /// on the holders' posts (a post is added where the period has none).
    pub fn scenario(&self, s: &Scenario) -> Scenario {
        let mut out = s.clone();
        for a in &self.asks {
            let Item::Themes(h) = &a.item else {
                continue;
            };
            let Some(period) = out.periods.get_mut(a.period) else {
                continue;
            };
            let span = period.id.span.clone();
            let list = ThemeList {
                items: a
                    .themes
                    .iter()
                    .map(|t| crate::scenario::Ident {
                        id: t.clone(),
                        span: span.clone(),
                    })
                    .collect(),
                span: span.clone(),
            };
            let posts = period
                .posts
                .get_or_insert_with(|| crate::scenario::Posts::new(Vec::new(), span.clone()));
            match posts.index.get(h).copied() {
                Some(k) => {
                    if let Some(p) = posts.entries.get_mut(k) {
                        p.themes = Some(list);
                    }
                }
                None => {
                    let mut entries = std::mem::take(&mut posts.entries);
                    entries.push(crate::scenario::Post {
                        holder: crate::scenario::Ident {
                            id: h.clone(),
                            span: span.clone(),
                        },
                        etp: None,
                        change: None,
                        themes: Some(list),
                        status: Default::default(),
                        status_span: None,
                        mode: None,
                        pooled_with: None,
                        locked: false,
                        span: span.clone(),
                    });
                    *posts = crate::scenario::Posts::new(entries, posts.span.clone());
                }
            }
        }
        out
    }
}

/// The period of a group and the words `--keep` may name it by.
pub(super) fn keep_words(g: &Group) -> (Option<&str>, Vec<&str>) {
    match &g.what {
        Subject::Structure => (None, Vec::new()),
        Subject::Figure { period, item, .. } => (Some(period), vec![item.id()]),
        Subject::PeriodTotal { period, .. } => (Some(period), vec!["total"]),
        Subject::CafCap { period, .. } => (Some(period), vec!["caf_total"]),
        Subject::ThemeMinEtp { period, theme, .. } => (Some(period), vec!["min_etp", theme]),
        Subject::ThemeMinPercent { period, theme, .. } => {
            (Some(period), vec!["min_percent", theme])
        }
        Subject::CommuneMin {
            period, commune, ..
        } => (Some(period), vec!["commune_min", commune]),
        Subject::CommuneMax {
            period, commune, ..
        } => (Some(period), vec!["commune_max", commune]),
        Subject::Admissible { period, holder, .. } => (Some(period), vec!["themes", holder]),
        Subject::Covered { period, commune } => (Some(period), vec!["coverage", commune]),
        Subject::PooledHost {
            period, commune, ..
        } => (Some(period), vec!["pooled_with", commune]),
        Subject::CommuneMove { to, commune, .. } => (Some(to), vec!["max_commune_move", commune]),
        Subject::ThemeMove { to, theme, .. } => (Some(to), vec!["max_theme_move", theme]),
        Subject::Ask { period, .. } => (Some(period), vec!["ask"]),
    }
}

/// Price per unit of moving a reference of `value` units: relative to its
/// size (moving 0.1 off 1.2 ETP costs less than off 0.2), always above a
/// move between periods (which costs 1).
pub fn weight(value: i64) -> i64 {
    10 + 1000 / value.max(1)
}

/// The asks' rows and the carriers' caps, once the periods' variables
/// exist; returns the caps' objective terms (in the elastic model, for
/// planning a way out: the caps never bind, they are priced).
/// `balance_weight` is the most one step of a holder can change the
/// objective's balance terms (0 for `closest`), which the caps' price tops.
pub fn rows(
    neg: &Negotiation,
    s: &Scenario,
    facts: &Facts,
    periods: &[PeriodVars],
    elastic: bool,
    balance_weight: i64,
    r: &mut dyn Rows,
) -> Result<Vec<(VarId, i64)>, BuildError> {
    for a in &neg.asks {
        let Some(pv) = periods.iter().find(|p| p.index == a.period) else {
            continue;
        };
        let Some(etp) = a.ask.etp() else {
            continue; // a theme list: written into the scenario (`Negotiation::scenario`)
        };
        let value = r.units(etp, None)?;
        let all = |vars: &[(String, VarId)]| -> Vec<(VarId, i64)> {
            vars.iter().map(|(_, v)| (*v, 1)).collect()
        };
        let staff = if pv.holders.is_empty() {
            all(&pv.themes)
        } else {
            all(&pv.holders)
        };
        let (terms, rhs) = match &a.item {
            Item::Holder(h) => match pv.holders.iter().find(|(x, _)| x == h) {
                Some((_, v)) => (vec![(*v, 1)], value),
                None => continue,
            },
            Item::Theme(t) => match pv.themes.iter().find(|(x, _)| x == t) {
                Some((_, v)) => (vec![(*v, 1)], value),
                None => {
                    return Err(BuildError {
                        code: Some(ask::ASK),
                        message: crate::i18n::Text::new(&super::reasons::NOT_SPLIT)
                            .arg("ask", crate::i18n::Arg::raw(&a.ask.text))
                            .arg("period", crate::i18n::Arg::id(&pv.id)),
                        span: None,
                    })
                }
            },
            Item::Total | Item::CafTotal => (staff, value.saturating_sub(pv.coordinator)),
            Item::Themes(_) => continue,
        };
        let op = match (&a.item, a.ask.cmp) {
            // The Caf's total is a cap: `caf_total=3.2` lets the scheme be at most 3.2.
            (Item::CafTotal, Cmp::Eq | Cmp::Le) => Op::Le,
            (_, Cmp::Eq) => Op::Eq,
            (_, Cmp::Ge) => Op::Ge,
            (_, Cmp::Le) => Op::Le,
        };
        let relax = if elastic && neg.negotiable(a) {
            Relax::Cost(ASK_COST)
        } else {
            Relax::Never
        };
        r.constrain(
            ask::ASK,
            None,
            Subject::Ask {
                period: pv.id.clone(),
                text: a.ask.text.clone(),
            },
            relax,
            vec![(terms, op, rhs)],
        );
    }
    if neg.allow_carrier_increase {
        return Ok(Vec::new());
    }
    carrier_caps(
        s,
        facts,
        periods,
        CARRIER_COST.saturating_add(balance_weight),
        r,
    )
}

/// Each carrier at most what the scenario gives it in the period (its
/// figure there, else in the period before, else nothing).
fn carrier_caps(
    s: &Scenario,
    facts: &Facts,
    periods: &[PeriodVars],
    price: i64,
    r: &mut dyn Rows,
) -> Result<Vec<(VarId, i64)>, BuildError> {
    let mut objective = Vec::new();
    for pv in periods {
        let Some(period) = s.periods.get(pv.index) else {
            continue;
        };
        for c in &s.carriers {
            let id = &c.id.id;
            let Some((_, v)) = pv.holders.iter().find(|(h, _)| h == id) else {
                continue;
            };
            // A `change` ties the figure to the one before: it rules it.
            if period
                .post(id)
                .is_some_and(|p| p.etp.is_none() && p.change.is_some())
            {
                continue;
            }
            let given = facts
                .etp(pv.index, id)
                .or_else(|| pv.index.checked_sub(1).and_then(|j| facts.etp(j, id)));
            let value = match given {
                Some(d) => r.units(d, None)?,
                None => 0,
            };
            // v − beyond ≤ value, beyond ≥ 0 priced.
            let beyond = r.var(format!("{}/{id}/beyond", pv.id), 0, r.cap(), false);
            r.structure(ask::ASK, vec![(vec![(*v, 1), (beyond, -1)], Op::Le, value)]);
            objective.push((beyond, price));
        }
    }
    Ok(objective)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_come_from_the_file_the_command_line_and_past_periods() {
        let text = "[territory]\nname = \"T\"\n[[commune]]\nid = \"a\"\nname = \"A\"\n\
                    [[commune]]\nid = \"b\"\nname = \"B\"\n\
                    [[period]]\nid = \"2025\"\nkind = \"past\"\ntotal = 0.4\n\
                    [period.posts]\na = { etp = 0.2 }\nb = { etp = 0.2 }\n\
                    [[period]]\nid = \"2026\"\ntotal = 0.4\n\
                    [period.posts]\na = { etp = 0.2, locked = true }\nb = { etp = 0.2 }\n\
                    [[period]]\nid = \"2027\"\nlocked = true\ntotal = 0.4\n";
        let s = crate::scenario::load_str("t.toml", text).scenario.unwrap();
        let mut neg = Negotiation::default();
        let a = Item::Holder("a".into());
        let b = Item::Holder("b".into());
        assert!(neg.period_locked(&s, 0), "past");
        assert!(!neg.period_locked(&s, 1));
        assert!(neg.period_locked(&s, 2), "locked = true on the period");
        assert!(neg.item_locked(&s, 1, &a), "locked = true on the post");
        assert!(!neg.item_locked(&s, 1, &b));
        neg.locks.push(ask::resolve_lock(&s, "2026.b").unwrap());
        assert!(neg.item_locked(&s, 1, &b), "--lock");
        neg.asks = ask::resolve_all(&s, &["2026.a=0.3", "2026.total=0.5"]).unwrap();
        assert_eq!(
            neg.conflicts(&s),
            vec![Conflict::FigureLocked {
                ask: "2026.a=0.3".into(),
                period: "2026".into()
            }]
        );
        assert!(neg.releases(&s, 1));
    }

    #[test]
    fn larger_references_are_cheaper_to_move() {
        assert!(weight(12) < weight(3));
        assert!(weight(3) < weight(2));
        assert_eq!(weight(0), weight(1));
        assert!(weight(1_000_000) > 1);
    }
}
