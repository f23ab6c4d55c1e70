//! `check --format junit`: JUnit XML, one test case per file (Jenkins,
//! GitLab's test report, Azure DevOps). A file with an error fails; a file
//! with warnings only passes, with the warnings in its output, unless
//! warnings are denied (`--deny warnings`): then they fail it, as the exit
//! code does.

use super::located::{self, Located};
use super::words;
use crate::check::Report;
use crate::diagnostic::Severity;
use crate::i18n::{Lang, Text};
use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

fn line(l: &Located) -> String {
    let at = match l.start {
        Some(s) => format!("{}:{}:{}", l.file, s.line, s.column),
        None => l.file.to_owned(),
    };
    format!(
        "{}[{}]: {at}: {}",
        l.severity().as_str(),
        l.code,
        l.full_text().replace('\n', "\n    ")
    )
}

pub fn document(report: &Report, deny_warnings: bool, lang: Lang) -> JunitReport {
    let mut suite = TestSuite::new("ctgplan check");
    for file in &report.files {
        let found: Vec<Located> = file
            .diagnostics
            .iter()
            .map(|d| located::locate(&file.source, d, lang))
            .collect();
        let text: Vec<String> = found.iter().map(line).collect();
        let errors = file.count(Severity::Error);
        let warnings = file.count(Severity::Warning);
        let failing = errors + if deny_warnings { warnings } else { 0 };
        let status = if file.unusable() {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
            s.set_message(Text::new(&words::JUNIT_UNUSABLE).render(lang))
                .set_type("unusable")
                .set_description(text.join("\n"));
            s
        } else if failing > 0 {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_message(words::counts(lang, errors, warnings))
                .set_type("breaches")
                .set_description(text.join("\n"));
            s
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(file.source.name(), status);
        case.set_classname("ctgplan.check");
        if failing == 0 && !text.is_empty() {
            case.set_system_out(text.join("\n"));
        }
        suite.add_test_case(case);
    }
    let mut out = JunitReport::new("ctgplan");
    out.add_test_suite(suite);
    out
}

pub fn to_string(report: &Report, deny_warnings: bool, lang: Lang) -> String {
    document(report, deny_warnings, lang)
        .to_string()
        .unwrap_or_else(|e| format!("<!-- cannot write JUnit XML: {e} -->"))
}
