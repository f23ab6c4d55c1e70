//! Can each holder's ETP be split over its own themes so that every theme total
//! is met? A transportation problem. `check` decides it with an exact maximum
//! flow (Edmonds-Karp on integer units: microseconds, where a good_lp/microlp
//! solve took milliseconds per period — too slow for a national review), and
//! explains a failure by the smallest set of themes whose demand exceeds what
//! the holders listing them can give (Hall's condition, itself a proof of
//! infeasibility). The same problem solved with good_lp ([`solve`]) is kept as
//! an independent cross-check: tests assert both always agree. The planner
//! (`plan/`) models it with good_lp, with every other rule around it.

use good_lp::{
    constraint, variable, Expression, ProblemVariables, Solution, SolverModel, Variable,
};

/// A holder's ETP in integer units; `themes: None` means it may serve any theme.
#[derive(Debug, Clone)]
pub struct Supply {
    pub units: i64,
    pub themes: Option<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    /// units[holder][theme], meeting every total exactly.
    Feasible(Vec<Vec<i64>>),
    /// These themes together need more than the holders listing any of them hold.
    Infeasible(Shortfall),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub themes: Vec<usize>,
    pub demand: i64,
    /// Holders able to serve at least one of `themes`.
    pub holders: Vec<usize>,
    pub supply: i64,
}

impl Supply {
    fn serves(&self, theme: usize) -> bool {
        self.themes.as_ref().is_none_or(|t| t.contains(&theme))
    }
}

/// Largest number of themes for which the explanation enumerates subsets.
const MAX_EXPLAINED_THEMES: usize = 16;

/// Decides the split. Totals are assumed equal (the totals rules check that).
pub fn split(supplies: &[Supply], demands: &[i64]) -> Split {
    let flow = augmenting_flow(supplies, demands);
    if verify(supplies, demands, &flow) {
        return Split::Feasible(flow);
    }
    // Prefer the smallest failing set of themes; past 16 themes, the cut of
    // the maximum flow is a failing set too.
    Split::Infeasible(shortfall(supplies, demands).unwrap_or_else(|| cut(supplies, demands, &flow)))
}

/// From a maximum flow that leaves some theme short, the themes that can only
/// be served by holders whose ETP is already all used within them: a set whose
/// demand exceeds the supply of every holder able to serve it.
fn cut(supplies: &[Supply], demands: &[i64], flow: &[Vec<i64>]) -> Shortfall {
    let got = |t: usize| {
        flow.iter()
            .map(|r| r.get(t).copied().unwrap_or(0))
            .sum::<i64>()
    };
    let mut themes: Vec<usize> = (0..demands.len())
        .filter(|t| got(*t) < demands.get(*t).copied().unwrap_or(0))
        .collect();
    let mut holders: Vec<usize> = Vec::new();
    let mut taken = vec![false; supplies.len()];
    let mut k = 0;
    while let Some(&t) = themes.get(k) {
        k += 1;
        for (h, s) in supplies.iter().enumerate() {
            let Some(seen) = taken.get_mut(h) else {
                continue;
            };
            if s.units > 0 && !*seen && s.serves(t) {
                *seen = true;
                holders.push(h);
                for (t2, x) in flow.get(h).into_iter().flatten().enumerate() {
                    if *x > 0 && !themes.contains(&t2) {
                        themes.push(t2);
                    }
                }
            }
        }
    }
    themes.sort_unstable();
    holders.sort_unstable();
    Shortfall {
        demand: themes.iter().filter_map(|t| demands.get(*t)).sum(),
        supply: holders
            .iter()
            .filter_map(|h| supplies.get(*h))
            .map(|s| s.units)
            .sum(),
        themes,
        holders,
    }
}

