//! Scenario generator shared by test targets (property tests, benchmarks).
//!
//! [`ScenarioParams`] (random via [`scenario_params`], or hand-built via
//! [`ScenarioParams::uniform`]) → [`render`] → TOML text plus the place of
//! every figure, so that a test can change one figure and know where the tool
//! must point. Valid by construction: each period starts from a split matrix
//! commune × theme (tenths of ETP), and commune ETP, theme totals and the
//! period total are derived from it, so a split always exists.

// Each test target uses a different part of this module.
#![allow(dead_code)]

use ctgplan::scenario::AFAS_THEMES;
use proptest::prelude::*;
use std::ops::Range;

/// Number of themes (the four AFAS categories; the generated files declare no `[themes]`).
pub const N_THEMES: usize = AFAS_THEMES.len();

pub fn theme_id(t: usize) -> &'static str {
    AFAS_THEMES[t].0
}

/// How a figure is written. All of them must load to the same exact decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberStyle {
    /// `0.3`, `1` (a TOML integer), `0`.
    Short,
    /// `0.3`, `1.0`, `0.0`.
    OneDecimal,
    /// `0.30`, `1.00`: trailing zeros are still on the 0.1 step.
    TwoDecimals,
    /// `"0,3"`: a string with a French decimal comma.
    FrenchComma,
}

/// Writes `units` tenths of ETP in `style`.
pub fn format_tenths(units: u32, style: NumberStyle) -> String {
    let (i, d) = (units / 10, units % 10);
    match style {
        NumberStyle::Short if d == 0 => format!("{i}"),
        NumberStyle::Short | NumberStyle::OneDecimal => format!("{i}.{d}"),
        NumberStyle::TwoDecimals => format!("{i}.{d}0"),
        NumberStyle::FrenchComma => format!("\"{i},{d}\""),
    }
}

#[derive(Debug, Clone)]
pub struct CommuneParams {
    /// Themes the commune lists (indices into [`AFAS_THEMES`], sorted, non-empty).
    pub themes: Vec<usize>,
    /// Host commune (an earlier, non-pooled one); a pooled commune holds 0 ETP.
    pub pooled_with: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct PeriodParams {
    /// Number of years covered: 1 gives an id such as "2026", more "2027-2030".
    pub years: u32,
    /// Tenths of ETP per commune and theme; a row is zero outside the commune's
    /// themes (and entirely for a pooled commune), and sums to at least 1 otherwise.
    pub split: Vec<[u32; N_THEMES]>,
    /// Per commune, a `themes` list on the post that overrides the commune's.
    pub post_themes: Vec<Option<Vec<usize>>>,
    /// The global coordinator's tenths, if the period has one.
    pub coordinator: Option<u32>,
    /// `caf_total` = total + this margin, if written.
    pub caf_margin: Option<u32>,
    /// Whether the period gives theme totals.
    pub theme_table: bool,
    /// Whether themes with a 0 total are written (`acces_droits = 0`).
    pub zero_themes: bool,
    /// Whether pooled communes are listed with `etp = 0`.
    pub list_pooled: bool,
    /// Whether `years` is written (it agrees with the id).
    pub explicit_years: bool,
    /// `kind` of the period, if written (index into [`PERIOD_KINDS`]).
    pub kind: Option<usize>,
    /// Per commune, whether its post is `to_be_negotiated` (0 ETP, a
    /// CTG061 warning) rather than filled; communes past the end are filled.
    pub negotiating: Vec<bool>,
}

pub const PERIOD_KINDS: [&str; 4] = ["past", "current", "transitional", "target"];

#[derive(Debug, Clone)]
pub struct ScenarioParams {
    pub communes: Vec<CommuneParams>,
    /// An EPCI carrier with 0 ETP; `Some(true)` also lists it in every period's posts.
    pub epci: Option<bool>,
    /// An external operator that holds the coordinator.
    pub operator: bool,
    pub first_year: i32,
    pub periods: Vec<PeriodParams>,
    /// Figure number k is written in `styles[k % len]`.
    pub styles: Vec<NumberStyle>,
    /// `posts.c0 = { .. }` in the period table rather than a `[period.posts]` table.
    pub dotted_posts: bool,
    /// `themes = { .. }` on one line rather than a `[period.themes]` table.
    pub inline_themes: bool,
}

impl PeriodParams {
    pub fn commune_etp(&self, c: usize) -> u32 {
        self.split.get(c).map_or(0, |row| row.iter().sum())
    }
    pub fn theme_total(&self, t: usize) -> u32 {
        self.split.iter().map(|row| row[t]).sum()
    }
    /// Communes + coordinator (carriers hold 0).
    pub fn total(&self) -> u32 {
        self.split.iter().flatten().sum::<u32>() + self.coordinator.unwrap_or(0)
    }
}

impl ScenarioParams {
    /// A deterministic valid scenario of any size (for benchmarks): every
    /// commune lists every theme, pooling every fifth commune with commune 0.
    pub fn uniform(communes: usize, periods: usize) -> ScenarioParams {
        Self::generated(communes, periods, |_| (0..N_THEMES).collect())
    }

