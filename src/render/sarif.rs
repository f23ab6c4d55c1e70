//! `check --format sarif`: SARIF 2.1.0 for code scanning (GitHub, Azure
//! DevOps, IDE viewers), with the whole rule catalogue as
//! `tool.driver.rules`. Columns are counted in characters (`columnKind`
//! "unicodeCodePoints"), as `check` counts them.

use super::located::{self, path_uri, Located};
use crate::check::Report;
use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::rules;
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, PhysicalLocation,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Tool, ToolComponent,
};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Anchor of a rule's section in docs/rules.md ("## CTG030 period-total (error)").
pub fn rules_anchor(rule: &rules::Rule) -> String {
    format!(
        "{}-{}-{}",
        rule.code.to_string().to_ascii_lowercase(),
        rule.name,
        rule.severity.as_str()
    )
}

/// Where a rule is explained: its section of docs/rules.md. SARIF wants an
/// absolute URI, so it needs the address the docs are published at:
/// `CTGPLAN_DOCS_URL` (the URL of docs/rules.md) at run time, else the
/// package's `repository` at build time. Without either, no `helpUri`: the help
/// text names the relative path instead.
pub fn help_uri(rule: &rules::Rule) -> Option<String> {
    let base = std::env::var("CTGPLAN_DOCS_URL")
        .ok()
        .filter(|u| u.contains("://"))
        .or_else(|| {
            option_env!("CARGO_PKG_REPOSITORY")
                .filter(|r| !r.is_empty())
                .map(|r| format!("{}/blob/main/docs/rules.md", r.trim_end_matches('/')))
        })?;
    Some(format!("{base}#{}", rules_anchor(rule)))
}

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
    }
}

fn descriptor(rule: &rules::Rule) -> ReportingDescriptor {
    let explanation = format!(
        "{}\n\nSee docs/rules.md#{}.",
        rule.explanation.trim(),
        rules_anchor(rule)
    );
    let descriptor = ReportingDescriptor::builder()
        .id(rule.code.to_string())
        .name(rule.name)
        .short_description(
            MultiformatMessageString::builder()
                .text(format!("{}.", rule.summary))
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(explanation.clone())
                .markdown(explanation)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::Value::from(rule.severity.as_str()))
                .build(),
        );
    match help_uri(rule) {
        Some(uri) => descriptor.help_uri(uri).build(),
        None => descriptor.build(),
    }
}

fn result(l: &Located) -> SarifResult {
    let location = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(path_uri(l.file)).build());
    let location = match l.start.zip(l.end) {
        Some((s, e)) => location
            .region(
                Region::builder()
                    .start_line(to_i64(s.line))
                    .start_column(to_i64(s.column))
                    .end_line(to_i64(e.line))
                    .end_column(to_i64(e.column))
                    .build(),
            )
            .build(),
        None => location.build(),
    };
    let result = SarifResult::builder()
        .rule_id(l.code.clone())
        .level(level(l.severity()))
        .message(Message::builder().text(l.full_text()).build())
        .locations(vec![Location::builder()
            .physical_location(location)
            .build()]);
    let index = rules::find(&l.code)
        .and_then(|rule| rules::all().iter().position(|r| std::ptr::eq(*r, rule)));
    match index {
        Some(i) => result.rule_index(to_i64(i)).build(),
        None => result.build(),
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub fn document(report: &Report, lang: Lang) -> Sarif {
    let version = env!("CARGO_PKG_VERSION");
    let driver = ToolComponent::builder()
        .name("ctgplan")
        .version(version)
        .semantic_version(version)
        .rules(
            rules::all()
                .iter()
                .map(|r| descriptor(r))
                .collect::<Vec<_>>(),
        );
    let driver = match option_env!("CARGO_PKG_REPOSITORY").filter(|r| !r.is_empty()) {
        Some(repo) => driver.information_uri(repo).build(),
        None => driver.build(),
    };
    let results: Vec<SarifResult> = located::all(report, lang).iter().map(result).collect();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        // Unusable input means the check did not run on that file.
        .invocations(vec![Invocation::builder()
            .execution_successful(!report.files.iter().any(|f| f.unusable()))
            .build()])
        .results(results)
        .build();
    Sarif::builder()
        .schema(SCHEMA)
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build()
}

pub fn to_string(report: &Report, lang: Lang) -> String {
    serde_json::to_string_pretty(&document(report, lang))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
