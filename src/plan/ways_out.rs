//! Ways out of an impossible ask, as a negotiator reads them: in a stable
//! order, and a raise of the Caf's total also stated as the raise that
//! lets every other post stay as written.

use super::ask;
use super::build::{self, Objective, PlanModel, SplitModel};
use super::lp::{Lp, Subject};
use super::negotiate::{keep_words, Negotiation};
use super::propose::{confirm, slack_by_group, solve_allowing, Alternative};
use super::solve::{self, Options, Outcome};
use crate::i18n::{Arg, Text};
use crate::rules::caf_cap;
use crate::scenario::Scenario;

/// What one change of a way out is, by the scenario's ids: its rule code,
/// its period, the ids it names and its amount.
type ChangeKey = (String, Option<String>, Vec<String>, i64);

/// Ways out are listed by price (what their slack costs in the elastic
/// model), then by what they change, named by the scenario's ids: never by
/// the order of the file or the order a backend found them in.
pub fn order_key(elastic: &PlanModel, values: &[i64]) -> (i128, Vec<ChangeKey>) {
    let price: i128 = elastic
        .lp
        .objective
        .iter()
        .filter(|(v, _)| {
            elastic
                .lp
                .vars
                .get(*v)
                .is_some_and(|x| x.name.starts_with("slack"))
        })
        .map(|(v, c)| i128::from(*c) * i128::from(values.get(*v).copied().unwrap_or(0)))
        .sum();
    let mut changes: Vec<ChangeKey> = slack_by_group(elastic, values)
        .into_iter()
        .filter(|(_, amount)| *amount != 0)
        .filter_map(|(g, amount)| {
            let group = elastic.lp.groups.get(g)?;
            let (period, words) = keep_words(group);
            Some((
                group.code.as_str().to_owned(),
                period.map(str::to_owned),
                words.into_iter().map(str::to_owned).collect(),
                amount,
            ))
        })
        .collect();
    changes.sort();
    (price, changes)
}

/// A group of the elastic model by the scenario's ids: its rule code, its
/// period and the ids it names.
pub fn group_key(elastic: &PlanModel, g: usize) -> (String, Option<String>, Vec<String>) {
    elastic
        .lp
        .groups
        .get(g)
        .map_or_else(Default::default, |group| {
            let (period, words) = keep_words(group);
            (
                group.code.as_str().to_owned(),
                period.map(str::to_owned),
                words.into_iter().map(str::to_owned).collect(),
            )
        })
}

crate::msgs! {
    KEEP_OTHERS = "propose.keep_others",
        fr: "{change}, sans baisser aucun autre poste",
        en: "{change}, with no other post going down";
}

/// After each way out that raises the Caf's total of a period, the raise
/// that meets the asks with every other post of that period kept at least
/// as written (the smallest raise alone may cut them all to their floor).
/// Given only when it differs from the stated raise and is confirmed.
pub fn keep_others(
    s: &Scenario,
    indices: &[usize],
    objective: Objective,
    opts: Options,
    neg: &Negotiation,
    ways: &mut Vec<Alternative>,
) {
    // No alternatives asked for (a finding's hint wants the first way out
    // only): not worth a second model.
    if neg.alternatives == 0 {
        return;
    }
    let mut k = 0;
    while let Some(way) = ways.get(k) {
        k += 1;
        let raise = way.relaxations.iter().find_map(|r| {
            let at = r.span.as_ref()?;
            let period = s.periods.iter().position(|p| {
                r.code == caf_cap::RULE.code
                    && p.caf_total.as_ref().is_some_and(|f| f.start == at.start)
            })?;
            Some((period, r.to?))
        });
        let Some((period, to)) = raise else {
            continue;
        };
        let Some(other) = keeping_posts(s, indices, objective, opts, neg, period) else {
            continue;
        };
        let differs = other
            .relaxations
            .iter()
            .any(|r| r.code == caf_cap::RULE.code && r.to.is_some_and(|t| t != to));
        // Two raises in one period would give the same offer twice.
        let known = ways.iter().any(|w| w.relaxations == other.relaxations);
        if other.confirmed && differs && !known {
            ways.insert(k, other);
            k += 1;
        }
    }
}

