//! Planning a Caf's whole portfolio under its envelope (`propose caf.toml`):
//! one plan over every territory's open figures, every rule of every
//! territory, and the envelope of co-financed ETP per year (and each
//! territory's floor).
//!
//! Nothing here models a territory's rule: each territory's model is the
//! single-territory planner's own ([`build::build_negotiated`]) and its
//! answers are read back by [`propose::extract`]. The territories are
//! linked only through the envelope, so the plan decomposes:
//!
//! 1. each territory is planned alone (its own asks, its own objective);
//! 2. when the independent plans fit the envelope they are the plan (the
//!    objective is a sum over territories, so they are also the joint
//!    optimum); otherwise the territories' models are merged into one
//!    program with the envelope and floor rows, and solved together;
//! 3. when no joint scheme exists, the ways out are stated per territory:
//!    raise the envelope, or let one territory give way (its own planner,
//!    under a cap, says what it must relax).
//!
//! Caf-level asks: `YEARS.envelope=ETP` (or `<=`) replaces the envelope of
//! those years (`YEARS.euros=EUROS` its euros) and releases the figures of every territory's periods in
//! them (they become references, as under a territory's own ask);
//! a territory's asks are `propose`'s, with `TERRITORY/` in front when the
//! period or item is not unambiguous (TERRITORY: the file's stem or the
//! territory's name).

use super::ask::{self, Ask, AskError, Cmp, Item, Resolved, Target, Value};
use super::build::{self, Objective, PlanModel, SplitModel};
use super::lp::{Lp, Op, Relax, Subject};
use super::negotiate::Negotiation;
use super::propose::{self, Alternative, Plan, Proposal, Relaxation};
use super::solve::{self, Options, Outcome};
use crate::i18n::Lang;
use crate::portfolio::summary::{cofinanced, Covered, Summary};
use crate::portfolio::{Envelope, Portfolio};
use crate::rules::portfolio::{envelope_etp, envelope_euros, territory_floor};
use crate::scenario::{Figure, Years};
use rust_decimal::Decimal;
use std::sync::Arc;

/// One territory to plan.
#[derive(Debug, Clone)]
pub struct Territory {
    /// The covered file, with the asks' theme lists written in.
    pub covered: Covered,
    pub neg: Negotiation,
    /// The periods to plan (indices into the file's periods).
    pub indices: Vec<usize>,
}

/// Asks of a portfolio run, read against its territories.
#[derive(Debug, Clone, Default)]
pub struct Asks {
    /// (year, envelope in ETP, the ask) the asks set.
    pub envelope: Vec<(i32, Decimal, String)>,
    /// (year, envelope in euros, the ask) the asks set (`YEARS.euros=EUROS`).
    pub euros: Vec<(i32, Decimal, String)>,
    /// Per territory (index into `covered`), its asks as typed (without prefix).
    pub territory: Vec<Vec<String>>,
}

/// Why a portfolio ask cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AskProblem {
    /// A territory's ask, with the territory's file when known.
    Territory(Option<String>, Box<AskError>),
    /// `TERRITORY/` names no covered territory.
    UnknownTerritory { text: String, given: String },
    /// The ask fits several territories: a prefix is needed.
    Ambiguous { text: String, files: Vec<String> },
    /// An envelope ask with `>=`, or years that do not read.
    Envelope { text: String },
    /// An envelope ask on years no covered territory's period holds.
    EnvelopeYears {
        text: String,
        missing: String,
        known: String,
    },
}

impl AskProblem {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AskProblem::Territory(Some(file), e) => crate::tr!(lang, "pplan.ask_in",
                "{file}\u{a0}: {m}", "{file}: {m}", "file" => file.clone(), "m" => e.message(lang)),
            AskProblem::Territory(None, e) => e.message(lang),
            AskProblem::UnknownTerritory { text, given } => {
                crate::tr!(lang, "pplan.unknown_territory",
                "demande `{t}`\u{a0}: `{g}` n'est pas un territoire du portefeuille",
                "ask `{t}`: `{g}` is not a territory of the portfolio",
                "t" => text.clone(), "g" => given.clone())
            }
            AskProblem::Ambiguous { text, files } => crate::tr!(lang, "pplan.ambiguous",
                "demande `{t}`\u{a0}: plusieurs territoires l'acceptent ({files})",
                "ask `{t}`: several territories take it ({files})",
                "t" => text.clone(), "files" => files.join(", ")),
            AskProblem::Envelope { text } => crate::tr!(lang, "pplan.envelope_ask",
                "demande `{t}`\u{a0}: l'enveloppe se demande en ANNÉES.envelope=ETP ou ANNÉES.envelope<=ETP (ses euros en ANNÉES.euros=EUROS)",
                "ask `{t}`: the envelope is asked as YEARS.envelope=ETP or YEARS.envelope<=ETP (its euros as YEARS.euros=EUROS)",
                "t" => text.clone()),
            AskProblem::EnvelopeYears { text, missing, .. } => {
                crate::tr!(lang, "pplan.envelope_years",
                "demande `{t}`\u{a0}: aucune convention du portefeuille ne couvre {y}",
                "ask `{t}`: no convention of the portfolio covers {y}",
                "t" => text.clone(), "y" => missing.clone())
            }
        }
    }

    pub fn hint(&self, lang: Lang) -> String {
        match self {
            AskProblem::Territory(_, e) => e.hint(lang),
            AskProblem::UnknownTerritory { .. } | AskProblem::Ambiguous { .. } => crate::tr!(lang,
                "pplan.prefix_hint",
                "mettez le territoire devant\u{a0}: TERRITOIRE/PÉRIODE.ÉLÉMENT=ETP (TERRITOIRE\u{a0}: le nom du fichier sans .toml, ou le nom du territoire)",
                "put the territory in front: TERRITORY/PERIOD.ITEM=ETP (TERRITORY: the file's name without .toml, or the territory's name)"),
            AskProblem::Envelope { .. } => crate::tr!(lang, "pplan.envelope_hint",
                "par exemple 2027.envelope=6,8, 2027-2030.envelope<=7 ou 2027.euros=95000 (au centime près)",
                "e.g. 2027.envelope=6.8, 2027-2030.envelope<=7 or 2027.euros=95000 (to the cent)"),
            AskProblem::EnvelopeYears { known, .. } => crate::tr!(lang, "pplan.envelope_years_hint",
                "les années couvertes sont {known}\u{202f}; demandez l'enveloppe de l'une d'elles",
                "the years covered are {known}; ask for the envelope of one of them",
                "known" => known.clone()),
        }
    }

    pub fn code(&self) -> crate::code::Code {
        match self {
            AskProblem::Territory(_, e) => e.code,
            AskProblem::Envelope { .. } | AskProblem::EnvelopeYears { .. } => ask::NOT_UNDERSTOOD,
            _ => ask::UNKNOWN,
        }
    }
}

/// The file's stem, as a territory is named in asks.
pub fn stem(c: &Covered) -> String {
    std::path::Path::new(&c.file)
        .file_stem()
        .map_or_else(|| c.file.clone(), |s| s.to_string_lossy().into_owned())
}

