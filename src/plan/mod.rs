//! Planning: build an integer program from a scenario, solve it, verify the
//! answer exactly, and explain an impossible ask.

pub mod apply;
pub mod ask;
pub mod build;
pub mod guard;
pub mod negotiate;
/// The integer program (a leaf module, so that rules can add rows to it).
pub use crate::lp;
pub mod portfolio;
pub mod propose;
pub mod reasons;
pub mod solve;
pub mod spread;
pub mod table;
pub mod ways_out;

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every `.rs` file under `dir`, recursively.
    fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable source directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// A code's text (`CTG` and three digits) or a rule's `Code::` variant.
    /// A module's declaration of a code it owns (`pub const ASK: Code =
    /// Code::…;`, the planner's own codes) is its home, not a use.
    fn names_a_rule_code(line: &str) -> bool {
        let t = line.trim_start();
        if t.starts_with("pub const ") && t.contains(": Code = Code::") {
            return false;
        }
        let literal = line.as_bytes().windows(6).any(|w| {
            w.starts_with(b"CTG") && w.get(3..).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        });
        let variant = line.match_indices("Code::").any(|(i, _)| {
            line.get(i + 6..).is_some_and(|rest| {
                rest.starts_with(|c: char| c.is_ascii_uppercase()) && !rest.starts_with("Planner")
            })
        });
        literal || variant
    }

    #[test]
    fn the_scan_sees_literals_and_variants() {
        // Split so that this file passes its own scan.
        assert!(names_a_rule_code(concat!(
            r#"assert_eq!(d.code, "CT"#,
            r#"G011");"#
        )));
        assert!(names_a_rule_code(concat!("// the floor (CT", "G020)")));
        assert!(names_a_rule_code(concat!("code: Code", "::PeriodTotal,")));
        assert!(!names_a_rule_code("lp.group(Code::Planner, None)"));
        assert!(!names_a_rule_code("code: period_total::RULE.code,"));
        assert!(!names_a_rule_code("CTG and 0"));
        assert!(!names_a_rule_code(concat!(
            "pub const ASK: Code = Code",
            "::Ask;"
        )));
    }

    /// One home per rule: the planner names a rule only through its module
    /// (`rules::<rule>::RULE.code`, its `rows`, its `relaxation`), never by
    /// a code literal. `Code::Planner` is the planner's own.
    #[test]
    fn no_rule_code_literal_in_the_planner() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/plan"),
            &mut files,
        );
        files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lp.rs"));
        assert!(files.len() > 5, "{files:?}");
        let mut found = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).expect("readable source");
            for (n, line) in text.lines().enumerate() {
                if names_a_rule_code(line) {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(
            found.is_empty(),
            "rule codes named outside their homes:\n{}",
            found.join("\n")
        );
    }
}
