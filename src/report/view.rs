//! The report in one language, as strings ready for the templates: every
//! figure is written here (see [`Lang`]), the templates only lay out and
//! escape.

use super::chart::{self, BarInput, GroupInput, GroupedChart, Part, StackedChart};
use super::data::{HolderRow, PeriodData, ReportData, SplitState};
use super::locale::{Lang, Texts};
use crate::diagnostic::Severity;
use crate::diff::LineKind;
use crate::finance::cost::PeriodCost;
use crate::finance::money::to_cents;
use crate::scenario::{Financing, PeriodKind, SharingKey, Status};
use rust_decimal::Decimal;
use serde::Serialize;

/// Chart series: themes use 0..THEME_COLOURS (cycling), then these.
const THEME_COLOURS: usize = 8;
const SERIES_COORDINATOR: usize = THEME_COLOURS;
const SERIES_NOT_GIVEN: usize = THEME_COLOURS + 1;
/// Shades of the period ramp (light to dark), `.p0`…`.p5` in the CSS.
const PERIOD_SHADES: usize = 6;

#[derive(Debug, Serialize)]
pub struct Row {
    pub cells: Vec<String>,
    /// "", "total" or "sub" (the coordinator and other summary lines).
    pub class: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Table {
    pub header: Vec<String>,
    /// Whether each column holds figures (right-aligned).
    pub numeric: Vec<bool>,
    pub rows: Vec<Row>,
}

impl Table {
    fn new(header: Vec<String>, numeric: Vec<bool>) -> Table {
        Table {
            header,
            numeric,
            rows: Vec::new(),
        }
    }
    fn push(&mut self, cells: Vec<String>, class: &'static str) {
        self.rows.push(Row { cells, class });
    }
}

#[derive(Debug, Serialize)]
pub struct Legend {
    pub series: usize,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct Scheme {
    pub anchor: String,
    pub title: String,
    pub label: Option<String>,
    pub note: String,
    pub table: Table,
}

#[derive(Debug, Serialize)]
pub struct Change {
    pub title: String,
    pub caption: Option<String>,
    pub table: Option<Table>,
    pub note: Option<String>,
}

/// A piece of a diagnostic's text; `code` for what the rules quote in
/// backticks (`themes = [...]`), shown as code in HTML.
#[derive(Debug, Serialize)]
pub struct TextPart {
    pub text: String,
    pub code: bool,
}

/// Splits text on backticks: odd pieces are code. An unmatched backtick
/// stays as text.
pub fn text_parts(text: &str) -> Vec<TextPart> {
    let pieces: Vec<&str> = text.split('`').collect();
    if pieces.len().is_multiple_of(2) {
        return vec![TextPart {
            text: text.to_owned(),
            code: false,
        }];
    }
    pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(i, p)| TextPart {
            text: (*p).to_owned(),
            code: i % 2 == 1,
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct Diag {
    pub code: String,
    pub severity: String,
    pub error: bool,
    pub location: String,
    pub message: Vec<TextPart>,
    pub help: Option<Vec<TextPart>>,
    pub notes: Vec<Vec<TextPart>>,
}

#[derive(Debug, Serialize)]
pub struct PeriodCosts {
    pub title: String,
    pub table: Table,
    pub lines: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Costs {
    pub financing: Vec<(String, String)>,
    pub periods: Vec<PeriodCosts>,
}

#[derive(Debug, Serialize)]
pub struct View {
    pub lang: &'static str,
    pub t: &'static Texts,
    /// Between a name and its value, as the language writes it.
    pub colon: &'static str,
    pub version: &'static str,
    pub territory: String,
    pub caf: Option<String>,
    pub epci: Option<String>,
    pub file: String,
    pub check_summary: String,
    pub errors: usize,
    pub warnings: usize,
    pub summary: Table,
    pub theme_chart: StackedChart,
    pub theme_legend: Vec<Legend>,
    pub communes: Table,
    pub commune_chart: GroupedChart,
    pub period_legend: Vec<Legend>,
    pub schemes: Vec<Scheme>,
    pub changes: Vec<Change>,
    pub diagnostics: Vec<Diag>,
    pub costs: Option<Costs>,
}

pub fn view(data: &ReportData, lang: Lang) -> View {
    let t = lang.texts();
    let (theme_chart, theme_legend) = theme_chart(data, lang);
    let (commune_chart, period_legend) = commune_chart(data, lang);
    View {
        lang: lang.code(),
        t,
        colon: lang.colon(),
        version: env!("CARGO_PKG_VERSION"),
        territory: data.territory.clone(),
        caf: data.caf.clone(),
        epci: data.epci.clone(),
        file: data.file.clone(),
        check_summary: lang.error_count(data.errors, data.warnings),
        errors: data.errors,
        warnings: data.warnings,
        summary: summary(data, lang),
        theme_chart,
        theme_legend,
        communes: communes(data, lang),
        commune_chart,
        period_legend,
        schemes: data
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| scheme(data, p, i, lang))
            .collect(),
        changes: changes(data, lang),
        diagnostics: diagnostics(data, lang),
        costs: costs(data, lang),
    }
}

fn etp_or_unknown(v: Option<Decimal>, lang: Lang) -> String {
    v.map_or_else(|| lang.texts().unknown.to_owned(), |d| lang.etp(d))
}

fn amount_or_unknown(v: Option<i64>, lang: Lang) -> String {
    v.map_or_else(|| lang.texts().unknown.to_owned(), |c| lang.amount(c))
}

fn kind_name(k: PeriodKind, t: &Texts) -> &'static str {
    match k {
        PeriodKind::Past => t.past,
        PeriodKind::Current => t.current,
        PeriodKind::Transitional => t.transitional,
        PeriodKind::Target => t.target,
    }
}

/// "transitional, 1 year".
fn period_details(p: &PeriodData, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(k) = p.kind {
        parts.push(kind_name(k, lang.texts()).to_owned());
    }
    if let Some(n) = p.years {
        parts.push(lang.years(n));
    }
    parts.join(", ")
}

/// "2026 (transitional, 1 year)".
fn period_title(p: &PeriodData, lang: Lang) -> String {
    let details = period_details(p, lang);
    if details.is_empty() {
        p.id.clone()
    } else {
        format!("{} ({details})", p.id)
    }
}

fn series_of_theme(i: usize) -> usize {
    i % THEME_COLOURS
}

/// The shade of period `k` of `n`, spread over the ramp.
fn period_shade(k: usize, n: usize) -> usize {
    if n <= 1 {
        PERIOD_SHADES - 2
    } else if n <= PERIOD_SHADES {
        // Evenly spread from the lightest to the darkest.
        (k * (PERIOD_SHADES - 1) + (n - 1) / 2) / (n - 1)
    } else {
        k % PERIOD_SHADES
    }
}

/// Total minus coordinator, for a period with no theme totals.
fn not_given(p: &PeriodData) -> Option<Decimal> {
    if p.theme_totals.is_some() {
        return None;
    }
    let coord = p.coordinator.as_ref().map_or(Decimal::ZERO, |c| c.etp);
    p.total.map(|t| t - coord)
}

fn summary(data: &ReportData, lang: Lang) -> Table {
    let t = lang.texts();
    let mut header = vec![t.theme.to_owned()];
    header.extend(data.periods.iter().map(|p| p.id.clone()));
    let mut table = Table::new(header, numeric_after_first(data.periods.len() + 1));
    for (i, (_, label)) in data.themes.iter().enumerate() {
        let mut cells = vec![label.clone()];
        cells.extend(data.periods.iter().map(|p| {
            etp_or_unknown(
                p.theme_totals
                    .as_ref()
                    .and_then(|v| v.get(i).copied().flatten()),
                lang,
            )
        }));
        table.push(cells, "");
    }
    if data.periods.iter().any(|p| p.theme_totals.is_none()) {
        let mut cells = vec![t.themes_not_given.to_owned()];
        cells.extend(data.periods.iter().map(|p| {
            if p.theme_totals.is_some() {
                String::new()
            } else {
                etp_or_unknown(not_given(p), lang)
            }
        }));
        table.push(cells, "sub");
    }
    let mut cells = vec![t.coordinator.to_owned()];
    cells.extend(
        data.periods
            .iter()
            .map(|p| lang.etp(p.coordinator.as_ref().map_or(Decimal::ZERO, |c| c.etp))),
    );
    table.push(cells, "sub");
    let mut cells = vec![t.total.to_owned()];
    cells.extend(data.periods.iter().map(|p| etp_or_unknown(p.total, lang)));
    table.push(cells, "total");
    if data.periods.iter().any(|p| p.caf_total.is_some()) {
        let mut cells = vec![t.caf_total.to_owned()];
        cells.extend(
            data.periods
                .iter()
                .map(|p| p.caf_total.map_or_else(String::new, |d| lang.etp(d))),
        );
        table.push(cells, "sub");
    }
    table
}

fn numeric_after_first(n: usize) -> Vec<bool> {
    (0..n).map(|i| i > 0).collect()
}

fn theme_chart(data: &ReportData, lang: Lang) -> (StackedChart, Vec<Legend>) {
    let t = lang.texts();
    let bars: Vec<BarInput> = data
        .periods
        .iter()
        .map(|p| {
            let mut parts: Vec<Part> = match &p.theme_totals {
                Some(v) => v
                    .iter()
                    .zip(&data.themes)
                    .enumerate()
                    .map(|(i, (d, (_, label)))| Part {
                        series: series_of_theme(i),
                        name: label.clone(),
                        value: d.unwrap_or(Decimal::ZERO),
                    })
                    .collect(),
                None => vec![Part {
                    series: SERIES_NOT_GIVEN,
                    name: t.themes_not_given.to_owned(),
                    value: not_given(p).unwrap_or(Decimal::ZERO),
                }],
            };
            parts.push(Part {
                series: SERIES_COORDINATOR,
                name: t.coordinator.to_owned(),
                value: p.coordinator.as_ref().map_or(Decimal::ZERO, |c| c.etp),
            });
            BarInput {
                label: p.id.clone(),
                sublabel: p
                    .kind
                    .map(|k| kind_name(k, t).to_owned())
                    .unwrap_or_default(),
                parts,
            }
        })
        .collect();
    let mut legend: Vec<Legend> = data
        .themes
        .iter()
        .enumerate()
        .map(|(i, (_, label))| Legend {
            series: series_of_theme(i),
            name: label.clone(),
        })
        .collect();
    legend.push(Legend {
        series: SERIES_COORDINATOR,
        name: t.coordinator.to_owned(),
    });
    if data.periods.iter().any(|p| p.theme_totals.is_none()) {
        legend.push(Legend {
            series: SERIES_NOT_GIVEN,
            name: t.themes_not_given.to_owned(),
        });
    }
    (chart::stacked(lang, &bars), legend)
}

/// Every holder shown in some period, in file order: (id, name).
fn holders(data: &ReportData) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for p in &data.periods {
        for r in &p.rows {
            if !out.iter().any(|(id, _)| *id == r.id) {
                out.push((r.id.clone(), r.name.clone()));
            }
        }
    }
    out
}

fn etp_in(p: &PeriodData, id: &str) -> Option<Option<Decimal>> {
    p.rows.iter().find(|r| r.id == id).map(|r| r.etp)
}

fn communes(data: &ReportData, lang: Lang) -> Table {
    let t = lang.texts();
    let mut header = vec![t.commune.to_owned()];
    header.extend(data.periods.iter().map(|p| p.id.clone()));
    let mut table = Table::new(header, numeric_after_first(data.periods.len() + 1));
    for (id, name) in holders(data) {
        let mut cells = vec![name];
        cells.extend(data.periods.iter().map(|p| match etp_in(p, &id) {
            Some(v) => etp_or_unknown(v, lang),
            // A carrier not in this period holds nothing.
            None => lang.etp(Decimal::ZERO),
        }));
        table.push(cells, "");
    }
    let mut cells = vec![t.coordinator.to_owned()];
    cells.extend(
        data.periods
            .iter()
            .map(|p| lang.etp(p.coordinator.as_ref().map_or(Decimal::ZERO, |c| c.etp))),
    );
    table.push(cells, "sub");
    let mut cells = vec![t.total.to_owned()];
    cells.extend(data.periods.iter().map(|p| etp_or_unknown(p.total, lang)));
    table.push(cells, "total");
    table
}

fn commune_chart(data: &ReportData, lang: Lang) -> (GroupedChart, Vec<Legend>) {
    let t = lang.texts();
    let n = data.periods.len();
    let mut rows: Vec<GroupInput> = Vec::new();
    for (id, name) in holders(data) {
        let values: Vec<Option<Decimal>> = data
            .periods
            .iter()
            .map(|p| etp_in(p, &id).unwrap_or(Some(Decimal::ZERO)))
            .collect();
        let is_commune = data
            .periods
            .iter()
            .flat_map(|p| &p.rows)
            .any(|r| r.id == id && r.kind == super::data::HolderKind::Commune);
        // Carriers only when they hold something.
        if is_commune || values.iter().any(|v| v.is_none_or(|d| !d.is_zero())) {
            rows.push(GroupInput {
                label: name,
                values,
            });
        }
    }
    rows.push(GroupInput {
        label: t.coordinator.to_owned(),
        values: data
            .periods
            .iter()
            .map(|p| Some(p.coordinator.as_ref().map_or(Decimal::ZERO, |c| c.etp)))
            .collect(),
    });
    let names: Vec<String> = data.periods.iter().map(|p| p.id.clone()).collect();
    let mut chart = chart::grouped(lang, &names, &rows);
    for g in &mut chart.groups {
        for b in &mut g.bars {
            b.series = period_shade(b.series, n);
        }
    }
    let legend = data
        .periods
        .iter()
        .enumerate()
        .map(|(k, p)| Legend {
            series: period_shade(k, n),
            name: period_title(p, lang),
        })
        .collect();
    (chart, legend)
}

fn status_note(s: Status, t: &Texts) -> Option<&'static str> {
    match s {
        Status::Filled => None,
        Status::Vacant => Some(t.vacant),
        Status::NeverFilled => Some(t.never_filled),
        Status::ToBeNegotiated => Some(t.to_be_negotiated),
    }
}

fn holder_notes(r: &HolderRow, lang: Lang) -> String {
    let t = lang.texts();
    let mut notes: Vec<String> = Vec::new();
    if let Some(s) = status_note(r.status, t) {
        notes.push(s.to_owned());
    }
    if let Some(h) = &r.pooled_with {
        notes.push(format!("{} {h}", t.pooled_with));
    }
    if r.externalised && r.etp.is_none_or(|e| !e.is_zero()) {
        notes.push(t.externalised.to_owned());
    }
    if r.themes.is_none() && r.etp.is_some_and(|e| !e.is_zero()) {
        notes.push(t.themes_unstated.to_owned());
    }
    notes.join(lang.list_separator())
}

fn theme_labels(data: &ReportData, ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            data.themes
                .iter()
                .find(|(t, _)| t == id)
                .map_or(id.as_str(), |(_, l)| l.as_str())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn coordinator_notes(p: &PeriodData, t: &Texts) -> String {
    let Some(c) = &p.coordinator else {
        return String::new();
    };
    let mut notes = Vec::new();
    if c.externalised {
        notes.push(t.externalised.to_owned());
    }
    if let Some(h) = &c.holder {
        notes.push(format!("{} {h}", t.coordinator_held_by));
    }
    notes.join(", ")
}

fn scheme(data: &ReportData, p: &PeriodData, index: usize, lang: Lang) -> Scheme {
    let t = lang.texts();
    let split = p.split == SplitState::Found;
    let mut header = vec![t.commune.to_owned()];
    let mut numeric = vec![false];
    if split {
        header.extend(data.themes.iter().map(|(_, l)| l.clone()));
        numeric.extend(data.themes.iter().map(|_| true));
        header.push(t.etp.to_owned());
        numeric.push(true);
    } else {
        header.push(t.etp.to_owned());
        numeric.push(true);
        header.push(t.themes_listed.to_owned());
        numeric.push(false);
    }
    header.push(t.notes.to_owned());
    numeric.push(false);
    let width = header.len();
    let mut table = Table::new(header, numeric);
    for r in &p.rows {
        let mut cells = vec![r.name.clone()];
        if split {
            let values = r.split.clone().unwrap_or_default();
            let holds = r.etp.is_some_and(|e| !e.is_zero());
            for (k, (id, _)) in data.themes.iter().enumerate() {
                let v = values.get(k).copied().unwrap_or(Decimal::ZERO);
                let listed = r.themes.as_ref().is_none_or(|l| l.contains(id));
                // Blank: the holder holds nothing or does not work on the
                // theme; 0: it could, this split gives it none.
                cells.push(if v.is_zero() && !(listed && holds) {
                    String::new()
                } else {
                    lang.etp(v)
                });
            }
            cells.push(etp_or_unknown(r.etp, lang));
        } else {
            cells.push(etp_or_unknown(r.etp, lang));
            cells.push(
                r.themes
                    .as_ref()
                    .map_or_else(String::new, |ids| theme_labels(data, ids)),
            );
        }
        cells.push(holder_notes(r, lang));
        table.push(cells, "");
    }
    if let Some(c) = &p.coordinator {
        let mut cells = vec![t.coordinator.to_owned()];
        cells.resize(width - 2, String::new());
        if !split {
            cells.truncate(1);
        }
        cells.push(lang.etp(c.etp));
        if !split {
            cells.push(String::new());
        }
        cells.push(coordinator_notes(p, t));
        table.push(cells, "sub");
    }
    let mut cells = vec![t.total.to_owned()];
    if split {
        if let Some(totals) = &p.theme_totals {
            cells.extend(totals.iter().map(|v| etp_or_unknown(*v, lang)));
        }
        cells.push(etp_or_unknown(p.total, lang));
    } else {
        cells.push(etp_or_unknown(p.total, lang));
        cells.push(String::new());
    }
    cells.push(String::new());
    table.push(cells, "total");
    Scheme {
        anchor: format!("period-{index}"),
        title: period_title(p, lang),
        label: p.label.clone(),
        note: match p.split {
            SplitState::Found => t.split_found,
            SplitState::NoThemeTotals => t.split_none,
            SplitState::Unknown => t.split_unknown,
            SplitState::Impossible => t.split_impossible,
        }
        .to_owned(),
        table,
    }
}

fn changes(data: &ReportData, lang: Lang) -> Vec<Change> {
    let t = lang.texts();
    data.changes
        .iter()
        .map(|d| {
            let (Some(from), Some(to)) = (data.periods.get(d.from), data.periods.get(d.to)) else {
                return Change {
                    title: String::new(),
                    caption: None,
                    table: None,
                    note: None,
                };
            };
            let title = format!("{} → {}", from.id, to.id);
            let mut header = vec![
                String::new(),
                from.id.clone(),
                to.id.clone(),
                t.change.to_owned(),
            ];
            if d.costs {
                header.push(format!("{} (€)", from.id));
                header.push(format!("{} (€)", to.id));
                header.push(format!("{} (€)", t.change));
            }
            let flagged = d.flagged().next().is_some();
            if flagged {
                header.push(t.notes.to_owned());
            }
            let mut numeric = numeric_after_first(header.len());
            if let (true, Some(last)) = (flagged, numeric.last_mut()) {
                *last = false;
            }
            let mut table = Table::new(header, numeric);
            let mut skipped = false;
            for l in &d.lines {
                let unchanged = l.from.is_some() && l.from == l.to;
                if unchanged && l.kind != LineKind::Total && l.flag.is_none() {
                    skipped = true;
                    continue;
                }
                let name = match l.kind {
                    LineKind::Coordinator => t.coordinator.to_owned(),
                    LineKind::Total => t.total.to_owned(),
                    _ => l.name.clone(),
                };
                let mut cells = vec![
                    name,
                    etp_or_unknown(l.from, lang),
                    etp_or_unknown(l.to, lang),
                    l.change
                        .map_or_else(|| t.unknown.to_owned(), |c| lang.etp_change(c)),
                ];
                if d.costs {
                    cells.push(amount_or_unknown(l.from_cost, lang));
                    cells.push(amount_or_unknown(l.to_cost, lang));
                    cells.push(
                        l.cost_change
                            .map_or_else(|| t.unknown.to_owned(), |c| lang.amount_change(c)),
                    );
                }
                if flagged {
                    cells.push(match (l.flag, l.limit) {
                        (Some(code), Some(limit)) => {
                            format!("{code}: {} {}", t.limit_exceeded, lang.etp(limit))
                        }
                        (Some(code), None) => code.to_string(),
                        _ => String::new(),
                    });
                }
                let class = if l.kind == LineKind::Total {
                    "total"
                } else {
                    ""
                };
                table.push(cells, class);
            }
            let only_total = table.rows.len() <= 1
                && d.lines
                    .iter()
                    .find(|l| l.kind == LineKind::Total)
                    .is_some_and(|l| l.from.is_some() && l.from == l.to);
            Change {
                title,
                caption: d.costs.then(|| t.changes_caption.to_owned()),
                note: if only_total {
                    Some(t.no_change.to_owned())
                } else if skipped {
                    Some(t.unchanged_others.to_owned())
                } else {
                    None
                },
                table: (!only_total).then_some(table),
            }
        })
        .collect()
}

fn diagnostics(data: &ReportData, lang: Lang) -> Vec<Diag> {
    let t = lang.texts();
    data.diagnostics
        .iter()
        .map(|d| Diag {
            code: d.code.to_string(),
            severity: match d.severity {
                Severity::Error => t.error,
                Severity::Warning => t.warning,
            }
            .to_owned(),
            error: d.severity == Severity::Error,
            location: match (d.line, d.column) {
                (Some(l), Some(c)) => format!("{} {l}:{c}", t.line),
                _ => String::new(),
            },
            message: text_parts(&d.message.render(lang)),
            help: d.help.as_ref().map(|h| text_parts(&h.render(lang))),
            notes: d
                .notes
                .iter()
                .map(|n| text_parts(&n.render(lang)))
                .collect(),
        })
        .collect()
}

fn key_name(k: SharingKey, t: &Texts) -> &'static str {
    match k {
        SharingKey::Population => t.key_population,
        SharingKey::Etp => t.key_etp,
        SharingKey::Equal => t.key_equal,
        SharingKey::Fixed => t.key_fixed,
    }
}

/// What `[financing]` says, as (what, value) pairs, its assumption first.
fn financing_lines(f: &Financing, lang: Lang) -> Vec<(String, String)> {
    let t = lang.texts();
    let euros = |v: Option<crate::scenario::Figure>| {
        v.and_then(|f| to_cents(f.value)).map(|c| lang.euros(c))
    };
    let mut lines = Vec::new();
    if let Some(l) = &f.label {
        lines.push((t.financing.to_owned(), l.clone()));
    }
    lines.push((
        t.assumption.to_owned(),
        f.assumption
            .clone()
            .unwrap_or_else(|| t.assumption_missing.to_owned()),
    ));
    let direct = euros(f.cost_per_etp).unwrap_or_else(|| t.unknown.to_owned());
    let operator = euros(f.operator_cost_per_etp).unwrap_or_else(|| direct.clone());
    lines.push((
        t.cost_rates.to_owned(),
        format!(
            "{direct} ({}), {operator} ({})",
            t.own_post, t.operator_post
        ),
    ));
    let mut caf = Vec::new();
    if let Some(r) = f.caf_rate {
        caf.push(format!("{} {}", lang.percent(r.value), t.of_cost));
    }
    if let Some(a) = euros(f.caf_per_etp) {
        caf.push(t.per_etp_at_most.replace("{}", &a));
    }
    if caf.is_empty() {
        caf.push(t.unknown.to_owned());
    }
    if let Some(c) = euros(f.caf_ceiling) {
        caf.push(t.per_year_at_most.replace("{}", &c));
    }
    lines.push((t.caf_part.to_owned(), caf.join(", ")));
    lines.push((
        t.shared_key.to_owned(),
        f.coordinator_key
            .as_ref()
            .map_or_else(|| t.unknown.to_owned(), |(k, _)| key_name(*k, t).to_owned()),
    ));
    lines
}

fn costs(data: &ReportData, lang: Lang) -> Option<Costs> {
    let f = data.financing.as_ref()?;
    let t = lang.texts();
    let periods = data
        .costs
        .iter()
        .filter_map(|c| {
            let p = data.periods.get(c.index)?;
            Some(PeriodCosts {
                title: period_title(p, lang),
                table: cost_table(c, lang),
                lines: cost_lines(data, c, lang, t),
            })
        })
        .collect();
    Some(Costs {
        financing: financing_lines(f, lang),
        periods,
    })
}

fn cost_table(c: &PeriodCost, lang: Lang) -> Table {
    let t = lang.texts();
    let header = vec![
        t.commune.to_owned(),
        t.etp.to_owned(),
        t.own_posts.to_owned(),
        t.shared_posts.to_owned(),
        t.caf_part.to_owned(),
        t.rest.to_owned(),
    ];
    let mut table = Table::new(header, numeric_after_first(6));
    for (r, class) in c
        .rows
        .iter()
        .map(|r| (r, ""))
        .chain(std::iter::once((&c.total, "total")))
    {
        let name = if class == "total" {
            t.total.to_owned()
        } else {
            r.name.clone()
        };
        table.push(
            vec![
                name,
                etp_or_unknown(r.etp, lang),
                amount_or_unknown(r.own, lang),
                amount_or_unknown(r.shared, lang),
                amount_or_unknown(r.caf, lang),
                amount_or_unknown(r.rest, lang),
            ],
            class,
        );
    }
    table
}

fn cost_lines(data: &ReportData, c: &PeriodCost, lang: Lang, t: &Texts) -> Vec<String> {
    let mut lines = Vec::new();
    for sp in &c.shared_posts {
        let name = if sp.id == "coordinator" {
            t.coordinator.to_owned()
        } else {
            data.periods
                .iter()
                .flat_map(|p| &p.rows)
                .find(|r| r.id == sp.id)
                .map_or_else(|| sp.id.clone(), |r| r.name.clone())
        };
        let euros = |v: Option<i64>| v.map_or_else(|| t.unknown.to_owned(), |c| lang.euros(c));
        lines.push(format!(
            "{}{}{name}, {} {}, {} {}, {} {}",
            t.shared_line,
            lang.colon(),
            etp_or_unknown(sp.etp, lang),
            t.etp,
            euros(sp.cost),
            t.a_year,
            t.of_which_caf,
            euros(sp.caf),
        ));
    }
    if c.capped {
        lines.push(format!(
            "{} {}.",
            t.capped,
            c.caf_by_rates
                .map_or_else(|| t.unknown.to_owned(), |v| lang.euros(v))
        ));
    }
    lines.extend(c.notes.iter().map(|n| n.render(lang)));
    lines
}
