//! CTG040 in the planning model: the holder × theme split of a period as
//! rows (holders grouped by theme list, or holder by holder with each
//! inadmissible arc a relaxable row of the elastic model), and the integral
//! split rebuilt from a solution's integer figures.

use super::RULE;
use crate::lp::{Op, Relax, Rows, Subject, VarId};
use crate::scenario::{Period, Scenario};
use crate::solver::transport::{split, Split, Supply};

/// Cost per unit of letting a holder serve a theme it does not list: a
/// parameter of the scenario, cheaper to question than a figure.
pub const RELAX_COST: i64 = 3;

/// How the holder × theme split is modelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SplitModel {
    /// Holders that may serve the same themes form one class, with one flow
    /// variable per class and theme: a handful of classes in practice (one
    /// when every holder may serve every theme), however many communes. Any
    /// flow between classes and themes splits among the class's members,
    /// since they all may serve all of the class's themes, so this is exact.
    /// The elastic model still goes holder by holder: there an inadmissible
    /// arc is a relaxable row of its own.
    #[default]
    Classes,
    /// One flow variable per holder and admissible theme (the reference the
    /// classes are tested against).
    Flows,
}

/// Holders that may serve exactly the same themes, and the class's flow
/// variable to each of those themes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    /// Holder indices.
    pub members: Vec<usize>,
    /// (theme index, flow variable).
    pub flows: Vec<(usize, VarId)>,
}

/// The split's variables in one period's model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SplitVars {
    /// (holder index, theme index, variable) for admissible pairs (and, in
    /// the elastic model, the others), when modelled holder by holder.
    pub flows: Vec<(usize, usize, VarId)>,
    /// Holders grouped by theme list, when modelled by class.
    pub classes: Vec<Class>,
    /// Per holder, the indices of the themes it may serve.
    pub served: Vec<Vec<usize>>,
}

/// The split's rows for `period`, over its holder and theme figures: each
/// holder's figure goes to the themes it lists (every theme when it lists
/// none), and each theme total comes from its holders.
pub fn rows(
    s: &Scenario,
    period: &Period,
    holders: &[(String, VarId)],
    themes: &[(String, VarId)],
    model: SplitModel,
    r: &mut dyn Rows,
) -> SplitVars {
    let served: Vec<Vec<usize>> = holders
        .iter()
        .map(|(h, _)| {
            let listed = s.themes_in(period, h);
            (0..themes.len())
                .filter(|ti| {
                    themes.get(*ti).is_some_and(|(t, _)| {
                        listed.is_none_or(|l| l.items.iter().any(|x| &x.id == t))
                    })
                })
                .collect()
        })
        .collect();
    let g = r.structure_group(RULE.code);
    let name = period.name();
    let mut vars = SplitVars::default();
    if !r.elastic() && model == SplitModel::Classes {
        vars.classes = split_classes(g, name, holders, themes, &served, r);
    } else {
        vars.flows = split_flows(g, s, period, holders, themes, &served, r);
    }
    vars.served = served;
    vars
}

/// The split by class of holders with the same theme list (see
/// [`SplitModel::Classes`]): per class, its flows add up to its members'
/// figures; per theme, the classes' flows to its total.
fn split_classes(
    g: usize,
    name: &str,
    holders: &[(String, VarId)],
    themes: &[(String, VarId)],
    served: &[Vec<usize>],
    r: &mut dyn Rows,
) -> Vec<Class> {
    let mut by_list: std::collections::BTreeMap<&[usize], Vec<usize>> =
        std::collections::BTreeMap::new();
    for (h, list) in served.iter().enumerate() {
        by_list.entry(list).or_default().push(h);
    }
    let mut into_theme: Vec<Vec<(VarId, i64)>> = vec![Vec::new(); themes.len()];
    let mut classes = Vec::with_capacity(by_list.len());
    for (k, (list, members)) in by_list.into_iter().enumerate() {
        let mut row: Vec<(VarId, i64)> = members
            .iter()
            .filter_map(|h| holders.get(*h))
            .map(|(_, v)| (*v, -1))
            .collect();
        let mut flows = Vec::with_capacity(list.len());
        for &t in list {
            let Some((tid, _)) = themes.get(t) else {
                continue;
            };
            // Continuous: `repair` sets them to an integral split of the
            // (integer) class and theme figures.
            let f = r.var(format!("{name}/class{k}/{tid}"), 0, r.cap(), false);
            row.push((f, 1));
            if let Some(terms) = into_theme.get_mut(t) {
                terms.push((f, 1));
            }
            flows.push((t, f));
        }
        r.structure_row(g, (row, Op::Eq, 0));
        classes.push(Class { members, flows });
    }
    for (mut terms, (_, tv)) in into_theme.into_iter().zip(themes) {
        terms.push((*tv, -1));
        r.structure_row(g, (terms, Op::Eq, 0));
    }
    classes
}

