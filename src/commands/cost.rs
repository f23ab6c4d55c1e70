//! `ctgplan cost FILE [--period ID]`: per commune and per year, the cost of
//! its own posts, its share of the shared posts, the Caf's part and the rest
//! to pay. The arithmetic is in `finance::cost`; this is the presentation.

use super::{csv_bytes, financing, find_period, finish, load_checked, text_table, usage_error};
use super::{Output, Streams, TableFormat};
use crate::diagnostic::Severity;
use crate::finance::cost::{period_cost, Payer, PeriodCost, Row};
use crate::finance::money::to_cents;
use crate::finance::money::{fmt_cents, fmt_etp, or_unknown, Style};
use crate::scenario::facts::Facts;
use crate::scenario::Figure;
use crate::scenario::{Financing, Period, PeriodKind, Scenario, SharingKey};
use serde::Serialize;
use std::path::Path;

pub fn run(
    streams: &mut Streams,
    file: &Path,
    period: Option<&str>,
    output: &Output,
) -> std::io::Result<u8> {
    let checked = match load_checked(file, output.format, streams)? {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let s = &checked.scenario;
    let fin = match financing(s, file) {
        Ok(fin) => fin,
        Err(msg) => return usage_error(streams, &msg),
    };
    let indices: Vec<usize> = match period {
        Some(id) => match find_period(s, file, id) {
            Ok(i) => vec![i],
            Err(msg) => return usage_error(streams, &msg),
        },
        None => (0..s.periods.len()).collect(),
    };
    if let Some(d) = crate::commands::bounds::check(s) {
        crate::render::human::write_diagnostic(
            streams.err,
            &checked.report.source,
            &d,
            streams.lang,
        )?;
        return Ok(2);
    }
    checked.print_diagnostics(output.format, streams)?;
    let facts = Facts::of(s);
    let costs: Vec<PeriodCost> = indices
        .iter()
        .filter_map(|&i| period_cost(s, &facts, i))
        .collect();
    let bytes = match output.format {
        TableFormat::Human => human(s, fin, &costs).into_bytes(),
        TableFormat::Csv => csv_bytes(output.csv_style, &records(s, &costs, output.csv_figures()))?,
        TableFormat::Xlsx => {
            crate::xlsx::to_bytes(&super::books::cost::periods(s, fin, &costs, &checked))?
        }
        TableFormat::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(s, fin, &costs, &checked))
                .map_err(std::io::Error::other)?;
            text.push('\n');
            text.into_bytes()
        }
    };
    finish(streams, output, &checked, &bytes)
}

/// `--years 2026-2030` (or `2026`).
pub fn parse_years_arg(text: &str) -> Result<(i32, i32), String> {
    let bad = || format!("`{text}` is not a year or a span of years such as 2026-2030");
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    let a: i32 = a.trim().parse().map_err(|_| bad())?;
    let b: i32 = b.trim().parse().map_err(|_| bad())?;
    if !(1900..=2200).contains(&a) || !(a..=2200).contains(&b) {
        return Err(bad());
    }
    Ok((a, b))
}

pub(super) fn eur(v: Option<i64>, style: Style) -> String {
    or_unknown(v, |c| fmt_cents(c, style))
}

fn key_name(k: SharingKey) -> &'static str {
    match k {
        SharingKey::Population => "population",
        SharingKey::Etp => "etp",
        SharingKey::Equal => "equal",
        SharingKey::Fixed => "fixed",
    }
}

/// What `[financing]` says, in a few lines, its assumptions first.
pub fn financing_lines(f: &Financing) -> Vec<String> {
    let h = |v: Option<Figure>| {
        v.and_then(|f| to_cents(f.value))
            .map(|c| fmt_cents(c, Style::Human))
    };
    let mut lines = Vec::new();
    if let Some(l) = &f.label {
        lines.push(format!("Financing: {l}"));
    }
    match &f.assumption {
        Some(a) => lines.push(format!("Assumption: {a}")),
        None => lines.push(
            "Assumption: not stated; these euro figures are the file's parameters, not facts"
                .to_owned(),
        ),
    }
    let direct = h(f.cost_per_etp).unwrap_or_else(|| "? (no cost_per_etp)".to_owned());
    let operator = h(f.operator_cost_per_etp).unwrap_or_else(|| direct.clone());
    lines.push(format!(
        "Cost per ETP and year: {direct} (own post), {operator} (external operator)"
    ));
    let mut caf = Vec::new();
    if let Some(r) = f.caf_rate {
        caf.push(format!("{} % of the cost", crate::number::fmt_etp(r.value)));
    }
    if let Some(a) = h(f.caf_per_etp) {
        caf.push(format!("at most {a} per ETP"));
    }
    if caf.is_empty() {
        caf.push("? (no caf_rate nor caf_per_etp)".to_owned());
    }
    if let Some(c) = h(f.caf_ceiling) {
        caf.push(format!("at most {c} a year in all"));
    }
    lines.push(format!("Caf's part: {}", caf.join(", ")));
    lines.push(format!(
        "Shared posts split by: {}",
        f.coordinator_key
            .as_ref()
            .map_or("? (no coordinator_key)", |(k, _)| key_name(*k))
    ));
    lines
}