fn names(c: &Covered, given: &str) -> bool {
    let g = ask::fold(given);
    given == c.file || ask::fold(&stem(c)) == g || ask::fold(&c.scenario.territory.name) == g
}

fn parse_years(text: &str) -> Option<(i32, i32)> {
    let (a, b) = match text.split_once('-') {
        Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
        None => {
            let y = text.trim().parse().ok()?;
            (y, y)
        }
    };
    (a <= b && b - a < 100).then_some((a, b))
}

/// Reads the asks: envelope asks, then each territory's (by prefix, else
/// the one territory they resolve in).
pub fn read_asks(covered: &[Covered], texts: &[String]) -> Result<Asks, AskProblem> {
    let mut out = Asks {
        envelope: Vec::new(),
        euros: Vec::new(),
        territory: vec![Vec::new(); covered.len()],
    };
    for text in texts {
        let trimmed = text.trim();
        if let Ok(a) = Ask::parse(trimmed) {
            if let Target::Item(item) = &a.target {
                let f = ask::fold(item);
                let euros = f == "euros";
                if f == "envelope" || f == "enveloppe" || euros {
                    let bad = || AskProblem::Envelope {
                        text: trimmed.to_owned(),
                    };
                    let (first, last) = parse_years(&a.period).ok_or_else(bad)?;
                    let (Some(v), Cmp::Eq | Cmp::Le) = (a.etp(), a.cmp) else {
                        return Err(bad());
                    };
                    // Euros are counted to the cent.
                    if euros && (v.normalize().scale() > 2 || v.is_sign_negative()) {
                        return Err(bad());
                    }
                    let list = if euros {
                        &mut out.euros
                    } else {
                        &mut out.envelope
                    };
                    for y in first..=last {
                        list.retain(|(x, _, _)| *x != y);
                        list.push((y, v, trimmed.to_owned()));
                    }
                    continue;
                }
            }
        }
        let (prefix, rest) = match trimmed.split_once('/') {
            Some((p, r)) if !p.contains('.') && !p.contains('=') => (Some(p.trim()), r.trim()),
            _ => (None, trimmed),
        };
        let parsed = Ask::parse(rest).map_err(|e| AskProblem::Territory(None, Box::new(e)))?;
        match prefix {
            Some(p) => {
                let t = covered.iter().position(|c| names(c, p)).ok_or_else(|| {
                    AskProblem::UnknownTerritory {
                        text: trimmed.to_owned(),
                        given: p.to_owned(),
                    }
                })?;
                let c = covered.get(t).ok_or_else(|| AskProblem::UnknownTerritory {
                    text: trimmed.to_owned(),
                    given: p.to_owned(),
                })?;
                parsed
                    .resolve(&c.scenario)
                    .map_err(|e| AskProblem::Territory(Some(c.file.clone()), Box::new(e)))?;
                if let Some(v) = out.territory.get_mut(t) {
                    v.push(rest.to_owned());
                }
            }
            None => {
                let fits: Vec<usize> = covered
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| parsed.resolve(&c.scenario).is_ok())
                    .map(|(i, _)| i)
                    .collect();
                match fits.as_slice() {
                    [t] => {
                        if let Some(v) = out.territory.get_mut(*t) {
                            v.push(rest.to_owned());
                        }
                    }
                    [] => {
                        let first = covered.first();
                        let e = first
                            .map(|c| parsed.resolve(&c.scenario).err())
                            .and_then(|e| e);
                        return Err(match (covered.len(), e) {
                            (1, Some(e)) => {
                                AskProblem::Territory(first.map(|c| c.file.clone()), Box::new(e))
                            }
                            _ => AskProblem::UnknownTerritory {
                                text: trimmed.to_owned(),
                                given: parsed.period.clone(),
                            },
                        });
                    }
                    many => {
                        return Err(AskProblem::Ambiguous {
                            text: trimmed.to_owned(),
                            files: many
                                .iter()
                                .filter_map(|i| covered.get(*i))
                                .map(stem)
                                .collect(),
                        })
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Refuses an envelope ask on years that no covered territory's period
/// holds: it would change nothing, and say nothing of it.
pub fn check_years(p: &Portfolio, covered: &[Covered], asks: &Asks) -> Result<(), AskProblem> {
    let mut known: Vec<i32> = covered
        .iter()
        .flat_map(|c| (0..c.scenario.periods.len()).filter_map(move |k| c.years_of(p, k)))
        .flat_map(|y| y.first..=y.last)
        .collect();
    known.sort_unstable();
    known.dedup();
    for (year, _, text) in asks.envelope.iter().chain(&asks.euros) {
        if known.binary_search(year).is_err() {
            let missing: Vec<i32> = asks
                .envelope
                .iter()
                .chain(&asks.euros)
                .filter(|(y, _, t)| t == text && known.binary_search(y).is_err())
                .map(|(y, _, _)| *y)
                .collect();
            return Err(AskProblem::EnvelopeYears {
                text: text.clone(),
                missing: crate::rules::portfolio::years_text(&missing),
                known: crate::rules::portfolio::years_text(&known),
            });
        }
    }
    Ok(())
}

/// The portfolio with the envelope the asks set (each asked year gets its
/// own entry; the others keep the file's).
pub fn with_envelope(p: &Portfolio, asks: &Asks) -> Portfolio {
    if asks.envelope.is_empty() && asks.euros.is_empty() {
        return p.clone();
    }
    let mut years: Vec<i32> = p
        .envelope
        .iter()
        .flat_map(|e| e.years.first..=e.years.last)
        .chain(asks.envelope.iter().chain(&asks.euros).map(|(y, _, _)| *y))
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut out = p.clone();
    out.envelope = years
        .into_iter()
        .map(|y| {
            let file = p.envelope_for(y);
            let asked = asks.envelope.iter().find(|(x, _, _)| *x == y);
            let span = file
                .and_then(|e| e.etp.map(|f| f.span()))
                .unwrap_or_else(|| p.span.clone());
            let etp = match asked {
                Some((_, v, _)) => Some(Figure::new(*v, span.clone())),
                None => file.and_then(|e| e.etp),
            };
            let euros_span = file.and_then(|e| e.euros.map(|f| f.span())).unwrap_or(span);
            let euros = match asks.euros.iter().find(|(x, _, _)| *x == y) {
                Some((_, v, _)) => Some(Figure::new(*v, euros_span)),
                None => file.and_then(|e| e.euros),
            };
            Envelope {
                years: Years {
                    first: y,
                    last: y,
                    start: file.map_or(p.span.start, |e| e.years.start),
                    end: file.map_or(p.span.end, |e| e.years.end),
                },
                etp,
                euros,
            }
        })
        .collect();
    out
}

/// The territories to plan: each file's asks resolved, the periods the
/// envelope asks touch released (their figures become references), and
/// the open periods and asked periods in scope.
pub fn territories(
    p: &Portfolio,
    covered: &[Covered],
    asks: &Asks,
    base: &Negotiation,
) -> Result<Vec<Territory>, AskProblem> {
    let mut out = Vec::with_capacity(covered.len());
    for (t, c) in covered.iter().enumerate() {
        let texts = asks.territory.get(t).cloned().unwrap_or_default();
        let s = &c.scenario;
        let mut neg = Negotiation {
            asks: ask::resolve_all(s, &texts)
                .map_err(|e| AskProblem::Territory(Some(c.file.clone()), Box::new(e)))?,
            ..base.clone()
        };
        let scenario = if neg.asks.is_empty() {
            Arc::clone(&c.scenario)
        } else {
            Arc::new(neg.scenario(s))
        };
        for (k, period) in s.periods.iter().enumerate() {
            let Some(years) = c.years_of(p, k) else {
                continue;
            };
            let asked = asks
                .envelope
                .iter()
                .chain(&asks.euros)
                .find(|(y, _, _)| years.first <= *y && *y <= years.last);
            let Some((_, _, text)) = asked else { continue };
            if neg.period_locked(s, k) {
                continue;
            }
            // A release: always met (≥ 0), it only turns the period's
            // figures into references; the Caf's total then follows the
            // planned total.
            let item = if period.caf_total.is_some() {
                Item::CafTotal
            } else {
                Item::Total
            };
            neg.asks.push(Resolved {
                ask: Ask {
                    text: text.clone(),
                    negotiable: false,
                    period: period.id.id.clone(),
                    target: if item == Item::Total {
                        Target::Total
                    } else {
                        Target::CafTotal
                    },
                    cmp: Cmp::Ge,
                    value: Value::Etp(Decimal::ZERO),
                },
                period: k,
                item,
                themes: Vec::new(),
            });
        }
        let mut indices =
            propose::scope_indices(&scenario, &propose::Scope::Open).unwrap_or_default();
        indices.extend(neg.periods());
        indices.sort_unstable();
        indices.dedup();
        let mut covered = c.clone();
        covered.scenario = scenario;
        out.push(Territory {
            covered,
            neg,
            indices,
        });
    }
    Ok(out)
}

/// A plan that, written into its files, fails a check: a bug, never shown as a plan.
static NOT_CHECKED: &crate::i18n::Msg = &super::reasons::NOT_CHECKED;

/// The planned portfolio.
#[derive(Debug, Clone)]
pub struct PortfolioPlan {
    /// Per territory, its plan (`None`: nothing open to plan).
    pub plans: Vec<Option<Plan>>,
    /// Whether the territories had to be solved together (the independent
    /// plans broke the envelope or a floor).
    pub joint: bool,
    /// The plans written into their files and checked.
    pub verified: Verified,
}

/// One way out when no scheme meets the envelope and every rule.
#[derive(Debug, Clone)]
pub enum Way {
    /// A territory cannot be planned even on its own: its own alternatives.
    Own {
        territory: usize,
        alternatives: Vec<Alternative>,
    },
    /// Raise the envelope of these years: ETP (year, from, to), and euros
    /// (year, from, to, in cents; each territory at its least co-financed ETP).
    Envelope {
        years: Vec<(i32, Decimal, Decimal)>,
        euros: Vec<(i32, i64, i64)>,
        /// The years of `euros` where some territory's euros cannot be
        /// known (counted as 0): their `to` is a least, not the amount.
        euros_at_least: Vec<i32>,
    },
    /// One territory gives way, the others at their least co-financed ETP:
    /// its periods capped (period id, cap), and what its own planner must
    /// relax for that (empty when moving figures is enough: `plan`).
    Territory {
        territory: usize,
        caps: Vec<(String, Decimal)>,
        /// The territory's floor, when the caps go below it: (floor, lowest cap).
        floor: Option<(Decimal, Decimal)>,
        relaxations: Vec<Relaxation>,
        confirmed: bool,
        plan: Option<Plan>,
    },
}

#[derive(Debug, Clone)]
pub enum PortfolioProposal {
    Planned(PortfolioPlan),
    /// No scheme reaches every territory's floor, even without the envelope.
    FloorsUnreachable,
    Impossible(Vec<Way>),
    Failed(crate::i18n::Text),
    TimeLimit,
}

/// What the envelope counts of a territory's period in a scheme: a constant
/// (units of the common base), or the period's staff variables plus its
/// coordinator.
enum Cof {
    Const(i64),
    Staff(Vec<(usize, i64)>, i64),
}

/// The base unit shared by every territory's step and every figure of the
/// envelope: 10^-scale.
fn base_scale(ts: &[Territory], env: &Portfolio) -> u32 {
    let scale = |d: Decimal| d.normalize().scale();
    let mut s = 0;
    for t in ts {
        s = s.max(scale(t.covered.scenario.rules.step));
        for p in &t.covered.scenario.periods {
            for f in [p.caf_total, p.total].into_iter().flatten() {
                s = s.max(scale(f.value));
            }
        }
        for f in t.covered.facts.periods.iter() {
            s = s.max(scale(f.coordinator));
            if let Some(x) = f.total {
                s = s.max(scale(x));
            }
        }
    }
    for e in &env.envelope {
        if let Some(f) = e.etp {
            s = s.max(scale(f.value));
        }
    }
    for e in &env.entries {
        if let Some(f) = e.floor {
            s = s.max(scale(f.value));
        }
    }
    s.min(9)
}

fn in_base(d: Decimal, scale: u32) -> Option<i64> {
    let x = d * Decimal::from(10i64.pow(scale));
    x.fract()
        .is_zero()
        .then(|| i64::try_from(x.mantissa() / 10i128.pow(x.scale())).ok())
        .flatten()
}

/// Plans the portfolio `p` (its envelope already as the asks set it).
pub fn plan(
    p: &Portfolio,
    ts: &[Territory],
    objective: Objective,
    opts: Options,
    alternatives: usize,
) -> Result<PortfolioProposal, crate::lp::BuildError> {
    use rayon::prelude::*;
    let started = std::time::Instant::now();
    // 1. Each territory alone.
    let alone: Vec<Result<Option<Proposal>, crate::lp::BuildError>> = ts
        .par_iter()
        .map(|t| {
            if t.indices.is_empty() {
                return Ok(None);
            }
            super::guard::plan_within_negotiated(
                &t.covered.scenario,
                &t.indices,
                objective,
                opts,
                &t.neg,
            )
            .map(Some)
        })
        .collect();
    let mut plans = Vec::with_capacity(ts.len());
    let mut ways = Vec::new();
    for (k, r) in alone.into_iter().enumerate() {
        match r? {
            None => plans.push(None),
            Some(Proposal::Planned(plan)) => plans.push(Some(plan)),
            Some(Proposal::Impossible { alternatives, .. }) => {
                ways.push(Way::Own {
                    territory: k,
                    alternatives,
                });
                plans.push(None);
            }
            Some(Proposal::Failed(e)) => return Ok(PortfolioProposal::Failed(e)),
            Some(Proposal::TimeLimit) => return Ok(PortfolioProposal::TimeLimit),
        }
    }
    if !ways.is_empty() {
        return Ok(PortfolioProposal::Impossible(ways));
    }
    let euros_broken = match verify(p, ts, &plans) {
        Ok(v) if v.passes() => {
            return Ok(PortfolioProposal::Planned(PortfolioPlan {
                plans,
                joint: false,
                verified: v,
            }))
        }
        Ok(v) if !v.portfolio.is_empty() => v
            .portfolio
            .iter()
            .any(|d| d.code == envelope_euros::RULE.code),
        Ok(_) => return Ok(PortfolioProposal::Failed(NOT_CHECKED.into())),
        Err(e) => return Ok(PortfolioProposal::Failed(e)),
    };
    // 2. Together, under the envelope and the floors.
    let left = opts.time_limit.map(|l| l.saturating_sub(started.elapsed()));
    let opts = Options {
        time_limit: left,
        ..opts
    };
    // The joint model is built in an order of the territories' own (not
    // the order of `files`), so that the same portfolio listed in another
    // order gets the same plan, ties included.
    let order = canonical_order(ts);
    let sorted: Vec<Territory> = order.iter().filter_map(|k| ts.get(*k).cloned()).collect();
    let mut joint = Joint::build(p, &sorted, objective)?;
    if euros_broken {
        joint.euro_rows(p, &sorted);
    }
    // A plan over the euro envelope adds the euro rows; rounding to the cent
    // may still leave it a few cents over in the exact check: the rows are
    // then tightened by the excess.
    for _ in 0..4 {
        let values = match joint.solve_prioritised(p, &sorted, opts, started) {
            Outcome::Solved(values) => values,
            Outcome::TimeLimit => return Ok(PortfolioProposal::TimeLimit),
            Outcome::Infeasible | Outcome::Failed(_) => {
                joint.euro_rows(p, &sorted);
                let out = joint.ways(p, &sorted, objective, opts, alternatives);
                return Ok(unsort_ways(out, &order));
            }
        };
        let plans = unsort(joint.plans(&sorted, &values), &order);
        match verify(p, ts, &plans) {
            Ok(v) if v.passes() => {
                return Ok(PortfolioProposal::Planned(PortfolioPlan {
                    plans,
                    joint: true,
                    verified: v,
                }))
            }
            Ok(v)
                if v.files.iter().flatten().all(|(_, e)| e.is_empty())
                    && v.portfolio
                        .iter()
                        .all(|d| d.code == envelope_euros::RULE.code) =>
            {
                if joint.euros_on {
                    if !joint.tighten_euros(&v.summary) {
                        return Ok(PortfolioProposal::Failed(NOT_CHECKED.into()));
                    }
                } else {
                    joint.euro_rows(p, &sorted);
                }
            }
            Ok(_) => return Ok(PortfolioProposal::Failed(NOT_CHECKED.into())),
            Err(e) => return Ok(PortfolioProposal::Failed(e)),
        }
    }
    Ok(PortfolioProposal::Failed(NOT_CHECKED.into()))
}

/// The territories in an order that does not depend on the portfolio's
/// `files`: by file stem, territory name, then path.
fn canonical_order(ts: &[Territory]) -> Vec<usize> {
    let key = |t: &Territory| {
        (
            ask::fold(&stem(&t.covered)),
            t.covered.scenario.territory.name.clone(),
            t.covered.file.clone(),
        )
    };
    let mut order: Vec<usize> = (0..ts.len()).collect();
    order.sort_by_cached_key(|k| ts.get(*k).map(key));
    order
}

/// `sorted[i]` belongs to territory `order[i]`: back in the caller's order.
fn unsort<T: Clone>(sorted: Vec<Option<T>>, order: &[usize]) -> Vec<Option<T>> {
    let mut out = vec![None; sorted.len()];
    for (x, k) in sorted.into_iter().zip(order) {
        if let Some(slot) = out.get_mut(*k) {
            *slot = x;
        }
    }
    out
}

fn unsort_ways(p: PortfolioProposal, order: &[usize]) -> PortfolioProposal {
    let back = |k: usize| order.get(k).copied().unwrap_or(k);
    match p {
        PortfolioProposal::Impossible(ways) => PortfolioProposal::Impossible(
            ways.into_iter()
                .map(|w| match w {
                    Way::Own {
                        territory,
                        alternatives,
                    } => Way::Own {
                        territory: back(territory),
                        alternatives,
                    },
                    Way::Territory {
                        territory,
                        caps,
                        floor,
                        relaxations,
                        confirmed,
                        plan,
                    } => Way::Territory {
                        territory: back(territory),
                        caps,
                        floor,
                        relaxations,
                        confirmed,
                        plan,
                    },
                    w @ Way::Envelope { .. } => w,
                })
                .collect(),
        ),
        other => other,
    }
}

/// A set of plans checked by the rules' own code: each planned file (its
/// plan written in, read back, checked), and the portfolio on them.
#[derive(Debug, Clone)]
pub struct Verified {
    pub summary: Summary,
    /// The envelope and floor findings on the planned files.
    pub portfolio: Vec<crate::diagnostic::Diagnostic>,
    /// Per territory with a plan: its file with the plan written in, and
    /// the errors `check` finds in it.
    pub files: Vec<Option<(String, Vec<crate::diagnostic::Diagnostic>)>>,
}

impl Verified {
    /// No error anywhere.
    pub fn passes(&self) -> bool {
        self.portfolio.is_empty() && self.files.iter().flatten().all(|(_, e)| e.is_empty())
    }
}

/// A territory's file with its plan written in (as `propose --out` writes it).
pub fn written(t: &Territory, plan: &Plan) -> Result<String, crate::i18n::Text> {
    let s = &t.covered.scenario;
    let text = match &s.variant {
        Some(v) => v.resolved.clone(),
        None => std::fs::read_to_string(&t.covered.file).map_err(|e| {
            crate::i18n::Text::new(&crate::i18n::RAW).arg("text", crate::i18n::Arg::io_error(&e))
        })?,
    };
    super::apply::apply(&text, s, plan).map_err(|e| e.text())
}

/// Writes each plan into its file, checks it, and checks the portfolio
/// (envelope, floors) on the planned files.
pub fn verify(
    p: &Portfolio,
    ts: &[Territory],
    plans: &[Option<Plan>],
) -> Result<Verified, crate::i18n::Text> {
    use rayon::prelude::*;
    type One = (
        Covered,
        Option<(String, Vec<crate::diagnostic::Diagnostic>)>,
    );
    let done: Vec<Result<One, crate::i18n::Text>> = ts
        .par_iter()
        .zip(plans)
        .map(|(t, plan)| {
            let Some(plan) = plan else {
                return Ok((t.covered.clone(), None));
            };
            let text = written(t, plan).map_err(|e| {
                crate::i18n::Text::new(&super::reasons::NOT_WRITTEN)
                    .arg("file", crate::i18n::Arg::raw(&t.covered.file))
                    .arg("error", crate::i18n::Arg::text(e))
            })?;
            // The errors `check` reports: the loader's, then every rule's.
            let loaded = crate::scenario::load_str(&t.covered.file, &text);
            let scenario = loaded.scenario.ok_or_else(|| {
                crate::i18n::Text::new(&super::reasons::DOES_NOT_LOAD)
                    .arg("file", crate::i18n::Arg::raw(&t.covered.file))
            })?;
            let errors: Vec<_> = loaded
                .diagnostics
                .into_iter()
                .chain(crate::rules::check(&scenario))
                .filter(|d| d.severity == crate::diagnostic::Severity::Error)
                .collect();
            let covered = Covered::new(
                t.covered.file.clone(),
                t.covered.origin.clone(),
                t.covered.entry,
                scenario,
            );
            Ok((covered, Some((text, errors))))
        })
        .collect();
    let mut covered = Vec::with_capacity(done.len());
    let mut files = Vec::with_capacity(done.len());
    for d in done {
        let (c, f) = d?;
        covered.push(c);
        files.push(f);
    }
    // The portfolio rules on the planned files, as `check::portfolio` runs
    // them (`plan` does not import `check`, which imports `plan`).
    let summary = crate::portfolio::summary::summarise(p, &covered);
    let diags = crate::rules::portfolio::check(&crate::rules::portfolio::Context {
        portfolio: p,
        covered: &covered,
        summary: &summary,
        repeated: &[],
        unusable: &[],
        missing: 0,
    });
    let portfolio = diags
        .into_iter()
        .filter(|d| {
            d.code == envelope_etp::RULE.code
                || d.code == territory_floor::RULE.code
                || d.code == envelope_euros::RULE.code
        })
        .collect();
    Ok(Verified {
        summary,
        portfolio,
        files,
    })
}

/// A year of the joint model: the year, its cap in base units, and what
/// each territory's period counts there: (territory, period index, cof).
type YearRow = (i32, Option<i64>, Vec<(usize, usize, Cof)>);

/// (territory, period index, co-financed ETP in base units).
type Counted = (usize, usize, i64);

/// The territories' models merged into one program, with the envelope and
/// floor rows.
struct Joint {
    lp: Lp,
    /// Per territory: its model and the offset of its variables.
    models: Vec<Option<(PlanModel, usize)>>,
    /// Per year with an envelope: (year, cap in base units, what each
    /// territory's periods count: (territory, period index, cof)).
    years: Vec<YearRow>,
    scale: u32,
    /// The envelope rows' group.
    envelope_group: usize,
    /// Per year with a euro envelope whose Caf's euros are all known: (year,
    /// index of its row in `lp.rows`, the envelope in cents). The row counts
    /// in cents.
    euro_rows: Vec<(i32, usize, i64)>,
    /// The years of `euro_rows` where some territory's euros cannot be
    /// known: they count only the known ones.
    euros_partial: Vec<i32>,
    /// Whether the euro rows are in `lp`: they are added only when a plan
    /// breaks the euro envelope (a roomy one would only slow the solve).
    euros_on: bool,
}

impl Joint {
    fn build(
        p: &Portfolio,
        ts: &[Territory],
        objective: Objective,
    ) -> Result<Joint, crate::lp::BuildError> {
        let scale = base_scale(ts, p);
        let mut lp = Lp::default();
        let mut models = Vec::with_capacity(ts.len());
        for t in ts {
            if t.indices.is_empty() {
                models.push(None);
                continue;
            }
            let m = build::build_negotiated(
                &t.covered.scenario,
                &t.indices,
                objective,
                false,
                SplitModel::Classes,
                &t.neg,
            )?;
            let off = lp.vars.len();
            let goff = lp.groups.len();
            lp.vars.extend(m.lp.vars.iter().cloned());
            lp.groups.extend(m.lp.groups.iter().cloned());
            for r in &m.lp.rows {
                lp.row(
                    r.group + goff,
                    r.terms.iter().map(|(v, c)| (v + off, *c)).collect(),
                    r.op,
                    r.rhs,
                );
            }
            lp.objective
                .extend(m.lp.objective.iter().map(|(v, c)| (v + off, *c)));
            models.push(Some((m, off)));
        }
        // What each territory's period counts in the envelope.
        let mut years: Vec<YearRow> = Vec::new();
        let mut all_years: Vec<i32> = p
            .envelope
            .iter()
            .flat_map(|e| e.years.first..=e.years.last)
            .collect();
        for t in ts {
            for j in 0..t.covered.scenario.periods.len() {
                if let Some(y) = t.covered.years_of(p, j) {
                    if t.covered.entry(p).is_some_and(|e| e.floor.is_some()) {
                        all_years.extend(y.first..=y.last);
                    }
                }
            }
        }
        all_years.sort_unstable();
        all_years.dedup();
        let unit_err = |what: &'static crate::i18n::Msg| crate::lp::BuildError {
            code: None,
            message: what.into(),
            span: None,
        };
        for y in all_years {
            let cap = p
                .envelope_for(y)
                .and_then(|e| e.etp)
                .map(|f| {
                    in_base(f.value, scale).ok_or_else(|| unit_err(&super::reasons::FINER_ENVELOPE))
                })
                .transpose()?;
            let mut counted = Vec::new();
            for (k, t) in ts.iter().enumerate() {
                let c = &t.covered;
                let s = &c.scenario;
                // Overlapping periods are the file's error: the first counts.
                let Some(j) = (0..s.periods.len()).find(|j| {
                    c.years_of(p, *j)
                        .is_some_and(|r| r.first <= y && y <= r.last)
                }) else {
                    continue;
                };
                let Some(period) = s.periods.get(j) else {
                    continue;
                };
                let model = models.get(k).and_then(|m| m.as_ref());
                let pv = model.and_then(|(m, off)| {
                    m.periods
                        .iter()
                        .find(|pv| pv.index == j)
                        .map(|pv| (m, pv, *off))
                });
                let caf_asked = t
                    .neg
                    .asks
                    .iter()
                    .find(|a| a.period == j && a.item == Item::CafTotal);
                let cof = match (pv, caf_asked) {
                    // An asked Caf total (`=` or `<=`) is written as asked.
                    (Some(_), Some(a)) if a.ask.cmp != Cmp::Ge => Cof::Const(
                        a.ask
                            .etp()
                            .and_then(|v| in_base(v, scale))
                            .ok_or_else(|| unit_err(&super::reasons::FINER_ASK))?,
                    ),
                    (Some((m, pv, off)), asked)
                        if asked.is_some() || period.caf_total.is_none() =>
                    {
                        let staff = if pv.holders.is_empty() {
                            &pv.themes
                        } else {
                            &pv.holders
                        };
                        let factor = in_base(m.unit, scale)
                            .ok_or_else(|| unit_err(&super::reasons::FINER_STEP))?;
                        Cof::Staff(
                            staff.iter().map(|(_, v)| (v + off, factor)).collect(),
                            factor.saturating_mul(pv.coordinator),
                        )
                    }
                    _ => {
                        let (etp, _) = cofinanced(period, c.facts.periods.get(j));
                        match etp {
                            Some(e) => Cof::Const(
                                in_base(e, scale)
                                    .ok_or_else(|| unit_err(&super::reasons::FINER_FIGURE))?,
                            ),
                            None => continue,
                        }
                    }
                };
                counted.push((k, j, cof));
            }
            years.push((y, cap, counted));
        }
        let envelope_group = lp.group(
            envelope_etp::RULE.code,
            None,
            Subject::Structure,
            Relax::Never,
        );
        let floor_group = lp.group(
            territory_floor::RULE.code,
            None,
            Subject::Structure,
            Relax::Never,
        );
        let mut joint = Joint {
            lp,
            models,
            years,
            scale,
            envelope_group,
            euro_rows: Vec::new(),
            euros_partial: Vec::new(),
            euros_on: false,
        };
        joint.envelope_rows();
        // Each territory's floor, every year it counts.
        let mut floor_rows = Vec::new();
        for (_, _, counted) in &joint.years {
            for (k, _, cof) in counted {
                let Some(floor) = ts
                    .get(*k)
                    .and_then(|t| t.covered.entry(p))
                    .and_then(|e| e.floor)
                else {
                    continue;
                };
                let f = in_base(floor.value, joint.scale)
                    .ok_or_else(|| unit_err(&super::reasons::FINER_FLOOR))?;
                // A fixed figure below its floor gives a row without
                // variables that no scheme meets: the floor, not the
                // solver, is then what fails.
                let (terms, k0) = cof_terms(cof);
                floor_rows.push((terms, Op::Ge, f - k0));
            }
        }
        for (terms, op, rhs) in floor_rows {
            joint.lp.row(floor_group, terms, op, rhs);
        }
        Ok(joint)
    }

    /// Σ co-financed ≤ envelope, for every year with a cap.
    fn envelope_rows(&mut self) {
        let mut rows = Vec::new();
        for (_, cap, counted) in &self.years {
            let Some(cap) = cap else { continue };
            // With fixed figures only, the row has no variable: over the
            // envelope, no scheme meets it (the ways out say what to change).
            let mut terms = Vec::new();
            let mut k = 0i64;
            for (_, _, c) in counted {
                let (t, k0) = cof_terms(c);
                terms.extend(t);
                k = k.saturating_add(k0);
            }
            rows.push((terms, cap.saturating_sub(k)));
        }
        for (terms, rhs) in rows {
            self.lp.row(self.envelope_group, terms, Op::Le, rhs);
        }
    }

    /// Σ the Caf's euros ≤ the envelope's euros, for every year with euros;
    /// a period whose euros cannot be known counts for at least 0, so the
    /// known part alone must fit (as `envelope_euros` checks). A planned period's euros are its posts' Caf parts,
    /// linear in their ETP (`finance::caf_part`: the smaller of the rate and
    /// the amount per ETP, both proportional to the ETP), plus its
    /// coordinator's; a fixed period's are its cost's. Under a
    /// `caf_ceiling`, the smaller of that and the ceiling (`min_of`).
    fn euro_rows(&mut self, p: &Portfolio, ts: &[Territory]) {
        if self.euros_on {
            return;
        }
        self.euros_on = true;
        let group = self.lp.group(
            envelope_euros::RULE.code,
            None,
            Subject::Structure,
            Relax::Never,
        );
        // A period under a `caf_ceiling`: z ≥ min(its rates' euros, the
        // ceiling), one per (territory, period), shared by its years.
        let mut capped: Vec<((usize, usize), usize)> = Vec::new();
        let mut rows = Vec::new();
        for e in &p.envelope {
            let Some(cap) = e
                .euros
                .and_then(|f| crate::finance::money::to_cents(f.value))
            else {
                continue;
            };
            for y in e.years.first..=e.years.last {
                let mut terms = Vec::new();
                let mut k = 0i64;
                for (t, territory) in ts.iter().enumerate() {
                    let c = &territory.covered;
                    let Some(j) = (0..c.scenario.periods.len()).find(|j| {
                        c.years_of(p, *j)
                            .is_some_and(|r| r.first <= y && y <= r.last)
                    }) else {
                        continue;
                    };
                    let model = self.models.get(t).and_then(|m| m.as_ref());
                    // Euros that cannot be known (no rates) count as at
                    // least 0: the known part alone must fit (`envelope_euros`).
                    let Some((tt, k0, ceiling)) = euro_terms(territory, j, model) else {
                        if !self.euros_partial.contains(&y) {
                            self.euros_partial.push(y);
                        }
                        continue;
                    };
                    match ceiling {
                        Some(c) if !tt.is_empty() => {
                            let z = match capped.iter().find(|(key, _)| *key == (t, j)) {
                                Some((_, z)) => *z,
                                None => {
                                    let z = self.min_of(group, &tt, k0, c);
                                    capped.push(((t, j), z));
                                    z
                                }
                            };
                            terms.push((z, 1));
                        }
                        _ => {
                            terms.extend(tt);
                            k = k.saturating_add(k0);
                        }
                    }
                }
                rows.push((y, cap, terms, cap.saturating_sub(k)));
            }
        }
        for (y, cap, terms, rhs) in rows {
            self.euro_rows.push((y, self.lp.rows.len(), cap));
            self.lp.row(group, terms, Op::Le, rhs);
        }
    }

    /// A new z with z ≥ min(Σ terms + k, ceiling) (b = 1: the ceiling
    /// counts; b = 0: the rates do): what a period under `caf_ceiling`
    /// costs the Caf, for a row that keeps it small.
    fn min_of(&mut self, group: usize, terms: &[(usize, i64)], k: i64, ceiling: i64) -> usize {
        // The most the rates can give: every post at its upper bound.
        let most = terms
            .iter()
            .map(|(v, c)| {
                let hi = self.lp.vars.get(*v).map_or(0, |x| x.hi.max(0));
                c.saturating_mul(hi)
            })
            .fold(k.max(0), i64::saturating_add);
        let z = self.lp.var("caf_ceiling", 0, most.max(ceiling), true);
        let b = self.lp.var("caf_ceiling_binds", 0, 1, true);
        // z − Σ terms + most·b ≥ k
        let mut row = vec![(z, 1)];
        row.extend(terms.iter().map(|(v, c)| (*v, c.saturating_neg())));
        row.push((b, most));
        self.lp.row(group, row, Op::Ge, k);
        // z − ceiling·b ≥ 0
        self.lp.row(
            group,
            vec![(z, 1), (b, ceiling.saturating_neg())],
            Op::Ge,
            0,
        );
        z
    }

    /// Lowers the euro rows of the years the exact check finds over their
    /// envelope by the excess; false when there is none to lower.
    fn tighten_euros(&mut self, summary: &Summary) -> bool {
        let mut any = false;
        for y in &summary.years {
            let Some(cap) = y.envelope_euros else {
                continue;
            };
            let (caf, _) = y.caf_at_least();
            let Some((_, r, _)) = self.euro_rows.iter().find(|(yy, _, _)| *yy == y.year) else {
                continue;
            };
            if let Some(row) = self.lp.rows.get_mut(*r) {
                if caf > cap {
                    row.rhs = row.rhs.saturating_sub(caf - cap);
                    any = true;
                }
            }
        }
        any
    }

    fn solve(&self, lp: &Lp, objective: &[(usize, i64)], opts: Options) -> Outcome {
        let repair = |values: &mut [i64]| {
            for (m, off) in self.models.iter().flatten() {
                if let Some(slice) = values.get_mut(*off..*off + m.lp.vars.len()) {
                    m.repair(slice);
                }
            }
        };
        solve::solve_repaired(lp, objective, opts, None, &repair)
    }

    /// The joint plan with the territories' priorities: the territories of
    /// priority 1 get the best plan the envelope and every other
    /// territory's rules and floors allow them; under that, those of
    /// priority 2, and so on; then the whole objective (a lexicographic
    /// optimum: one solve per priority level, each level's optimum kept as
    /// a row for the next).
    fn solve_prioritised(
        &self,
        p: &Portfolio,
        ts: &[Territory],
        opts: Options,
        started: std::time::Instant,
    ) -> Outcome {
        let left = |o: Options| Options {
            time_limit: o.time_limit.map(|l| l.saturating_sub(started.elapsed())),
            ..o
        };
        let priority = |k: usize| {
            ts.get(k)
                .and_then(|t| t.covered.entry(p))
                .and_then(|e| e.priority.as_ref())
                .map(|(v, _)| *v)
        };
        let planned: Vec<usize> = (0..ts.len())
            .filter(|k| self.models.get(*k).is_some_and(Option::is_some))
            .collect();
        let mut levels: Vec<u32> = planned.iter().filter_map(|k| priority(*k)).collect();
        levels.sort_unstable();
        levels.dedup();
        // One level shared by every planned territory orders nothing.
        if levels.len() == 1 && planned.iter().all(|k| priority(*k).is_some()) {
            levels.clear();
        }
        let mut lp = self.lp.clone();
        let group = lp.group(
            territory_floor::RULE.code,
            None,
            Subject::Structure,
            Relax::Never,
        );
        for level in levels {
            let ranges: Vec<std::ops::Range<usize>> = planned
                .iter()
                .filter(|k| priority(**k) == Some(level))
                .filter_map(|k| self.models.get(*k).and_then(|m| m.as_ref()))
                .map(|(m, off)| *off..*off + m.lp.vars.len())
                .collect();
            let objective: Vec<(usize, i64)> = self
                .lp
                .objective
                .iter()
                .filter(|(v, _)| ranges.iter().any(|r| r.contains(v)))
                .copied()
                .collect();
            if objective.is_empty() {
                continue;
            }
            match self.solve(&lp, &objective, left(opts)) {
                Outcome::Solved(values) => {
                    let best = objective
                        .iter()
                        .map(|(v, c)| c.saturating_mul(values.get(*v).copied().unwrap_or(0)))
                        .fold(0i64, i64::saturating_add);
                    lp.row(group, objective, Op::Le, best);
                }
                other => return other,
            }
        }
        self.solve(&lp, &self.lp.objective, left(opts))
    }

    fn plans(&self, ts: &[Territory], values: &[i64]) -> Vec<Option<Plan>> {
        self.models
            .iter()
            .zip(ts)
            .map(|(m, t)| {
                let (m, off) = m.as_ref()?;
                let slice = values.get(*off..*off + m.lp.vars.len())?;
                let mut plan = propose::extract(m, slice, Vec::new());
                propose::settle(&mut plan, &t.covered.scenario, &t.neg);
                Some(plan)
            })
            .collect()
    }

    /// Co-financed ETP per (year, territory) in `values`, in base units.
    fn counted(&self, values: &[i64]) -> Vec<(i32, Vec<Counted>)> {
        self.years
            .iter()
            .map(|(y, _, counted)| {
                let v = counted
                    .iter()
                    .map(|(k, j, c)| {
                        let (terms, k0) = cof_terms(c);
                        let x = terms
                            .iter()
                            .map(|(v, c)| values.get(*v).copied().unwrap_or(0).saturating_mul(*c))
                            .fold(k0, i64::saturating_add);
                        (*k, *j, x)
                    })
                    .collect();
                (*y, v)
            })
            .collect()
    }

    fn etp(&self, units: i64) -> Decimal {
        Decimal::new(units, self.scale)
    }

    /// The ways out when no joint scheme exists.
    fn ways(
        &self,
        p: &Portfolio,
        ts: &[Territory],
        objective: Objective,
        opts: Options,
        wanted: usize,
    ) -> PortfolioProposal {
        // The least co-financed ETP the territories can reach together
        // (envelope rows out, every other rule in): the envelope needed.
        let mut lp = self.lp.clone();
        let euro_group = self
            .euro_rows
            .first()
            .and_then(|(_, r, _)| self.lp.rows.get(*r))
            .map(|r| r.group);
        lp.rows
            .retain(|r| r.group != self.envelope_group && Some(r.group) != euro_group);
        let mut least = Vec::new();
        for (_, cap, counted) in &self.years {
            if cap.is_none() {
                continue;
            }
            for (_, _, c) in counted {
                least.extend(cof_terms(c).0);
            }
        }
        // And the least euros, in the years of a euro envelope (cents and
        // ETP units in one sum: any scheme at its optimum is a sufficient
        // raise; the row's own terms, so the figures are the row's).
        for (_, r, _) in &self.euro_rows {
            if let Some(row) = self.lp.rows.get(*r) {
                least.extend(row.terms.iter().copied());
            }
        }
        lp.objective = least;
        let values = match self.solve(&lp, &lp.objective, opts) {
            Outcome::Solved(v) => v,
            Outcome::TimeLimit => return PortfolioProposal::TimeLimit,
            Outcome::Infeasible | Outcome::Failed(_) => {
                return PortfolioProposal::FloorsUnreachable
            }
        };
        let counted = self.counted(&values);
        let mut raise = Vec::new();
        for ((y, cap, _), (_, c)) in self.years.iter().zip(&counted) {
            let Some(cap) = cap else { continue };
            let total: i64 = c.iter().map(|(_, _, x)| x).sum();
            if total > *cap {
                raise.push((*y, self.etp(*cap), self.etp(total)));
            }
        }
        // The euros that scheme needs, in the years whose euro envelope it breaks.
        let mut euros = Vec::new();
        for (y, r, cap) in &self.euro_rows {
            let Some(row) = self.lp.rows.get(*r) else {
                continue;
            };
            let used = row
                .terms
                .iter()
                .map(|(v, c)| c.saturating_mul(values.get(*v).copied().unwrap_or(0)))
                .fold(cap.saturating_sub(row.rhs), i64::saturating_add);
            if used > *cap {
                euros.push((*y, *cap, used));
            }
        }
        let mut ways = Vec::new();
        if !raise.is_empty() || !euros.is_empty() {
            let euros_at_least = euros
                .iter()
                .map(|(y, _, _)| *y)
                .filter(|y| self.euros_partial.contains(y))
                .collect();
            ways.push(Way::Envelope {
                years: raise.clone(),
                euros,
                euros_at_least,
            });
        }
        // One territory gives way: least priority first (highest number), then file order.
        let mut order: Vec<usize> = (0..ts.len()).collect();
        order.sort_by_key(|k| {
            let pr = ts
                .get(*k)
                .and_then(|t| t.covered.entry(p))
                .and_then(|e| e.priority.as_ref())
                .map_or(u32::MAX, |(v, _)| *v);
            std::cmp::Reverse(pr)
        });
        for k in order {
            if ways.len() >= wanted.max(1) {
                break;
            }
            let Some(t) = ts.get(k) else { continue };
            // Its periods' caps: the envelope minus the others' least, in
            // every short year the period covers.
            let mut caps: Vec<(usize, i64)> = Vec::new();
            for ((y, cap, _), (_, c)) in self.years.iter().zip(&counted) {
                let Some(cap) = cap else { continue };
                if !raise.iter().any(|(ry, _, _)| ry == y) {
                    continue;
                }
                let others: i64 = c
                    .iter()
                    .filter(|(t2, _, _)| *t2 != k)
                    .map(|(_, _, x)| x)
                    .sum();
                let Some((_, j, _)) = c.iter().find(|(t2, _, _)| *t2 == k) else {
                    continue;
                };
                let room = cap - others;
                match caps.iter_mut().find(|(jj, _)| jj == j) {
                    Some(e) => e.1 = e.1.min(room),
                    None => caps.push((*j, room)),
                }
            }
            let s = &t.covered.scenario;
            let step = s.rules.step;
            let mut neg = t.neg.clone();
            let mut cap_ids = Vec::new();
            let mut ok = !caps.is_empty();
            for (j, room) in &caps {
                let etp = self.etp(*room);
                let etp = if step.is_zero() {
                    etp
                } else {
                    (etp / step).floor() * step
                };
                let Some(period) = s.periods.get(*j) else {
                    ok = false;
                    continue;
                };
                if etp.is_sign_negative() || neg.period_locked(s, *j) {
                    ok = false;
                    continue;
                }
                let caf = period.caf_total.is_some() || neg.caf_asked(s, period.name());
                let (item, target) = if caf {
                    (Item::CafTotal, Target::CafTotal)
                } else {
                    (Item::Total, Target::Total)
                };
                neg.asks.retain(|a| !(a.period == *j && a.item == item));
                neg.asks.push(Resolved {
                    ask: Ask {
                        text: format!(
                            "{}.{}<={}",
                            period.id.id,
                            if caf { "caf_total" } else { "total" },
                            etp.normalize()
                        ),
                        negotiable: false,
                        period: period.id.id.clone(),
                        target,
                        cmp: Cmp::Le,
                        value: Value::Etp(etp),
                    },
                    period: *j,
                    item,
                    themes: Vec::new(),
                });
                cap_ids.push((period.id.id.clone(), etp));
            }
            if !ok {
                continue;
            }
            let floor = t.covered.entry(p).and_then(|e| e.floor).and_then(|f| {
                let low = cap_ids.iter().map(|(_, v)| *v).min()?;
                (low < f.value).then_some((f.value, low))
            });
            let mut indices = t.indices.clone();
            indices.extend(neg.periods());
            indices.sort_unstable();
            indices.dedup();
            let neg = Negotiation {
                alternatives: 1,
                ..neg
            };
            match super::guard::plan_within_negotiated(s, &indices, objective, opts, &neg) {
                Ok(Proposal::Planned(plan)) => ways.push(Way::Territory {
                    territory: k,
                    caps: cap_ids,
                    floor,
                    relaxations: Vec::new(),
                    confirmed: true,
                    plan: Some(plan),
                }),
                Ok(Proposal::Impossible { alternatives, .. }) => {
                    if let Some(a) = alternatives.into_iter().next() {
                        ways.push(Way::Territory {
                            territory: k,
                            caps: cap_ids,
                            floor,
                            relaxations: a.relaxations,
                            confirmed: a.confirmed,
                            plan: a.plan,
                        });
                    }
                }
                _ => {}
            }
        }
        PortfolioProposal::Impossible(ways)
    }
}

/// A cof's terms (variable, coefficient in base units) and constant.
fn cof_terms(c: &Cof) -> (Vec<(usize, i64)>, i64) {
    match c {
        Cof::Const(k) => (Vec::new(), *k),
        Cof::Staff(terms, k) => (terms.clone(), *k),
    }
}

/// A period's Caf euros in cents: (its posts' terms, a constant, its
/// `caf_ceiling`).
type EuroTerms = (Vec<(usize, i64)>, i64, Option<i64>);

/// A territory's period `j` in the Caf's euros of one year, in cents: its
/// posts' terms (planned), a constant, and the period's `caf_ceiling` when
/// it has one. `None` when its euros cannot be known (no financing, no
/// rate): the year is then not checked (`envelope_euros`).
fn euro_terms(t: &Territory, j: usize, model: Option<&(PlanModel, usize)>) -> Option<EuroTerms> {
    use crate::finance;
    let s = &t.covered.scenario;
    let period = s.periods.get(j)?;
    let planned = model.and_then(|(m, off)| {
        m.periods
            .iter()
            .find(|pv| pv.index == j && !pv.holders.is_empty())
            .map(|pv| (m, pv, *off))
    });
    let Some((m, pv, off)) = planned else {
        let cost = crate::finance::cost::period_cost(s, &t.covered.facts, j)?;
        return Some((Vec::new(), cost.total.caf?, None));
    };
    let f = s.financing.as_ref()?.for_period(period.name());
    if f.caf_rate.is_none() && f.caf_per_etp.is_none() {
        return None;
    }
    // The Caf's euros per ETP of a post paid at `rate` a year.
    let per_etp = |rate: Decimal| -> Option<Decimal> {
        let mut part = rate;
        if let Some(r) = f.caf_rate {
            part = part.min(
                rate.checked_mul(r.value)?
                    .checked_div(Decimal::ONE_HUNDRED)?,
            );
        }
        if let Some(a) = f.caf_per_etp {
            part = part.min(a.value);
        }
        Some(part.max(Decimal::ZERO))
    };
    let mut terms = Vec::with_capacity(pv.holders.len());
    for (h, v) in &pv.holders {
        let rate = if finance::costed(&f, s, j, h) {
            finance::rate(&f, finance::externalised(s, j, h))?
        } else {
            Decimal::ZERO
        };
        // Cents per unit of the model, rounded up: the row never lets the
        // Caf's euros past the envelope by rounding (the check decides).
        let cents = per_etp(rate)?
            .checked_mul(m.unit)?
            .checked_mul(Decimal::ONE_HUNDRED)?
            .ceil();
        terms.push((
            v + off,
            i64::try_from(cents.mantissa() / 10i128.pow(cents.scale())).ok()?,
        ));
    }
    let coord_etp = m.unit.checked_mul(Decimal::from(pv.coordinator))?;
    let k = match finance::coordinator(s, j) {
        Some(c) if !coord_etp.is_zero() => {
            let rate = finance::rate(&f, finance::coordinator_externalised(s, c))?;
            let cost = finance::post_cost(coord_etp, rate)?;
            finance::caf_part(&f, cost, coord_etp)?
        }
        _ => 0,
    };
    let ceiling = match f.caf_ceiling {
        Some(c) => Some(crate::finance::money::to_cents(c.value)?),
        None => None,
    };
    Some((terms, k, ceiling))
}
