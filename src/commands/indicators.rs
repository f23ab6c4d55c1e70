//! `ctgplan indicators FILE [--year Y]`: the quantitative indicators of
//! action sheet 17 computed from the meeting log. The arithmetic is in
//! `governance::indicators`; this is the presentation (table, CSV, JSON).

use super::{csv_bytes, finish, load_checked, text_table, usage_error_in, words};
use super::{Output, Streams, TableFormat};
use crate::diagnostic::Severity;
use crate::exit::ExitStatus;
use crate::finance::money::Style;
use crate::governance::calendar;
use crate::governance::indicators::{Indicators, InstanceIndicators, Participation};
use crate::governance::model::scheme_name;
use crate::governance::{indicators, DocumentKind};
use crate::i18n::{Arg, Lang, Msg, Text};
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
    let lang = output.lang;
    let no_governance = || {
        crate::tr!(lang, "ind.no_governance",
            "{file} n'a pas de partie gouvernance (`[governance]`, `[[instance]]`, `[[meeting]]`), donc aucun indicateur n'est connu\u{202f}; docs/governance.md montre comment en déclarer une",
            "{file} has no governance section (`[governance]`, `[[instance]]`, `[[meeting]]`), so no indicator is known; docs/governance.md shows how to declare one",
            "file" => file.display().to_string())
    };
    let Some(g) = &s.governance else {
        return usage_error_in(streams, &no_governance(), lang);
    };
    if let (Some(y), Some((first, last))) = (year, calendar::convention_years(s, g)) {
        if !(first..=last).contains(&y) {
            let msg = crate::tr!(lang, "ind.outside",
                "{y} est hors des années de la convention, {first}-{last}",
                "{y} is outside the convention's years {first}-{last}",
                "y" => y.to_string(), "first" => first.to_string(), "last" => last.to_string());
            return usage_error_in(streams, &msg, lang);
        }
    }
    let Some(ind) = indicators(s, year) else {
        return usage_error_in(streams, &no_governance(), lang);
    };
    checked.print_diagnostics(output.format, streams)?;
    let bytes = match output.format {
        TableFormat::Human => human(&ind, output.lang).into_bytes(),
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

fn rhythm(i: &InstanceIndicators, lang: Lang) -> String {
    match (i.min_per_year, i.max_per_year) {
        (Some(a), Some(b)) if a == b => {
            crate::tr!(lang, "ind.rhythm.exact", "{n} par an", "{n} a year", "n" => a.to_string())
        }
        (Some(a), Some(b)) => {
            crate::tr!(lang, "ind.rhythm.range", "{a}-{b} par an", "{a}-{b} a year",
            "a" => a.to_string(), "b" => b.to_string())
        }
        (Some(a), None) => {
            crate::tr!(lang, "ind.rhythm.min", "≥ {n} par an", "≥ {n} a year", "n" => a.to_string())
        }
        (None, Some(b)) => {
            crate::tr!(lang, "ind.rhythm.max", "≤ {n} par an", "≤ {n} a year", "n" => b.to_string())
        }
        (None, None) => "-".to_owned(),
    }
}

fn yes_no(b: Option<bool>, unknown: &str, lang: Lang) -> String {
    match b {
        Some(true) => crate::tr!(lang, "ind.yes", "oui", "yes"),
        Some(false) => crate::tr!(lang, "ind.no", "non", "no"),
        None => unknown.to_owned(),
    }
}

fn meetings(n: usize, lang: Lang) -> String {
    static M: Msg = Msg::new(
        "ind.meetings",
        "{n} {n:réunion|réunions}",
        "{n} {n:meeting|meetings}",
    );
    Text::new(&M).arg("n", Arg::count(n)).render(lang)
}

fn count(n: usize, msg: &'static Msg, lang: Lang) -> String {
    Text::new(msg).arg("n", Arg::count(n)).render(lang)
}

static DIAGNOSES: Msg = Msg::new(
    "ind.diagnoses",
    "{n} {n:diagnostic|diagnostics}",
    "{n} {n:diagnosis|diagnoses}",
);
static TOOLS: Msg = Msg::new(
    "ind.tools",
    "{n} {n:outil de suivi|outils de suivi}",
    "{n} {n:monitoring tool|monitoring tools}",
);
static EVALUATIONS: Msg = Msg::new(
    "ind.evaluations",
    "{n} {n:évaluation|évaluations}",
    "{n} {n:evaluation|evaluations}",
);
static REPORTS: Msg = Msg::new(
    "ind.reports",
    "{n} {n:rapport d'activité|rapports d'activité}",
    "{n} {n:activity report|activity reports}",
);
static OTHERS: Msg = Msg::new(
    "ind.others",
    "{n} {n:autre document|autres documents}",
    "{n} {n:other document|other documents}",
);

/// A document's kind as people say it, in both languages (the key is for
/// the file and the CSV).
fn kind_word(k: DocumentKind, lang: Lang) -> String {
    let (fr, en) = match k {
        DocumentKind::Diagnostic => ("diagnostic", "diagnosis"),
        DocumentKind::MonitoringTool => ("outil de suivi", "monitoring tool"),
        DocumentKind::Evaluation => ("évaluation", "evaluation"),
        DocumentKind::ActivityReport => ("rapport d'activité", "activity report"),
        DocumentKind::Other => ("autre", "other"),
    };
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
    .to_owned()
}

/// A date as people write it: 10/02/2026 in French, 2026-02-10 in English.
fn day(d: crate::governance::date::Date, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
        Lang::En => d.to_string(),
    }
}

