//! `ctgplan cost FILE [--period ID]`: per commune and per year, the cost of
//! its own posts, its share of the shared posts, the Caf's part and the rest
//! to pay. The arithmetic is in `finance::cost`; this is the presentation.

use super::{csv_bytes, financing_in, find_period_in, finish, load_checked, text_table};
use super::{usage_error_in, words};
use super::{Output, Streams, TableFormat};
use crate::diagnostic::Severity;
use crate::exit::ExitStatus;
use crate::finance::cost::{period_cost, Payer, PeriodCost, Row};
use crate::finance::money::to_cents;
use crate::finance::money::{fmt_cents, fmt_etp, or_unknown, Style};
use crate::i18n::{Arg, Lang, Msg, Text};
use crate::scenario::facts::Facts;
use crate::scenario::Figure;
use crate::scenario::{Financing, Period, Scenario, SharingKey};
use serde::Serialize;
use std::path::Path;

pub fn run(
    streams: &mut Streams,
    file: &Path,
    period: Option<&str>,
    output: &Output,
) -> std::io::Result<ExitStatus> {
    let checked = match load_checked(file, output.format, streams)? {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let s = &checked.scenario;
    let lang = output.lang;
    let fin = match financing_in(s, file, lang) {
        Ok(fin) => fin,
        Err(msg) => return usage_error_in(streams, &msg, lang),
    };
    let indices: Vec<usize> = match period {
        Some(id) => match find_period_in(s, file, id, lang) {
            Ok(i) => vec![i],
            Err(msg) => return usage_error_in(streams, &msg, lang),
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
        return Ok(ExitStatus::Unusable);
    }
    checked.print_diagnostics(output.format, streams)?;
    let facts = Facts::of(s);
    let costs: Vec<PeriodCost> = indices
        .iter()
        .filter_map(|&i| period_cost(s, &facts, i))
        .collect();
    let bytes = match output.format {
        TableFormat::Human => human(s, fin, &costs, lang).into_bytes(),
        TableFormat::Csv => csv_bytes(output.csv_style, &records(s, &costs, output.csv_figures()))?,
        TableFormat::Xlsx => {
            crate::xlsx::to_bytes(&super::books::cost::periods(s, fin, &costs, &checked))?
        }
        TableFormat::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(s, fin, &costs, &checked, lang))
                .map_err(std::io::Error::other)?;
            text.push('\n');
            text.into_bytes()
        }
    };
    finish(streams, output, &checked, &bytes)
}

