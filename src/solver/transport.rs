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

/// A maximum flow of holders' units into themes: Dinic's algorithm on
/// source → holders → themes → sink. Shortest augmenting paths one at a
/// time (Edmonds-Karp, before) took one breadth-first search over every
/// holder and theme per path: 5,000 holders of 0.1 ETP that could only
/// reach the theme short of ETP through a chain of 63 themes made 5,000
/// searches, 40 s for one period of a 160 KB file (issue 13). Dinic sends
/// every shortest path of a length in one phase, so the work grows with the
/// graph (phases × edges), never with the figures nor with the number of
/// holders of the same kind.
fn augmenting_flow(supplies: &[Supply], demands: &[i64]) -> Vec<Vec<i64>> {
    let (h, t) = (supplies.len(), demands.len());
    let (source, sink) = (h + t, h + t + 1);
    let mut net = Net::new(h + t + 2);
    let mut cells: Vec<(usize, usize, usize)> = Vec::new(); // (holder, theme, edge)
    for (i, s) in supplies.iter().enumerate() {
        if s.units <= 0 {
            continue;
        }
        net.add(source, i, s.units);
        for j in 0..t {
            if s.serves(j) {
                // A holder never sends a theme more than it holds.
                cells.push((i, j, net.add(i, h + j, s.units)));
            }
        }
    }
    for (j, d) in demands.iter().enumerate() {
        if *d > 0 {
            net.add(h + j, sink, *d);
        }
    }
    net.max_flow(source, sink);
    let mut flow = vec![vec![0i64; t]; h];
    for (i, j, e) in cells {
        if let Some(x) = flow.get_mut(i).and_then(|r| r.get_mut(j)) {
            *x = net.flow(e);
        }
    }
    flow
}

/// A flow network: edge `e` and its residual twin `e ^ 1`.
struct Net {
    /// (head, residual capacity) of each edge.
    edges: Vec<(usize, i64)>,
    adj: Vec<Vec<usize>>,
    cap: Vec<i64>,
}

impl Net {
    fn new(nodes: usize) -> Net {
        Net {
            edges: Vec::new(),
            adj: vec![Vec::new(); nodes],
            cap: Vec::new(),
        }
    }

    fn add(&mut self, from: usize, to: usize, cap: i64) -> usize {
        let e = self.edges.len();
        self.edges.push((to, cap));
        self.edges.push((from, 0));
        self.cap.extend([cap, 0]);
        if let Some(a) = self.adj.get_mut(from) {
            a.push(e);
        }
        if let Some(a) = self.adj.get_mut(to) {
            a.push(e + 1);
        }
        e
    }

    /// What edge `e` carries.
    fn flow(&self, e: usize) -> i64 {
        let left = self.edges.get(e).map_or(0, |x| x.1);
        self.cap.get(e).copied().unwrap_or(0) - left
    }

    fn max_flow(&mut self, source: usize, sink: usize) {
        let n = self.adj.len();
        while let Some(level) = self.levels(source, sink) {
            let mut next = vec![0usize; n];
            while self.send(source, sink, i64::MAX, &level, &mut next) > 0 {}
        }
    }

    /// Breadth-first distances from `source` over edges with capacity left,
    /// or `None` when `sink` cannot be reached.
    fn levels(&self, source: usize, sink: usize) -> Option<Vec<usize>> {
        let mut level = vec![usize::MAX; self.adj.len()];
        let mut queue = std::collections::VecDeque::new();
        if let Some(l) = level.get_mut(source) {
            *l = 0;
        }
        queue.push_back(source);
        while let Some(u) = queue.pop_front() {
            let lu = level.get(u).copied().unwrap_or(usize::MAX);
            for &e in self.adj.get(u).into_iter().flatten() {
                let Some(&(v, c)) = self.edges.get(e) else {
                    continue;
                };
                if c > 0 {
                    if let Some(lv) = level.get_mut(v).filter(|lv| **lv == usize::MAX) {
                        *lv = lu + 1;
                        queue.push_back(v);
                    }
                }
            }
        }
        (level.get(sink).copied().unwrap_or(usize::MAX) != usize::MAX).then_some(level)
    }

    /// One augmenting path of the level graph from `u`, at most `limit`
    /// units; `next` skips the edges already found dead in this phase.
    /// Recursion depth is at most the path length (holders + themes + 2).
    fn send(
        &mut self,
        u: usize,
        sink: usize,
        limit: i64,
        level: &[usize],
        next: &mut [usize],
    ) -> i64 {
        if u == sink {
            return limit;
        }
        let lu = level.get(u).copied().unwrap_or(usize::MAX);
        loop {
            let Some(k) = next.get(u).copied() else {
                return 0;
            };
            let Some(e) = self.adj.get(u).and_then(|a| a.get(k)).copied() else {
                return 0;
            };
            let (v, c) = self.edges.get(e).copied().unwrap_or((u, 0));
            if c > 0 && level.get(v).copied() == Some(lu.saturating_add(1)) {
                let d = self.send(v, sink, limit.min(c), level, next);
                if d > 0 {
                    if let Some(x) = self.edges.get_mut(e) {
                        x.1 -= d;
                    }
                    if let Some(x) = self.edges.get_mut(e ^ 1) {
                        x.1 = x.1.saturating_add(d);
                    }
                    return d;
                }
            }
            if let Some(x) = next.get_mut(u) {
                *x += 1;
            }
        }
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

    /// The adversarial case of issue 13: holders of one unit that reach the
    /// theme short of units only through a chain of every other theme (the
    /// chain's holders first took their own themes). One path per unit
    /// before; one phase now.
    #[test]
    fn a_chain_of_themes_behind_many_small_holders_is_split() {
        let (themes, small) = (64usize, 3_000i64);
        let mut supplies: Vec<Supply> = (0..themes - 1).map(|i| s(small, &[i, i + 1])).collect();
        supplies.extend((0..small).map(|_| s(1, &[0])));
        let mut demands = vec![small; themes - 1];
        demands.push(small);
        let flow = augmenting_flow(&supplies, &demands);
        assert!(verify(&supplies, &demands, &flow));
        // One unit short: the cut names the short theme's side.
        let mut short = demands.clone();
        if let Some(d) = short.last_mut() {
            *d += 1;
        }
        if let Some(d) = short.first_mut() {
            *d -= 1;
        }
        assert!(matches!(split(&supplies, &short), Split::Infeasible(_)));
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