/// "2026 (transitional, 1 year)".
pub fn period_title(p: &Period) -> String {
    let mut parts = Vec::new();
    if let Some(k) = p.kind {
        parts.push(
            match k {
                PeriodKind::Past => "past",
                PeriodKind::Current => "current",
                PeriodKind::Transitional => "transitional",
                PeriodKind::Target => "target",
            }
            .to_owned(),
        );
    }
    if let Some(y) = p.years {
        let n = y.last - y.first + 1;
        parts.push(format!("{n} year{}", if n == 1 { "" } else { "s" }));
    }
    if parts.is_empty() {
        p.name().to_owned()
    } else {
        format!("{} ({})", p.name(), parts.join(", "))
    }
}

fn human(s: &Scenario, f: &Financing, costs: &[PeriodCost]) -> String {
    let mut out = format!("{}: cost per year, in euros\n", s.territory.name);
    for l in financing_lines(f) {
        out.push_str(&l);
        out.push('\n');
    }
    let header: Vec<String> = [
        "Commune",
        "ETP",
        "Own posts",
        "Shared posts",
        "Caf part",
        "Rest to pay",
    ]
    .map(str::to_owned)
    .to_vec();
    for c in costs {
        let Some(p) = s.periods.get(c.index) else {
            continue;
        };
        out.push_str(&format!("\nPeriod {}\n", period_title(p)));
        let row = |r: &Row| -> Vec<String> {
            let name = match r.payer {
                Payer::Carrier => format!("{} (carrier)", r.name),
                Payer::Commune => r.name.clone(),
            };
            vec![
                name,
                or_unknown(r.etp, |e| fmt_etp(e, Style::Human)),
                eur(r.own, Style::Human),
                eur(r.shared, Style::Human),
                eur(r.caf, Style::Human),
                eur(r.rest, Style::Human),
            ]
        };
        let mut rows: Vec<Vec<String>> = c.rows.iter().map(row).collect();
        rows.push(row(&c.total));
        out.push_str(&text_table(&header, &rows));
        for sp in &c.shared_posts {
            let who = if sp.id == "coordinator" {
                "the global coordinator".to_owned()
            } else {
                format!("the posts of {}", sp.id)
            };
            out.push_str(&format!(
                "Shared: {who}, {} ETP, {} a year, of which the Caf pays {}\n",
                or_unknown(sp.etp, |e| fmt_etp(e, Style::Human)),
                eur(sp.cost, Style::Human),
                eur(sp.caf, Style::Human),
            ));
        }
        if c.capped {
            out.push_str(&format!(
                "The Caf's part is capped at its ceiling (by its rates: {}); see CTG091\n",
                eur(c.caf_by_rates, Style::Human)
            ));
        }
        for n in &c.notes {
            out.push_str(&format!("Note: {n}\n"));
        }
    }
    out
}

const CSV_HEADER: [&str; 9] = [
    "period",
    "id",
    "name",
    "payer",
    "etp",
    "own_posts_eur",
    "shared_posts_eur",
    "caf_eur",
    "rest_eur",
];

fn records(s: &Scenario, costs: &[PeriodCost], style: Style) -> Vec<Vec<String>> {
    let mut out = vec![CSV_HEADER.map(str::to_owned).to_vec()];
    for c in costs {
        let Some(period) = s.periods.get(c.index).map(|p| p.name()) else {
            continue;
        };
        for (r, payer) in c
            .rows
            .iter()
            .map(|r| (r, payer_name(r.payer)))
            .chain(std::iter::once((&c.total, "")))
        {
            out.push(vec![
                period.to_owned(),
                r.id.clone(),
                r.name.clone(),
                payer.to_owned(),
                or_unknown(r.etp, |e| fmt_etp(e, style)),
                eur(r.own, style),
                eur(r.shared, style),
                eur(r.caf, style),
                eur(r.rest, style),
            ]);
        }
    }
    out
}

