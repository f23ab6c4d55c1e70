//! The rule documentation stays true to the tool:
//! - docs/rules.md (English) and docs/fr/regles.md (French) are generated
//!   from the catalogue (`rules::all()` and `commands::catalogue::explain`)
//!   and must match it; `UPDATE_DOCS=1 cargo test --test rules_doc`
//!   rewrites them;
//! - each explanation's breaking example reports its code, its fixed example
//!   does not, and any output pasted under an example is what `ctgplan check`
//!   prints for it; the French explanations' examples likewise.

use codespan_reporting::term::termcolor::NoColor;
use ctgplan::check::{check_loaded, FileReport};
use ctgplan::commands::catalogue;
use ctgplan::diagnostic::Severity;
use ctgplan::i18n::Lang;
use ctgplan::render::human::write_diagnostic;
use ctgplan::rules::{self, Family, Rule};
use ctgplan::scenario::load_str;
use std::path::Path;

const DOC: &str = "docs/rules.md";
const DOC_FR: &str = "docs/fr/regles.md";

fn explain(rule: &Rule, lang: Lang) -> String {
    catalogue::explain(rule, lang)
}

/// Examples are excerpts: this is appended when they lack a `[territory]`
/// (at the end, so that line numbers in pasted output match the excerpt).
const TERRITORY: &str = "\n[territory]\nname = \"Vallée des Baux-Alpilles\"\n";

/// Name under which examples are checked, as in the pasted output.
const EXAMPLE_FILE: &str = "scenario.toml";

// ---- the catalogue -------------------------------------------------------

fn render_catalogue(lang: Lang) -> String {
    let all = rules::all();
    let input_codes: Vec<&str> = all
        .iter()
        .filter(|r| r.family == Family::Input)
        .map(|r| r.code.as_str())
        .collect();
    let mut s = String::new();
    if lang == Lang::Fr {
        s.push_str("# Catalogue des règles\n\n");
        s.push_str(
            "<!-- Produit à partir des modules des règles par `UPDATE_DOCS=1 cargo test --test rules_doc`.\n     \
             Ne pas modifier : modifiez les explications src/rules/**/*.fr.md et src/rules/french.rs. -->\n\n",
        );
        s.push_str(&format!(
            "Tous les codes que `ctgplan check` peut signaler. `ctgplan rules` les liste et \
             `ctgplan explain CODE` explique l'un d'eux. Les codes de saisie ({}) disent qu'un \
             fichier n'a pas pu être vérifié du tout (code de sortie 2) ; les autres codes sont \
             des manquements au catalogue (code de sortie 1 pour une erreur ; les avertissements \
             ne font échouer la vérification qu'avec `--deny warnings`). Codes et noms sont les \
             mêmes dans les deux langues. English: [../rules.md](../rules.md).\n\n",
            input_codes.join(", ")
        ));
        s.push_str("| Code | Nom | Gravité | Résumé |\n|---|---|---|---|\n");
    } else {
        s.push_str("# Rule catalogue\n\n");
        s.push_str(
        "<!-- Generated from the rule modules by `UPDATE_DOCS=1 cargo test --test rules_doc`.\n     \
         Do not edit: edit the explanations in src/rules/*.md, src/rules/input/*.md and src/rules/portfolio/*.md. -->\n\n",
    );
        s.push_str(&format!(
            "Every code `ctgplan check` can report. `ctgplan rules` lists them and \
         `ctgplan explain CODE` prints one explanation. Input codes ({}) mean that a \
         file could not be checked at all (exit code 2); the other codes are breaches \
         of the catalogue (exit code 1 for an error; warnings fail the check only with \
         `--deny warnings`).\n\n",
            input_codes.join(", ")
        ));
        s.push_str("| Code | Name | Severity | Summary |\n|---|---|---|---|\n");
    }
    for r in all {
        s.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} |\n",
            r.code,
            slug(&heading(r, lang)),
            r.name,
            catalogue::severity_word(r.severity, lang),
            r.summary_in(lang).replace('|', "\\|")
        ));
    }
    for r in all {
        s.push('\n');
        s.push_str(&section(r, lang));
    }
    s
}