/// The split as holder × theme flow variables: in the elastic model (an
/// inadmissible arc is a relaxable row) and for [`SplitModel::Flows`].
fn split_flows(
    g: usize,
    s: &Scenario,
    period: &Period,
    holders: &[(String, VarId)],
    themes: &[(String, VarId)],
    served: &[Vec<usize>],
    r: &mut dyn Rows,
) -> Vec<(usize, usize, VarId)> {
    let name = period.name();
    let elastic = r.elastic();
    let mut flows = Vec::new();
    for ((hi, (h, _)), list) in holders.iter().enumerate().zip(served) {
        let listed = s.themes_in(period, h);
        for (ti, (t, _)) in themes.iter().enumerate() {
            let admissible = list.contains(&ti);
            if !admissible && !elastic {
                continue;
            }
            // Continuous: with integer holder and theme figures the
            // transportation structure has integral vertices, and `repair`
            // rebuilds an integral split exactly. (The elastic model keeps
            // them integer: its relaxed arcs have capacities that the
            // rebuilt split would not respect.)
            let v = r.var(format!("{name}/{h}/{t}"), 0, r.cap(), elastic);
            flows.push((hi, ti, v));
            if !admissible {
                r.constrain(
                    RULE.code,
                    listed.map(|l| l.span.clone()),
                    Subject::Admissible {
                        period: name.to_owned(),
                        holder: h.clone(),
                        theme: t.clone(),
                    },
                    Relax::Cost(RELAX_COST),
                    vec![(vec![(v, 1)], Op::Le, 0)],
                );
            }
        }
    }
    for (hi, (_, hv)) in holders.iter().enumerate() {
        let mut terms: Vec<(VarId, i64)> = flows
            .iter()
            .filter(|f| f.0 == hi)
            .map(|f| (f.2, 1))
            .collect();
        terms.push((*hv, -1));
        r.structure_row(g, (terms, Op::Eq, 0));
    }
    for (ti, (_, tv)) in themes.iter().enumerate() {
        let mut terms: Vec<(VarId, i64)> = flows
            .iter()
            .filter(|f| f.1 == ti)
            .map(|f| (f.2, 1))
            .collect();
        terms.push((*tv, -1));
        r.structure_row(g, (terms, Op::Eq, 0));
    }
    flows
}

/// Makes a solution's split exact: sets the split variables (holder or
/// class flows) to an integral split of its integer holder and theme
/// figures, rebuilt by maximum flow. The elastic model's flows may use
/// inadmissible arcs: they are kept as solved.
pub fn repair(
    vars: &SplitVars,
    holders: &[(String, VarId)],
    themes: &[(String, VarId)],
    values: &mut [i64],
    elastic: bool,
) {
    if !elastic && !vars.flows.is_empty() {
        let units = holder_units(holders, values);
        let keys = holder_keys(holders);
        if let Some(flow) = split_by_flow(themes, values, units, &vars.served, &keys) {
            for &(h, t, v) in &vars.flows {
                set(values, v, cell(&flow, h, t));
            }
        }
    }
    if !vars.classes.is_empty() {
        let served: Vec<Vec<usize>> = vars
            .classes
            .iter()
            .map(|c| c.flows.iter().map(|(t, _)| *t).collect())
            .collect();
        let units = vars.classes.iter().map(|c| {
            c.members
                .iter()
                .filter_map(|h| holders.get(*h))
                .map(|(_, v)| values.get(*v).copied().unwrap_or(0))
                .sum::<i64>()
        });
        // A class is named by its first member id.
        let keys: Vec<&str> = vars
            .classes
            .iter()
            .map(|c| {
                c.members
                    .iter()
                    .filter_map(|h| holders.get(*h))
                    .map(|(id, _)| id.as_str())
                    .min()
                    .unwrap_or("")
            })
            .collect();
        if let Some(flow) = split_by_flow(themes, values, units, &served, &keys) {
            for (k, c) in vars.classes.iter().enumerate() {
                for &(t, v) in &c.flows {
                    set(values, v, cell(&flow, k, t));
                }
            }
        }
    }
}

