use super::*;
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn read(bytes: Vec<u8>, sheet: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
    wb.worksheet_range(sheet).expect("sheet")
}

fn sample(errors: usize) -> Book {
    Book {
        errors,
        sheets: vec![Sheet {
            name: "Coûts 2026".to_owned(),
            title: "Coûts".to_owned(),
            notes: vec!["=HYPERLINK(\"x\")".to_owned()],
            header: vec![
                "Commune".into(),
                "ETP".into(),
                "Propres".into(),
                "Reste".into(),
                "Somme".into(),
            ],
            rows: vec![
                Row::new(vec![
                    Value::text("A"),
                    Value::Etp(dec("0.2")),
                    Value::Eur(20),
                    Value::Eur(1_000_001),
                    Value::SumRow(2, 3),
                ]),
                Row::new(vec![
                    Value::text("-B"),
                    Value::Etp(dec("0.1")),
                    Value::Unknown,
                    Value::Eur(99),
                    Value::SumRow(1, 3),
                ])
                .breach(true),
            ],
            totals: vec![Row::new(vec![
                Value::text("Total"),
                Value::SumColumn,
                Value::SumColumn,
                Value::SumColumn,
                Value::Empty,
            ])],
        }],
    }
}

#[test]
fn columns_and_cells_are_named_as_spreadsheets_do() {
    assert_eq!(col_name(0), "A");
    assert_eq!(col_name(25), "Z");
    assert_eq!(col_name(26), "AA");
    assert_eq!(col_name(701), "ZZ");
    assert_eq!(col_name(702), "AAA");
    assert_eq!(cell_ref(6, 2), "C7");
}

#[test]
fn tab_names_are_valid_and_unique() {
    let taken = vec!["Total".to_owned()];
    assert_eq!(tab_name("a/b:c", &[]), "a-b-c");
    assert_eq!(tab_name("total", &taken), "total (2)");
    assert_eq!(tab_name("", &[]), "Feuille");
    assert_eq!(tab_name(&"x".repeat(40), &[]).chars().count(), 31);
}

#[test]
fn sums_are_exact_and_unknown_stays_unknown() {
    let v = [Value::Eur(10), Value::Empty, Value::Eur(-3)];
    assert_eq!(sum_values(&v), Value::Eur(7));
    let v = [Value::Etp(dec("0.1")), Value::Etp(dec("0.2"))];
    assert_eq!(sum_values(&v), Value::Etp(dec("0.3")));
    let v = [Value::Etp(dec("0.1")), Value::Unknown];
    assert_eq!(sum_values(&v), Value::Unknown);
    let v = [Value::Etp(dec("0.1")), Value::Eur(1)];
    assert_eq!(sum_values(&v), Value::Unknown, "no sum across kinds");
    assert_eq!(sum_values(&[Value::Empty]), Value::Empty);
}

#[test]
fn workbook_reads_back_with_exact_cached_totals() {
    let bytes = to_bytes(&sample(0)).expect("writes");
    let r = read(bytes, "Coûts 2026");
    // Title, note, blank row, header on row 4 (1-based).
    assert_eq!(r.get_value((0, 0)), Some(&Data::String("Coûts".to_owned())));
    assert_eq!(
        r.get_value((3, 0)),
        Some(&Data::String("Commune".to_owned()))
    );
    assert_eq!(r.get_value((4, 1)), Some(&Data::Float(0.2)));
    assert_eq!(r.get_value((4, 3)), Some(&Data::Float(10000.01)));
    // Row sum and column totals: formulas whose cached values are exact.
    assert_eq!(r.get_value((4, 4)), Some(&Data::Float(10000.21)));
    assert_eq!(r.get_value((6, 1)), Some(&Data::Float(0.3)));
    assert_eq!(r.get_value((6, 3)), Some(&Data::Float(10001.0)));
    // Unknown figures, or figures of different kinds, give no total: "?".
    assert_eq!(r.get_value((5, 2)), Some(&Data::String("?".to_owned())));
    assert_eq!(r.get_value((5, 4)), Some(&Data::String("?".to_owned())));
    assert_eq!(r.get_value((6, 2)), Some(&Data::String("?".to_owned())));
}

#[test]
fn formulas_are_written_over_the_data_rows() {
    let bytes = to_bytes(&sample(2)).expect("writes");
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
    let f = wb.worksheet_formula("Coûts 2026").expect("formulas");
    let texts: Vec<String> = f
        .cells()
        .filter(|(_, _, t)| !t.is_empty())
        .map(|(_, _, t)| t.clone())
        .collect();
    // The banner pushes everything one row down.
    assert_eq!(texts, ["SUM(C6:D6)", "SUM(B6:B7)", "SUM(D6:D7)"]);
}

#[test]
fn an_invalid_scenario_is_marked_on_top_of_every_sheet() {
    let mut book = sample(3);
    let mut second = book.sheets[0].clone();
    second.name = "Autre".to_owned();
    book.sheets.push(second);
    let bytes = to_bytes(&book).expect("writes");
    for name in ["Coûts 2026", "Autre"] {
        let r = read(bytes.clone(), name);
        assert_eq!(
            r.get_value((0, 0)),
            Some(&Data::String(
                "Scénario invalide\u{a0}: 3 erreurs".to_owned()
            ))
        );
    }
    assert_eq!(invalid_banner(1), "Scénario invalide\u{a0}: 1 erreur");
}

#[test]
fn formula_like_text_is_stored_as_text() {
    let bytes = to_bytes(&sample(0)).expect("writes");
    let r = read(bytes.clone(), "Coûts 2026");
    assert_eq!(
        r.get_value((1, 0)),
        Some(&Data::String("=HYPERLINK(\"x\")".to_owned()))
    );
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
    let f = wb.worksheet_formula("Coûts 2026").expect("formulas");
    assert!(f
        .cells()
        .all(|(_, _, t)| t.is_empty() || t.starts_with("SUM(")));
}