    /// Like [`ScenarioParams::uniform`], but commune `i` lists its own subset
    /// of the themes (all fifteen non-empty subsets occur), as in real annexes
    /// where a commune's post serves some themes only.
    pub fn varied(communes: usize, periods: usize) -> ScenarioParams {
        Self::generated(communes, periods, |i| theme_mask((i * 7 % 15 + 1) as u8))
    }

    fn generated(
        communes: usize,
        periods: usize,
        themes: impl Fn(usize) -> Vec<usize>,
    ) -> ScenarioParams {
        let communes = communes.max(1);
        let mut p = ScenarioParams {
            communes: (0..communes)
                .map(|i| CommuneParams {
                    themes: themes(i),
                    pooled_with: (i % 5 == 4).then_some(0),
                })
                .collect(),
            epci: Some(true),
            operator: true,
            first_year: 2022,
            periods: (0..periods)
                .map(|k| PeriodParams {
                    years: 1 + (k as u32 % 4),
                    split: (0..communes)
                        .map(|i| std::array::from_fn(|t| ((i + t + k) % 3) as u32))
                        .collect(),
                    post_themes: vec![None; communes],
                    coordinator: Some(5),
                    caf_margin: Some(k as u32 % 2),
                    theme_table: true,
                    zero_themes: false,
                    list_pooled: true,
                    explicit_years: false,
                    kind: None,
                    // In the last of five periods or more, one commune in
                    // thirteen is still being negotiated (with fewer, the
                    // planning benchmark's move limit, 0.2 ETP per period,
                    // could not bring a 0.6 ETP post down to 0).
                    negotiating: (0..communes)
                        .map(|i| periods >= 5 && k + 1 == periods && i % 13 == 6)
                        .collect(),
                })
                .collect(),
            styles: vec![NumberStyle::Short],
            dotted_posts: false,
            inline_themes: true,
        };
        p.normalize();
        p
    }

    /// Themes a commune's post serves in period `k`.
    pub fn effective_themes(&self, k: usize, c: usize) -> &[usize] {
        self.periods[k].post_themes[c]
            .as_deref()
            .unwrap_or(&self.communes[c].themes)
    }