/// A solution's holder × theme split as (holder index, theme index, units),
/// non-zero entries only: the flow variables' values when the model has
/// them, else rebuilt from the holder and theme figures.
pub fn split_of(
    vars: &SplitVars,
    holders: &[(String, VarId)],
    themes: &[(String, VarId)],
    values: &[i64],
) -> Vec<(usize, usize, i64)> {
    if !vars.flows.is_empty() {
        return vars
            .flows
            .iter()
            .map(|&(h, t, v)| (h, t, values.get(v).copied().unwrap_or(0)))
            .filter(|f| f.2 > 0)
            .collect();
    }
    let units = holder_units(holders, values);
    let keys = holder_keys(holders);
    let Some(flow) = split_by_flow(themes, values, units, &vars.served, &keys) else {
        return Vec::new();
    };
    flow.iter()
        .enumerate()
        .flat_map(|(h, row)| row.iter().enumerate().map(move |(t, x)| (h, t, *x)))
        .filter(|f| f.2 > 0)
        .collect()
}

/// An integral split of the theme totals over suppliers (holders or
/// classes) holding `units`, each serving the themes in `served`, by maximum
/// flow: `flow[supplier][theme]`. `None` when the figures admit none (the
/// model's rows exclude that) or the period is not split by theme.
/// Suppliers (named by `keys`) and themes are handed to the flow in id
/// order, so that the split does not depend on the order of the file.
fn split_by_flow(
    themes: &[(String, VarId)],
    values: &[i64],
    units: impl Iterator<Item = i64>,
    served: &[Vec<usize>],
    keys: &[&str],
) -> Option<Vec<Vec<i64>>> {
    if themes.is_empty() {
        return None;
    }
    let units: Vec<i64> = units.collect();
    // Positions in id order, and each theme's position there.
    let mut by_id: Vec<usize> = (0..units.len()).collect();
    by_id.sort_by_key(|k| (keys.get(*k).copied().unwrap_or(""), *k));
    let mut theme_order: Vec<usize> = (0..themes.len()).collect();
    theme_order.sort_by_key(|t| (themes.get(*t).map_or("", |(id, _)| id.as_str()), *t));
    let mut rank = vec![0usize; themes.len()];
    for (pos, t) in theme_order.iter().enumerate() {
        if let Some(r) = rank.get_mut(*t) {
            *r = pos;
        }
    }
    let supplies: Vec<Supply> = by_id
        .iter()
        .map(|k| Supply {
            units: units.get(*k).copied().unwrap_or(0),
            themes: Some(
                served
                    .get(*k)
                    .map(|l| l.iter().filter_map(|t| rank.get(*t).copied()).collect())
                    .unwrap_or_default(),
            ),
        })
        .collect();
    let demands: Vec<i64> = theme_order
        .iter()
        .map(|t| {
            themes
                .get(*t)
                .and_then(|(_, v)| values.get(*v))
                .copied()
                .unwrap_or(0)
        })
        .collect();
    let Split::Feasible(sorted) = split(&supplies, &demands) else {
        return None;
    };
    let mut flow = vec![vec![0i64; themes.len()]; units.len()];
    for (row, k) in sorted.iter().zip(&by_id) {
        if let Some(out) = flow.get_mut(*k) {
            for (t, slot) in out.iter_mut().enumerate() {
                *slot = rank.get(t).and_then(|r| row.get(*r)).copied().unwrap_or(0);
            }
        }
    }
    Some(flow)
}

/// Each holder's figure in `values`.
fn holder_units<'a>(
    holders: &'a [(String, VarId)],
    values: &'a [i64],
) -> impl Iterator<Item = i64> + 'a {
    holders
        .iter()
        .map(|(_, v)| values.get(*v).copied().unwrap_or(0))
}

fn holder_keys(holders: &[(String, VarId)]) -> Vec<&str> {
    holders.iter().map(|(id, _)| id.as_str()).collect()
}

