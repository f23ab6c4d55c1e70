//! French first, checked: every command this test covers, run with
//! `--lang fr` on every fixture and bundled scenario, prints no English
//! word of the list below; with `--lang en`, no French word. What the user
//! wrote (the scenario's strings: names, notes, assumptions), what the user
//! types (ids, keys, flags, paths, code spans and blocks) and the
//! diagnostics of `check` (scanned by their own test) are left out.
//!
//! Covered: `explain` (every rule), `rules`, `init`, `--help` of every command,
//! clap's usage errors, `cost`, `cost --years`, `diff`, `indicators`,
//! `portfolio` (text and Markdown), `import`'s own lines, `propose` on
//! every file and `compare` of the negotiation variants, and `check` on
//! every file (`check_speaks_french`).

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// English words that never belong in a French sentence of ctgplan.
static ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "is",
    "are",
    "not",
    "with",
    "for",
    "from",
    "by",
    "has",
    "have",
    "this",
    "that",
    "which",
    "each",
    "every",
    "per",
    "year",
    "years",
    "period",
    "periods",
    "shared",
    "own",
    "pay",
    "pays",
    "carrier",
    "carriers",
    "coordinator",
    "posts",
    "share",
    "shares",
    "themes",
    "warning",
    "warnings",
    "error",
    "errors",
    "file",
    "files",
    "missing",
    "unknown",
    "must",
    "cannot",
    "exceeds",
    "least",
    "most",
    "where",
    "what",
    "when",
    "why",
    "how",
    "fix",
    "example",
    "checks",
    "commands",
    "print",
    "found",
    "value",
    "values",
    "default",
    "required",
    "unexpected",
    "tip",
    "more",
    "try",
    "should",
    "only",
    "than",
    "but",
    "or",
    "its",
    "their",
    "it",
    "be",
    "in",
    "at",
    "as",
    "wrote",
    "assumption",
    "financing",
    "split",
    "rate",
    "these",
    "there",
    "then",
    "been",
    // The importer's and the portfolio's words.
    "row",
    "rows",
    "sheet",
    "column",
    "cell",
    "envelope",
    "named",
    "twice",
];

/// French words that never belong in an English sentence of ctgplan.
static FRENCH: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "du",
    "est",
    "sont",
    "une",
    "pour",
    "avec",
    "dans",
    "sur",
    "pas",
    "période",
    "périodes",
    "poste",
    "postes",
    "porteur",
    "coordinateur",
    "thème",
    "thèmes",
    "erreur",
    "avertissement",
    "remarque",
    "fichier",
    "aucun",
    "aucune",
    "chaque",
    "année",
    "années",
    "coût",
    "reste",
    "hypothèse",
    "financement",
    "évolution",
    "exemple",
    "correction",
    "pourquoi",
    "vérifié",
    "utilisation",
    "commandes",
    "écrit",
    "qui",
    "que",
];

/// Every scenario and fixture file, sorted.
fn files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["scenarios", "tests/fixtures"] {
        for e in walkdir::WalkDir::new(Path::new(support::ROOT).join(dir))
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.path().extension().is_some_and(|x| x == "toml") {
                out.push(e.into_path());
            }
        }
    }
    out.sort();
    out
}

