//! Workbook of `indicators`: the instances (rhythm kept or not highlighted),
//! then documents and joint actions.

use super::errors;
use crate::commands::Checked;
use crate::governance::indicators::{Indicators, InstanceIndicators};
use crate::governance::model::scheme_name;
use crate::xlsx::{Book, Row, Sheet, Value};

fn yes_no(b: Option<bool>) -> Value {
    match b {
        Some(true) => Value::text("oui"),
        Some(false) => Value::text("non"),
        None => Value::Empty,
    }
}

fn int(v: u64) -> Value {
    i64::try_from(v).map_or(Value::Unknown, Value::Int)
}

fn instance_row(i: &InstanceIndicators) -> Row {
    let p = &i.participation;
    Row::new(vec![
        Value::text(&i.name),
        int(u64::try_from(i.meetings).unwrap_or(u64::MAX)),
        i.required.map_or(Value::Empty, int),
        yes_no(i.frequency_kept),
        i.longest_gap
            .as_ref()
            .map_or(Value::Empty, |g| Value::Int(g.days)),
        i.allowed_gap_days.map_or(Value::Empty, Value::Int),
        yes_no(i.regular),
        int(p.invited),
        int(p.present),
        p.percent.map_or(Value::Empty, Value::Percent),
    ])
    .breach(i.frequency_kept == Some(false) || i.regular == Some(false))
}

/// `indicators --format xlsx`.
pub fn book(ind: &Indicators, checked: &Checked) -> Book {
    let mut notes = Vec::new();
    if ind.example {
        notes.push("EXEMPLE\u{a0}: ce journal des réunions est une illustration, pas un relevé de réunions réelles".to_owned());
    }
    if let Some(n) = crate::commands::indicators::note(ind) {
        notes.push(n.to_owned());
    }
    if let Some(y) = ind.year {
        notes.push(format!("Année {y}"));
    }
    if !ind.judged_years.is_empty() {
        let years: Vec<String> = ind.judged_years.iter().map(i32::to_string).collect();
        notes.push(format!(
            "Rythme jugé sur les années complètes du journal\u{a0}: {}",
            years.join(", ")
        ));
    }
    let all = &ind.all.participation;
    let instances = Sheet {
        name: "Instances".to_owned(),
        title: format!(
            "{}\u{a0}: indicateurs de gouvernance (fiche action 17)",
            ind.territory
        ),
        notes,
        header: [
            "Instance",
            "Réunions",
            "Minimum requis",
            "Rythme tenu",
            "Plus long écart (jours)",
            "Écart permis (jours)",
            "Régularité",
            "Invités",
            "Présents",
            "Participation",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: ind.instances.iter().map(instance_row).collect(),
        totals: vec![Row::new(vec![
            Value::text("Toutes instances"),
            Value::SumColumn,
            Value::Empty,
            Value::Empty,
            Value::Empty,
            Value::Empty,
            Value::Empty,
            Value::SumColumn,
            Value::SumColumn,
            all.percent.map_or(Value::Empty, Value::Percent),
        ])],
    };
    let d = &ind.documents;
    let mut rows: Vec<Row> = [
        ("Diagnostics", d.diagnostics),
        ("Outils de suivi", d.monitoring_tools),
        ("Évaluations", d.evaluations),
        ("Rapports d'activité", d.activity_reports),
        ("Autres documents", d.other),
    ]
    .into_iter()
    .map(|(k, v)| {
        Row::new(vec![
            Value::text(k),
            int(u64::try_from(v).unwrap_or(u64::MAX)),
        ])
    })
    .collect();
    let docs_total = Row::new(vec![Value::text("Documents produits"), Value::SumColumn]);
    let mut actions: Vec<Row> = vec![Row::new(vec![
        Value::text("Actions conjointes (toutes)"),
        int(u64::try_from(ind.joint_actions.count).unwrap_or(u64::MAX)),
    ])];
    actions.extend(ind.joint_actions.by_scheme.iter().map(|c| {
        Row::new(vec![
            Value::text(format!("Actions conjointes avec {}", scheme_name(c.scheme))),
            int(u64::try_from(c.actions).unwrap_or(u64::MAX)),
        ])
    }));
    let documents = Sheet {
        name: "Documents".to_owned(),
        title: format!("{}\u{a0}: documents produits", ind.territory),
        notes: Vec::new(),
        header: vec!["Indicateur".to_owned(), "Nombre".to_owned()],
        rows: std::mem::take(&mut rows),
        totals: vec![docs_total],
    };
    let joint = Sheet {
        name: "Actions conjointes".to_owned(),
        title: format!(
            "{}\u{a0}: actions conjointes entre dispositifs",
            ind.territory
        ),
        notes: vec!["Une action peut associer plusieurs dispositifs".to_owned()],
        header: vec!["Indicateur".to_owned(), "Nombre".to_owned()],
        rows: actions,
        totals: Vec::new(),
    };
    Book {
        errors: errors(checked),
        sheets: vec![instances, documents, joint],
    }
}