/// The same split with good_lp (microlp): `None` when the solver finds none.
/// Not used by `check`; kept to cross-check [`split`] in tests.
pub fn solve(supplies: &[Supply], demands: &[i64]) -> Option<Vec<Vec<i64>>> {
    let mut vars = ProblemVariables::new();
    let mut x: Vec<Vec<Option<Variable>>> = Vec::with_capacity(supplies.len());
    for s in supplies {
        let row = demands
            .iter()
            .enumerate()
            .map(|(t, d)| {
                (s.serves(t) && s.units > 0 && *d > 0)
                    .then(|| vars.add(variable().integer().min(0).max(s.units.min(*d) as f64)))
            })
            .collect();
        x.push(row);
    }
    let objective: Expression = x
        .iter()
        .flatten()
        .flatten()
        .map(|v| Expression::from(*v))
        .sum();
    let mut model = vars.minimise(objective).using(good_lp::microlp);
    for (s, row) in supplies.iter().zip(&x) {
        let e: Expression = row.iter().flatten().map(|v| Expression::from(*v)).sum();
        model = model.with(constraint!(e == s.units as f64));
    }
    for (t, d) in demands.iter().enumerate() {
        let e: Expression = x
            .iter()
            .filter_map(|row| row.get(t).copied().flatten())
            .map(Expression::from)
            .sum();
        model = model.with(constraint!(e == *d as f64));
    }
    let solution = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| model.solve()))
        .ok()?
        .ok()?;
    Some(
        x.iter()
            .map(|row| {
                row.iter()
                    .map(|v| v.map_or(0, |v| solution.value(v).round() as i64))
                    .collect()
            })
            .collect(),
    )
}

/// Exact check of a flow against supplies, demands and admissibility.
pub fn verify(supplies: &[Supply], demands: &[i64], flow: &[Vec<i64>]) -> bool {
    if flow.len() != supplies.len() {
        return false;
    }
    let rows_ok = supplies.iter().zip(flow).all(|(s, row)| {
        row.len() == demands.len()
            && row.iter().sum::<i64>() == s.units
            && row
                .iter()
                .enumerate()
                .all(|(t, u)| *u >= 0 && (*u == 0 || s.serves(t)))
    });
    rows_ok
        && demands.iter().enumerate().all(|(t, d)| {
            flow.iter()
                .map(|r| r.get(t).copied().unwrap_or(0))
                .sum::<i64>()
                == *d
        })
}

/// The most (theme set × distinct holder) pairs [`shortfall`] examines
/// before it gives up (the flow's cut then explains instead): 2^16 sets
/// against thousands of holders listing different themes would take
/// seconds per period (issue 13).
const SHORTFALL_WORK: u64 = 20_000_000;

/// The smallest set of themes whose total demand exceeds the supply of the
/// holders able to serve any of them, if one exists (and is found within
/// [`SHORTFALL_WORK`]). Sets are tried by size, then in numeric order of
/// their bit masks.
pub fn shortfall(supplies: &[Supply], demands: &[i64]) -> Option<Shortfall> {
    let n = demands.len();
    if n > MAX_EXPLAINED_THEMES {
        return None;
    }
    let all: u32 = (1u32 << n) - 1;
    let mask_of = |s: &Supply| match &s.themes {
        None => all,
        Some(list) => list
            .iter()
            .filter(|t| **t < n)
            .fold(0u32, |m, t| m | (1u32 << t)),
    };
    // Holders with the same themes are one supply: real files have a few
    // distinct lists, however many communes.
    let mut groups: std::collections::BTreeMap<u32, i64> = Default::default();
    for s in supplies.iter().filter(|s| s.units > 0) {
        let g = groups.entry(mask_of(s)).or_insert(0);
        *g = g.saturating_add(s.units);
    }
    let groups: Vec<(u32, i64)> = groups.into_iter().collect();
    let mut work_left = SHORTFALL_WORK / (groups.len() as u64).max(1);
    for size in 1..=n {
        // Gosper's hack: the masks of `size` bits in increasing order.
        let mut mask: u32 = (1u32 << size) - 1;
        while mask <= all {
            if work_left == 0 {
                return None;
            }
            work_left -= 1;
            let demand: i64 = (0..n)
                .filter(|t| mask & (1 << t) != 0)
                .filter_map(|t| demands.get(t))
                .sum();
            let supply: i64 = groups
                .iter()
                .filter(|(g, _)| g & mask != 0)
                .map(|(_, u)| *u)
                .sum();
            if demand > supply {
                let holders: Vec<usize> = supplies
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.units > 0 && mask_of(s) & mask != 0)
                    .map(|(i, _)| i)
                    .collect();
                return Some(Shortfall {
                    themes: (0..n).filter(|t| mask & (1 << t) != 0).collect(),
                    demand,
                    holders,
                    supply,
                });
            }
            // n ≤ 16: no overflow; past the last set of this size, `mask`
            // exceeds `all` and the loop ends.
            let low = mask & mask.wrapping_neg();
            let ripple = mask + low;
            mask = (((ripple ^ mask) >> 2) / low) | ripple;
        }
    }
    None
}