fn cell(flow: &[Vec<i64>], row: usize, col: usize) -> i64 {
    flow.get(row).and_then(|r| r.get(col)).copied().unwrap_or(0)
}

fn set(values: &mut [i64], v: VarId, x: i64) {
    if let Some(slot) = values.get_mut(v) {
        *slot = x;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lp::Recorder;
    use crate::scenario::load_str;

    const HEAD: &str = "[territory]\nname = \"T\"\n";

    /// The split's variables and rows of the first period of `text`, with
    /// one variable per holder (communes) and per theme.
    fn split(text: &str, model: SplitModel, elastic: bool) -> (SplitVars, Recorder, usize) {
        let s = load_str("t.toml", text).scenario.expect("loads");
        let period = &s.periods[0];
        let mut r = Recorder::new(s.rules.step, elastic);
        let holders: Vec<(String, VarId)> = s
            .communes
            .iter()
            .map(|c| (c.id.id.clone(), r.var(c.id.id.clone(), 0, 1000, true)))
            .collect();
        let themes: Vec<(String, VarId)> = s
            .themes
            .iter()
            .map(|t| (t.id.id.clone(), r.var(t.id.id.clone(), 0, 1000, true)))
            .collect();
        let vars = rows(&s, period, &holders, &themes, model, &mut r);
        (vars, r, themes.len())
    }

    #[test]
    fn holders_serving_every_theme_form_one_class() {
        let mut text = HEAD.to_owned();
        for i in 0..50 {
            text.push_str(&format!("[[commune]]\nid = \"c{i}\"\nname = \"C{i}\"\n"));
        }
        text.push_str("[[period]]\nid = \"2026\"\ntotal = 10\nthemes = { parentalite = 4, acces_droits = 6 }\n");
        let (p, _, themes) = split(&text, SplitModel::Classes, false);
        assert_eq!(p.classes.len(), 1);
        assert_eq!(p.classes[0].members.len(), 50);
        assert_eq!(p.classes[0].flows.len(), themes);
        assert!(p.flows.is_empty());
        assert!(p.served.iter().all(|l| l.len() == themes));
    }

    const LISTS: &str = "[[commune]]\nid = \"a\"\nname = \"A\"\nthemes = [\"parentalite\"]\n\
         [[commune]]\nid = \"b\"\nname = \"B\"\nthemes = [\"parentalite\", \"acces_droits\"]\n\
         [[commune]]\nid = \"c\"\nname = \"C\"\nthemes = [\"parentalite\"]\n\
         [[period]]\nid = \"2026\"\ntotal = 1\nthemes = { parentalite = 0.5, acces_droits = 0.5 }\n";

    #[test]
    fn one_class_per_theme_list() {
        let (p, _, _) = split(&format!("{HEAD}{LISTS}"), SplitModel::Classes, false);
        let members: Vec<Vec<usize>> = p.classes.iter().map(|c| c.members.clone()).collect();
        assert_eq!(members, vec![vec![0, 2], vec![1]]);
        assert_eq!(p.classes[0].flows.len(), 1);
        assert_eq!(p.classes[1].flows.len(), 2);
    }

    #[test]
    fn only_the_elastic_model_has_inadmissible_arcs_as_relaxable_rows() {
        let text = format!("{HEAD}{LISTS}");
        let (p, r, themes) = split(&text, SplitModel::Flows, false);
        // a and c serve one theme each, b both: 4 flows, no relaxable row.
        assert_eq!(p.flows.len(), 4);
        assert!(r.relaxable().is_empty());
        let (p, r, _) = split(&text, SplitModel::Classes, true);
        assert_eq!(p.flows.len(), 3 * themes, "every arc, holder by holder");
        assert!(p.classes.is_empty());
        let arcs: Vec<(&str, &str)> = r
            .relaxable()
            .iter()
            .map(|g| match &g.what {
                Subject::Admissible { holder, theme, .. } => (holder.as_str(), theme.as_str()),
                other => panic!("unexpected subject {other:?}"),
            })
            .collect();
        assert!(arcs.contains(&("a", "acces_droits")) && arcs.contains(&("c", "acces_droits")));
        assert!(r.relaxable().iter().all(|g| g.code == RULE.code));
    }
}