/// An instance by its name (its id when it has none or is undeclared).
fn instance_name<'a>(ind: &'a Indicators, id: &'a str) -> &'a str {
    ind.instances
        .iter()
        .find(|i| i.id == id && !i.name.trim().is_empty())
        .map_or(id, |i| i.name.as_str())
}

fn strings(v: &[String]) -> Vec<String> {
    v.to_vec()
}

/// The log's own note. A log marked `example = true` is said to be one on
/// the line above; a note that starts by saying so too ("EXEMPLE : …")
/// loses that word, instead of printing "Remarque : EXEMPLE : …".
pub(crate) fn note(ind: &Indicators) -> Option<&str> {
    let n = ind.note.as_deref()?;
    if !ind.example {
        return Some(n);
    }
    let rest = ["EXEMPLE", "EXAMPLE", "Exemple", "Example"]
        .iter()
        .find_map(|w| n.strip_prefix(w))
        .map(|r| r.trim_start_matches([' ', '\u{a0}', '\u{202f}']))
        .and_then(|r| r.strip_prefix(':'))
        .map(str::trim_start);
    match rest {
        Some(r) if !r.is_empty() => Some(r),
        Some(_) => None,
        None => Some(n),
    }
}

fn human(ind: &Indicators, lang: Lang) -> String {
    let mut out = crate::tr!(lang, "ind.title",
        "{territory}\u{a0}: indicateurs de gouvernance (fiche action 17)",
        "{territory}: governance indicators (action sheet 17)",
        "territory" => ind.territory.clone());
    out.push('\n');
    if ind.example {
        out.push_str(&crate::tr!(lang, "ind.example",
            "EXEMPLE\u{a0}: ce journal des réunions est une illustration, pas le relevé de réunions réelles.",
            "EXAMPLE: this meeting log is an illustration, not a record of real meetings."));
        out.push('\n');
    }
    if let Some(n) = note(ind) {
        out.push_str(&words::say(&words::NOTE, "note", n.to_owned(), lang));
        out.push('\n');
    }
    let conv = ind.convention_years.map_or_else(
        || {
            crate::tr!(
                lang,
                "ind.years_unknown",
                "années inconnues",
                "years unknown"
            )
        },
        |y| format!("{}-{}", y.first, y.last),
    );
    let log = ind.log.map_or_else(
        || {
            crate::tr!(
                lang,
                "ind.log_empty",
                "ne couvre aucune date",
                "covers no date"
            )
        },
        |w| {
            crate::tr!(lang, "ind.log_window", "complet du {from} au {until}",
            "complete from {from} to {until}",
            "from" => day(w.from, lang), "until" => day(w.until, lang))
        },
    );
    out.push_str(
        &crate::tr!(lang, "ind.convention", "Convention {conv}\u{202f}; journal {log}.",
        "Convention {conv}; log {log}.", "conv" => conv, "log" => log),
    );
    out.push('\n');
    let line = match (ind.year, ind.scope) {
        (Some(y), None) => crate::tr!(lang, "ind.year_not_covered",
            "Année {y}\u{a0}: non couverte par le journal, non jugée.",
            "Year {y}: not covered by the log, not judged.", "y" => y.to_string()),
        (Some(y), Some(_)) if ind.judged_years.contains(&y) => crate::tr!(lang, "ind.year_judged",
            "Année {y}\u{a0}: couverte en entier, jugée au regard du rythme de chaque instance.",
            "Year {y}: covered in full, judged against each instance's rhythm.",
            "y" => y.to_string()),
        (Some(y), Some(w)) => crate::tr!(lang, "ind.year_partial",
            "Année {y}\u{a0}: couverte du {from} au {until} seulement, non jugée.",
            "Year {y}: covered from {from} to {until} only, not judged.",
            "y" => y.to_string(), "from" => day(w.from, lang), "until" => day(w.until, lang)),
        (None, _) => {
            let judged: Vec<String> = ind.judged_years.iter().map(i32::to_string).collect();
            let list = if judged.is_empty() {
                crate::tr!(
                    lang,
                    "ind.no_whole_year",
                    "aucune (le journal ne couvre aucune année entière)",
                    "none (the log covers no whole year)"
                )
            } else {
                judged.join(", ")
            };
            crate::tr!(lang, "ind.years_judged",
                "Années jugées au regard du rythme de chaque instance\u{a0}: {list}.",
                "Years judged against each instance's rhythm: {list}.", "list" => list)
        }
    };
    out.push_str(&line);
    out.push('\n');

    out.push_str(&format!(
        "\n{}\n",
        crate::tr!(
            lang,
            "ind.s1",
            "1. Instances de gouvernance réunies, et leur régularité",
            "1. Governance meetings held, and their regularity"
        )
    ));
    let header = strings(&[
        crate::tr!(lang, "ind.h.instance", "Instance", "Instance"),
        crate::tr!(lang, "ind.h.rhythm", "Rythme", "Rhythm"),
        crate::tr!(lang, "ind.h.meetings", "Réunions", "Meetings"),
        crate::tr!(lang, "ind.h.kept", "Tenu", "Kept"),
        crate::tr!(
            lang,
            "ind.h.gap",
            "Plus long écart (jours)",
            "Longest gap (days)"
        ),
        crate::tr!(lang, "ind.h.allowed", "Admis (jours)", "Allowed (days)"),
    ]);
    let not_judged = crate::tr!(lang, "ind.not_judged", "non jugé", "not judged");
    let all = crate::tr!(lang, "ind.all", "Toutes les instances", "All instances");
    let mut rows: Vec<Vec<String>> = ind
        .instances
        .iter()
        .map(|i| {
            let bounded = i.min_per_year.is_some() || i.max_per_year.is_some();
            vec![
                i.name.clone(),
                rhythm(i, lang),
                i.meetings.to_string(),
                yes_no(
                    i.frequency_kept,
                    if bounded { &not_judged } else { "-" },
                    lang,
                ),
                i.longest_gap.map_or("-".to_owned(), |g| g.days.to_string()),
                i.allowed_gap_days.map_or("-".to_owned(), |d| d.to_string()),
            ]
        })
        .collect();
    rows.push(vec![
        all.clone(),
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
        let mut header = vec![crate::tr!(
            lang,
            "ind.per_year",
            "Réunions par an",
            "Meetings per year"
        )];
        header.extend(years.iter().map(|y| {
            if ind.judged_years.contains(y) {
                y.to_string()
            } else {
                format!("{y} ({not_judged})")
            }
        }));
        let no = crate::tr!(lang, "ind.no", "non", "no");
        let rows: Vec<Vec<String>> = ind
            .instances
            .iter()
            .map(|i| {
                std::iter::once(i.name.clone())
                    .chain(i.per_year.iter().map(|y| {
                        let mark = if y.kept == Some(false) {
                            format!(" ({no})")
                        } else {
                            String::new()
                        };
                        format!("{}{mark}", y.meetings)
                    }))
                    .collect()
            })
            .collect();
        out.push_str(&text_table(&header, &rows));
    }
    for i in ind.instances.iter().filter(|i| i.regular == Some(false)) {
        if let Some(g) = i.longest_gap {
            out.push_str(&crate::tr!(lang, "ind.irregular",
                "Irrégulière\u{a0}: {name} est restée {days} jours sans réunion, du {from} au {to}.",
                "Irregular: {name} went {days} days without a meeting, from {from} to {to}.",
                "name" => i.name.clone(), "days" => g.days.to_string(),
                "from" => day(g.from, lang), "to" => day(g.to, lang)));
            out.push('\n');
        }
    }

    out.push_str(&format!(
        "\n{}\n",
        crate::tr!(
            lang,
            "ind.s2",
            "2. Participation des partenaires (présents / invités)",
            "2. Partners' participation (present / invited)"
        )
    ));
    let header = strings(&[
        crate::tr!(lang, "ind.h.instance", "Instance", "Instance"),
        crate::tr!(lang, "ind.h.present", "Présents", "Present"),
        crate::tr!(lang, "ind.h.invited", "Invités", "Invited"),
        crate::tr!(lang, "ind.h.rate", "Taux", "Rate"),
    ]);
    let part = |name: &str, p: &Participation| {
        vec![
            name.to_owned(),
            p.present.to_string(),
            p.invited.to_string(),
            match (p.percent, lang) {
                (Some(d), Lang::Fr) => lang.percent(d),
                _ => pct(p, Style::Human),
            },
        ]
    };
    let mut rows: Vec<Vec<String>> = ind
        .instances
        .iter()
        .map(|i| part(&i.name, &i.participation))
        .collect();
    rows.push(part(&all, &ind.all.participation));
    out.push_str(&text_table(&header, &rows));
    if ind.all.participation.meetings_without > 0 {
        out.push_str(&crate::tr!(lang, "ind.left_out_rates",
            "Écartées des taux\u{a0}: {n} sans nombre d'invités et de présents à la fois.",
            "Left out of the rates: {n} without both an invited and a present count.",
            "n" => meetings(ind.all.participation.meetings_without, lang)));
        out.push('\n');
    }

    let d = &ind.documents;
    out.push_str(&format!(
        "\n{}\n",
        crate::tr!(lang, "ind.s3",
        "3. Diagnostics et outils de suivi produits\u{a0}: {diagnoses}, {tools}",
        "3. Diagnoses and monitoring tools produced: {diagnoses}, {tools}",
        "diagnoses" => count(d.diagnostics, &DIAGNOSES, lang),
        "tools" => count(d.monitoring_tools, &TOOLS, lang))
    ));
    let listed = |kinds: &[DocumentKind], out: &mut String| {
        for e in d.list.iter().filter(|e| kinds.contains(&e.kind)) {
            out.push_str(&format!(
                "  {}  {:<15}  {} ({})\n",
                day(e.date, lang),
                kind_word(e.kind, lang),
                e.title,
                instance_name(ind, &e.instance)
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
            (d.evaluations, &EVALUATIONS),
            (d.activity_reports, &REPORTS),
            (d.other, &OTHERS),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, m)| count(*n, m, lang))
        .collect();
        out.push_str(
            &crate::tr!(lang, "ind.other_documents", "Autres documents\u{a0}: {list}",
            "Other documents: {list}", "list" => counts.join(", ")),
        );
        out.push('\n');
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
        "\n{}\n",
        crate::tr!(lang, "ind.s4",
        "4. Actions conjointes entre dispositifs\u{a0}: {n} (avec {by})",
        "4. Joint actions between schemes: {n} (involving {by})",
        "n" => j.count.to_string(), "by" => by.join(", "))
    ));
    for a in &j.list {
        let schemes: Vec<&str> = a.schemes.iter().map(|s| scheme_name(*s)).collect();
        out.push_str(&format!(
            "  {}  {}  {} ({})\n",
            day(a.date, lang),
            schemes.join(" + "),
            a.title,
            instance_name(ind, &a.instance)
        ));
    }
    if ind.left_out > 0 {
        out.push_str(&format!(
            "\n{}\n",
            crate::tr!(lang, "ind.left_out",
            "Écartées\u{a0}: {n} d'une instance non déclarée ou datées hors du journal (CTG103).",
            "Left out: {n} with an undeclared instance or a date outside the log (CTG103).",
            "n" => meetings(ind.left_out, lang))
        ));
    }
    out.push_str(&format!("\n{}\n", crate::tr!(lang, "ind.not_computed",
        "Non calculé\u{a0}: l'appréciation qualitative des élus et des partenaires (le cinquième indicateur de la fiche action 17) n'est pas dans le journal.",
        "Not computed: the qualitative appraisal of elected officials and partners (the fifth indicator of action sheet 17) is not in the log.")));
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