/// Fallback when the solver cannot be trusted: repeated augmenting paths on
/// the bipartite graph (small sizes only; scenarios have a dozen holders).
fn augmenting_flow(supplies: &[Supply], demands: &[i64]) -> Vec<Vec<i64>> {
    let mut flow = vec![vec![0i64; demands.len()]; supplies.len()];
    let mut left: Vec<i64> = supplies.iter().map(|s| s.units).collect();
    let mut need: Vec<i64> = demands.to_vec();
    // A greedy pass first (each holder to the themes it serves, in order):
    // it settles most of a realistic split in one sweep, leaving the
    // augmenting paths, O(holders × themes) each, for what it could not place.
    for (i, s) in supplies.iter().enumerate() {
        for (j, n) in need.iter_mut().enumerate() {
            let (Some(l), Some(f)) = (left.get_mut(i), flow.get_mut(i).and_then(|r| r.get_mut(j)))
            else {
                continue;
            };
            let x = (*l).min(*n);
            if x > 0 && s.serves(j) {
                *f += x;
                *l -= x;
                *n -= x;
            }
        }
    }
    // Unit-by-unit augmentation: BFS from holders with supply left to themes with need left.
    while let Some(path) = augmenting_path(supplies, &flow, &left, &need) {
        apply(&mut flow, &mut left, &mut need, &path);
    }
    flow
}

fn augmenting_path(
    supplies: &[Supply],
    flow: &[Vec<i64>],
    left: &[i64],
    need: &[i64],
) -> Option<Vec<(usize, usize)>> {
    use std::collections::VecDeque;
    let (h, t) = (supplies.len(), need.len());
    let mut prev_theme: Vec<Option<usize>> = vec![None; t]; // theme reached from holder
    let mut prev_holder: Vec<Option<usize>> = vec![None; h]; // holder reached from theme
    let mut seen_h: Vec<bool> = (0..h)
        .map(|i| left.get(i).is_some_and(|l| *l > 0))
        .collect();
    let mut queue: VecDeque<usize> = (0..h)
        .filter(|&i| seen_h.get(i).copied().unwrap_or(false))
        .collect();
    let mut seen_t = vec![false; t];
    while let Some(i) = queue.pop_front() {
        let Some(supply) = supplies.get(i) else {
            continue;
        };
        for j in 0..t {
            match seen_t.get_mut(j) {
                Some(seen) if !*seen && supply.serves(j) => *seen = true,
                _ => continue,
            }
            if let Some(p) = prev_theme.get_mut(j) {
                *p = Some(i);
            }
            if need.get(j).is_some_and(|n| *n > 0) {
                // Rebuild the alternating path back to a holder with supply left.
                let mut path = vec![(i, j)];
                let mut cur = i;
                while let (Some(Some(tj)), Some(0)) =
                    (prev_holder.get(cur).copied(), left.get(cur).copied())
                {
                    let Some(Some(hi)) = prev_theme.get(tj).copied() else {
                        break;
                    };
                    path.push((hi, tj));
                    cur = hi;
                }
                return Some(path);
            }
            for (k, row) in flow.iter().enumerate() {
                if row.get(j).is_some_and(|x| *x > 0) {
                    if let Some(seen) = seen_h.get_mut(k).filter(|s| !**s) {
                        *seen = true;
                        if let Some(p) = prev_holder.get_mut(k) {
                            *p = Some(j);
                        }
                        queue.push_back(k);
                    }
                }
            }
        }
    }
    None
}