    /// Enforces the invariants that make the scenario valid (see the fields'
    /// docs): random raw values map to a valid scenario, so shrinking keeps it valid.
    pub fn normalize(&mut self) {
        if self.styles.is_empty() {
            self.styles.push(NumberStyle::Short);
        }
        for c in &mut self.communes {
            c.themes.sort_unstable();
            c.themes.dedup();
            c.themes.retain(|t| *t < N_THEMES);
            if c.themes.is_empty() {
                c.themes.push(0);
            }
        }
        for i in 0..self.communes.len() {
            let hosts: Vec<usize> = (0..i)
                .filter(|j| self.communes[*j].pooled_with.is_none())
                .collect();
            let raw = self.communes[i].pooled_with;
            self.communes[i].pooled_with = match raw {
                Some(k) if !hosts.is_empty() => Some(hosts[k % hosts.len()]),
                _ => None,
            };
        }
        let n = self.communes.len();
        for k in 0..self.periods.len() {
            let p = &mut self.periods[k];
            p.years = p.years.clamp(1, 5);
            p.split.resize(n, [0; N_THEMES]);
            p.post_themes.resize(n, None);
            p.negotiating.resize(n, false);
            for c in 0..n {
                if self.communes[c].pooled_with.is_some() {
                    p.split[c] = [0; N_THEMES];
                    p.post_themes[c] = None;
                    p.negotiating[c] = false;
                    continue;
                }
                if let Some(list) = &mut p.post_themes[c] {
                    list.sort_unstable();
                    list.dedup();
                    list.retain(|t| *t < N_THEMES);
                    if list.is_empty() {
                        p.post_themes[c] = None;
                    }
                }
                let themes = p.post_themes[c]
                    .as_deref()
                    .unwrap_or(&self.communes[c].themes);
                let row = &mut p.split[c];
                if p.negotiating.get(c).copied().unwrap_or(false) {
                    *row = [0; N_THEMES];
                    continue;
                }
                for (t, u) in row.iter_mut().enumerate() {
                    if !themes.contains(&t) {
                        *u = 0;
                    }
                }
                // Every commune that is not pooled must be covered: at least 0.1 ETP.
                if row.iter().sum::<u32>() == 0 {
                    row[themes[0]] = 1;
                }
            }
        }
    }

    /// `(first, last)` year of each period, consecutive from `first_year`.
    pub fn period_years(&self) -> Vec<(i32, i32)> {
        let mut first = self.first_year;
        self.periods
            .iter()
            .map(|p| {
                let last = first + p.years as i32 - 1;
                let y = (first, last);
                first = last + 1;
                y
            })
            .collect()
    }
}

fn theme_mask(mask: u8) -> Vec<usize> {
    (0..N_THEMES).filter(|t| mask & (1 << t) != 0).collect()
}

fn number_style() -> impl Strategy<Value = NumberStyle> {
    prop_oneof![
        3 => Just(NumberStyle::Short),
        1 => Just(NumberStyle::OneDecimal),
        1 => Just(NumberStyle::TwoDecimals),
        1 => Just(NumberStyle::FrenchComma),
    ]
}

/// Most communes a random scenario has.
pub const MAX_COMMUNES: usize = 15;

/// Rows for [`MAX_COMMUNES`]: `normalize` cuts them to the scenario's communes,
/// so that shrinking can drop communes without regenerating the periods.
fn period_params() -> impl Strategy<Value = PeriodParams> {
    (
        1u32..=5,
        prop::collection::vec([0u32..=6, 0u32..=6, 0u32..=6, 0u32..=6], MAX_COMMUNES),
        prop::collection::vec(prop::option::weighted(0.2, 1u8..16), MAX_COMMUNES),
        prop::option::weighted(0.7, 0u32..=10),
        prop::option::of(0u32..=5),
        prop::bool::weighted(0.8),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0..PERIOD_KINDS.len()),
    )
        .prop_map(
            |(
                years,
                split,
                post_themes,
                coordinator,
                caf_margin,
                theme_table,
                zero_themes,
                list_pooled,
                explicit_years,
                kind,
            )| PeriodParams {
                years,
                split,
                post_themes: post_themes.into_iter().map(|m| m.map(theme_mask)).collect(),
                coordinator,
                caf_margin,
                theme_table,
                zero_themes,
                list_pooled,
                explicit_years,
                kind,
                negotiating: Vec::new(),
            },
        )
}

