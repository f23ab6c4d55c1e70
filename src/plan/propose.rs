//! `propose`: choose the open figures of a scenario under every rule, or say
//! which rules to relax when no scheme can meet them all.

use super::build::{self, BuildError, Objective, PlanModel};
use super::lp::{Group, Relax, Subject};
use super::solve::{self, Options, Outcome};
use crate::code::Code;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::number::fmt_etp;
use crate::rules::{
    self, caf_cap, commune_bounds, coverage, period_total, pooled_post, theme_minimum, theme_split,
    transition_limit,
};
use crate::scenario::{PeriodKind, Scenario};
use crate::timings;
use rust_decimal::Decimal;

/// Which periods to plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scope {
    /// Every period except those of kind `past`.
    #[default]
    Open,
    All,
    Period(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodPlan {
    pub index: usize,
    pub id: String,
    /// ETP per holder (communes, then carriers).
    pub holders: Vec<(String, Decimal)>,
    /// Theme totals, when the period is split by theme.
    pub themes: Vec<(String, Decimal)>,
    /// holder × theme split: (holder, theme, ETP) with ETP > 0.
    pub split: Vec<(String, String, Decimal)>,
    pub coordinator: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub periods: Vec<PeriodPlan>,
    pub objective_value: i128,
    pub notes: Vec<String>,
}

/// One change to the scenario that, with the others, makes a scheme possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relaxation {
    pub code: Code,
    pub span: Option<Span>,
    pub text: String,
    /// The new value, when the change sets one fixed figure (a post, a
    /// total, the Caf's total) to another: what a page can apply in a click.
    pub to: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proposal {
    Planned(Plan),
    Impossible {
        relaxations: Vec<Relaxation>,
        /// Whether solving again with the relaxations applied gave a verified scheme.
        confirmed: bool,
    },
    Failed(String),
    TimeLimit,
}

pub fn scope_indices(s: &Scenario, scope: &Scope) -> Result<Vec<usize>, BuildError> {
    match scope {
        Scope::All => Ok((0..s.periods.len()).collect()),
        Scope::Open => Ok(s
            .periods
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind != Some(PeriodKind::Past))
            .map(|(i, _)| i)
            .collect()),
        Scope::Period(id) => s
            .periods
            .iter()
            .position(|p| p.id.id == *id)
            .map(|i| vec![i])
            .ok_or_else(|| BuildError {
                code: None,
                message: format!(
                    "no period `{id}`; periods: {}",
                    s.periods
                        .iter()
                        .map(|p| p.id.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                span: None,
            }),
    }
}

/// Whether an error blocks planning the periods `planned` (ids): always
/// for a rule the planner does not model ([`rules::Planning::None`]) and for
/// a structural finding; for a modelled rule, when none of the periods the
/// finding lies in is planned (the planner keeps a planned period in line
/// with its fixed neighbours, so a transition touching one is its business).
pub fn blocks(d: &Diagnostic, planned: &[&str]) -> bool {
    if d.severity != Severity::Error {
        return false;
    }
    let modelled = rules::of(d.code).is_some_and(|r| r.planning == rules::Planning::Figures);
    !modelled
        || d.subject.structural
        || !d
            .subject
            .periods
            .iter()
            .any(|p| planned.contains(&p.as_str()))
}

/// The errors that no choice of figures in the periods `indices` can fix
/// (see [`blocks`]). Planning is refused while there are any, since its
/// scheme could not pass `check`.
pub fn blocking(s: &Scenario, indices: &[usize]) -> Vec<Diagnostic> {
    let planned: Vec<&str> = indices
        .iter()
        .filter_map(|i| s.periods.get(*i))
        .map(|p| p.id.id.as_str())
        .collect();
    let mut out = rules::check(s);
    out.retain(|d| blocks(d, &planned));
    out
}

pub fn propose(
    s: &Scenario,
    scope: &Scope,
    objective: Objective,
    opts: Options,
) -> Result<Proposal, BuildError> {
    let indices = scope_indices(s, scope)?;
    super::guard::check_size(s, &indices)?;
    if let Some(d) = blocking(s, &indices).first() {
        return Err(BuildError {
            code: Some(d.code),
            message: format!(
                "{} ({}) must be fixed first: planning chooses figures only",
                d.message.render(crate::i18n::Lang::En),
                d.code
            ),
            span: d.labels.iter().find(|l| l.primary).map(|l| l.span.clone()),
        });
    }
    plan(s, &indices, objective, opts)
}

/// Plans the periods `indices` of a scenario whose [`blocking`] errors the
/// caller has already ruled out (the CLI prints them all before calling).
pub fn plan(
    s: &Scenario,
    indices: &[usize],
    objective: Objective,
    opts: Options,
) -> Result<Proposal, BuildError> {
    let indices = indices.to_vec();
    let t = timings::phase("build");
    let model = build::build(s, &indices, objective, false)?;
    t.done(|| {
        format!(
            "{} variables, {} rows",
            model.lp.vars.len(),
            model.lp.rows.len()
        )
    });
    let t = timings::phase("solve");
    let started = std::time::Instant::now();
    // With nothing to be close to (no figure before the planned periods),
    // every scheme is as good, and the tie-break's order is the objective:
    // one solve instead of two (and a real objective guides the search).
    let only_tie_break = model.lp.objective.iter().all(|(_, c)| *c == 0);
    let first = if only_tie_break {
        tie_break_weights(&model)
    } else {
        model.lp.objective.clone()
    };
    let r = solve::solve_repaired(&model.lp, &first, opts, None, &|v| model.repair(v));
    t.done(String::new);
    match r {
        Outcome::Solved(values) if only_tie_break => {
            Ok(Proposal::Planned(extract(&model, &values, Vec::new())))
        }
        Outcome::Solved(values) => {
            // The tie-break gets what the first solve left of the time limit.
            let left = opts
                .time_limit
                .map(|limit| limit.saturating_sub(started.elapsed()));
            let t = timings::phase("tie-break");
            let values = match left {
                Some(left) if left.is_zero() => values,
                _ => tie_break(
                    &model,
                    values,
                    Options {
                        time_limit: left,
                        ..opts
                    },
                ),
            };
            t.done(String::new);
            let t = timings::phase("extract");
            let plan = extract(&model, &values, Vec::new());
            t.done(|| format!("objective {}", plan.objective_value));
            Ok(Proposal::Planned(plan))
        }
        Outcome::TimeLimit => Ok(Proposal::TimeLimit),
        // An infeasibility claim (or a failure) is settled by the elastic
        // model, which always has a solution.
        Outcome::Infeasible | Outcome::Failed(_) => explain(s, &indices, objective, opts),
    }
}

/// Among schemes equally good for the objective, the one minimising a fixed
/// weighted sum of the figures (weights follow the model's order), so that the
/// same input always gives the same scheme.
fn tie_break(model: &PlanModel, values: Vec<i64>, opts: Options) -> Vec<i64> {
    let best = model.lp.objective_value(&values);
    let Ok(best) = i64::try_from(best) else {
        return values;
    };
    let mut lp = model.lp.clone();
    let g = lp.group(Code::Planner, None, Subject::Structure, Relax::Never);
    lp.row(g, lp.objective.clone(), super::lp::Op::Le, best);
    let weights = tie_break_weights(model);
    match solve::solve_repaired(&lp, &weights, opts, Some(&values), &|v| model.repair(v)) {
        Outcome::Solved(v) => v,
        _ => values,
    }
}

/// The tie-break's order: weights 1, 2, 3... on the holder then theme
/// figures of each period, in the model's order.
fn tie_break_weights(model: &PlanModel) -> Vec<(usize, i64)> {
    model
        .periods
        .iter()
        .flat_map(|p| p.holders.iter().chain(&p.themes))
        .zip(1i64..)
        .map(|((_, v), w)| (*v, w))
        .collect()
}

/// The confirmed relaxations that make period `index` plannable, for
/// diagnostics; empty when the period is plannable or the search fails.
/// Each solve gets at most 5 s and at most `budget`.
pub fn period_relaxations(
    s: &Scenario,
    index: usize,
    budget: std::time::Duration,
) -> Vec<Relaxation> {
    let opts = Options {
        time_limit: Some(budget.min(std::time::Duration::from_secs(5))),
        ..Options::default()
    };
    match explain(s, &[index], Objective::Closest, opts) {
        Ok(Proposal::Impossible {
            relaxations,
            confirmed: true,
        }) => relaxations,
        _ => Vec::new(),
    }
}

fn explain(
    s: &Scenario,
    indices: &[usize],
    objective: Objective,
    opts: Options,
) -> Result<Proposal, BuildError> {
    let elastic = build::build(s, indices, objective, true)?;
    let values = match solve::solve_repaired(&elastic.lp, &elastic.lp.objective, opts, None, &|v| {
        elastic.repair(v)
    }) {
        Outcome::Solved(v) => v,
        Outcome::TimeLimit => return Ok(Proposal::TimeLimit),
        Outcome::Infeasible => {
            return Ok(Proposal::Failed(
                "the solver found no scheme even with every rule relaxed".into(),
            ))
        }
        Outcome::Failed(e) => return Ok(Proposal::Failed(e)),
    };
    let slack = slack_by_group(&elastic, &values);
    if slack.iter().all(|(_, s)| *s == 0) {
        // The plain solve's "infeasible" was wrong: this is a verified scheme.
        let note = "the solver first reported no scheme; one was found and verified through the relaxed model".to_owned();
        return Ok(Proposal::Planned(extract(&elastic, &values, vec![note])));
    }
    let mut relaxations = Vec::new();
    for (g, amount) in slack.iter().filter(|(_, a)| *a != 0) {
        if let Some(group) = elastic.lp.groups.get(*g) {
            relaxations.push(Relaxation {
                code: group.code,
                span: group.span.clone(),
                text: phrase(group, *amount, elastic.unit, &elastic, &values),
                to: match &group.what {
                    Subject::Figure { value, .. }
                    | Subject::PeriodTotal { value, .. }
                    | Subject::CafCap { value, .. } => {
                        Some(Decimal::from(value + amount) * elastic.unit)
                    }
                    _ => None,
                },
            });
        }
    }
    // Confirm: fix every slack at its value and solve the relaxed problem.
    let mut fixed = elastic.lp.clone();
    for (var, v) in fixed.vars.iter_mut().zip(&values) {
        if var.name.starts_with("slack") {
            var.lo = *v;
            var.hi = *v;
        }
    }
    let confirmed = matches!(
        solve::solve_repaired(&fixed, &[], opts, None, &|v| elastic.repair(v)),
        Outcome::Solved(_)
    );
    Ok(Proposal::Impossible {
        relaxations,
        confirmed,
    })
}

/// Net slack per relaxable group: positive when the group's right-hand side
/// must grow (a `≤` row), negative when it must shrink (a `≥` row).
fn slack_by_group(model: &PlanModel, values: &[i64]) -> Vec<(usize, i64)> {
    let mut out: Vec<(usize, i64)> = Vec::new();
    for row in &model.lp.rows {
        for (v, c) in &row.terms {
            let Some(var) = model.lp.vars.get(*v) else {
                continue;
            };
            if !var.name.starts_with("slack") {
                continue;
            }
            let x = values.get(*v).copied().unwrap_or(0);
            // Slack enters `≤` rows with -1 (rhs grows by x), `≥` rows with +1 (rhs shrinks by x).
            let delta = -c.signum() * x;
            match out.iter_mut().find(|(g, _)| *g == row.group) {
                Some(e) => e.1 += delta,
                None => out.push((row.group, delta)),
            }
        }
    }
    // A group whose rows moved both ways (a move limit) counts its largest move.
    for (g, d) in out.iter_mut() {
        let any = model
            .lp
            .rows
            .iter()
            .filter(|r| r.group == *g)
            .flat_map(|r| r.terms.iter())
            .filter(|(v, _)| {
                model
                    .lp
                    .vars
                    .get(*v)
                    .is_some_and(|x| x.name.starts_with("slack"))
            })
            .map(|(v, _)| values.get(*v).copied().unwrap_or(0))
            .max()
            .unwrap_or(0);
        if *d == 0 && any != 0 {
            *d = any;
        }
    }
    out
}

fn phrase(group: &Group, amount: i64, unit: Decimal, model: &PlanModel, values: &[i64]) -> String {
    let etp = |u: i64| fmt_etp(Decimal::from(u) * unit);
    match &group.what {
        Subject::Structure => "relax an internal constraint".to_owned(),
        Subject::Figure {
            period,
            item,
            value,
        } => {
            format!(
                "change {item} in {period} from {} to {} ETP",
                etp(*value),
                etp(value + amount)
            )
        }
        Subject::PeriodTotal { period, value } => {
            period_total::relaxation(period, etp(*value), etp(value + amount))
        }
        Subject::CafCap { period, value } => {
            caf_cap::relaxation(period, etp(*value), etp(value + amount))
        }
        Subject::ThemeMinEtp {
            period,
            theme,
            value,
        } => {
            theme_minimum::relaxation_etp(period, theme, etp(*value), etp((value + amount).max(0)))
        }
        Subject::ThemeMinPercent {
            period,
            theme,
            percent,
        } => theme_minimum::relaxation_share(
            period,
            theme,
            percent,
            &achieved_share(model, values, period, theme),
        ),
        Subject::CommuneMin {
            period,
            commune,
            value,
        } => commune_bounds::relaxation_min(
            period,
            commune,
            etp(*value),
            etp((value + amount).max(0)),
        ),
        Subject::CommuneMax {
            period,
            commune,
            value,
        } => commune_bounds::relaxation_max(period, commune, etp(*value), etp(value + amount)),
        Subject::Admissible {
            period,
            holder,
            theme,
        } => theme_split::relaxation(period, holder, theme, etp(amount.abs())),
        Subject::Covered { period, commune } => coverage::relaxation(period, commune),
        Subject::PooledHost {
            period,
            commune,
            host,
        } => pooled_post::relaxation(period, commune, host),
        Subject::CommuneMove {
            from,
            to,
            commune,
            value,
        } => transition_limit::relaxation(
            "max_commune_move",
            (from, to),
            commune,
            etp(*value),
            etp(value + amount.abs()),
        ),
        Subject::ThemeMove {
            from,
            to,
            theme,
            value,
        } => transition_limit::relaxation(
            "max_theme_move",
            (from, to),
            theme,
            etp(*value),
            etp(value + amount.abs()),
        ),
    }
}

/// The share (in %, rounded down to a tenth) a theme gets in the relaxed scheme.
fn achieved_share(model: &PlanModel, values: &[i64], period: &str, theme: &str) -> String {
    let Some(p) = model.periods.iter().find(|p| p.id == period) else {
        return "?".into();
    };
    let val = |v: usize| values.get(v).copied().unwrap_or(0);
    let total: i64 = p.themes.iter().map(|(_, v)| val(*v)).sum();
    let mine = p
        .themes
        .iter()
        .find(|(t, _)| t == theme)
        .map_or(0, |(_, v)| val(*v));
    if total == 0 {
        return "0".into();
    }
    let share = Decimal::from(mine) * Decimal::ONE_HUNDRED / Decimal::from(total);
    (share * Decimal::TEN)
        .floor()
        .checked_div(Decimal::TEN)
        .unwrap_or_default()
        .normalize()
        .to_string()
}

fn extract(model: &PlanModel, values: &[i64], notes: Vec<String>) -> Plan {
    let val = |v: usize| Decimal::from(values.get(v).copied().unwrap_or(0)) * model.unit;
    let periods = model
        .periods
        .iter()
        .map(|p| PeriodPlan {
            index: p.index,
            id: p.id.clone(),
            holders: p
                .holders
                .iter()
                .map(|(h, v)| (h.clone(), val(*v)))
                .collect(),
            themes: p.themes.iter().map(|(t, v)| (t.clone(), val(*v))).collect(),
            split: model
                .split(p, values)
                .into_iter()
                .filter_map(|(h, t, x)| {
                    Some((
                        p.holders.get(h)?.0.clone(),
                        p.themes.get(t)?.0.clone(),
                        Decimal::from(x) * model.unit,
                    ))
                })
                .collect(),
            coordinator: Decimal::from(p.coordinator) * model.unit,
        })
        .collect();
    Plan {
        periods,
        objective_value: model.lp.objective_value(values),
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    /// Found by fuzzing: a theme minimum on an undeclared theme was planned,
    /// and the written scheme failed check (CTG011). Now refused up front.
    #[test]
    fn errors_no_figure_can_fix_are_refused_before_planning() {
        let text = "[territory]\nname = \"T\"\n[rules.theme.enfance_jeuness]\nmin_etp = 0.2\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2026\"\ntotal = 0.5\n";
        let s = load_str("t.toml", text).scenario.expect("loads");
        let blocking = blocking(&s, &[0]);
        assert_eq!(blocking.len(), 1, "{blocking:?}");
        assert_eq!(blocking[0].code, "CTG011");
        let e =
            propose(&s, &Scope::Open, Objective::Closest, Options::default()).expect_err("refused");
        assert!(
            e.message.contains("(CTG011) must be fixed first"),
            "{}",
            e.message
        );
        assert_eq!(e.span.map(|sp| &text[sp]), Some("enfance_jeuness"));
    }

    /// Found by fuzzing: a past period (not planned by default) whose posts
    /// break its total was left as it was, and the written file failed check.
    #[test]
    fn errors_in_periods_left_unplanned_are_refused() {
        let text = "[territory]\nname = \"T\"\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2025\"\nkind = \"past\"\ntotal = 0.3\n[period.posts]\na = { etp = 0.5 }\n[[period]]\nid = \"2026\"\ntotal = 0.4\n";
        let s = load_str("t.toml", text).scenario.expect("loads");
        let e =
            propose(&s, &Scope::Open, Objective::Closest, Options::default()).expect_err("refused");
        assert!(
            e.message.contains("(CTG030) must be fixed first"),
            "{}",
            e.message
        );
        // Planning every period may fix it.
        assert!(blocking(&s, &[0, 1]).is_empty());
        assert!(matches!(
            propose(&s, &Scope::All, Objective::Closest, Options::default()),
            Ok(Proposal::Planned(_) | Proposal::Impossible { .. })
        ));
    }
}
