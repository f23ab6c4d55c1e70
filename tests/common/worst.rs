//! The worst inputs the limits accept (issue 13): each generator writes the
//! largest file of its kind within a byte budget (the loader's file limit),
//! so that `check` and `propose` can be measured at the edge of what they
//! accept. Used by `examples/worst_cases.rs` (writes them, for
//! `/usr/bin/time -v`), `benches/worst_cases.rs` (criterion) and
//! `tests/worst_cases.rs` (ignored by default: runs each through the binary).
//! docs/reliability.md has the figures measured on them.

// Each target uses a different part of this module.
#![allow(dead_code)]

use std::fmt::Write as _;

/// The loader's limits, restated so that the generators need no library
/// call (a test compares them with the library's).
pub const MAX_COMMUNES: usize = 5_000;
pub const MAX_THEMES: usize = 64;
pub const MAX_PERIODS: usize = 100;

/// One worst case: a file and the command to run on it.
pub struct Case {
    /// A file name (`unknown-refs.toml`).
    pub name: &'static str,
    /// What it holds, for the table of figures.
    pub what: String,
    pub text: String,
    /// `check` or `propose` (with `--all --time-limit 1`).
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Check,
    Propose,
}

impl Command {
    /// The arguments before the file.
    pub fn args(self) -> &'static [&'static str] {
        match self {
            Command::Check => &["check", "--color", "never"],
            Command::Propose => &["propose", "--all", "--time-limit", "1"],
        }
    }
}

const HEADER: &str = "[territory]\nname = \"Pire cas\"\n";

/// `n` lowercase letters from a seed: ids that share no prefix, so that the
/// "did you mean" search finds nothing close and must compare them all.
fn letters(mut seed: u64, n: usize) -> String {
    let mut s = String::with_capacity(n);
    for _ in 0..n {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        s.push(char::from(b'a' + ((seed >> 33) % 26) as u8));
    }
    s
}

fn communes(
    text: &mut String,
    n: usize,
    id: impl Fn(usize) -> String,
    extra: impl Fn(usize) -> String,
) {
    for i in 0..n {
        let _ = writeln!(
            text,
            "[[commune]]\nid = \"{}\"\nname = \"C{i}\"{}",
            id(i),
            extra(i)
        );
    }
}

/// Unknown references (CTG011): every declared commune, then one period
/// whose posts name ids declared nowhere, as many as fit in `max_bytes`.
/// `len` is the length of every id (declared and unknown): the suggestion
/// search compares ids of close lengths only, so equal lengths are its worst.
pub fn unknown_refs(max_bytes: usize, len: usize) -> Case {
    let mut text = String::from(HEADER);
    communes(
        &mut text,
        MAX_COMMUNES,
        |i| letters(i as u64, len),
        |_| String::new(),
    );
    text.push_str("[[period]]\nid = \"2026\"\n[period.posts]\n");
    let mut n = 0usize;
    loop {
        let line = format!("{} = {{ etp = 0.1 }}\n", letters(1_000_000 + n as u64, len));
        if text.len() + line.len() > max_bytes {
            break;
        }
        text.push_str(&line);
        n += 1;
    }
    Case {
        name: if len <= 8 {
            "unknown-refs.toml"
        } else {
            "unknown-refs-long.toml"
        },
        what: format!(
            "{n} posts of unknown ids ({len} letters) against {MAX_COMMUNES} declared communes"
        ),
        text,
        command: Command::Check,
    }
}