/// Random valid scenarios: 1-15 communes (some pooled), optional EPCI and
/// operator, 1-4 consecutive periods.
pub fn scenario_params() -> impl Strategy<Value = ScenarioParams> {
    (
        prop::collection::vec(
            (1u8..16, prop::option::weighted(0.25, 0..MAX_COMMUNES)),
            1..=MAX_COMMUNES,
        ),
        prop::option::of(any::<bool>()),
        any::<bool>(),
        2018i32..=2030,
        prop::collection::vec(period_params(), 1..=4),
        prop::collection::vec(number_style(), 1..=6),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(communes, epci, operator, first_year, periods, styles, dotted, inline)| {
                let mut p = ScenarioParams {
                    communes: communes
                        .into_iter()
                        .map(|(mask, pool)| CommuneParams {
                            themes: theme_mask(mask),
                            pooled_with: pool,
                        })
                        .collect(),
                    epci,
                    operator,
                    first_year,
                    periods,
                    styles,
                    dotted_posts: dotted,
                    inline_themes: inline,
                };
                p.normalize();
                p
            },
        )
}

/// Which figure of a generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FigureId {
    CafTotal {
        period: usize,
    },
    Total {
        period: usize,
    },
    Coordinator {
        period: usize,
    },
    Theme {
        period: usize,
        theme: usize,
    },
    /// `holder` is a commune index, or the number of communes for the EPCI.
    Post {
        period: usize,
        holder: usize,
    },
}

impl FigureId {
    pub fn period(&self) -> usize {
        match *self {
            FigureId::CafTotal { period }
            | FigureId::Total { period }
            | FigureId::Coordinator { period }
            | FigureId::Theme { period, .. }
            | FigureId::Post { period, .. } => period,
        }
    }
}

/// A figure as written in the rendered text.
#[derive(Debug, Clone)]
pub struct RenderedFigure {
    pub id: FigureId,
    /// Tenths of ETP the params give it (whatever the literal written).
    pub units: u32,
    pub style: NumberStyle,
    /// Byte range of the literal (quotes included for a string).
    pub span: Range<usize>,
    /// 1-based line of the literal.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub text: String,
    pub figures: Vec<RenderedFigure>,
}

impl Rendered {
    pub fn figure(&self, id: FigureId) -> Option<&RenderedFigure> {
        self.figures.iter().find(|f| f.id == id)
    }
    /// 1-based line of a byte offset.
    pub fn line_of(&self, byte: usize) -> usize {
        let end = byte.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }
}

/// Builds the text, recording where each figure lands.
struct Writer<'a> {
    text: String,
    line: usize,
    figures: Vec<RenderedFigure>,
    styles: &'a [NumberStyle],
    literal: &'a mut dyn FnMut(FigureId, u32, NumberStyle) -> String,
}

impl Writer<'_> {
    fn push(&mut self, s: &str) {
        self.line += s.matches('\n').count();
        self.text.push_str(s);
    }
    fn figure(&mut self, id: FigureId, units: u32) {
        let style = self.styles[self.figures.len() % self.styles.len()];
        let literal = (self.literal)(id, units, style);
        let start = self.text.len();
        let line = self.line;
        self.push(&literal);
        self.figures.push(RenderedFigure {
            id,
            units,
            style,
            span: start..self.text.len(),
            line,
        });
    }
}

fn quoted_list(themes: &[usize]) -> String {
    let items: Vec<String> = themes
        .iter()
        .map(|t| format!("\"{}\"", theme_id(*t)))
        .collect();
    format!("[{}]", items.join(", "))
}

/// The scenario as TOML text.
pub fn render(p: &ScenarioParams) -> Rendered {
    render_with(p, None)
}

/// The scenario as TOML text, with one figure's literal replaced by `literal`
/// (written verbatim: quote it yourself if it is a string).
pub fn render_with(p: &ScenarioParams, replace: Option<(FigureId, &str)>) -> Rendered {
    render_custom(p, &mut |id, units, style| match replace {
        Some((r, literal)) if r == id => literal.to_owned(),
        _ => format_tenths(units, style),
    })
}

