//! `ctgplan cost FILE --years 2026-2030`: the convention's budget, per
//! calendar year and over the whole convention. The arithmetic is in
//! `finance::budget`; this is the presentation.

use super::cost::{eur, financing_lines, json_eur, payer_name};
use super::{csv_bytes, financing, finish, load_checked, text_table, usage_error};
use super::{Output, Streams, TableFormat};
use crate::diagnostic::Severity;
use crate::exit::ExitStatus;
use crate::finance::budget::{budget, Budget};
use crate::finance::money::{fmt_etp, or_unknown, Style};
use crate::scenario::facts::Facts;
use crate::scenario::{Financing, Scenario};
use serde::Serialize;
use std::path::Path;

pub fn run(
    streams: &mut Streams,
    file: &Path,
    years: Option<(i32, i32)>,
    output: &Output,
) -> std::io::Result<ExitStatus> {
    let checked = match load_checked(file, output.format, streams)? {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let s = &checked.scenario;
    let fin = match financing(s, file) {
        Ok(fin) => fin,
        Err(msg) => return usage_error(streams, &msg),
    };
    let Some((first, last)) = years else {
        return usage_error(streams, "--years needs a span of years such as 2026-2030");
    };
    let b = match budget(s, &Facts::of(s), first, last) {
        Ok(b) => b,
        Err(msg) => return usage_error(streams, &format!("{}: {msg}", file.display())),
    };
    checked.print_diagnostics(output.format, streams)?;
    let bytes = match output.format {
        TableFormat::Human => human(s, fin, &b).into_bytes(),
        TableFormat::Csv => csv_bytes(output.csv_style, &records(s, &b, output.csv_figures()))?,
        TableFormat::Xlsx => {
            crate::xlsx::to_bytes(&super::books::cost::budget(s, fin, &b, &checked))?
        }
        TableFormat::Json => {
            let doc = JsonBudget {
                version: 1,
                file: checked.report.source.name(),
                territory: &s.territory.name,
                years: format!("{first}-{last}"),
                unit: "EUR",
                financing: super::cost::json_financing(fin),
                indexation: fin.indexation.map(|r| crate::number::fmt_etp(r.value)),
                base_year: fin
                    .indexation
                    .map(|_| fin.base_year.as_ref().map_or(first, |(y, _)| *y)),
                cost_vacant_posts: fin.cost_vacant_posts,
                by_year: b
                    .years
                    .iter()
                    .map(|y| JsonYear {
                        year: y.year,
                        period: s.periods.get(y.period).map_or("", |p| p.name()),
                        cost_per_etp: rate_json(y.cost_per_etp),
                        operator_cost_per_etp: rate_json(y.operator_cost_per_etp),
                        rows: y
                            .cost
                            .rows
                            .iter()
                            .map(|r| JsonRow {
                                id: &r.id,
                                name: &r.name,
                                payer: Some(payer_name(r.payer)),
                                etp: r.etp.map(|e| fmt_etp(e, Style::Plain)),
                                own_posts: json_eur(r.own),
                                shared_posts: json_eur(r.shared),
                                caf: json_eur(r.caf),
                                rest: json_eur(r.rest),
                            })
                            .collect(),
                        total: total_row(
                            &y.cost.total.own,
                            &y.cost.total.shared,
                            &y.cost.total.caf,
                            &y.cost.total.rest,
                        ),
                        notes: &y.cost.notes,
                    })
                    .collect(),
                convention: b
                    .payers
                    .iter()
                    .map(|p| JsonRow {
                        id: &p.id,
                        name: &p.name,
                        payer: None,
                        etp: None,
                        own_posts: json_eur(p.own),
                        shared_posts: json_eur(p.shared),
                        caf: json_eur(p.caf),
                        rest: json_eur(p.rest),
                    })
                    .collect(),
                convention_total: total_row(
                    &b.total.own,
                    &b.total.shared,
                    &b.total.caf,
                    &b.total.rest,
                ),
                errors: checked.report.count(Severity::Error),
                warnings: checked.report.count(Severity::Warning),
            };
            let mut text = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?;
            text.push('\n');
            text.into_bytes()
        }
    };
    finish(streams, output, &checked, &bytes)
}

fn rate_json(v: Option<rust_decimal::Decimal>) -> Option<String> {
    json_eur(v.and_then(crate::finance::money::to_cents))
}

fn total_row<'a>(
    own: &Option<i64>,
    shared: &Option<i64>,
    caf: &Option<i64>,
    rest: &Option<i64>,
) -> JsonRow<'a> {
    JsonRow {
        id: "total",
        name: "Total",
        payer: None,
        etp: None,
        own_posts: json_eur(*own),
        shared_posts: json_eur(*shared),
        caf: json_eur(*caf),
        rest: json_eur(*rest),
    }
}