/// Periods whose theme split is impossible (CTG040, with the planner's
/// advice): `communes` communes each listing one of 15 themes, a 16th theme
/// that none lists but every period needs; as many periods as fit.
pub fn impossible_periods(max_bytes: usize, communes_n: usize) -> Case {
    const THEMES: usize = 16;
    let mut text = String::from(HEADER);
    text.push_str("[themes]\n");
    for t in 0..THEMES {
        let _ = writeln!(text, "t{t} = \"Thème {t}\"");
    }
    communes(
        &mut text,
        communes_n,
        |i| format!("c{i}"),
        |i| format!("\nthemes = [\"t{}\"]", i % (THEMES - 1)),
    );
    let mut periods = 0usize;
    while periods < MAX_PERIODS {
        let mut p = format!("[[period]]\nid = \"{}\"\n", 1900 + periods);
        // Each commune holds 0.1 ETP; theme t15 asks 0.1 of it, which no
        // commune can give; the other themes take the rest.
        let total = communes_n; // tenths
        let _ = writeln!(p, "total = {}", tenths(total));
        let mut per_theme = [0usize; THEMES];
        for i in 0..communes_n {
            if let Some(t) = per_theme.get_mut(i % (THEMES - 1)) {
                *t += 1;
            }
        }
        // Move one tenth from the first theme to the one nobody lists.
        if let Some(t) = per_theme.first_mut() {
            *t = t.saturating_sub(1);
        }
        if let Some(t) = per_theme.last_mut() {
            *t += 1;
        }
        let list: Vec<String> = per_theme
            .iter()
            .enumerate()
            .map(|(t, n)| format!("t{t} = {}", tenths(*n)))
            .collect();
        let _ = writeln!(p, "themes = {{ {} }}\n[period.posts]", list.join(", "));
        for i in 0..communes_n {
            let _ = writeln!(p, "c{i} = {{ etp = 0.1 }}");
        }
        if text.len() + p.len() > max_bytes {
            break;
        }
        text.push_str(&p);
        periods += 1;
    }
    Case {
        name: if communes_n >= MAX_COMMUNES {
            "impossible-periods.toml"
        } else {
            "impossible-periods-small.toml"
        },
        what: format!(
            "{periods} periods × {communes_n} communes × 16 themes, every period's split impossible"
        ),
        text,
        command: Command::Check,
    }
}

fn tenths(n: usize) -> String {
    format!("{}.{}", n / 10, n % 10)
}

/// Valid periods (the split possible), as many as the limits and the
/// budget allow: the cost of the rules on a file that breaks none.
pub fn many_periods(max_bytes: usize, communes_n: usize) -> Case {
    let mut text = String::from(HEADER);
    communes(
        &mut text,
        communes_n,
        |i| format!("c{i}"),
        |_| String::new(),
    );
    let mut periods = 0usize;
    while periods < MAX_PERIODS {
        let mut p = format!(
            "[[period]]\nid = \"{}\"\ntotal = {}\nthemes = {{ petite_enfance = {} }}\n[period.posts]\n",
            1900 + periods,
            tenths(communes_n),
            tenths(communes_n)
        );
        for i in 0..communes_n {
            let _ = writeln!(p, "c{i} = {{ etp = 0.1 }}");
        }
        if text.len() + p.len() > max_bytes {
            break;
        }
        text.push_str(&p);
        periods += 1;
    }
    Case {
        name: "many-periods.toml",
        what: format!("{periods} valid periods × {communes_n} communes, each with a post"),
        text,
        command: Command::Check,
    }
}

/// Meetings: as many `[[meeting]]` as fit, of one instance, over the
/// convention's years (the governance rules read them all).
pub fn many_meetings(max_bytes: usize) -> Case {
    let mut text = String::from(HEADER);
    text.push_str("[[commune]]\nid = \"a\"\nname = \"A\"\n");
    text.push_str("[governance]\nyears = \"2026-2030\"\n");
    text.push_str("[[instance]]\nid = \"copil\"\nname = \"Comité de pilotage\"\nkind = \"steering_committee\"\nmin_per_year = 1\nmax_per_year = 2\nmax_gap_days = 30\n");
    let mut n = 0usize;
    loop {
        let day = n % 28 + 1;
        let month = (n / 28) % 12 + 1;
        let year = 2026 + (n / (28 * 12)) % 5;
        let m = format!(
            "[[meeting]]\ndate = {year}-{month:02}-{day:02}\ninstance = \"copil\"\ninvited = 12\npresent = {}\n",
            n % 13
        );
        if text.len() + m.len() > max_bytes {
            break;
        }
        text.push_str(&m);
        n += 1;
    }
    Case {
        name: "many-meetings.toml",
        what: format!("{n} meetings of one instance over 5 years"),
        text,
        command: Command::Check,
    }
}

