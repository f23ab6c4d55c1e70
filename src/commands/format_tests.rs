use super::{resolve_format, TableFormat};
use std::path::Path;

fn r(format: Option<TableFormat>, out: Option<&str>) -> Result<TableFormat, String> {
    resolve_format(format, out.map(Path::new)).map_err(|e| e.to_string())
}

#[test]
fn the_extension_chooses_the_format() {
    assert_eq!(r(None, Some("couts.xlsx")), Ok(TableFormat::Xlsx));
    assert_eq!(r(None, Some("COUTS.XLSX")), Ok(TableFormat::Xlsx));
    assert_eq!(r(None, Some("couts.csv")), Ok(TableFormat::Csv));
    assert_eq!(r(None, Some("couts.json")), Ok(TableFormat::Json));
    assert_eq!(r(None, Some("couts.txt")), Ok(TableFormat::Human));
    assert_eq!(r(None, None), Ok(TableFormat::Human));
    assert_eq!(r(Some(TableFormat::Csv), Some("x")), Ok(TableFormat::Csv));
    assert_eq!(
        r(Some(TableFormat::Xlsx), Some("x.xlsx")),
        Ok(TableFormat::Xlsx)
    );
}

#[test]
fn a_mismatch_is_a_usage_error() {
    let e = r(Some(TableFormat::Csv), Some("a.xlsx")).expect_err("mismatch");
    assert!(e.contains("--format csv") && e.contains("a.xlsx"), "{e}");
    assert!(r(Some(TableFormat::Human), Some("a.csv")).is_err());
    assert!(r(Some(TableFormat::Xlsx), Some("a.csv")).is_err());
    assert!(r(Some(TableFormat::Xlsx), Some("a.txt")).is_err());
    assert!(r(Some(TableFormat::Xlsx), None).is_err());
    let e = r(None, Some("a.ods")).expect_err("ods");
    assert!(e.contains(".ods"), "{e}");
    assert!(r(None, Some("a.xls")).is_err());
}
