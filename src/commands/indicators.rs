//! `ctgplan indicators FILE [--year Y]`: the quantitative indicators of
//! action sheet 17 computed from the meeting log. The arithmetic is in
//! `governance::indicators`; this is the presentation (table, CSV, JSON).

use super::{csv_bytes, finish, load_checked, text_table, usage_error};
use super::{Output, Streams, TableFormat};
use crate::diagnostic::Severity;
use crate::exit::ExitStatus;
use crate::finance::money::Style;
use crate::governance::calendar;
use crate::governance::indicators::{Indicators, InstanceIndicators, Participation};
use crate::governance::model::{document_kind_name, scheme_name};
use crate::governance::{indicators, DocumentKind};
use serde::Serialize;
use std::path::Path;

pub fn run(
    streams: &mut Streams,
    file: &Path,
    year: Option<i32>,
    output: &Output,
) -> std::io::Result<ExitStatus> {
    let checked = match load_checked(file, output.format, streams)? {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let s = &checked.scenario;
    let Some(g) = &s.governance else {
        return usage_error(
            streams,
            &format!(
                "{} has no governance section (`[governance]`, `[[instance]]`, `[[meeting]]`), so no indicator is known; docs/governance.md shows how to declare one",
                file.display()
            ),
        );
    };
    if let (Some(y), Some((first, last))) = (year, calendar::convention_years(s, g)) {
        if !(first..=last).contains(&y) {
            return usage_error(
                streams,
                &format!("{y} is outside the convention's years {first}-{last}"),
            );
        }
    }
    let Some(ind) = indicators(s, year) else {
        return usage_error(streams, "no governance section");
    };
    checked.print_diagnostics(output.format, streams)?;
    let bytes = match output.format {
        TableFormat::Human => human(&ind).into_bytes(),
        TableFormat::Csv => {
            let style = output.csv_figures();
            let mut records = vec![CSV_HEADER.map(str::to_owned).to_vec()];
            // Without --year: each year of the log, then the whole log.
            if year.is_none() {
                for y in ind.instances.first().map_or(Vec::new(), |i| {
                    i.per_year.iter().map(|c| c.year).collect::<Vec<_>>()
                }) {
                    if let Some(one) = indicators(s, Some(y)) {
                        records.extend(rows(&one, &y.to_string(), style));
                    }
                }
                records.extend(rows(&ind, "all", style));
            } else {
                let label = year.map_or_else(String::new, |y| y.to_string());
                records.extend(rows(&ind, &label, style));
            }
            csv_bytes(output.csv_style, &records)?
        }
        TableFormat::Xlsx => {
            crate::xlsx::to_bytes(&super::books::indicators::book(&ind, &checked))?
        }
        TableFormat::Json => {
            let doc = JsonIndicators {
                version: 1,
                file: checked.report.source.name(),
                indicators: &ind,
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

#[derive(Serialize)]
struct JsonIndicators<'a> {
    version: u32,
    file: &'a str,
    #[serde(flatten)]
    indicators: &'a Indicators,
    errors: usize,
    warnings: usize,
}

fn pct(p: &Participation, style: Style) -> String {
    match (p.percent, style) {
        (Some(d), Style::Human) => format!("{d} %"),
        (Some(d), Style::French) => d.to_string().replace('.', ","),
        (Some(d), Style::Plain) => d.to_string(),
        (None, Style::Human) => "-".to_owned(),
        (None, _) => String::new(),
    }
}

fn rhythm(i: &InstanceIndicators) -> String {
    match (i.min_per_year, i.max_per_year) {
        (Some(a), Some(b)) if a == b => format!("{a} a year"),
        (Some(a), Some(b)) => format!("{a}-{b} a year"),
        (Some(a), None) => format!("≥ {a} a year"),
        (None, Some(b)) => format!("≤ {b} a year"),
        (None, None) => "-".to_owned(),
    }
}

fn yes_no(b: Option<bool>, unknown: &str) -> String {
    match b {
        Some(true) => "yes".to_owned(),
        Some(false) => "no".to_owned(),
        None => unknown.to_owned(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn human(ind: &Indicators) -> String {
    let mut out = format!(
        "{}: governance indicators (action sheet 17)\n",
        ind.territory
    );
    if ind.example {
        out.push_str(
            "EXAMPLE: this meeting log is an illustration, not a record of real meetings.\n",
        );
    }
    if let Some(n) = &ind.note {
        out.push_str(&format!("Note: {n}\n"));
    }
    let conv = ind
        .convention_years
        .map_or("years unknown".to_owned(), |y| {
            format!("{}-{}", y.first, y.last)
        });
    let log = ind.log.map_or("covers no date".to_owned(), |w| {
        format!("complete from {} to {}", w.from, w.until)
    });
    out.push_str(&format!("Convention {conv}; log {log}.\n"));
    match (ind.year, ind.scope) {
        (Some(y), None) => {
            out.push_str(&format!("Year {y}: not covered by the log, not judged.\n"));
        }
        (Some(y), Some(_)) if ind.judged_years.contains(&y) => {
            out.push_str(&format!(
                "Year {y}: covered in full, judged against each instance's rhythm.\n"
            ));
        }
        (Some(y), Some(w)) => out.push_str(&format!(
            "Year {y}: covered from {} to {} only, not judged.\n",
            w.from, w.until
        )),
        (None, _) => {
            let judged: Vec<String> = ind.judged_years.iter().map(i32::to_string).collect();
            out.push_str(&format!(
                "Years judged against each instance's rhythm: {}.\n",
                if judged.is_empty() {
                    "none (the log covers no whole year)".to_owned()
                } else {
                    judged.join(", ")
                }
            ));
        }
    }

    out.push_str("\n1. Governance meetings held, and their regularity\n");
    let header = strings(&[
        "Instance",
        "Rhythm",
        "Meetings",
        "Kept",
        "Longest gap (days)",
        "Allowed (days)",
    ]);
    let mut rows: Vec<Vec<String>> = ind
        .instances
        .iter()
        .map(|i| {
            let bounded = i.min_per_year.is_some() || i.max_per_year.is_some();
            vec![
                i.name.clone(),
                rhythm(i),
                i.meetings.to_string(),
                yes_no(i.frequency_kept, if bounded { "not judged" } else { "-" }),
                i.longest_gap.map_or("-".to_owned(), |g| g.days.to_string()),
                i.allowed_gap_days.map_or("-".to_owned(), |d| d.to_string()),
            ]
        })
        .collect();
    rows.push(vec![
        "All instances".to_owned(),
        String::new(),
        ind.all.meetings.to_string(),
        String::new(),
        String::new(),
        String::new(),
    ]);
    out.push_str(&text_table(&header, &rows));
    let years: Vec<i32> = ind
        .instances
        .first()
        .map(|i| i.per_year.iter().map(|y| y.year).collect())
        .unwrap_or_default();
    if years.len() > 1 {
        let mut header = vec!["Meetings per year".to_owned()];
        header.extend(years.iter().map(|y| {
            if ind.judged_years.contains(y) {
                y.to_string()
            } else {
                format!("{y} (not judged)")
            }
        }));
        let rows: Vec<Vec<String>> = ind
            .instances
            .iter()
            .map(|i| {
                std::iter::once(i.name.clone())
                    .chain(i.per_year.iter().map(|y| {
                        let mark = if y.kept == Some(false) { " (no)" } else { "" };
                        format!("{}{mark}", y.meetings)
                    }))
                    .collect()
            })
            .collect();
        out.push_str(&text_table(&header, &rows));
    }
    for i in ind.instances.iter().filter(|i| i.regular == Some(false)) {
        if let Some(g) = i.longest_gap {
            out.push_str(&format!(
                "Irregular: {} went {} days without a meeting, from {} to {}.\n",
                i.name, g.days, g.from, g.to
            ));
        }
    }

    out.push_str("\n2. Partners' participation (present / invited)\n");
    let header = strings(&["Instance", "Present", "Invited", "Rate"]);
    let part = |name: &str, p: &Participation| {
        vec![
            name.to_owned(),
            p.present.to_string(),
            p.invited.to_string(),
            pct(p, Style::Human),
        ]
    };
    let mut rows: Vec<Vec<String>> = ind
        .instances
        .iter()
        .map(|i| part(&i.name, &i.participation))
        .collect();
    rows.push(part("All instances", &ind.all.participation));
    out.push_str(&text_table(&header, &rows));
    if ind.all.participation.meetings_without > 0 {
        out.push_str(&format!(
            "Left out of the rates: {} without both an invited and a present count.\n",
            plural(
                ind.all.participation.meetings_without,
                "meeting",
                "meetings"
            )
        ));
    }

    let d = &ind.documents;
    out.push_str(&format!(
        "\n3. Diagnoses and monitoring tools produced: {}, {}\n",
        plural(d.diagnostics, "diagnosis", "diagnoses"),
        plural(d.monitoring_tools, "monitoring tool", "monitoring tools")
    ));
    let listed = |kinds: &[DocumentKind], out: &mut String| {
        for e in d.list.iter().filter(|e| kinds.contains(&e.kind)) {
            out.push_str(&format!(
                "  {}  {:<15}  {} ({})\n",
                e.date,
                document_kind_name(e.kind),
                e.title,
                e.instance
            ));
        }
    };
    listed(
        &[DocumentKind::Diagnostic, DocumentKind::MonitoringTool],
        &mut out,
    );
    let others = d.evaluations + d.activity_reports + d.other;
    if others > 0 {
        let counts: Vec<String> = [
            (d.evaluations, "evaluation", "evaluations"),
            (d.activity_reports, "activity report", "activity reports"),
            (d.other, "other document", "other documents"),
        ]
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| plural(*n, one, many))
        .collect();
        out.push_str(&format!("Other documents: {}\n", counts.join(", ")));
        listed(
            &[
                DocumentKind::Evaluation,
                DocumentKind::ActivityReport,
                DocumentKind::Other,
            ],
            &mut out,
        );
    }

    let j = &ind.joint_actions;
    let by: Vec<String> = j
        .by_scheme
        .iter()
        .map(|c| format!("{} {}", scheme_name(c.scheme), c.actions))
        .collect();
    out.push_str(&format!(
        "\n4. Joint actions between schemes: {} (involving {})\n",
        j.count,
        by.join(", ")
    ));
    for a in &j.list {
        let schemes: Vec<&str> = a.schemes.iter().map(|s| scheme_name(*s)).collect();
        out.push_str(&format!(
            "  {}  {}  {} ({})\n",
            a.date,
            schemes.join(" + "),
            a.title,
            a.instance
        ));
    }
    if ind.left_out > 0 {
        out.push_str(&format!(
            "\nLeft out: {} with an undeclared instance or a date outside the log (CTG103).\n",
            plural(ind.left_out, "meeting", "meetings")
        ));
    }
    out.push_str("\nNot computed: the qualitative appraisal of elected officials and partners (the fifth indicator of action sheet 17) is not in the log.\n");
    out
}

const CSV_HEADER: [&str; 8] = [
    "year",
    "indicator",
    "instance",
    "name",
    "value",
    "min",
    "max",
    "judged",
];

/// One scope's rows: per instance, then every instance together.
fn rows(ind: &Indicators, year: &str, style: Style) -> Vec<Vec<String>> {
    let n = |v: usize| v.to_string();
    let opt = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    let judged_count = u64::try_from(ind.judged_years.len()).unwrap_or(u64::MAX);
    let mut out = Vec::new();
    let row = |indicator: &str,
               id: &str,
               name: &str,
               value: String,
               min: String,
               max: String,
               judged: &str| {
        vec![
            year.to_owned(),
            indicator.to_owned(),
            id.to_owned(),
            name.to_owned(),
            value,
            min,
            max,
            judged.to_owned(),
        ]
    };
    for i in &ind.instances {
        let judged = i.frequency_kept.is_some();
        let bound = |b: Option<u32>| {
            opt(b
                .filter(|_| judged)
                .map(|b| u64::from(b).saturating_mul(judged_count)))
        };
        out.push(row(
            "meetings",
            &i.id,
            &i.name,
            n(i.meetings),
            bound(i.min_per_year),
            bound(i.max_per_year),
            if judged { "yes" } else { "no" },
        ));
        out.push(row(
            "longest_gap_days",
            &i.id,
            &i.name,
            i.longest_gap.map_or(String::new(), |g| g.days.to_string()),
            String::new(),
            i.allowed_gap_days.map_or(String::new(), |d| d.to_string()),
            "",
        ));
        out.extend(participation_rows(
            &row,
            &i.id,
            &i.name,
            &i.participation,
            style,
        ));
    }
    out.push(row(
        "meetings",
        "",
        "All instances",
        n(ind.all.meetings),
        String::new(),
        String::new(),
        "",
    ));
    out.extend(participation_rows(
        &row,
        "",
        "All instances",
        &ind.all.participation,
        style,
    ));
    let d = &ind.documents;
    for (k, v) in [
        ("diagnoses", d.diagnostics),
        ("monitoring_tools", d.monitoring_tools),
        ("evaluations", d.evaluations),
        ("activity_reports", d.activity_reports),
        ("other_documents", d.other),
        ("joint_actions", ind.joint_actions.count),
    ] {
        out.push(row(k, "", "", n(v), String::new(), String::new(), ""));
    }
    for c in &ind.joint_actions.by_scheme {
        let k = format!("joint_actions_{}", scheme_name(c.scheme).to_lowercase());
        out.push(row(
            &k,
            "",
            "",
            n(c.actions),
            String::new(),
            String::new(),
            "",
        ));
    }
    out
}

type RowFn<'a> = dyn Fn(&str, &str, &str, String, String, String, &str) -> Vec<String> + 'a;

fn participation_rows(
    row: &RowFn,
    id: &str,
    name: &str,
    p: &Participation,
    style: Style,
) -> Vec<Vec<String>> {
    let e = String::new;
    vec![
        row("invited", id, name, p.invited.to_string(), e(), e(), ""),
        row("present", id, name, p.present.to_string(), e(), e(), ""),
        row(
            "participation_percent",
            id,
            name,
            pct(p, style),
            e(),
            e(),
            "",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn percent_in_each_style() {
        let p = Participation {
            meetings_counted: 1,
            meetings_without: 0,
            invited: 3,
            present: 2,
            percent: Some(Decimal::new(667, 1)),
        };
        assert_eq!(pct(&p, Style::Human), "66.7 %");
        assert_eq!(pct(&p, Style::French), "66,7");
        assert_eq!(pct(&p, Style::Plain), "66.7");
        let none = Participation { percent: None, ..p };
        assert_eq!(pct(&none, Style::Human), "-");
        assert_eq!(pct(&none, Style::Plain), "");
    }
}
