//! `ctgplan report`: the Markdown report as a snapshot, the HTML report's
//! structure (self-contained, escaped), numbers in French and English, and
//! the command's file handling and exit codes. The browser's view of the
//! HTML is in tests/report_browser.rs.

mod common;

use ctgplan::report::{render_str, Lang, ReportFormat};
use insta_cmd::get_cargo_bin;
use proptest::prelude::*;
use std::path::Path;
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const VALLEE: &str = "scenarios/vallee-des-baux-alpilles.toml";

fn ctgplan(args: &[&str]) -> Command {
    let mut cmd = Command::new(get_cargo_bin("ctgplan"));
    cmd.current_dir(ROOT).args(args);
    for var in ["CTGPLAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(var);
    }
    cmd
}

fn run(cmd: &mut Command, exit: i32) -> Output {
    let out = cmd.output().expect("the binary runs");
    assert_eq!(
        out.status.code(),
        Some(exit),
        "{cmd:?}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn report_of(path: &str, format: ReportFormat, lang: Lang) -> String {
    let text = std::fs::read_to_string(Path::new(ROOT).join(path)).expect("scenario readable");
    render_str(path, &text, format, lang)
        .expect("the scenario loads")
        .expect("the report renders")
}

fn vallee(format: ReportFormat, lang: Lang) -> String {
    report_of(VALLEE, format, lang)
}

#[test]
fn markdown_report_vallee_fr() {
    insta::assert_snapshot!("vallee_md_fr", vallee(ReportFormat::Md, Lang::Fr));
}

#[test]
fn markdown_report_vallee_en() {
    insta::assert_snapshot!("vallee_md_en", vallee(ReportFormat::Md, Lang::En));
}

/// Every `src`/`href` value of a page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["src=", "href="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let value: String = rest
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '>'))
                .collect();
            out.push(value);
        }
    }
    out
}

#[test]
fn html_report_is_self_contained() {
    for lang in [Lang::Fr, Lang::En] {
        let html = vallee(ReportFormat::Html, lang);
        assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
        let lower = html.to_lowercase();
        // Nothing to fetch: no stylesheet, script, font, image or frame.
        for needle in [
            "<link",
            "<script",
            "<img",
            "<iframe",
            "<object",
            "<embed",
            "@import",
            "url(",
            "@font-face",
        ] {
            assert!(!lower.contains(needle), "{needle} in the {lang:?} report");
        }
        let links = links(&html);
        assert!(!links.is_empty(), "the contents link to the sections");
        for l in &links {
            assert!(
                l.starts_with('#'),
                "only links inside the page are allowed, found {l}"
            );
        }
        assert!(!lower.contains("http://") && !lower.contains("https://"));
        // Inline CSS and the two inline SVG charts.
        assert_eq!(html.matches("<style>").count(), 1);
        assert!(html.contains("<svg class=\"chart\" id=\"chart-themes\""));
        assert!(html.contains("<svg class=\"chart\" id=\"chart-communes\""));
        assert_eq!(html.matches("<svg").count(), 2);
        assert_eq!(html.matches("</svg>").count(), 2);
    }
}

#[test]
fn html_report_shows_the_scheme_checks_and_costs() {
    let html = vallee(ReportFormat::Html, Lang::En);
    for text in [
        "Vallée des Baux-Alpilles",
        "Caf des Bouches-du-Rhône",
        // Section titles.
        "Summary by period",
        "The scheme of each period",
        "Changes between periods",
        "Check results",
        "Costs per year",
        // The check's codes and the split the check found.
        "<code>CTG061</code>",
        "<code>CTG041</code>",
        "found by the theme-split check (CTG040)",
        // The assumptions under the euro figures are shown with them.
        "Hypothèses de travail, à confirmer",
        "2026 → 2027-2030",
    ] {
        assert!(html.contains(text), "missing: {text}");
    }
    // Theme totals of 2026 and 2027-2030 in the summary table.
    let summary = section(&html, "summary");
    assert!(summary.contains(
        "<th scope=\"row\">Petite enfance &#x2f; inclusion</th><td class=\"num\">?</td><td class=\"num\">1.6</td><td class=\"num\">1.7</td>"
    ), "{summary}");
    // The 2026 → 2027-2030 move: +0.2 at Aureille.
    let changes = section(&html, "changes");
    assert!(changes.contains(
        "<th scope=\"row\">Aureille</th><td class=\"num\">0</td><td class=\"num\">0.2</td><td class=\"num\">+0.2</td>"
    ));
}