/// The scenario as TOML text, each figure written by `literal(id, tenths, style)`.
pub fn render_custom(
    p: &ScenarioParams,
    literal: &mut dyn FnMut(FigureId, u32, NumberStyle) -> String,
) -> Rendered {
    let mut w = Writer {
        text: String::new(),
        line: 1,
        figures: Vec::new(),
        styles: &p.styles,
        literal,
    };
    w.push("# Generated scenario (ctgplan property tests).\n");
    w.push("[territory]\nname = \"Territoire généré – Vallée\"\ncaf = \"Caf de test\"\n");
    let n = p.communes.len();
    for (i, c) in p.communes.iter().enumerate() {
        w.push(&format!(
            "\n[[commune]]\nid = \"c{i}\"\nname = \"Commune n°{i} (Saint-Rémy-{i})\"\n"
        ));
        match c.pooled_with {
            Some(h) => w.push(&format!("pooled_with = \"c{h}\"\n")),
            None => w.push(&format!("themes = {}\n", quoted_list(&c.themes))),
        }
    }
    if p.epci.is_some() {
        w.push("\n[[carrier]]\nid = \"epci\"\nname = \"Communauté de communes\"\nkind = \"epci\"\nthemes = [\"acces_droits\"]\n");
    }
    if p.operator {
        w.push("\n[[carrier]]\nid = \"operateur\"\nname = \"Opérateur extérieur\"\nkind = \"operator\"\n");
    }
    for (k, (period, (first, last))) in p.periods.iter().zip(p.period_years()).enumerate() {
        let id = if first == last {
            format!("{first}")
        } else {
            format!("{first}-{last}")
        };
        w.push(&format!("\n[[period]]\nid = \"{id}\"\n"));
        if period.explicit_years {
            if first == last {
                w.push(&format!("years = {first}\n"));
            } else {
                w.push(&format!("years = \"{id}\"\n"));
            }
        }
        if let Some(kind) = period.kind {
            w.push(&format!("kind = \"{}\"\n", PERIOD_KINDS[kind]));
        }
        w.push(&format!("label = \"Schéma de coopération {id}\"\n"));
        let total = period.total();
        if let Some(margin) = period.caf_margin {
            w.push("caf_total = ");
            w.figure(FigureId::CafTotal { period: k }, total + margin);
            w.push("\n");
        }
        w.push("total = ");
        w.figure(FigureId::Total { period: k }, total);
        w.push("\n");
        if let Some(coord) = period.coordinator {
            w.push("coordinator = { etp = ");
            w.figure(FigureId::Coordinator { period: k }, coord);
            if p.operator {
                w.push(", carrier = \"operateur\", mode = \"externalised\"");
            }
            w.push(" }\n");
        }
        let themes: Vec<usize> = (0..N_THEMES)
            .filter(|t| period.zero_themes || period.theme_total(*t) > 0)
            .collect();
        let write_themes = |w: &mut Writer, sep: &str| {
            for (j, t) in themes.iter().enumerate() {
                if j > 0 {
                    w.push(sep);
                }
                w.push(&format!("{} = ", theme_id(*t)));
                w.figure(
                    FigureId::Theme {
                        period: k,
                        theme: *t,
                    },
                    period.theme_total(*t),
                );
            }
        };
        if period.theme_table && p.inline_themes {
            w.push("themes = { ");
            write_themes(&mut w, ", ");
            w.push(" }\n");
        }
        let prefix = if p.dotted_posts { "posts." } else { "" };
        let write_posts = |w: &mut Writer| {
            for (i, c) in p.communes.iter().enumerate() {
                if c.pooled_with.is_some() && !period.list_pooled {
                    continue;
                }
                w.push(&format!("{prefix}c{i} = {{ etp = "));
                w.figure(
                    FigureId::Post {
                        period: k,
                        holder: i,
                    },
                    period.commune_etp(i),
                );
                if let Some(list) = &period.post_themes[i] {
                    w.push(&format!(", themes = {}", quoted_list(list)));
                }
                if period.negotiating.get(i).copied().unwrap_or(false) {
                    w.push(", status = \"to_be_negotiated\"");
                }
                w.push(" }\n");
            }
            if p.epci == Some(true) {
                w.push(&format!("{prefix}epci = {{ etp = "));
                w.figure(
                    FigureId::Post {
                        period: k,
                        holder: n,
                    },
                    0,
                );
                w.push(" }\n");
            }
        };
        if p.dotted_posts {
            write_posts(&mut w);
        }
        if period.theme_table && !p.inline_themes {
            w.push("\n[period.themes]\n");
            write_themes(&mut w, "\n");
            w.push("\n");
        }
        if !p.dotted_posts {
            w.push("\n[period.posts]\n");
            write_posts(&mut w);
        }
    }
    Rendered {
        text: w.text,
        figures: w.figures,
    }
}