/// The way out that raises only the Caf's total of `period`, with every
/// post the period writes (but the asked ones) kept at least at its figure.
fn keeping_posts(
    s: &Scenario,
    indices: &[usize],
    objective: Objective,
    opts: Options,
    neg: &Negotiation,
    period: usize,
) -> Option<Alternative> {
    let p = s.periods.get(period)?;
    let asked = |h: &str| {
        neg.asks
            .iter()
            .any(|a| a.period == period && a.item == ask::Item::Holder(h.to_owned()))
    };
    let floors: Vec<String> = p
        .posts
        .iter()
        .flat_map(|posts| posts.entries.iter())
        .filter(|post| !asked(&post.holder.id))
        .filter_map(|post| {
            let f = post.etp.as_ref()?;
            Some(format!(
                "{}.{}>={}",
                p.name(),
                post.holder.id,
                f.value.normalize()
            ))
        })
        .collect();
    let mut held = neg.clone();
    held.asks.extend(ask::resolve_all(s, &floors).ok()?);
    let elastic =
        build::build_negotiated(s, indices, objective, true, SplitModel::Classes, &held).ok()?;
    let cap =
        elastic.lp.groups.iter().position(
            |g| matches!(&g.what, Subject::CafCap { period: id, .. } if id == p.name()),
        )?;
    let values = solve_allowing(&elastic, &[cap], opts)?;
    let mut way = confirm(s, &elastic, &values, opts, &held);
    if way.relaxations.len() != 1 {
        return None;
    }
    for r in &mut way.relaxations {
        r.text = Text::new(&KEEP_OTHERS).arg("change", Arg::text(r.text.clone()));
    }
    Some(way)
}

/// Widest tie-break weight of a slack before collisions are moved apart: as
/// wide as the plan's tie-break (see `propose::tie_break_weights`), so that
/// two different sets of changes of equal price seldom weigh the same.
const SLACK_TIE_RANGE: u64 = 10_007;

/// First factor tried between the price and the tie-break (see
/// [`solve_elastic`]): exact for any price up to `FIRST_FACTOR / T`.
const FIRST_FACTOR: i128 = 1 << 24;

/// Largest coefficient of a folded elastic objective: well inside what a
/// solver's double precision tells apart from a tie-break step of 1.
const FOLD_MAX: i128 = 1 << 44;