/// A chain of pooled communes (each pooled with the one before), as long as
/// the commune limit: CTG050 follows chains.
pub fn pooled_chain() -> Case {
    let mut text = String::from(HEADER);
    communes(
        &mut text,
        MAX_COMMUNES,
        |i| format!("c{i}"),
        |i| {
            if i == 0 {
                String::new()
            } else {
                format!("\npooled_with = \"c{}\"", i - 1)
            }
        },
    );
    text.push_str("[[period]]\nid = \"2026\"\ntotal = 0.1\n[period.posts]\nc0 = { etp = 0.1 }\n");
    Case {
        name: "pooled-chain.toml",
        what: format!("{MAX_COMMUNES} communes, each pooled with the one before"),
        text,
        command: Command::Check,
    }
}

/// The largest model `propose` accepts: up to 5,000 communes (as many as
/// fit in `max_bytes`) × 64 themes, each commune listing every theme but a
/// pair of its own (hundreds of distinct lists: holder × theme flows), over
/// 3 periods (990,000 cells at 5,000 communes, just under the limit of
/// 1,000,000). With `impossible`, a theme minimum no scheme
/// meets: the relaxed model that explains it is the largest `propose` builds.
pub fn widest_plan(max_bytes: usize, impossible: bool) -> Case {
    // As many communes as the limits and the byte budget allow.
    let mut communes_n = MAX_COMMUNES;
    loop {
        let case = widest_plan_of(communes_n, impossible);
        if case.text.len() <= max_bytes || communes_n <= 100 {
            return case;
        }
        communes_n = communes_n * max_bytes / case.text.len() - 1;
    }
}

fn widest_plan_of(communes_n: usize, impossible: bool) -> Case {
    let themes = MAX_THEMES;
    let mut text = String::from(HEADER);
    if impossible {
        let _ = writeln!(text, "[rules.theme.t0]\nmin_etp = {communes_n}");
    } else {
        text.push_str("[rules.theme.t0]\nmin_etp = 0.1\n");
    }
    text.push_str("[themes]\n");
    for t in 0..themes {
        let _ = writeln!(text, "t{t} = \"T{t}\"");
    }
    let pairs: Vec<(usize, usize)> = (1..themes)
        .flat_map(|a| (a + 1..themes).map(move |b| (a, b)))
        .collect();
    for i in 0..communes_n {
        let _ = writeln!(text, "[[commune]]\nid = \"c{i}\"\nname = \"C{i}\"");
        if let Some((a, b)) = pairs.get(i % pairs.len().max(1)) {
            let list: Vec<String> = (0..themes)
                .filter(|t| t != a && t != b)
                .map(|t| format!("\"t{t}\""))
                .collect();
            let _ = writeln!(text, "themes = [{}]", list.join(", "));
        }
    }
    for (k, id) in ["2026", "2027", "2028"].iter().enumerate() {
        let _ = writeln!(
            text,
            "[[period]]\nid = \"{id}\"\ntotal = {}",
            communes_n / 5 + k
        );
    }
    Case {
        name: if impossible { "widest-plan-impossible.toml" } else { "widest-plan.toml" },
        what: format!(
            "3 periods × {communes_n} communes × {themes} themes, each commune its own theme list ({} cells){}",
            3 * communes_n * (themes + 2),
            if impossible { ", a theme minimum no scheme meets" } else { "" }
        ),
        text,
        command: Command::Propose,
    }
}