fn apply(flow: &mut [Vec<i64>], left: &mut [i64], need: &mut [i64], path: &[(usize, usize)]) {
    // path[0] sends holder→theme; each later pair moves flow: `h` takes over
    // theme `t` from the holder after it in the chain. The amount is the
    // path's bottleneck, so the number of augmentations does not grow with
    // the figures (Edmonds-Karp), only with the size of the graph.
    let cell =
        |f: &[Vec<i64>], h: usize, t: usize| f.get(h).and_then(|r| r.get(t)).copied().unwrap_or(0);
    let Some(&(h0, t0)) = path.first() else {
        return;
    };
    let mut amount = need.get(t0).copied().unwrap_or(0);
    let mut cur = h0;
    for &(h, t) in path.iter().skip(1) {
        amount = amount.min(cell(flow, cur, t));
        cur = h;
    }
    amount = amount.min(left.get(cur).copied().unwrap_or(0));
    if amount <= 0 {
        return;
    }
    let add = |f: &mut [Vec<i64>], h: usize, t: usize, d: i64| {
        if let Some(x) = f.get_mut(h).and_then(|r| r.get_mut(t)) {
            *x += d;
        }
    };
    add(flow, h0, t0, amount);
    if let Some(n) = need.get_mut(t0) {
        *n -= amount;
    }
    let mut cur = h0;
    for &(h, t) in path.iter().skip(1) {
        add(flow, cur, t, -amount);
        add(flow, h, t, amount);
        cur = h;
    }
    if let Some(l) = left.get_mut(cur) {
        *l -= amount;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(units: i64, themes: &[usize]) -> Supply {
        Supply {
            units,
            themes: Some(themes.to_vec()),
        }
    }

    #[test]
    fn vallee_des_baux_2026_has_a_split() {
        // Themes: 0 PE, 1 EJ, 2 P, 3 AD. Tenths.
        let supplies = [
            s(2, &[0, 1]),
            s(3, &[0, 1]),
            s(2, &[0, 2, 1]),
            s(3, &[0, 2, 1]),
            s(2, &[0, 1]),
            s(2, &[0, 1]),
            s(12, &[0, 2, 3]),
            s(0, &[3]),
        ];
        let demands = [16, 4, 3, 3];
        match split(&supplies, &demands) {
            Split::Feasible(flow) => {
                assert!(verify(&supplies, &demands, &flow));
                assert_eq!(flow[6][3], 3, "only Saint-Rémy lists accès aux droits");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn one_theme_short_is_named_with_its_only_holder() {
        let supplies = [s(2, &[3]), s(5, &[0])];
        let demands = [4, 0, 0, 3];
        let Split::Infeasible(short) = split(&supplies, &demands) else {
            panic!("feasible?")
        };
        assert_eq!(short.themes, vec![3]);
        assert_eq!(short.holders, vec![0]);
        assert_eq!((short.demand, short.supply), (3, 2));
    }

    #[test]
    fn unstated_themes_serve_anything() {
        let supplies = [
            Supply {
                units: 3,
                themes: None,
            },
            s(1, &[0]),
        ];
        assert!(matches!(split(&supplies, &[1, 3]), Split::Feasible(_)));
    }

    #[test]
    fn many_themes_infeasible_is_caught_by_the_flow_cut() {
        // 18 themes (too many to enumerate); theme 17 needs 2, only holder 1 (1 unit) serves it.
        let mut demands = vec![0i64; 18];
        demands[0] = 3;
        demands[17] = 2;
        let supplies = [s(4, &[0]), s(1, &[17])];
        let Split::Infeasible(short) = split(&supplies, &demands) else {
            panic!("a split of 5 units cannot meet these totals")
        };
        assert!(short.demand > short.supply, "{short:?}");
        assert!(short.themes.contains(&17));
    }

    #[test]
    fn max_flow_and_good_lp_agree() {
        // Small random-ish instances from a fixed linear congruential sequence.
        let mut seed: u64 = 7;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..200 {
            let holders = 1 + next(6) as usize;
            let supplies: Vec<Supply> = (0..holders)
                .map(|_| {
                    let themes: Vec<usize> = (0..4).filter(|_| next(2) == 0).collect();
                    s(next(5) as i64, &themes)
                })
                .collect();
            let total: i64 = supplies.iter().map(|x| x.units).sum();
            // Spread the same total over 4 themes.
            let mut demands = vec![0i64; 4];
            for _ in 0..total {
                demands[next(4) as usize] += 1;
            }
            let by_flow = matches!(split(&supplies, &demands), Split::Feasible(_));
            let by_solver =
                solve(&supplies, &demands).is_some_and(|f| verify(&supplies, &demands, &f));
            assert_eq!(by_flow, by_solver, "{supplies:?} {demands:?}");
        }
    }

    #[test]
    fn augmenting_fallback_is_fast_on_huge_figures() {
        let big = 2_000_000_000_000_000_000;
        let supplies = [s(big, &[0, 1]), s(big, &[1])];
        let flow = augmenting_flow(&supplies, &[big, big]);
        assert!(verify(&supplies, &[big, big], &flow), "{flow:?}");
    }

    #[test]
    fn augmenting_fallback_finds_a_verified_flow() {
        let supplies = [s(2, &[0, 1]), s(1, &[0]), s(1, &[1, 2])];
        let demands = [1, 2, 1];
        let flow = augmenting_flow(&supplies, &demands);
        assert!(verify(&supplies, &demands, &flow), "{flow:?}");
    }

    /// The old search: every set, sorted by size then mask, holder by holder.
    fn shortfall_brute(supplies: &[Supply], demands: &[i64]) -> Option<(Vec<usize>, i64, i64)> {
        let n = demands.len();
        let mut subsets: Vec<u32> = (1u32..(1u32 << n)).collect();
        subsets.sort_by_key(|m| (m.count_ones(), *m));
        subsets.into_iter().find_map(|mask| {
            let themes: Vec<usize> = (0..n).filter(|t| mask & (1 << t) != 0).collect();
            let demand: i64 = themes.iter().map(|t| demands[*t]).sum();
            let supply: i64 = supplies
                .iter()
                .filter(|s| s.units > 0 && themes.iter().any(|t| s.serves(*t)))
                .map(|s| s.units)
                .sum();
            (demand > supply).then_some((themes, demand, supply))
        })
    }

    #[test]
    fn the_grouped_search_finds_what_the_full_search_finds() {
        use proptest::prelude::*;
        let strategy = (1usize..7).prop_flat_map(|n| {
            (
                proptest::collection::vec(
                    (
                        0i64..4,
                        proptest::option::of(proptest::collection::vec(0..n, 0..n)),
                    ),
                    0..8,
                ),
                proptest::collection::vec(0i64..5, n),
            )
        });
        proptest!(|((holders, demands) in strategy)| {
            let supplies: Vec<Supply> = holders
                .into_iter()
                .map(|(units, themes)| Supply { units, themes })
                .collect();
            let got = shortfall(&supplies, &demands).map(|s| (s.themes, s.demand, s.supply));
            prop_assert_eq!(got, shortfall_brute(&supplies, &demands));
        });
    }

    #[test]
    fn a_large_smallest_failing_set_is_found_or_left_to_the_cut_quickly() {
        // 8 themes that 7 holders share: every 7 of them can be met, the 8
        // together cannot; 8 more themes with holders of their own; and
        // thousands of holders with distinct lists to make each set costly.
        let mut supplies: Vec<Supply> = (0..7).map(|_| s(1, &[0, 1, 2, 3, 4, 5, 6, 7])).collect();
        let mut demands = vec![1i64; 16];
        for h in 0..5_000usize {
            let a = 8 + h % 8;
            let b = 8 + (h / 8) % 8;
            supplies.push(s(1, &[a, b]));
        }
        let b_supply: i64 = 5_000;
        for d in demands.iter_mut().skip(8) {
            *d = b_supply / 8;
        }
        demands[8] += b_supply - 8 * (b_supply / 8) + 1;
        let started = std::time::Instant::now();
        let Split::Infeasible(short) = split(&supplies, &demands) else {
            panic!("the 8 shared themes cannot be met");
        };
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert!(short.demand > short.supply, "{short:?}");
    }
}