/// The first line of `explain`: "CTG030 period-total (error)".
fn heading(rule: &Rule, lang: Lang) -> String {
    explain(rule, lang)
        .lines()
        .next()
        .unwrap_or(rule.code.as_str())
        .to_owned()
}

/// One rule's `explain` text, its first line as a `##` heading and its own
/// `##` sections demoted one level (outside code blocks).
fn section(rule: &Rule, lang: Lang) -> String {
    let text = explain(rule, lang);
    let mut lines = text.lines();
    let mut out = format!("## {}\n", lines.next().unwrap_or(rule.code.as_str()));
    let mut in_code = false;
    for line in lines {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with("## ") {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// GitHub's anchor for a heading: lower case, spaces to hyphens, other
/// punctuation dropped.
fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn write_atomically(path: &Path, text: &str) {
    let dir = path.parent().expect("docs path has a parent");
    std::fs::create_dir_all(dir).expect("create docs/");
    let tmp = dir.join(format!(".rules.md.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text).expect("write temporary file");
    std::fs::rename(&tmp, path).expect("replace the catalogue");
}

#[test]
fn catalogue_doc_is_up_to_date() {
    catalogue_doc_matches(DOC, Lang::En);
}

#[test]
fn french_catalogue_doc_is_up_to_date() {
    catalogue_doc_matches(DOC_FR, Lang::Fr);
}

fn catalogue_doc_matches(doc: &str, lang: Lang) {
    const DOC: &str = "the catalogue";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(doc);
    let generated = render_catalogue(lang);
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        write_atomically(&path, &generated);
        return;
    }
    let committed = match std::fs::read_to_string(&path) {
        Ok(t) => t.replace("\r\n", "\n"),
        Err(e) => panic!(
            "cannot read {DOC}: {e}\nrun `UPDATE_DOCS=1 cargo test --test rules_doc` to create it"
        ),
    };
    if committed != generated {
        let (n, old, new) = committed
            .lines()
            .map(Some)
            .chain(std::iter::repeat(None))
            .zip(generated.lines().map(Some).chain(std::iter::repeat(None)))
            .take_while(|(a, b)| a.is_some() || b.is_some())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| {
                (
                    i + 1,
                    a.unwrap_or("<end of file>"),
                    b.unwrap_or("<end of file>"),
                )
            })
            .unwrap_or((0, "<trailing newline>", "<trailing newline>"));
        panic!(
            "{doc} has drifted from the rule catalogue; first difference at line {n}:\n  \
             in {DOC}:  {old}\n  generated: {new}\n\
             run `UPDATE_DOCS=1 cargo test --test rules_doc` to regenerate it"
        );
    }
}

#[test]
fn catalogue_has_every_rule_once_with_its_sections() {
    let doc = render_catalogue(Lang::En);
    let doc_fr = render_catalogue(Lang::Fr);
    for r in rules::all() {
        let row = format!("| [{}](#", r.code);
        assert_eq!(doc.matches(&row).count(), 1, "table row of {}", r.code);
        assert_eq!(doc_fr.matches(&row).count(), 1, "French row of {}", r.code);
        let head_fr = format!("\n## {}\n", heading(r, Lang::Fr));
        assert_eq!(
            doc_fr.matches(&head_fr).count(),
            1,
            "French heading of {}",
            r.code
        );
        let head = format!("\n## {}\n", heading(r, Lang::En));
        assert_eq!(doc.matches(&head).count(), 1, "heading of {}", r.code);
        let body = &doc[doc.find(&head).unwrap_or(0)..];
        let body = &body[..body[1..].find("\n## ").map_or(body.len(), |i| i + 1)];
        for s in [
            "### What it checks",
            "### Why",
            "### Example",
            "### How to fix",
        ] {
            assert!(body.contains(s), "{}: no `{s}` in the catalogue", r.code);
        }
    }
    assert_eq!(
        slug("CTG030 period-total (error)"),
        "ctg030-period-total-error"
    );
}

// ---- the examples --------------------------------------------------------

struct Block<'a> {
    lang: &'a str,
    text: &'a str,
    /// Byte offset of the opening fence in the explanation.
    at: usize,
}

/// The fenced code blocks of a Markdown text.
fn code_blocks(md: &str) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut open: Option<(&str, usize, usize)> = None;
    let mut offset = 0;
    for line in md.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if let Some(rest) = trimmed.strip_prefix("```") {
            match open.take() {
                None => open = Some((rest, offset, offset + line.len())),
                Some((lang, at, start)) => blocks.push(Block {
                    lang,
                    text: &md[start..offset],
                    at,
                }),
            }
        }
        offset += line.len();
    }
    blocks
}