/// The text of `<section id="{id}">`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[test]
fn numbers_are_written_as_each_language_writes_them() {
    let fr = vallee(ReportFormat::Html, Lang::Fr);
    let en = vallee(ReportFormat::Html, Lang::En);
    // Aureille's share of the shared coordinator in 2026.
    assert!(fr.contains("<td class=\"num\">1\u{202f}652,77</td>"));
    assert!(en.contains("<td class=\"num\">1,652.77</td>"));
    assert!(!fr.contains("1,652.77") && !en.contains("1\u{202f}652,77"));
    // Theme totals.
    assert!(fr.contains("<td class=\"num\">1,6</td>"));
    assert!(en.contains("<td class=\"num\">1.6</td>"));
    // Amounts in running text.
    assert!(fr.contains("30\u{202f}000,00\u{a0}€"));
    assert!(en.contains("€30,000.00"));
    assert!(fr.contains("<html lang=\"fr\">") && en.contains("<html lang=\"en\">"));
    assert!(fr.contains("Chargés de coopération") && en.contains("Cooperation officers"));
    // Codes are the same in both languages.
    for code in ["CTG061", "CTG041"] {
        assert!(fr.contains(code) && en.contains(code));
    }
}

const HOSTILE: &str = r#"
[territory]
name = "T & <b>co</b>"
caf = "Caf \"quoted\" 'single'"
[themes]
petite_enfance = "PE <i>x</i> | pipe"
[[commune]]
id = "evil"
name = "<script>alert(1)</script>"
themes = ["petite_enfance"]
[[commune]]
id = "md"
name = "*bold* [link](javascript:alert(1)) `code` <img src=x onerror=alert(1)>"
themes = ["petite_enfance"]
[[period]]
id = "2026"
label = "</title><script>alert(2)</script>"
total = 1
themes = { petite_enfance = 1 }
[period.posts]
evil = { etp = 0.5 }
md = { etp = 0.5 }
"#;

#[test]
fn scenario_text_is_escaped_in_html() {
    let html = render_str("hostile.toml", HOSTILE, ReportFormat::Html, Lang::En)
        .expect("loads")
        .expect("renders");
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a script element appeared");
    assert!(!lower.contains("<img"), "an image element appeared");
    assert!(!lower.contains("<b>co</b>") && !lower.contains("<i>x</i>"));
    // The period label cannot close the page's title.
    assert!(
        html.contains("<title>Cooperation officers — T &amp; &lt;b&gt;co&lt;&#x2f;b&gt;</title>")
    );
    assert!(html.contains("&lt;&#x2f;title&gt;&lt;script&gt;alert(2)&lt;&#x2f;script&gt;"));
    // The names show as text, in the tables and in the charts.
    let escaped = "&lt;script&gt;alert(1)&lt;&#x2f;script&gt;";
    assert!(section(&html, "communes").contains(&format!("<th scope=\"row\">{escaped}</th>")));
    assert!(html.contains(&format!("<title>{escaped}</title>{escaped}</text>")));
    assert!(html.contains("T &amp; &lt;b&gt;co&lt;&#x2f;b&gt;"));
    assert!(html.contains("Caf &quot;quoted&quot; &#x27;single&#x27;"));
}

#[test]
fn scenario_text_is_escaped_in_markdown() {
    let md = render_str("hostile.toml", HOSTILE, ReportFormat::Md, Lang::En)
        .expect("loads")
        .expect("renders");
    // Every `<` is escaped, so no HTML element can appear.
    let bare = md
        .char_indices()
        .filter(|&(i, c)| c == '<' && !md[..i].ends_with('\\'))
        .count();
    assert_eq!(bare, 0, "{md}");
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(md.contains("\\*bold\\* \\[link\\](javascript:alert(1)) \\`code\\`"));
    // A `|` in a theme label does not split a table cell.
    assert!(md.contains("PE \\<i\\>x\\</i\\> \\| pipe"));
    assert_tables_keep_their_columns(&md);
}

/// Every row of every Markdown table has as many cell separators (`|` not
/// escaped) as its header.
fn assert_tables_keep_their_columns(md: &str) {
    let bars = |line: &str| {
        line.char_indices()
            .filter(|&(i, c)| c == '|' && !line[..i].ends_with('\\'))
            .count()
    };
    let mut header: Option<usize> = None;
    let mut tables = 0;
    for line in md.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        match header {
            None => {
                header = Some(bars(line));
                tables += 1;
            }
            Some(n) => assert_eq!(bars(line), n, "{line}"),
        }
    }
    assert!(tables >= 3, "{md}");
}

#[test]
fn markdown_tables_keep_their_columns() {
    for lang in [Lang::Fr, Lang::En] {
        assert_tables_keep_their_columns(&vallee(ReportFormat::Md, lang));
    }
}