pub(super) fn payer_name(p: Payer) -> &'static str {
    match p {
        Payer::Commune => "commune",
        Payer::Carrier => "carrier",
    }
}

pub(super) fn json_eur(v: Option<i64>) -> Option<String> {
    v.map(|c| fmt_cents(c, Style::Plain))
}

fn json_etp(v: Option<rust_decimal::Decimal>) -> Option<String> {
    v.map(|e| fmt_etp(e, Style::Plain))
}

/// The JSON document of `cost --format json`. Amounts are strings with two
/// decimals (exact: no binary floating point), ETP strings; unknown is null.
#[derive(Serialize)]
struct JsonCost<'a> {
    version: u32,
    file: &'a str,
    territory: &'a str,
    unit: &'static str,
    financing: JsonFinancing<'a>,
    periods: Vec<JsonPeriod<'a>>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
pub struct JsonFinancing<'a> {
    label: Option<&'a str>,
    assumption: Option<&'a str>,
    cost_per_etp: Option<String>,
    operator_cost_per_etp: Option<String>,
    caf_rate: Option<String>,
    caf_per_etp: Option<String>,
    caf_ceiling: Option<String>,
    coordinator_key: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonPeriod<'a> {
    period: &'a str,
    years: Option<String>,
    rows: Vec<JsonRow<'a>>,
    total: JsonRow<'a>,
    shared_posts: Vec<JsonShared<'a>>,
    caf_by_rates: Option<String>,
    caf_capped: bool,
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    payer: Option<&'static str>,
    etp: Option<String>,
    own_posts: Option<String>,
    shared_posts: Option<String>,
    caf: Option<String>,
    rest: Option<String>,
}

#[derive(Serialize)]
struct JsonShared<'a> {
    id: &'a str,
    etp: Option<String>,
    cost: Option<String>,
    caf: Option<String>,
}

fn json_row<'a>(r: &'a Row, payer: Option<&'static str>) -> JsonRow<'a> {
    JsonRow {
        id: &r.id,
        name: &r.name,
        payer,
        etp: json_etp(r.etp),
        own_posts: json_eur(r.own),
        shared_posts: json_eur(r.shared),
        caf: json_eur(r.caf),
        rest: json_eur(r.rest),
    }
}

/// `[financing]` as JSON (shared with `diff`).
pub fn json_financing(f: &Financing) -> JsonFinancing<'_> {
    let eur = |v: Option<Figure>| {
        v.and_then(|f| to_cents(f.value))
            .map(|c| fmt_cents(c, Style::Plain))
    };
    JsonFinancing {
        label: f.label.as_deref(),
        assumption: f.assumption.as_deref(),
        cost_per_etp: eur(f.cost_per_etp),
        operator_cost_per_etp: eur(f.operator_cost_per_etp),
        caf_rate: f.caf_rate.map(|r| crate::number::fmt_etp(r.value)),
        caf_per_etp: eur(f.caf_per_etp),
        caf_ceiling: eur(f.caf_ceiling),
        coordinator_key: f.coordinator_key.as_ref().map(|(k, _)| key_name(*k)),
    }
}

fn to_json<'a>(
    s: &'a Scenario,
    f: &'a Financing,
    costs: &'a [PeriodCost],
    checked: &'a super::Checked,
) -> JsonCost<'a> {
    let periods = costs
        .iter()
        .filter_map(|c| {
            let p = s.periods.get(c.index)?;
            Some(JsonPeriod {
                period: p.name(),
                years: p.years.map(|y| y.to_string()),
                rows: c
                    .rows
                    .iter()
                    .map(|r| json_row(r, Some(payer_name(r.payer))))
                    .collect(),
                total: json_row(&c.total, None),
                shared_posts: c
                    .shared_posts
                    .iter()
                    .map(|sp| JsonShared {
                        id: &sp.id,
                        etp: json_etp(sp.etp),
                        cost: json_eur(sp.cost),
                        caf: json_eur(sp.caf),
                    })
                    .collect(),
                caf_by_rates: json_eur(c.caf_by_rates),
                caf_capped: c.capped,
                notes: &c.notes,
            })
        })
        .collect();
    JsonCost {
        version: 1,
        file: checked.report.source.name(),
        territory: &s.territory.name,
        unit: "EUR per year",
        financing: json_financing(f),
        periods,
        errors: checked.report.count(Severity::Error),
        warnings: checked.report.count(Severity::Warning),
    }
}
