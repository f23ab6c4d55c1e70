//! The proposal as a workbook (`propose --table FILE.xlsx`): one sheet per
//! planned period, holder × theme, with the change from the period before.

use crate::plan::propose::Plan;
use crate::scenario::facts::Facts;
use crate::scenario::Scenario;
use crate::xlsx::{Book, Row, Sheet, Value};
use rust_decimal::Decimal;

/// The holder's name, or its id.
fn name(s: &Scenario, id: &str) -> String {
    crate::report::data::holder_name(s, id)
}

/// `propose --table`: the plan passes check, so the workbook carries no
/// "invalid" mark.
pub fn book(s: &Scenario, plan: &Plan) -> Book {
    let facts = Facts::of(s);
    let mut sheets = Vec::new();
    for (k, pp) in plan.periods.iter().enumerate() {
        // The period before: planned if it is in the plan, else as written.
        let prev_plan = k
            .checked_sub(1)
            .and_then(|j| plan.periods.get(j))
            .filter(|p| p.index + 1 == pp.index);
        let before = |h: &str| -> Option<Decimal> {
            match prev_plan {
                Some(p) => p.holders.iter().find(|(x, _)| x == h).map(|(_, v)| *v),
                None => pp.index.checked_sub(1).and_then(|j| facts.etp(j, h)),
            }
        };
        let label = |t: &str| {
            s.theme(t)
                .map_or_else(|| t.to_owned(), |th| th.label.clone())
        };
        let mut header = vec![
            "Commune ou porteur".to_owned(),
            "ETP".to_owned(),
            "Écart".to_owned(),
        ];
        header.extend(pp.themes.iter().map(|(t, _)| label(t)));
        let period = s.periods.get(pp.index);
        let mut rows = Vec::new();
        for (h, v) in &pp.holders {
            let b = before(h);
            let listed = period.and_then(|p| p.post(h)).is_some();
            if v.is_zero() && !listed && b.is_none_or(|b| b.is_zero()) {
                continue;
            }
            let mut cells = vec![
                Value::text(name(s, h)),
                Value::Etp(*v),
                b.map_or(Value::Empty, |b| Value::EtpChange(*v - b)),
            ];
            for (t, _) in &pp.themes {
                cells.push(
                    pp.split
                        .iter()
                        .find(|(x, y, _)| x == h && y == t)
                        .map_or(Value::Empty, |(_, _, e)| Value::Etp(*e)),
                );
            }
            rows.push(Row::new(cells));
        }
        let mut coord = vec![
            Value::text("Coordinateur global"),
            Value::Etp(pp.coordinator),
            Value::Empty,
        ];
        coord.extend(pp.themes.iter().map(|_| Value::Empty));
        rows.push(Row::new(coord));
        let mut total = vec![Value::text("Total"), Value::SumColumn, Value::Empty];
        total.extend(pp.themes.iter().map(|_| Value::Empty));
        // The theme totals as planned (a theme may be held by no listed post).
        let mut themes = vec![
            Value::text("Totaux par thème"),
            Value::Etp(pp.themes.iter().map(|(_, v)| *v).sum()),
            Value::Empty,
        ];
        themes.extend(pp.themes.iter().map(|(_, v)| Value::Etp(*v)));
        let mut totals = vec![Row::new(total)];
        if !pp.themes.is_empty() {
            totals.push(Row::new(themes));
        }
        let mut notes = vec![
            "Schéma proposé par `ctgplan propose`\u{202f}; il passe `ctgplan check`".to_owned(),
        ];
        notes.extend(plan.notes.iter().map(|n| n.render(crate::i18n::Lang::Fr)));
        sheets.push(Sheet {
            name: format!("Proposition {}", pp.id),
            title: format!(
                "{}\u{a0}: schéma proposé, période {}",
                s.territory.name, pp.id
            ),
            notes,
            header,
            rows,
            totals,
        });
    }
    Book { sheets, errors: 0 }
}