fn relative(p: &Path) -> String {
    p.strip_prefix(support::ROOT)
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

/// Every string the file holds (names, notes...): the user's words.
fn user_strings(path: &Path) -> Vec<String> {
    fn walk(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            toml::Value::Table(t) => t.iter().for_each(|(k, x)| {
                out.push(k.clone());
                walk(x, out);
            }),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(v) = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
    {
        walk(&toml::Value::Table(v), &mut out);
    }
    // A note may be printed without its leading label ("EXEMPLE : ..." in an
    // example log, whose line above already says so).
    let tails: Vec<String> = out
        .iter()
        .filter_map(|s| s.split_once(" : ").map(|(_, rest)| rest.to_owned()))
        .collect();
    out.extend(tails);
    // Longest first, so that a name is removed before a part of it.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.retain(|s| s.chars().count() > 2);
    out
}

/// Period ids of a scenario, in file order.
fn period_ids(path: &Path) -> Vec<String> {
    let Some(t) = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
    else {
        return Vec::new();
    };
    t.get("period")
        .and_then(toml::Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p.get("id").and_then(toml::Value::as_str))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The text a person reads: without code blocks, code spans, diagnostics
/// of `check` (lines from a `error[`/`warning[` head to the next blank
/// line), the user's strings, and command lines.
fn prose(output: &str, user: &[String]) -> String {
    let mut text = String::new();
    let mut in_code = false;
    let mut in_diag = false;
    for line in output.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if ["error[", "warning[", "erreur[", "avertissement["]
            .iter()
            .any(|h| t.starts_with(h))
        {
            in_diag = true;
        }
        if in_diag {
            in_diag = !t.is_empty();
            continue;
        }
        if t.starts_with("ctgplan ") || t.starts_with("$ ") {
            continue;
        }
        // A possible value the user types, then its help.
        if let Some((_, help)) = t
            .strip_prefix("- ")
            .and_then(|r| r.split_once(": "))
            .filter(|(value, _)| !value.contains(' '))
        {
            text.push_str(help);
            text.push('\n');
            continue;
        }
        text.push_str(line);
        text.push('\n');
    }
    // Code spans, and clap's lists of values the user types.
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find('`') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        match rest.find('`') {
            Some(j) => rest = &rest[j + 1..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    for s in user {
        out = out.replace(s.as_str(), " ");
    }
    for head in [
        "[valeurs possibles\u{a0}: ",
        "[possible values: ",
        "[par défaut\u{a0}: ",
        "[default: ",
    ] {
        while let Some(i) = out.find(head) {
            let end = out[i..].find(']').map_or(out.len(), |j| i + j + 1);
            out.replace_range(i..end, " ");
        }
    }
    out
}

/// French terms of art that English text names as they are.
const FRENCH_TERMS: &[&str] = &[
    "Golfe et des étangs",
    "animation de la vie sociale",
    "service public de la petite enfance",
    "contrat local de santé",
    "schéma départemental des services aux familles",
];

/// Quoted text (`"..."`, `« ... »`, `*...*`): an annex or a name, quoted.
fn without_quotes(line: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (None, '"') => quote = Some('"'),
            (None, '«') => quote = Some('»'),
            (None, '*') => quote = Some('*'),
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out
}

/// The words of the list found in the prose, with their line. In English
/// prose, quoted French and proper names (capitalised words and the
/// particles between them: Vallée des Baux-Alpilles) are the user's or the
/// annexes' words, not ctgplan's.
fn offenders(prose: &str, words: &[&str]) -> BTreeSet<String> {
    let english_prose = std::ptr::eq(words, FRENCH);
    debug_assert!(english_prose || std::ptr::eq(words, ENGLISH));
    let mut found = BTreeSet::new();
    let prose = if english_prose {
        // Quotes and terms may run over a line break.
        let mut p = prose.to_owned();
        for t in FRENCH_TERMS {
            p = p.replace(t, " ");
            // The same term broken over two lines, at any of its spaces.
            for (k, _) in t.match_indices(' ') {
                let broken = format!("{}\n{}", &t[..k], &t[k + 1..]);
                p = p.replace(&broken, "\n");
            }
        }
        without_quotes(&p)
    } else {
        prose.to_owned()
    };
    for line in prose.lines() {
        let text = line.to_owned();
        // Flags (`--period`) are what the user types.
        let chunks: Vec<&str> = text
            .split_whitespace()
            .map(|c| {
                // A table name (`[themes]`) is a key.
                if c.starts_with('-') && c.len() > 1 || c.starts_with('[') && c.ends_with(']') {
                    ""
                } else {
                    c.trim_matches(|c: char| !c.is_alphanumeric())
                }
            })
            .collect();
        let capital = |i: usize| {
            chunks
                .get(i)
                .and_then(|c| c.chars().next())
                .is_some_and(char::is_uppercase)
        };
        for (i, chunk) in chunks.iter().enumerate() {
            // Ids, rule names, keys, flags, paths, placeholders, file names.
            let id_like = chunk.contains('-')
                && chunk
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            // Place names: Saint-Rémy-de-Provence, Fos-sur-Mer.
            let place = chunk.contains('-') && capital(i);
            let particle = ["des", "du", "de", "la", "les", "et", "sur"].contains(chunk);
            let name = english_prose
                && (capital(i) || (particle && ((i > 0 && capital(i - 1)) || capital(i + 1))));
            if chunk.is_empty()
                || id_like
                || place
                || name
                || chunk.contains(['_', '/', '=', '<', '>', '{', '.', '@', '#', '\\'])
                || chunk.starts_with('-')
            {
                continue;
            }
            for word in chunk.split(['-', '\'', '’']) {
                let w = word.to_lowercase();
                if words.contains(&w.as_str()) {
                    found.insert(format!("`{word}` in: {}", line.trim()));
                }
            }
        }
    }
    found
}

struct Scan {
    lang: &'static str,
    words: &'static [&'static str],
    failures: Vec<String>,
    runs: usize,
}

impl Scan {
    fn new(lang: &'static str) -> Scan {
        Scan {
            lang,
            words: if lang == "fr" { ENGLISH } else { FRENCH },
            failures: Vec::new(),
            runs: 0,
        }
    }

    fn run(&mut self, args: &[&str], user: &[String]) {
        let mut full = vec!["--lang", self.lang];
        full.extend_from_slice(args);
        let out = support::output(&full);
        self.runs += 1;
        let mut stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if args == ["init", "-"] || args.first() == Some(&"import") {
            // A scenario: its keys are the format's; its comments are prose.
            stdout = stdout
                .lines()
                .filter(|l| !l.starts_with("#:"))
                .filter_map(|l| l.split_once('#').map(|(_, c)| c))
                // A commented-out key is still TOML.
                .filter(|c| !c.contains(" = "))
                .collect::<Vec<_>>()
                .join("\n");
        }
        let text = format!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        let bad = offenders(&prose(&text, user), self.words);
        if !bad.is_empty() {
            self.failures.push(format!(
                "ctgplan {}:\n  {}",
                full.join(" "),
                bad.into_iter().collect::<Vec<_>>().join("\n  ")
            ));
        }
    }

    fn finish(self) {
        assert!(self.runs > 0);
        assert!(
            self.failures.is_empty(),
            "{} runs in --lang {}, {} with words of the other language:\n{}",
            self.runs,
            self.lang,
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

fn catalogue_and_help(lang: &'static str) {
    use clap::CommandFactory;
    let mut scan = Scan::new(lang);
    scan.run(&["rules"], &[]);
    for r in ctgplan::rules::all() {
        scan.run(&["explain", r.code.as_str()], &[]);
    }
    scan.run(&["explain", "nope"], &[]);
    scan.run(&["--help"], &[]);
    for sub in ctgplan::cli::Cli::command().get_subcommands() {
        scan.run(&[sub.get_name(), "--help"], &[]);
        scan.run(&[sub.get_name(), "-h"], &[]);
    }
    scan.run(&["cost", "--bogus"], &[]);
    scan.run(&["rules", "--format", "xml"], &[]);
    scan.run(&["cost"], &[]);
    scan.run(&["init", "-"], &[]);
    scan.run(&["init", "no/such/dir/scenario.toml"], &[]);
    scan.finish();
}

fn tables(lang: &'static str) {
    let mut scan = Scan::new(lang);
    for path in files() {
        let file = relative(&path);
        let user = user_strings(&path);
        scan.run(&["cost", "--color", "never", &file], &user);
        scan.run(
            &["cost", "--color", "never", &file, "--years", "2026-2030"],
            &user,
        );
        let ids = period_ids(&path);
        if let [a, b, ..] = &ids[..] {
            scan.run(&["diff", "--color", "never", &file, a, b], &user);
        }
        scan.run(&["diff", "--color", "never", &file, "nope", "nope"], &user);
        scan.run(&["indicators", "--color", "never", &file], &user);
        scan.run(&["portfolio", "--color", "never", &file], &user);
        scan.run(
            &["portfolio", "--color", "never", &file, "--format", "md"],
            &user,
        );
    }
    for e in std::fs::read_dir(Path::new(support::ROOT).join("tests/fixtures/import"))
        .expect("import fixtures")
        .filter_map(Result::ok)
    {
        let file = relative(&e.path());
        if !file.ends_with(".toml") {
            scan.run(&["import", "--color", "never", &file], &[]);
        }
    }
    scan.finish();
}

/// `propose` on every file (and `--all`), and `compare` of the negotiation
/// docs' variants: the planner's messages, notes and alternatives.
fn planning(lang: &'static str) {
    let mut scan = Scan::new(lang);
    for path in files() {
        let file = relative(&path);
        let user = user_strings(&path);
        scan.run(&["propose", "--color", "never", &file], &user);
        scan.run(&["propose", "--color", "never", "--all", &file], &user);
    }
    let dir = Path::new(support::ROOT).join("docs/negotiate");
    let mut variants: Vec<String> = std::fs::read_dir(&dir)
        .expect("docs/negotiate")
        .filter_map(Result::ok)
        .map(|e| relative(&e.path()))
        .filter(|f| f.ends_with(".toml"))
        .collect();
    variants.sort();
    let mut args = vec![
        "compare",
        "--color",
        "never",
        "scenarios/vallee-des-baux-alpilles.toml",
    ];
    args.extend(variants.iter().map(String::as_str));
    let user =
        user_strings(&Path::new(support::ROOT).join("scenarios/vallee-des-baux-alpilles.toml"));
    scan.run(&args, &user);
    scan.finish();
}

#[test]
fn planning_speaks_french() {
    planning("fr");
}

#[test]
fn planning_speaks_english() {
    planning("en");
}

#[test]
fn catalogue_and_help_speak_french() {
    catalogue_and_help("fr");
}

#[test]
fn catalogue_and_help_speak_english() {
    catalogue_and_help("en");
}

#[test]
fn tables_speak_french() {
    tables("fr");
}

#[test]
fn tables_speak_english() {
    tables("en");
}

#[test]
fn check_speaks_french() {
    let mut scan = Scan::new("fr");
    for path in files() {
        let file = relative(&path);
        let user = user_strings(&path);
        let out = support::output(&["--lang", "fr", "check", "--color", "never", &file]);
        scan.runs += 1;
        // The head of each finding is scanned like the rest: its word too
        // (`prose` would skip a block starting with it, as in other output).
        let text = String::from_utf8_lossy(&out.stdout)
            .replace("erreur[", "erreur E[")
            .replace("avertissement[", "avertissement W[")
            .replace("error[", "error E[")
            .replace("warning[", "warning W[")
            .lines()
            // The lines of the file a snippet quotes (`70 │ [period.posts]`)
            // are the user's, perhaps from a variant's base.
            .filter(|l| {
                let t = l.trim_start();
                let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                digits == 0 || !t[digits..].starts_with(" │")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let bad = offenders(&prose(&text, &user), ENGLISH);
        if !bad.is_empty() {
            scan.failures.push(format!(
                "ctgplan --lang fr check {file}:\n  {}",
                bad.into_iter().collect::<Vec<_>>().join("\n  ")
            ));
        }
    }
    scan.finish();
}

#[test]
fn the_scan_finds_what_it_must() {
    let p = prose(
        "Le total de la période\nthe posts of `the_id` ```\nthe\n```\n",
        &["Saint-Rémy".to_owned()],
    );
    let bad = offenders(&p, ENGLISH);
    assert_eq!(bad.len(), 3, "the, posts, of: {bad:?}");
    assert!(offenders("Saint-Rémy paie 0,2 ETP", ENGLISH).is_empty());
    assert_eq!(offenders("la période", FRENCH).len(), 2);
    assert!(offenders(
        &prose("error[CTG030]: the total\n  │ x\n\nLe total", &[]),
        ENGLISH
    )
    .is_empty());
}

/// The importer's findings (CTG120-CTG127), which `tables` leaves out with
/// the other diagnostics: on every import fixture and on a file that is no
/// table, only the importer's own paragraphs (the written scenario's check
/// is `check_speaks_french`'s).
fn import_findings(lang: &'static str) {
    let mut scan = Scan::new(lang);
    let mut inputs = vec!["README.md".to_owned()];
    for e in std::fs::read_dir(Path::new(support::ROOT).join("tests/fixtures/import"))
        .expect("import fixtures")
        .filter_map(Result::ok)
    {
        inputs.push(relative(&e.path()));
    }
    inputs.sort();
    for file in inputs {
        // The table's cells are the user's words.
        let mut user: Vec<String> = std::fs::read_to_string(Path::new(support::ROOT).join(&file))
            .unwrap_or_default()
            .split(['\n', ';'])
            .map(|c| c.trim().to_owned())
            .filter(|c| c.chars().count() > 2)
            .collect();
        // A CSV's sheet is named after its file.
        if let Some(stem) = Path::new(&file).file_stem() {
            user.push(stem.to_string_lossy().into_owned());
        }
        user.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let out = support::output(&["--lang", lang, "import", "--color", "never", &file]);
        scan.runs += 1;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let own: Vec<&str> = stderr
            .split("\n\n")
            .filter(|p| p.contains("[CTG12") || !p.contains("[CTG"))
            .collect();
        let text = own
            .join("\n\n")
            .replace("avertissement[", "W[")
            .replace("erreur[", "E[")
            .replace("warning[", "W[")
            .replace("error[", "E[");
        let bad = offenders(&prose(&text, &user), scan.words);
        if !bad.is_empty() {
            scan.failures.push(format!(
                "ctgplan --lang {lang} import {file}:\n  {}",
                bad.into_iter().collect::<Vec<_>>().join("\n  ")
            ));
        }
    }
    scan.finish();
}

#[test]
fn import_findings_speak_french() {
    import_findings("fr");
}

#[test]
fn import_findings_speak_english() {
    import_findings("en");
}
