//! Workbooks of `cost`: one sheet per period, or the convention's budget
//! (`--years`): the convention by commune, the rest to pay by commune and
//! year, and one sheet per year.

use super::period_title;
use super::{errors, financing_notes, fr_eur};
use crate::commands::Checked;
use crate::finance::budget::Budget;
use crate::finance::cost::{Payer, PeriodCost, Row as CostRow};
use crate::scenario::{Financing, Scenario};
use crate::xlsx::{Book, Row, Sheet, Value};

/// The header of a cost table.
fn cost_header(first: &str) -> Vec<String> {
    [
        first,
        "Type",
        "ETP",
        "Postes propres (€/an)",
        "Part des postes partagés (€/an)",
        "Part Caf (€/an)",
        "Reste à charge (€/an)",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn payer_label(p: Payer) -> &'static str {
    match p {
        Payer::Commune => "commune",
        Payer::Carrier => "porteur",
    }
}

fn cost_row(r: &CostRow) -> Row {
    Row::new(vec![
        Value::text(&r.name),
        Value::text(payer_label(r.payer)),
        Value::etp(r.etp),
        Value::eur(r.own),
        Value::eur(r.shared),
        Value::eur(r.caf),
        Value::eur(r.rest),
    ])
}

fn total_row() -> Row {
    Row::new(vec![
        Value::text("Total"),
        Value::Empty,
        Value::SumColumn,
        Value::SumColumn,
        Value::SumColumn,
        Value::SumColumn,
        Value::SumColumn,
    ])
}

/// Notes under a period's table: shared posts, the ceiling, unknowns.
fn period_notes(c: &PeriodCost) -> Vec<String> {
    let mut notes = Vec::new();
    for sp in &c.shared_posts {
        let who = if sp.id == "coordinator" {
            "le coordinateur global".to_owned()
        } else {
            format!("les postes de {}", sp.id)
        };
        notes.push(format!(
            "Poste partagé\u{a0}: {who}, {} ETP, {} par an, dont {} payés par la Caf",
            sp.etp.map_or("?".to_owned(), super::fr_dec),
            sp.cost.map_or("?".to_owned(), fr_eur),
            sp.caf.map_or("?".to_owned(), fr_eur),
        ));
    }
    if c.capped {
        notes.push(format!(
            "La part de la Caf est plafonnée (par ses taux\u{a0}: {})\u{202f}; voir CTG091",
            c.caf_by_rates.map_or("?".to_owned(), fr_eur)
        ));
    }
    notes.extend(
        c.notes
            .iter()
            .map(|n| format!("Remarque\u{a0}: {}", n.render(crate::i18n::Lang::Fr))),
    );
    notes
}

/// `cost --format xlsx`: one sheet per period.
pub fn periods(s: &Scenario, f: &Financing, costs: &[PeriodCost], checked: &Checked) -> Book {
    let mut sheets = Vec::new();
    for c in costs {
        let Some(p) = s.periods.get(c.index) else {
            continue;
        };
        let mut notes = financing_notes(&f.for_period(p.name()));
        notes.push(
            "Montants par an\u{202f}; une période de plusieurs années coûte autant chaque année."
                .to_owned(),
        );
        notes.extend(period_notes(c));
        sheets.push(Sheet {
            name: format!("Coûts {}", p.name()),
            title: format!(
                "{}\u{a0}: coûts par an, période {}",
                s.territory.name,
                period_title(p)
            ),
            notes,
            header: cost_header("Commune ou porteur"),
            rows: c.rows.iter().map(cost_row).collect(),
            totals: vec![total_row()],
        });
    }
    Book {
        sheets,
        errors: errors(checked),
    }
}

/// `cost --years A-B --format xlsx`: the convention, the rest to pay by
/// year, then each year.
pub fn budget(s: &Scenario, f: &Financing, b: &Budget, checked: &Checked) -> Book {
    Book {
        sheets: budget_sheets(s, f, b),
        errors: errors(checked),
    }
}

/// The sheets of the budget (also used by the report's workbook).
pub fn budget_sheets(s: &Scenario, f: &Financing, b: &Budget) -> Vec<Sheet> {
    let span = format!("{}-{}", b.first, b.last);
    let mut notes = financing_notes(f);
    notes.extend(budget_notes(f, b));
    let convention = Sheet {
        name: format!("Convention {span}"),
        title: format!(
            "{}\u{a0}: budget de la convention {span}, par commune",
            s.territory.name
        ),
        notes: notes.clone(),
        header: [
            "Commune ou porteur",
            "Postes propres (€)",
            "Part des postes partagés (€)",
            "Part Caf (€)",
            "Reste à charge (€)",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: b
            .payers
            .iter()
            .map(|p| {
                Row::new(vec![
                    Value::text(&p.name),
                    Value::eur(p.own),
                    Value::eur(p.shared),
                    Value::eur(p.caf),
                    Value::eur(p.rest),
                ])
            })
            .collect(),
        totals: vec![Row::new(vec![
            Value::text("Total"),
            Value::SumColumn,
            Value::SumColumn,
            Value::SumColumn,
            Value::SumColumn,
        ])],
    };
    let n = u16::try_from(b.years.len()).unwrap_or(0);
    let mut header = vec!["Commune ou porteur".to_owned()];
    header.extend(b.years.iter().map(|y| y.year.to_string()));
    header.push(format!("Total {span}"));
    let by_year = Sheet {
        name: "Reste à charge par année".to_owned(),
        title: format!(
            "{}\u{a0}: reste à charge par commune et par année (€)",
            s.territory.name
        ),
        notes: vec![
            "Ce que chaque commune paie, Caf déduite\u{202f}; la dernière colonne additionne les années."
                .to_owned(),
        ],
        header,
        rows: b
            .payers
            .iter()
            .map(|p| {
                let mut cells = vec![Value::text(&p.name)];
                for y in &b.years {
                    cells.push(match b.row(y.year, &p.id) {
                        Some(r) => Value::eur(r.rest),
                        None => Value::Eur(0),
                    });
                }
                cells.push(Value::SumRow(1, n));
                Row::new(cells)
            })
            .collect(),
        totals: vec![Row::new(
            std::iter::once(Value::text("Total"))
                .chain((0..=n).map(|_| Value::SumColumn))
                .collect(),
        )],
    };
    let mut sheets = vec![convention, by_year];
    for y in &b.years {
        let Some(p) = s.periods.get(y.cost.index) else {
            continue;
        };
        let mut notes = vec![format!("Période {}", period_title(p))];
        let rate = |v: Option<rust_decimal::Decimal>| {
            v.and_then(crate::finance::money::to_cents)
                .map_or("?".to_owned(), fr_eur)
        };
        notes.push(format!(
            "Coût d'un ETP en {}\u{a0}: {} (poste propre), {} (opérateur extérieur)",
            y.year,
            rate(y.cost_per_etp),
            rate(y.operator_cost_per_etp.or(y.cost_per_etp))
        ));
        notes.extend(period_notes(&y.cost));
        sheets.push(Sheet {
            name: y.year.to_string(),
            title: format!("{}\u{a0}: coûts de l'année {}", s.territory.name, y.year),
            notes,
            header: cost_header("Commune ou porteur"),
            rows: y.cost.rows.iter().map(cost_row).collect(),
            totals: vec![total_row()],
        });
    }
    sheets
}

/// What the budget assumes beyond `[financing]`'s amounts.
pub fn budget_notes(f: &Financing, b: &Budget) -> Vec<String> {
    let mut notes = Vec::new();
    match f.indexation {
        Some(r) => notes.push(format!(
            "Indexation\u{a0}: les coûts par ETP augmentent de {}\u{202f}% par an à partir de {} (la part Caf par ETP et le plafond ne sont pas indexés)",
            super::fr_dec(r.value),
            f.base_year.as_ref().map_or(b.first, |(y, _)| *y)
        )),
        None => notes.push("Pas d'indexation\u{a0}: les mêmes coûts chaque année".to_owned()),
    }
    notes.push(if f.cost_vacant_posts {
        "Postes vacants ou jamais pourvus\u{a0}: comptés dans le budget (cost_vacant_posts = true)"
            .to_owned()
    } else {
        "Postes vacants ou jamais pourvus\u{a0}: hors budget (cost_vacant_posts = false)".to_owned()
    });
    if !f.by_period.is_empty() {
        let ids: Vec<&str> = f.by_period.iter().map(|p| p.period.id.as_str()).collect();
        notes.push(format!(
            "Montants propres aux périodes\u{a0}: {}",
            ids.join(", ")
        ));
    }
    if !b.overlaps.is_empty() {
        let years: Vec<String> = b.overlaps.iter().map(i32::to_string).collect();
        notes.push(format!(
            "Années couvertes par plusieurs périodes (la première du fichier est retenue)\u{a0}: {}",
            years.join(", ")
        ));
    }
    notes
}
