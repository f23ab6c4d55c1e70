//! Workbook of `diff`: the holders and the coordinator (which add up to the
//! period's total), then the themes; moves beyond the declared limits
//! (CTG080) highlighted.

use super::period_title;
use super::{errors, financing_notes};
use crate::commands::Checked;
use crate::diff::{Diff, Line, LineKind};
use crate::scenario::Scenario;
use crate::xlsx::{Book, Row, Sheet, Value};

fn kind_label(k: LineKind) -> &'static str {
    match k {
        LineKind::Commune => "commune",
        LineKind::Carrier => "porteur",
        LineKind::Theme => "thème",
        LineKind::Coordinator => "coordinateur global",
        LineKind::Total => "total",
    }
}

fn header(from: &str, to: &str, costs: bool, first: &str) -> Vec<String> {
    let mut h = vec![
        first.to_owned(),
        "Type".to_owned(),
        format!("ETP {from}"),
        format!("ETP {to}"),
        "Écart ETP".to_owned(),
    ];
    if costs {
        h.extend([
            format!("€/an {from}"),
            format!("€/an {to}"),
            "Écart €/an".to_owned(),
        ]);
    }
    h.push("Signal".to_owned());
    h
}

fn row(l: &Line, costs: bool) -> Row {
    let name = match l.kind {
        LineKind::Coordinator => "Coordinateur global".to_owned(),
        _ => l.name.clone(),
    };
    let mut cells = vec![
        Value::text(name),
        Value::text(kind_label(l.kind)),
        Value::etp(l.from),
        Value::etp(l.to),
        Value::etp_change(l.change),
    ];
    if costs {
        cells.extend([
            Value::eur(l.from_cost),
            Value::eur(l.to_cost),
            Value::eur_change(l.cost_change),
        ]);
    }
    cells.push(match (l.flag, l.limit) {
        (Some(code), Some(limit)) => Value::text(format!(
            "{code}\u{a0}: écart au-delà des {} ETP permis",
            super::fr_dec(limit)
        )),
        (Some(code), None) => Value::text(code.to_string()),
        _ => Value::Empty,
    });
    Row::new(cells).breach(l.flag.is_some())
}

fn totals(label: &str, costs: bool) -> Row {
    let n = if costs { 6 } else { 3 };
    let mut cells = vec![Value::text(label), Value::Empty];
    cells.extend((0..n).map(|_| Value::SumColumn));
    cells.push(Value::Empty);
    Row::new(cells)
}

/// `diff --format xlsx`.
pub fn book(s: &Scenario, d: &Diff, checked: &Checked) -> Book {
    let (Some(pf), Some(pt)) = (s.periods.get(d.from), s.periods.get(d.to)) else {
        return Book::default();
    };
    let (from, to) = (pf.name(), pt.name());
    let mut notes = vec![format!(
        "De {} à {}\u{202f}; montants en euros par an",
        period_title(pf),
        period_title(pt)
    )];
    match &s.financing {
        Some(f) => notes.extend(financing_notes(f)),
        None => notes.push("Pas de [financing] dans le fichier\u{a0}: ETP seulement".to_owned()),
    }
    if d.flagged().next().is_some() && d.from.abs_diff(d.to) != 1 {
        notes.push("Les limites d'écart valent entre périodes consécutives\u{202f}; elles sont appliquées ici à tout l'écart".to_owned());
    }
    let holders: Vec<Row> = d
        .lines
        .iter()
        .filter(|l| {
            matches!(
                l.kind,
                LineKind::Commune | LineKind::Carrier | LineKind::Coordinator
            )
        })
        .map(|l| row(l, d.costs))
        .collect();
    let themes: Vec<Row> = d
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Theme)
        .map(|l| row(l, d.costs))
        .collect();
    let title = format!("{}\u{a0}: {from} → {to}", s.territory.name);
    Book {
        errors: errors(checked),
        sheets: vec![
            Sheet {
                name: "Par commune".to_owned(),
                title: format!("{title}, par commune et porteur"),
                notes: notes.clone(),
                header: header(from, to, d.costs, "Commune ou porteur"),
                rows: holders,
                totals: vec![totals("Total", d.costs)],
            },
            Sheet {
                name: "Par thème".to_owned(),
                title: format!("{title}, par thème"),
                notes: vec![
                    "Les thèmes et le coordinateur global font ensemble le total de la période"
                        .to_owned(),
                ],
                header: header(from, to, d.costs, "Thème"),
                rows: themes,
                totals: vec![totals("Total des thèmes", d.costs)],
            },
        ],
    }
}
