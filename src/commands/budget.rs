//! `ctgplan cost FILE --years 2026-2030`: the convention's budget, per
//! calendar year and over the whole convention. The arithmetic is in
//! `finance::budget`; this is the presentation.

use super::cost::{eur, financing_lines, json_eur, payer_name, H_CAF, H_OWN, H_REST, H_SHARED};
use super::{csv_bytes, financing_in, finish, load_checked, text_table, usage_error_in, words};
use super::{Output, Streams, TableFormat};
use crate::diagnostic::Severity;
use crate::exit::ExitStatus;
use crate::finance::budget::{budget, Budget};
use crate::finance::money::{fmt_etp, or_unknown, Style};
use crate::i18n::{Arg, Lang, Msg, Text};
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
    let lang = output.lang;
    let fin = match financing_in(s, file, lang) {
        Ok(fin) => fin,
        Err(msg) => return usage_error_in(streams, &msg, lang),
    };
    let Some((first, last)) = years else {
        let msg = Text::new(&NEEDS_YEARS).render(lang);
        return usage_error_in(streams, &msg, lang);
    };
    let b = match budget(s, &Facts::of(s), first, last) {
        Ok(b) => b,
        Err(msg) => {
            let msg = format!("{}{}{}", file.display(), lang.colon(), msg.render(lang));
            return usage_error_in(streams, &msg, lang);
        }
    };
    checked.print_diagnostics(output.format, streams)?;
    let bytes = match output.format {
        TableFormat::Human => human(s, fin, &b, lang).into_bytes(),
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
                        notes: y.cost.notes.iter().map(|n| n.render(lang)).collect(),
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

static NEEDS_YEARS: Msg = Msg::new(
    "budget.needs_years",
    "--years attend un intervalle d'années comme 2026-2030",
    "--years needs a span of years such as 2026-2030",
);
static TITLE: Msg = Msg::new(
    "budget.title",
    "{territory}\u{a0}: budget de la convention {first}-{last}, en euros",
    "{territory}: budget of the convention {first}-{last}, in euros",
);
static INDEXED: Msg = Msg::new(
    "budget.indexation",
    "Indexation\u{a0}: les coûts par ETP augmentent de {rate} par an à partir de {year} (les montants par ETP et le plafond de la Caf ne sont pas indexés)",
    "Indexation: costs per ETP rise by {rate} a year from {year} (the Caf's amounts per ETP and ceiling are not indexed)",
);
static NOT_INDEXED: Msg = Msg::new(
    "budget.no_indexation",
    "Indexation\u{a0}: aucune (les mêmes coûts chaque année)",
    "Indexation: none (the same costs every year)",
);
static VACANT_COSTED: Msg = Msg::new(
    "budget.vacant_costed",
    "Postes vacants et jamais pourvus\u{a0}: chiffrés (cost_vacant_posts = true)",
    "Vacant and never-filled posts: costed (cost_vacant_posts = true)",
);
static VACANT_NOT_COSTED: Msg = Msg::new(
    "budget.vacant_not_costed",
    "Postes vacants et jamais pourvus\u{a0}: non chiffrés (cost_vacant_posts = false)",
    "Vacant and never-filled posts: not costed (cost_vacant_posts = false)",
);
static REST_PER_YEAR: Msg = Msg::new(
    "budget.rest_per_year",
    "Reste à payer par an",
    "Rest to pay per year",
);
static CONVENTION: Msg = Msg::new(
    "budget.convention",
    "Convention {first}-{last}",
    "Convention {first}-{last}",
);
static OVERLAPS: Msg = Msg::new(
    "budget.overlaps",
    "Remarque\u{a0}: plusieurs périodes couvrent {years}\u{202f}; la première du fichier est retenue",
    "Note: several periods cover {years}; the first in the file is used",
);
static IN_FULL: Msg = Msg::new(
    "budget.in_full",
    "`--format csv`, `json` ou `--out budget.xlsx` donnent chaque année en entier.",
    "`--format csv`, `json` or `--out budget.xlsx` give every year in full.",
);

fn human(s: &Scenario, f: &Financing, b: &Budget, lang: Lang) -> String {
    let cell = |v: Option<i64>| or_unknown(v, |c| lang.amount(c));
    let span = |m: &'static Msg| {
        Text::new(m)
            .arg("first", Arg::raw(b.first.to_string()))
            .arg("last", Arg::raw(b.last.to_string()))
    };
    let mut out = span(&TITLE)
        .arg("territory", Arg::raw(s.territory.name.clone()))
        .render(lang);
    out.push('\n');
    for l in financing_lines(f, lang) {
        out.push_str(&l);
        out.push('\n');
    }
    let line = match f.indexation {
        Some(r) => Text::new(&INDEXED)
            .arg("rate", Arg::percent(r.value))
            .arg(
                "year",
                Arg::raw(
                    f.base_year
                        .as_ref()
                        .map_or(b.first, |(y, _)| *y)
                        .to_string(),
                ),
            )
            .render(lang),
        None => Text::new(&NOT_INDEXED).render(lang),
    };
    out.push_str(&line);
    out.push('\n');
    out.push_str(&words::word(
        if f.cost_vacant_posts {
            &VACANT_COSTED
        } else {
            &VACANT_NOT_COSTED
        },
        lang,
    ));
    out.push('\n');
    // Rest to pay, commune by year.
    out.push_str(&format!("\n{}\n", words::word(&REST_PER_YEAR, lang)));
    let total_word = words::word(&words::TOTAL, lang);
    let mut header = vec![words::word(&words::COMMUNE, lang)];
    header.extend(b.years.iter().map(|y| y.year.to_string()));
    header.push(total_word.clone());
    let mut rows: Vec<Vec<String>> = b
        .payers
        .iter()
        .map(|p| {
            let mut r = vec![p.name.clone()];
            for y in &b.years {
                r.push(match b.row(y.year, &p.id) {
                    Some(row) => cell(row.rest),
                    None => cell(Some(0)),
                });
            }
            r.push(cell(p.rest));
            r
        })
        .collect();
    let mut total = vec![total_word.clone()];
    total.extend(b.years.iter().map(|y| cell(y.cost.total.rest)));
    total.push(cell(b.total.rest));
    rows.push(total);
    out.push_str(&text_table(&header, &rows));
    // The whole convention.
    out.push_str(&format!("\n{}\n", span(&CONVENTION).render(lang)));
    let header: Vec<String> = [&words::COMMUNE, &H_OWN, &H_SHARED, &H_CAF, &H_REST]
        .map(|m| words::word(m, lang))
        .to_vec();
    let rows: Vec<Vec<String>> = b
        .payers
        .iter()
        .map(|p| (p, p.name.clone()))
        .chain(std::iter::once((&b.total, total_word)))
        .map(|(p, name)| vec![name, cell(p.own), cell(p.shared), cell(p.caf), cell(p.rest)])
        .collect();
    out.push_str(&text_table(&header, &rows));
    if !b.overlaps.is_empty() {
        let years: Vec<String> = b.overlaps.iter().map(i32::to_string).collect();
        let line = Text::new(&OVERLAPS)
            .arg("years", Arg::raw(years.join(", ")))
            .render(lang);
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&words::word(&IN_FULL, lang));
    out.push('\n');
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
    notes: Vec<String>,
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
