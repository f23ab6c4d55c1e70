//! A Caf's portfolio as a workbook (`ctgplan report caf.toml --out
//! portefeuille.xlsx`): the years (co-financed ETP, the envelope and what
//! is left, the Caf's euros and the communes' rest), the territories year
//! by year, the themes across territories, the renewals. Figures are
//! `portfolio::summary`'s, written as numbers; "?" where a file does not
//! give one.

use crate::check::portfolio::PortfolioCheck;
use crate::i18n::Lang;
use crate::portfolio::summary::Summary;
use crate::xlsx::{Book, Row, Sheet, Value};

pub fn book(pc: &PortfolioCheck, s: &Summary, lang: Lang) -> Book {
    let fr = lang == Lang::Fr;
    let tr = |a: &str, b: &str| if fr { a } else { b }.to_owned();
    let caf = pc
        .portfolio
        .as_ref()
        .map_or_else(String::new, |p| p.caf.id.clone());
    let name = |t: usize| {
        pc.covered
            .get(t)
            .map_or_else(String::new, |c| c.scenario.territory.name.clone())
    };
    let period = |t: usize, k: usize| {
        pc.covered
            .get(t)
            .and_then(|c| c.scenario.periods.get(k))
            .map_or_else(String::new, |p| p.name().to_owned())
    };
    let mut notes = vec![tr(
        "ETP cofinancés\u{a0}: le `caf_total` de chaque période, ou son total quand elle n'en a pas.",
        "Co-financed ETP: each period's `caf_total`, or its total when it has none.",
    )];
    if let Some(a) = pc.portfolio.as_ref().and_then(|p| p.assumption.clone()) {
        notes.push(format!("{} {a}", tr("Hypothèse\u{a0}:", "Assumption:")));
    }
    let years = Sheet {
        name: tr("Années", "Years"),
        title: format!("{} — {caf}", tr("Portefeuille CTG", "CTG portfolio")),
        notes,
        header: vec![
            tr("Année", "Year"),
            tr("ETP cofinancés", "Co-financed ETP"),
            tr("Enveloppe (ETP)", "Envelope (ETP)"),
            tr("Restant (ETP)", "Left (ETP)"),
            tr("Caf €/an", "Caf €/year"),
            tr("Reste des communes €/an", "Communes' rest €/year"),
            tr("Enveloppe €", "Envelope €"),
            tr("Restant €", "Left €"),
        ],
        rows: s
            .years
            .iter()
            .map(|y| {
                let opt_etp = |v: Option<rust_decimal::Decimal>| v.map_or(Value::Empty, Value::Etp);
                let opt_eur = |v: Option<i64>| v.map_or(Value::Empty, Value::Eur);
                Row::new(vec![
                    Value::Int(i64::from(y.year)),
                    Value::etp(y.etp),
                    opt_etp(y.envelope_etp),
                    opt_etp(y.left_etp),
                    Value::eur(y.caf),
                    Value::eur(y.rest),
                    opt_eur(y.envelope_euros),
                    opt_eur(y.left_euros),
                ])
                .breach(
                    y.left_etp
                        .is_some_and(|l| l.is_sign_negative() && !l.is_zero())
                        || y.left_euros.is_some_and(|l| l < 0),
                )
            })
            .collect(),
        totals: Vec::new(),
    };
    let territories = Sheet {
        name: tr("Territoires", "Territories"),
        title: tr("Par année et par territoire", "Per year and territory"),
        notes: Vec::new(),
        header: vec![
            tr("Année", "Year"),
            tr("Territoire", "Territory"),
            tr("Fichier", "File"),
            tr("Période", "Period"),
            tr("ETP cofinancés", "Co-financed ETP"),
            tr("Caf €/an", "Caf €/year"),
            tr("Reste des communes €/an", "Communes' rest €/year"),
        ],
        rows: s
            .years
            .iter()
            .flat_map(|y| y.rows.iter().map(move |r| (y.year, r)))
            .map(|(year, r)| {
                Row::new(vec![
                    Value::Int(i64::from(year)),
                    Value::text(name(r.territory)),
                    Value::text(
                        pc.covered
                            .get(r.territory)
                            .map_or_else(String::new, |c| c.file.clone()),
                    ),
                    Value::text(period(r.territory, r.period)),
                    Value::etp(r.etp),
                    Value::eur(r.caf),
                    Value::eur(r.rest),
                ])
            })
            .collect(),
        totals: Vec::new(),
    };
    let mut header = vec![tr("Année", "Year")];
    header.extend(s.themes.iter().cloned());
    header.push(tr("Coordinateur", "Coordinator"));
    let themes = Sheet {
        name: tr("Thèmes", "Themes"),
        title: tr(
            "Thèmes de l'ensemble des territoires (ETP)",
            "Themes across territories (ETP)",
        ),
        notes: vec![tr(
            "Seulement les territoires qui donnent des totaux par thème.",
            "Only the territories that give theme totals.",
        )],
        header,
        rows: s
            .years
            .iter()
            .map(|y| {
                let mut cells = vec![Value::Int(i64::from(y.year))];
                cells.extend(s.themes.iter().map(|id| {
                    y.themes
                        .iter()
                        .find(|(t, _)| t == id)
                        .map_or(Value::Unknown, |(_, v)| Value::Etp(*v))
                }));
                cells.push(Value::Etp(y.coordinator));
                Row::new(cells)
            })
            .collect(),
        totals: Vec::new(),
    };
    let renewals = Sheet {
        name: tr("Renouvellements", "Renewals"),
        title: tr("Renouvellements à venir", "Renewals due"),
        notes: Vec::new(),
        header: vec![
            tr("Fin", "Ends"),
            tr("Renouvellement pour", "Renewal for"),
            tr("Territoire", "Territory"),
            tr("Dernière période", "Last period"),
        ],
        rows: s
            .renewals
            .iter()
            .map(|r| {
                Row::new(vec![
                    Value::Int(i64::from(r.last_year)),
                    Value::Int(i64::from(r.last_year) + 1),
                    Value::text(name(r.territory)),
                    Value::text(period(r.territory, r.period)),
                ])
            })
            .collect(),
        totals: Vec::new(),
    };
    Book {
        sheets: vec![years, territories, themes, renewals],
        errors: pc
            .report
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .count(),
    }
}