fn human(s: &Scenario, f: &Financing, b: &Budget) -> String {
    let mut out = format!(
        "{}: budget of the convention {}-{}, in euros\n",
        s.territory.name, b.first, b.last
    );
    for l in financing_lines(f) {
        out.push_str(&l);
        out.push('\n');
    }
    match f.indexation {
        Some(r) => out.push_str(&format!(
            "Indexation: costs per ETP rise by {} % a year from {} (the Caf's amounts per ETP and ceiling are not indexed)\n",
            crate::number::fmt_etp(r.value),
            f.base_year.as_ref().map_or(b.first, |(y, _)| *y)
        )),
        None => out.push_str("Indexation: none (the same costs every year)\n"),
    }
    out.push_str(if f.cost_vacant_posts {
        "Vacant and never-filled posts: costed (cost_vacant_posts = true)\n"
    } else {
        "Vacant and never-filled posts: not costed (cost_vacant_posts = false)\n"
    });
    // Rest to pay, commune by year.
    out.push_str("\nRest to pay per year\n");
    let mut header = vec!["Commune".to_owned()];
    header.extend(b.years.iter().map(|y| y.year.to_string()));
    header.push("Total".to_owned());
    let mut rows: Vec<Vec<String>> = b
        .payers
        .iter()
        .map(|p| {
            let mut r = vec![p.name.clone()];
            for y in &b.years {
                r.push(match b.row(y.year, &p.id) {
                    Some(row) => eur(row.rest, Style::Human),
                    None => eur(Some(0), Style::Human),
                });
            }
            r.push(eur(p.rest, Style::Human));
            r
        })
        .collect();
    let mut total = vec!["Total".to_owned()];
    total.extend(b.years.iter().map(|y| eur(y.cost.total.rest, Style::Human)));
    total.push(eur(b.total.rest, Style::Human));
    rows.push(total);
    out.push_str(&text_table(&header, &rows));
    // The whole convention.
    out.push_str(&format!("\nConvention {}-{}\n", b.first, b.last));
    let header: Vec<String> = [
        "Commune",
        "Own posts",
        "Shared posts",
        "Caf part",
        "Rest to pay",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows: Vec<Vec<String>> = b
        .payers
        .iter()
        .chain(std::iter::once(&b.total))
        .map(|p| {
            vec![
                p.name.clone(),
                eur(p.own, Style::Human),
                eur(p.shared, Style::Human),
                eur(p.caf, Style::Human),
                eur(p.rest, Style::Human),
            ]
        })
        .collect();
    out.push_str(&text_table(&header, &rows));
    if !b.overlaps.is_empty() {
        let years: Vec<String> = b.overlaps.iter().map(i32::to_string).collect();
        out.push_str(&format!(
            "Note: several periods cover {}; the first in the file is used\n",
            years.join(", ")
        ));
    }
    out.push_str("`--format csv`, `json` or `--out budget.xlsx` give every year in full.\n");
    out
}

const CSV_HEADER: [&str; 10] = [
    "year",
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

/// One row per payer and year, a total per year, then the convention's rows
/// (year `2026-2030`, no period, no ETP).
fn records(s: &Scenario, b: &Budget, style: Style) -> Vec<Vec<String>> {
    let mut out = vec![CSV_HEADER.map(str::to_owned).to_vec()];
    for y in &b.years {
        for (r, payer) in y
            .cost
            .rows
            .iter()
            .map(|r| (r, payer_name(r.payer)))
            .chain(std::iter::once((&y.cost.total, "")))
        {
            out.push(vec![
                y.year.to_string(),
                s.periods
                    .get(y.period)
                    .map_or_else(String::new, |p| p.name().to_owned()),
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
    let span = format!("{}-{}", b.first, b.last);
    for p in b.payers.iter().chain(std::iter::once(&b.total)) {
        out.push(vec![
            span.clone(),
            String::new(),
            p.id.clone(),
            p.name.clone(),
            String::new(),
            String::new(),
            eur(p.own, style),
            eur(p.shared, style),
            eur(p.caf, style),
            eur(p.rest, style),
        ]);
    }
    out
}

#[derive(Serialize)]
struct JsonBudget<'a> {
    version: u32,
    file: &'a str,
    territory: &'a str,
    years: String,
    unit: &'static str,
    financing: super::cost::JsonFinancing<'a>,
    indexation: Option<String>,
    base_year: Option<i32>,
    cost_vacant_posts: bool,
    by_year: Vec<JsonYear<'a>>,
    convention: Vec<JsonRow<'a>>,
    convention_total: JsonRow<'a>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonYear<'a> {
    year: i32,
    period: &'a str,
    cost_per_etp: Option<String>,
    operator_cost_per_etp: Option<String>,
    rows: Vec<JsonRow<'a>>,
    total: JsonRow<'a>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    payer: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    etp: Option<String>,
    own_posts: Option<String>,
    shared_posts: Option<String>,
    caf: Option<String>,
    rest: Option<String>,
}