#[test]
fn every_scenario_and_fixture_renders() {
    // Partial figures (Golfe), plans to make (Bassin Minier) and broken
    // files: the report renders whatever loads, in both formats.
    let mut files: Vec<_> = ["scenarios", "tests/fixtures/invalid"]
        .iter()
        .flat_map(|d| std::fs::read_dir(Path::new(ROOT).join(d)).expect("dir"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut rendered = 0;
    for path in &files {
        // A file that is not UTF-8 is unusable: the loader says so.
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = path.display().to_string();
        for format in [ReportFormat::Html, ReportFormat::Md] {
            for lang in [Lang::Fr, Lang::En] {
                if let Some(r) = render_str(&name, &text, format, lang) {
                    let out = r.unwrap_or_else(|e| panic!("{name}: {e:#}"));
                    // Rendered to the end.
                    assert!(out.contains(lang.texts().checks), "{name}");
                    assert!(out.contains(lang.texts().generated_by), "{name}");
                    rendered += 1;
                }
            }
        }
    }
    assert!(rendered >= 4 * 20, "only {rendered} reports rendered");
}

#[test]
fn golfe_report_marks_unknown_figures() {
    let md = report_of(
        "scenarios/golfe-des-etangs.toml",
        ReportFormat::Md,
        Lang::En,
    );
    assert!(md.contains("| ? |"), "unknown ETP show as ?");
    assert!(md.contains("ETP by commune only"), "{md}");
}

#[test]
fn writes_to_out_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("rapport.html");
    let out_s = out.to_str().expect("utf-8 path");
    let args = ["report", VALLEE, "--lang", "fr", "--out", out_s];
    let first = run(&mut ctgplan(&args), 0);
    assert!(first.stdout.is_empty(), "the report goes to the file only");
    assert!(String::from_utf8_lossy(&first.stderr).contains("écrit\u{a0}:"));
    let written = std::fs::read_to_string(&out).expect("written");
    assert!(written.contains("Chargés de coopération"));

    std::fs::write(&out, "mine").expect("overwrite by hand");
    let second = run(&mut ctgplan(&args), 2);
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("existe déjà (--force pour le remplacer)"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "mine");

    let mut forced = args.to_vec();
    forced.push("--force");
    run(&mut ctgplan(&forced), 0);
    assert_eq!(std::fs::read_to_string(&out).expect("replaced"), written);
    // Nothing but the report is left in the directory.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn stdout_without_out_and_language_from_lang() {
    let md = run(
        ctgplan(&["report", VALLEE, "--format", "md"]).env("LANG", "fr_FR.UTF-8"),
        0,
    );
    let md = String::from_utf8(md.stdout).expect("utf-8");
    assert!(md.starts_with("# Chargés de coopération — Vallée des Baux-Alpilles\n"));
    let en = run(
        ctgplan(&["report", VALLEE, "--format", "md"]).env("LANG", "en_US.UTF-8"),
        0,
    );
    assert!(String::from_utf8_lossy(&en.stdout).starts_with("# Cooperation officers"));
    // CTGPLAN_LANG wins over LANG.
    let en = run(
        ctgplan(&["report", VALLEE, "--format", "md"])
            .env("LANG", "fr_FR.UTF-8")
            .env("CTGPLAN_LANG", "en"),
        0,
    );
    assert!(String::from_utf8_lossy(&en.stdout).starts_with("# Cooperation officers"));
    // --lang wins over LANG.
    let en = run(
        ctgplan(&["report", VALLEE, "--format", "md", "--lang", "en"]).env("LANG", "fr_FR"),
        0,
    );
    assert!(String::from_utf8_lossy(&en.stdout).starts_with("# Cooperation officers"));
}

#[test]
fn exit_codes() {
    // A rule breach: the report is written and lists it; exit 1.
    let out = run(
        &mut ctgplan(&[
            "report",
            "tests/fixtures/invalid/ctg040-theme-split.toml",
            "--format",
            "md",
            "--lang",
            "en",
        ]),
        1,
    );
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("| CTG040 | error |"), "{md}");
    // An unusable file: the diagnostics on stderr, no report; exit 2.
    let out = run(
        &mut ctgplan(&["report", "tests/fixtures/invalid/input-empty.toml"]),
        2,
    );
    assert!(out.stdout.is_empty());
    // In the system's language (French unless it says otherwise).
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("erreur[CTG") || err.contains("error[CTG"),
        "{err}"
    );
    let out = run(&mut ctgplan(&["report", "no/such/file.toml"]), 2);
    assert!(out.stdout.is_empty());
    // A bad option value is a usage error.
    run(&mut ctgplan(&["report", VALLEE, "--lang", "de"]), 2);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Generated scenarios (valid by construction, so a split exists) render
    /// in both formats and languages, with every period's scheme split by
    /// theme where it gives theme totals.
    #[test]
    fn generated_scenarios_render(p in common::scenario_params()) {
        let text = common::render(&p).text;
        for lang in [Lang::Fr, Lang::En] {
            let html = render_str("gen.toml", &text, ReportFormat::Html, lang)
                .expect("loads")
                .expect("renders");
            prop_assert!(html.ends_with("</html>\n"));
            prop_assert!(!html.contains("CTG040</code>"), "a split exists by construction");
            let md = render_str("gen.toml", &text, ReportFormat::Md, lang)
                .expect("loads")
                .expect("renders");
            prop_assert_eq!(md.matches("\n### ").count() >= p.periods.len(), true);
            assert_tables_keep_their_columns(&md);
        }
    }
}