/// A [`ScenarioParams::uniform`] territory (or [`ScenarioParams::varied`]
/// with `varied`), every figure fixed (what `check` sees).
pub fn fixed_text(communes: usize, periods: usize, varied: bool) -> String {
    let params = if varied {
        ScenarioParams::varied(communes, periods)
    } else {
        ScenarioParams::uniform(communes, periods)
    };
    render(&params).text
}

/// The same territory with the posts of every period but the first left open
/// (posts with a status stay, at 0 ETP), and move limits: what `propose` has
/// to plan.
pub fn open_text(communes: usize, periods: usize, varied: bool) -> String {
    let text = fixed_text(communes, periods, varied);
    let mut out = String::from("[rules]\nmax_commune_move = 0.2\ncommune_max = 1.5\n\n");
    let mut period = 0;
    let mut in_posts = false;
    for line in text.lines() {
        if line == "[[period]]" {
            period += 1;
            in_posts = false;
        } else if line.starts_with('[') {
            in_posts = line == "[period.posts]" && period > 1;
        } else if in_posts && !line.contains("status = ") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Financing appended to the national set's territories (made-up rates), so
/// that the portfolio sums euros as well as ETP.
pub const NATIONAL_FINANCING: &str = "\n[financing]\nassumption = \"generated\"\ncost_per_etp = 52000\noperator_cost_per_etp = 60000\ncaf_rate = 50\ncaf_per_etp = 27000\ncoordinator_key = \"equal\"\n";

/// One Caf of the national set: its portfolio text (covering the files by
/// name, relative to its folder) and its territories (file name, text).
pub struct CafSet {
    pub portfolio: String,
    pub territories: Vec<(String, String)>,
}

/// The national set as Caf portfolios: `territories` [`fixed_text`]
/// territories of `communes` communes and `periods` periods (4: 2022-2031),
/// each with its own name, its Caf and [`NATIONAL_FINANCING`], dealt in turn
/// to `cafs` Cafs; each Caf's envelope covers the periods' years with room
/// for its territories.
pub fn national_portfolios(
    territories: usize,
    communes: usize,
    periods: usize,
    cafs: usize,
) -> Vec<CafSet> {
    let params = ScenarioParams::uniform(communes, periods);
    let years = params.period_years();
    let (first, last) = (
        years.first().map_or(2022, |y| y.0),
        years.last().map_or(2022, |y| y.1),
    );
    let base = render(&params).text;
    let cafs = cafs.max(1);
    let mut out: Vec<CafSet> = (0..cafs)
        .map(|_| CafSet {
            portfolio: String::new(),
            territories: Vec::new(),
        })
        .collect();
    for i in 0..territories {
        let k = i % cafs;
        let mut text = base
            .replace(
                "name = \"Territoire généré – Vallée\"",
                &format!("name = \"Territoire n°{i}\""),
            )
            .replace("caf = \"Caf de test\"", &format!("caf = \"Caf n°{k}\""));
        text.push_str(NATIONAL_FINANCING);
        out[k].territories.push((format!("ctg-{i:04}.toml"), text));
    }
    for (k, caf) in out.iter_mut().enumerate() {
        let files: Vec<String> = caf
            .territories
            .iter()
            .map(|(n, _)| format!("\"{n}\""))
            .collect();
        // A territory co-finances at most a few ETP per commune tenth: a
        // roomy envelope, so that the sums are checked and pass.
        let room = caf.territories.len() * communes;
        caf.portfolio = format!(
            "[portfolio]\ncaf = \"Caf n°{k}\"\nfiles = [{}]\n\n[envelope]\n\"{first}-{last}\" = {{ etp = {room}, euros = {} }}\n",
            files.join(", "),
            room * 60_000
        );
    }
    out
}
