//! Ways out of an impossible ask, as a negotiator reads them: in a stable
//! order, and a raise of the Caf's total also stated as the raise that
//! lets every other post stay as written.

use super::ask;
use super::build::{self, Objective, PlanModel, SplitModel};
use super::lp::Subject;
use super::negotiate::{keep_words, Negotiation};
use super::propose::{confirm, slack_by_group, solve_allowing, Alternative};
use super::solve::Options;
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