/// A tie-break weight on each slack of the elastic model, drawn from a
/// hash of what the slack relaxes in the scenario's ids (its rule, period,
/// ids, side and the figures of its row), never from the order of the file
/// or of the model: which communes an equally priced way out names is then
/// the same whatever the order in which the file lists them.
fn slack_tie_weights(elastic: &PlanModel) -> Vec<(usize, i64)> {
    let vars = &elastic.lp.vars;
    let slack = |v: usize| vars.get(v).filter(|x| x.name.starts_with("slack"));
    let mut keyed: Vec<(u64, usize)> = Vec::new();
    for row in &elastic.lp.rows {
        if !row.terms.iter().any(|(v, _)| slack(*v).is_some()) {
            continue;
        }
        let (code, period, words) = group_key(elastic, row.group);
        let mut h = fnv_step(FNV_START, code.as_bytes());
        h = fnv_step(h, period.as_deref().unwrap_or_default().as_bytes());
        for w in &words {
            h = fnv_step(h, w.as_bytes());
        }
        // The row itself, by its variables' names (ids), for a group of
        // several rows.
        let mut terms: Vec<(&str, i64)> = row
            .terms
            .iter()
            .filter(|(v, _)| slack(*v).is_none())
            .filter_map(|(v, c)| Some((vars.get(*v)?.name.as_str(), *c)))
            .collect();
        terms.sort_unstable();
        for (name, c) in terms {
            h = fnv_step(h, name.as_bytes());
            h = fnv_step(h, &c.to_le_bytes());
        }
        h = fnv_step(h, format!("{:?}", row.op).as_bytes());
        h = fnv_step(h, &row.rhs.to_le_bytes());
        for (v, _) in &row.terms {
            if let Some(x) = slack(*v) {
                let side: &[u8] = if x.name.ends_with('+') { b"+" } else { b"-" };
                keyed.push((fnv_step(h, side), *v));
            }
        }
    }
    // Collisions of the weights are moved apart in the order of the
    // hashes, not the model's.
    keyed.sort_unstable();
    let mut used = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(keyed.len());
    for (h, v) in keyed {
        let mut w = 1 + h % SLACK_TIE_RANGE;
        while !used.insert(w) {
            w += 1;
        }
        out.push((v, i64::try_from(w).unwrap_or(1)));
    }
    out
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// One part into an FNV-1a hash (a stable hash: the standard library's
/// changes between releases), closed by a 0 byte so that parts cannot run
/// into each other.
fn fnv_step(mut h: u64, part: &[u8]) -> u64 {
    for b in part.iter().copied().chain([0u8]) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Solves `lp` (the elastic model of `elastic`, some slacks perhaps
/// forbidden) for the cheapest way out and, among equally cheap ones, the
/// one of least tie-break (see [`slack_tie_weights`]): one solve of
/// `K·price + tie-break`. Exact when `T·price ≤ K` at the answer (`T` the
/// largest tie-break weight): every slack's price is at least 1 per unit,
/// so the tie-break of a cheaper way out `z` is at most `T·price(z)`, and
/// `K·(price(x) − price(z)) ≤ T·price(z) < K` leaves `price(x) =
/// price(z)`. Otherwise once more with `K = T·price + 1` (the answer's
/// price bounds the cheapest), else the price alone.
pub(super) fn solve_elastic(elastic: &PlanModel, lp: &Lp, opts: Options) -> Outcome {
    let plain = || solve::solve_repaired(lp, &lp.objective, opts, None, &|v| elastic.repair(v));
    let ties = slack_tie_weights(elastic);
    let most = ties.iter().map(|(_, w)| i128::from(*w)).max().unwrap_or(0);
    // The bound on the tie-break needs prices of at least 1 on variables
    // that cannot go below 0.
    let tied: std::collections::HashSet<usize> = ties.iter().map(|(v, _)| *v).collect();
    let sound = lp
        .objective
        .iter()
        .all(|(v, c)| *c >= 1 && lp.vars.get(*v).is_some_and(|x| x.lo >= 0) && tied.contains(v));
    if ties.is_empty() || !sound {
        return plain();
    }
    let dearest = lp
        .objective
        .iter()
        .map(|(_, c)| i128::from(*c))
        .max()
        .unwrap_or(1);
    let started = std::time::Instant::now();
    let mut factor = FIRST_FACTOR.max(most + 1);
    for _ in 0..2 {
        if dearest.saturating_mul(factor) > FOLD_MAX {
            break;
        }
        let mut folded: Vec<(usize, i64)> = Vec::with_capacity(lp.objective.len() + ties.len());
        for (v, c) in &lp.objective {
            let Ok(c) = i64::try_from(i128::from(*c) * factor) else {
                return plain();
            };
            folded.push((*v, c));
        }
        folded.extend(ties.iter().copied());
        let o = Options {
            time_limit: opts.time_limit.map(|l| l.saturating_sub(started.elapsed())),
            ..opts
        };
        match solve::solve_repaired(lp, &folded, o, None, &|v| elastic.repair(v)) {
            Outcome::Solved(values) => {
                let price = lp.objective_value(&values);
                if most.saturating_mul(price) <= factor {
                    return Outcome::Solved(values);
                }
                factor = most.saturating_mul(price).saturating_add(1);
            }
            other => return other,
        }
    }
    plain()
}