fn check_example(rule: &Rule, toml: &str) -> FileReport {
    // A portfolio example names real files, relative to the crate root.
    if rule.family == Family::Portfolio {
        let loaded = ctgplan::portfolio::load::load_str("caf.toml", toml);
        // Tests run in the crate root: relative names, as a user sees them.
        let root = Path::new("");
        return ctgplan::check::portfolio::check_loaded(loaded, root, None).report;
    }
    let mut text = toml.to_owned();
    if !text.contains("[territory]") {
        text.push_str(TERRITORY);
    }
    check_loaded(load_str(EXAMPLE_FILE, &text))
}

/// What `ctgplan check --color never` prints for the report, without the
/// summary line; trailing spaces dropped (editors strip them).
fn rendered(report: &FileReport, lang: Lang) -> String {
    let mut out = NoColor::new(Vec::new());
    for d in &report.diagnostics {
        write_diagnostic(&mut out, &report.source, d, lang).expect("render to memory");
    }
    normalise(&String::from_utf8_lossy(&out.into_inner()))
}

fn normalise(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_owned()
}

fn md_file(rule: &Rule, lang: Lang) -> String {
    let ext = match lang {
        Lang::Fr => "fr.md",
        Lang::En => "md",
    };
    if let Some(name) = rule.name.strip_prefix("import-") {
        return format!("src/rules/import/{}.{ext}", name.replace('-', "_"));
    }
    let dir = match rule.family {
        Family::Input => "src/rules/input",
        Family::Scenario => "src/rules",
        Family::Portfolio => "src/rules/portfolio",
    };
    format!("{dir}/{}.{ext}", rule.name.replace('-', "_"))
}