/// Periods whose split fails only for a large set of themes (the
/// explanation searches theme sets by size): 7 communes share themes t0-t7,
/// whose 8 totals need one tenth more than they hold, so every set of 7 or
/// fewer of them can be met; the other communes list distinct subsets of
/// t8-t15. As many periods as fit.
pub fn hard_split(max_bytes: usize) -> Case {
    const THEMES: usize = 16;
    let n = MAX_COMMUNES;
    let mut text = String::from(HEADER);
    text.push_str("[themes]\n");
    for t in 0..THEMES {
        let _ = writeln!(text, "t{t} = \"Thème {t}\"");
    }
    let lists: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            if i < 7 {
                (0..8).collect()
            } else {
                let bits = (i - 7) % 255 + 1;
                (0..8)
                    .filter(|b| bits & (1 << b) != 0)
                    .map(|b| 8 + b)
                    .collect()
            }
        })
        .collect();
    communes(
        &mut text,
        n,
        |i| format!("c{i}"),
        |i| {
            let l: Vec<String> = lists[i].iter().map(|t| format!("\"t{t}\"")).collect();
            format!("\nthemes = [{}]", l.join(", "))
        },
    );
    // Tenths: A (t0-t7) needs 8 and gets 7; B gets the rest, evenly.
    let b_total = n - 8;
    let mut demands = vec![1usize; 8];
    demands.extend((0..8).map(|k| b_total / 8 + usize::from(k < b_total % 8)));
    let list: Vec<String> = demands
        .iter()
        .enumerate()
        .map(|(t, d)| format!("t{t} = {}", tenths(*d)))
        .collect();
    let mut periods = 0usize;
    while periods < MAX_PERIODS {
        let mut p = format!(
            "[[period]]\nid = \"{}\"\ntotal = {}\nthemes = {{ {} }}\n[period.posts]\n",
            1900 + periods,
            tenths(n),
            list.join(", ")
        );
        for i in 0..n {
            let _ = writeln!(p, "c{i} = {{ etp = 0.1 }}");
        }
        if text.len() + p.len() > max_bytes {
            break;
        }
        text.push_str(&p);
        periods += 1;
    }
    Case {
        name: "hard-split.toml",
        what: format!(
            "{periods} periods × {n} communes × 16 themes, each split failing only for a set of 8 themes"
        ),
        text,
        command: Command::Check,
    }
}

/// The theme split's worst case found so far (issue 13): the chain's 63
/// communes each hold 500 ETP over two neighbouring themes and take their
/// first; 4,937 communes of 0.1 ETP can only serve the first theme, so the
/// last theme is reached through the whole chain, once per small commune
/// for a search that augments one path at a time. Valid periods, as many
/// as fit.
pub fn theme_chain(max_bytes: usize) -> Case {
    let chain = MAX_THEMES - 1;
    let small = MAX_COMMUNES - chain;
    let mut text = String::from(HEADER);
    text.push_str("[themes]\n");
    for t in 0..MAX_THEMES {
        let _ = writeln!(text, "t{t} = \"Thème {t}\"");
    }
    communes(
        &mut text,
        chain,
        |i| format!("c{i}"),
        |i| format!("\nthemes = [\"t{i}\", \"t{}\"]", i + 1),
    );
    communes(
        &mut text,
        small,
        |i| format!("z{i}"),
        |_| "\nthemes = [\"t0\"]".to_owned(),
    );
    // Tenths: each chain commune `small` (so that every unit can move along
    // the chain), each small commune 1; the last theme takes the small ones'.
    let list: Vec<String> = (0..MAX_THEMES)
        .map(|t| format!("t{t} = {}", tenths(small)))
        .collect();
    let mut periods = 0usize;
    while periods < MAX_PERIODS {
        let mut p = format!(
            "[[period]]\nid = \"{}\"\ntotal = {}\nthemes = {{ {} }}\n[period.posts]\n",
            1900 + periods,
            tenths(chain * small + small),
            list.join(", ")
        );
        for i in 0..chain {
            let _ = writeln!(p, "c{i} = {{ etp = {} }}", tenths(small));
        }
        for i in 0..small {
            let _ = writeln!(p, "z{i} = {{ etp = 0.1 }}");
        }
        if text.len() + p.len() > max_bytes {
            break;
        }
        text.push_str(&p);
        periods += 1;
    }
    Case {
        name: "theme-chain.toml",
        what: format!(
            "{periods} periods × {small} communes of 0.1 ETP reaching the last of 64 themes through a chain of {chain}"
        ),
        text,
        command: Command::Check,
    }
}

/// Every case at the file limit `max_bytes`.
pub fn all(max_bytes: usize) -> Vec<Case> {
    vec![
        unknown_refs(max_bytes, 8),
        unknown_refs(max_bytes, 60),
        impossible_periods(max_bytes, MAX_COMMUNES),
        impossible_periods(max_bytes, 1_000),
        hard_split(max_bytes),
        theme_chain(max_bytes),
        many_periods(max_bytes, MAX_COMMUNES),
        many_meetings(max_bytes),
        pooled_chain(),
        widest_plan(max_bytes, false),
        widest_plan(max_bytes, true),
    ]
}