/// `--years 2026-2030` (or `2026`).
pub fn parse_years_arg(text: &str) -> Result<(i32, i32), super::UsageError> {
    let bad = || super::UsageError::Years {
        text: text.to_owned(),
    };
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

static FIN_LABEL: Msg = Msg::new(
    "cost.financing",
    "Financement\u{a0}: {label}",
    "Financing: {label}",
);
static FIN_ASSUMPTION: Msg = Msg::new(
    "cost.assumption",
    "Hypothèse\u{a0}: {text}",
    "Assumption: {text}",
);
static FIN_NO_ASSUMPTION: Msg = Msg::new(
    "cost.no_assumption",
    "Hypothèse\u{a0}: non indiquée\u{202f}; ces montants en euros sont les paramètres du fichier, pas des faits",
    "Assumption: not stated; these euro figures are the file's parameters, not facts",
);
static FIN_NO_COST: Msg = Msg::new(
    "cost.no_cost",
    "? (pas de cost_per_etp)",
    "? (no cost_per_etp)",
);
static FIN_COST: Msg = Msg::new(
    "cost.cost_per_etp",
    "Coût par ETP et par an\u{a0}: {direct} (poste propre), {operator} (opérateur externe)",
    "Cost per ETP and year: {direct} (own post), {operator} (external operator)",
);
static FIN_RATE: Msg = Msg::new("cost.caf_rate", "{rate} du coût", "{rate} of the cost");
static FIN_PER_ETP: Msg = Msg::new(
    "cost.caf_per_etp",
    "au plus {amount} par ETP",
    "at most {amount} per ETP",
);
static FIN_NO_RATE: Msg = Msg::new(
    "cost.no_caf_rate",
    "? (ni caf_rate ni caf_per_etp)",
    "? (no caf_rate nor caf_per_etp)",
);
static FIN_CEILING: Msg = Msg::new(
    "cost.caf_ceiling",
    "au plus {amount} par an au total",
    "at most {amount} a year in all",
);
static FIN_CAF: Msg = Msg::new(
    "cost.caf_part",
    "Part de la Caf\u{a0}: {parts}",
    "Caf's part: {parts}",
);
static FIN_KEY: Msg = Msg::new(
    "cost.key",
    "Postes partagés répartis selon\u{a0}: {key}",
    "Shared posts split by: {key}",
);
static FIN_NO_KEY: Msg = Msg::new(
    "cost.no_key",
    "? (pas de coordinator_key)",
    "? (no coordinator_key)",
);
static KEY_POPULATION: Msg = Msg::new("cost.key.population", "la population", "population");
static KEY_ETP: Msg = Msg::new("cost.key.etp", "les ETP", "etp");
static KEY_EQUAL: Msg = Msg::new("cost.key.equal", "parts égales", "equal");
static KEY_FIXED: Msg = Msg::new("cost.key.fixed", "parts fixes", "fixed");
static TITLE: Msg = Msg::new(
    "cost.title",
    "{territory}\u{a0}: coût par an, en euros",
    "{territory}: cost per year, in euros",
);
/// The cost columns, shared with `budget`.
pub(super) static H_OWN: Msg = Msg::new("cost.h.own", "Postes propres", "Own posts");
pub(super) static H_SHARED: Msg = Msg::new("cost.h.shared", "Postes partagés", "Shared posts");
pub(super) static H_CAF: Msg = Msg::new("cost.h.caf", "Part Caf", "Caf part");
pub(super) static H_REST: Msg = Msg::new("cost.h.rest", "Reste à payer", "Rest to pay");
static SHARED_COORDINATOR: Msg = Msg::new(
    "cost.shared.coordinator",
    "le coordinateur global",
    "the global coordinator",
);
static SHARED_POSTS_OF: Msg = Msg::new(
    "cost.shared.posts_of",
    "les postes de {id}",
    "the posts of {id}",
);
static SHARED_LINE: Msg = Msg::new(
    "cost.shared.line",
    "Partagé\u{a0}: {who}, {etp} ETP, {cost} par an, dont {caf} payés par la Caf",
    "Shared: {who}, {etp} ETP, {cost} a year, of which the Caf pays {caf}",
);
static CAPPED: Msg = Msg::new(
    "cost.capped",
    "La part de la Caf est plafonnée (par ses taux\u{a0}: {amount})\u{202f}; voir CTG091",
    "The Caf's part is capped at its ceiling (by its rates: {amount}); see CTG091",
);

fn key_word(k: SharingKey, lang: Lang) -> String {
    let msg = match k {
        SharingKey::Population => &KEY_POPULATION,
        SharingKey::Etp => &KEY_ETP,
        SharingKey::Equal => &KEY_EQUAL,
        SharingKey::Fixed => &KEY_FIXED,
    };
    Text::new(msg).render(lang)
}

/// What `[financing]` says, in a few lines, its assumptions first.
pub fn financing_lines(f: &Financing, lang: Lang) -> Vec<String> {
    let h = |v: Option<Figure>| v.and_then(|f| to_cents(f.value)).map(|c| lang.euros(c));
    let t = |m: &'static Msg| Text::new(m);
    let mut lines = Vec::new();
    if let Some(l) = &f.label {
        lines.push(t(&FIN_LABEL).arg("label", Arg::raw(l.clone())).render(lang));
    }
    lines.push(match &f.assumption {
        Some(a) => t(&FIN_ASSUMPTION)
            .arg("text", Arg::raw(a.clone()))
            .render(lang),
        None => t(&FIN_NO_ASSUMPTION).render(lang),
    });
    let direct = h(f.cost_per_etp).unwrap_or_else(|| t(&FIN_NO_COST).render(lang));
    let operator = h(f.operator_cost_per_etp).unwrap_or_else(|| direct.clone());
    lines.push(
        t(&FIN_COST)
            .arg("direct", Arg::raw(direct))
            .arg("operator", Arg::raw(operator))
            .render(lang),
    );
    let mut caf = Vec::new();
    if let Some(r) = f.caf_rate {
        caf.push(t(&FIN_RATE).arg("rate", Arg::percent(r.value)).render(lang));
    }
    if let Some(a) = h(f.caf_per_etp) {
        caf.push(t(&FIN_PER_ETP).arg("amount", Arg::raw(a)).render(lang));
    }
    if caf.is_empty() {
        caf.push(t(&FIN_NO_RATE).render(lang));
    }
    if let Some(c) = h(f.caf_ceiling) {
        caf.push(t(&FIN_CEILING).arg("amount", Arg::raw(c)).render(lang));
    }
    lines.push(
        t(&FIN_CAF)
            .arg("parts", Arg::raw(caf.join(", ")))
            .render(lang),
    );
    let key = f
        .coordinator_key
        .as_ref()
        .map_or_else(|| t(&FIN_NO_KEY).render(lang), |(k, _)| key_word(*k, lang));
    lines.push(t(&FIN_KEY).arg("key", Arg::raw(key)).render(lang));
    lines
}

/// "2026 (transitional, 1 year)".
pub fn period_title(p: &Period) -> String {
    words::period_title(p, Lang::En)
}

/// A figure in a table cell, `?` when unknown.
fn cell_eur(v: Option<i64>, lang: Lang) -> String {
    or_unknown(v, |c| lang.amount(c))
}

fn cell_etp(v: Option<rust_decimal::Decimal>, lang: Lang) -> String {
    or_unknown(v, |e| lang.etp(e))
}

fn human(s: &Scenario, f: &Financing, costs: &[PeriodCost], lang: Lang) -> String {
    let mut out = Text::new(&TITLE)
        .arg("territory", Arg::raw(s.territory.name.clone()))
        .render(lang);
    out.push('\n');
    for l in financing_lines(f, lang) {
        out.push_str(&l);
        out.push('\n');
    }
    let header: Vec<String> = [
        &words::COMMUNE,
        &words::ETP,
        &H_OWN,
        &H_SHARED,
        &H_CAF,
        &H_REST,
    ]
    .map(|m| words::word(m, lang))
    .to_vec();
    for c in costs {
        let Some(p) = s.periods.get(c.index) else {
            continue;
        };
        let title = words::say(
            &words::PERIOD_TITLE,
            "title",
            words::period_title(p, lang),
            lang,
        );
        out.push_str(&format!("\n{title}\n"));
        let row = |r: &Row, name: String| -> Vec<String> {
            let name = match r.payer {
                Payer::Carrier => words::say(&words::CARRIER_ROW, "name", name, lang),
                Payer::Commune => name,
            };
            vec![
                name,
                cell_etp(r.etp, lang),
                cell_eur(r.own, lang),
                cell_eur(r.shared, lang),
                cell_eur(r.caf, lang),
                cell_eur(r.rest, lang),
            ]
        };
        let mut rows: Vec<Vec<String>> = c.rows.iter().map(|r| row(r, r.name.clone())).collect();
        rows.push(row(&c.total, words::word(&words::TOTAL, lang)));
        out.push_str(&text_table(&header, &rows));
        for sp in &c.shared_posts {
            let who = if sp.id == "coordinator" {
                Text::new(&SHARED_COORDINATOR)
            } else {
                Text::new(&SHARED_POSTS_OF).arg("id", Arg::id(sp.id.clone()))
            };
            let line = Text::new(&SHARED_LINE)
                .arg("who", Arg::text(who))
                .arg("etp", Arg::raw(cell_etp(sp.etp, lang)))
                .arg("cost", Arg::raw(or_unknown(sp.cost, |c| lang.euros(c))))
                .arg("caf", Arg::raw(or_unknown(sp.caf, |c| lang.euros(c))))
                .render(lang);
            out.push_str(&line);
            out.push('\n');
        }
        if c.capped {
            let line = Text::new(&CAPPED)
                .arg(
                    "amount",
                    Arg::raw(or_unknown(c.caf_by_rates, |c| lang.euros(c))),
                )
                .render(lang);
            out.push_str(&line);
            out.push('\n');
        }
        for n in &c.notes {
            out.push_str(&words::say(&words::NOTE, "note", n.render(lang), lang));
            out.push('\n');
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

/// Every period's yearly costs as `cost --format csv` writes them.
pub fn csv(s: &Scenario, style: super::CsvStyle) -> std::io::Result<Vec<u8>> {
    let facts = Facts::of(s);
    let costs: Vec<PeriodCost> = (0..s.periods.len())
        .filter_map(|i| period_cost(s, &facts, i))
        .collect();
    let figures = match style {
        super::CsvStyle::French => Style::French,
        super::CsvStyle::Plain => Style::Plain,
    };
    csv_bytes(style, &records(s, &costs, figures))
}

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
    notes: Vec<String>,
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
    lang: Lang,
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
                notes: c.notes.iter().map(|n| n.render(lang)).collect(),
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