/// Checks one rule's examples; returns what is wrong with them.
fn example_problems(rule: &Rule, lang: Lang) -> Vec<String> {
    let md = rule.explanation_in(lang);
    let (example_head, fix_head) = match lang {
        Lang::Fr => ("## Exemple", "## Correction"),
        Lang::En => ("## Example", "## How to fix"),
    };
    let blocks = code_blocks(md);
    let tomls: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks[i].lang == "toml")
        .collect();
    // Bytes that are not UTF-8 cannot be written in a TOML example.
    // CTG007 is `propose`'s limit on a file `check` accepts: no TOML shows it.
    if rule.code == "CTG001" || rule.code == "CTG007" {
        return if tomls.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "{} is shown with console output, not TOML",
                rule.code
            )]
        };
    }
    // `import` reads tables, not TOML: its examples are the importer's
    // output, which tests/import.rs checks.
    if ctgplan::import::codes::ALL.contains(&rule.code) {
        return if tomls.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "{} is shown with the importer's output, not TOML",
                rule.code
            )]
        };
    }
    // Asks are command-line arguments: their examples are propose's output,
    // which tests/propose_cli.rs checks.
    if ctgplan::plan::ask::CODES.contains(&rule.code) {
        return if tomls.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "{} is shown with propose's output, not TOML",
                rule.code
            )]
        };
    }
    let [bad, fixed] = tomls[..] else {
        return vec![format!(
            "expected 2 toml blocks (breaking, fixed), found {}",
            tomls.len()
        )];
    };
    let mut problems = Vec::new();
    let example = md.find(example_head).unwrap_or(usize::MAX);
    let how = md.find(fix_head).unwrap_or(usize::MAX);
    if !(example < blocks[bad].at && blocks[bad].at < how) {
        problems.push("the breaking example is not under `## Example`".into());
    }
    if blocks[fixed].at < how {
        problems.push("the fixed example is not under `## How to fix`".into());
    }
    for (i, breaking) in [(bad, true), (fixed, false)] {
        let report = check_example(rule, blocks[i].text);
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        if breaking && !codes.contains(&rule.code.as_str()) {
            problems.push(format!(
                "the breaking example does not report {}; it reports {codes:?}",
                rule.code
            ));
        }
        if !breaking {
            if codes.contains(&rule.code.as_str()) {
                problems.push(format!("the fixed example still reports {}", rule.code));
            }
            if report.count(Severity::Error) > 0 {
                problems.push(format!("the fixed example has errors: {codes:?}"));
            }
        }
        // Output pasted right after an example must be what the tool prints.
        if let Some(out) = blocks.get(i + 1).filter(|b| b.lang == "text") {
            let between = &md[blocks[i].at..out.at];
            let after_fence = between.rfind("```").map_or(between, |k| &between[k + 3..]);
            let actual = rendered(&report, lang);
            if after_fence.trim().is_empty() && normalise(out.text) != actual {
                problems.push(format!(
                    "the output pasted after the {} example is not what ctgplan prints; it prints:\n{actual}",
                    if breaking { "breaking" } else { "fixed" }
                ));
            }
        }
    }
    problems
}

#[test]
fn examples_report_what_they_say() {
    let mut failures = String::new();
    for rule in rules::all() {
        for lang in [Lang::En, Lang::Fr] {
            for p in example_problems(rule, lang) {
                failures.push_str(&format!("\n{} ({}): {p}\n", rule.code, md_file(rule, lang)));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "rule explanations are wrong:{failures}"
    );
}

/// `UPDATE_DOCS=1`: writes under the breaking example of each French
/// explanation what `ctgplan --lang fr check` prints for it (the English
/// explanations' output is written by hand and checked above).
#[test]
fn french_examples_show_their_output() {
    if std::env::var_os("UPDATE_DOCS").is_none_or(|v| v != "1") {
        return;
    }
    for rule in rules::all() {
        let md = rule.explanation_in(Lang::Fr);
        let blocks = code_blocks(md);
        let Some(bad) = blocks.iter().position(|b| b.lang == "toml") else {
            continue;
        };
        if ctgplan::import::codes::ALL.contains(&rule.code) {
            continue;
        }
        let output = rendered(&check_example(rule, blocks[bad].text), Lang::Fr);
        let close = blocks[bad].at
            + md[blocks[bad].at..].find(blocks[bad].text).unwrap_or(0)
            + blocks[bad].text.len();
        let after_close = close + md[close..].find('\n').map_or(0, |i| i + 1);
        let fresh = format!("\n```text\n{output}\n```\n");
        let end = match blocks.get(bad + 1).filter(|b| b.lang == "text") {
            Some(b) => {
                let body_end = b.at + md[b.at..].find(b.text).unwrap_or(0) + b.text.len();
                body_end + md[body_end..].find('\n').map_or(0, |i| i + 1)
            }
            None => after_close,
        };
        let mut text = md.to_owned();
        text.replace_range(after_close..end, &fresh);
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(md_file(rule, Lang::Fr));
        std::fs::write(&path, text).expect("write the French explanation");
    }
}

#[test]
fn code_blocks_are_found_with_their_language() {
    let md = "## Example\n\n```toml\na = 1\n```\n\n```text\nout\n```\n";
    let b = code_blocks(md);
    assert_eq!(b.len(), 2);
    assert_eq!((b[0].lang, b[0].text), ("toml", "a = 1\n"));
    assert_eq!((b[1].lang, b[1].text), ("text", "out\n"));
    assert_eq!(&md[b[0].at..b[0].at + 3], "```");
}
