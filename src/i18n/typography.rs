//! French typography of the catalogue: a no-break space (U+00A0) or a
//! narrow one (U+202F) before `;` `:` `!` `?` `»` and after `«`, never a
//! plain space, which a terminal or a spreadsheet may break at, leaving the
//! sign alone at the start of a line.

/// The first place where a French template puts a plain space next to
/// `;` `:` `!` `?` `»` (before) or `«` (after): the byte offset of that
/// space. Code spans (`` `...` ``) are what the user types and are skipped.
pub fn plain_space_in(fr: &str) -> Option<usize> {
    let mut in_code = false;
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in fr.char_indices() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            if matches!(c, ';' | ':' | '!' | '?' | '»') {
                if let Some((at, ' ')) = prev {
                    return Some(at);
                }
            }
            if c == ' ' && matches!(prev, Some((_, '«'))) {
                return Some(i);
            }
        }
        prev = Some((i, c));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_rule() {
        assert_eq!(
            plain_space_in("période 2026 : rien"),
            Some(13),
            "a byte offset"
        );
        assert_eq!(plain_space_in("a ; b"), Some(1));
        assert_eq!(plain_space_in("« a\u{a0}»"), Some(2));
        assert_eq!(plain_space_in("«\u{a0}a »"), Some(5));
        assert_eq!(plain_space_in("vraiment !"), Some(8));
        assert_eq!(plain_space_in("quoi ?"), Some(4));
        assert!(plain_space_in("période 2026\u{a0}: a\u{202f}; b\u{202f}?").is_none());
        assert!(plain_space_in("«\u{a0}Enregistrer sous\u{a0}»").is_none());
        // What the user types, and the plural's own colon.
        assert!(plain_space_in("écrivez `a = { b : c }` ici").is_none());
        assert!(plain_space_in("{n} {n:an|ans}").is_none());
    }

    /// The string literal starting at `s[0] == '"'` (or `r"`, `r#"`), as
    /// the compiler reads it, and what follows it. Enough of Rust's escapes
    /// for the catalogue's templates (`\"`, `\\`, `\n`, `\u{..}`, and a
    /// backslash that continues the line).
    fn literal(s: &str) -> Option<(String, &str)> {
        if let Some(raw) = s.strip_prefix('r') {
            let hashes = raw.len() - raw.trim_start_matches('#').len();
            let body = raw.get(hashes..)?.strip_prefix('"')?;
            let close = format!("\"{}", "#".repeat(hashes));
            let end = body.find(&close)?;
            return Some((body.get(..end)?.to_owned(), body.get(end + close.len()..)?));
        }
        let body = s.strip_prefix('"')?;
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Some((out, body.get(i + 1..)?)),
                '\\' => match chars.next()?.1 {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    '0' => out.push('\0'),
                    '\n' => {
                        // A continued line: its leading whitespace goes too.
                        let rest = body.get(i + 2..)?;
                        let skip = rest.len() - rest.trim_start().len();
                        for _ in 0..rest.get(..skip)?.chars().count() {
                            chars.next();
                        }
                    }
                    'u' => {
                        let rest = body.get(i + 2..)?;
                        let end = rest.find('}')?;
                        let hex = rest.get(1..end)?;
                        out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                        for _ in 0..=end {
                            chars.next();
                        }
                    }
                    other => out.push(other),
                },
                c => out.push(c),
            }
        }
        None
    }

    /// Every French template of a source file: the `fr:` of `msgs!`, the
    /// second argument of `Msg::new(key, fr, en)`, the third of
    /// `tr!(lang, key, fr, en)`.
    fn french_templates(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (at, _) in text.match_indices("fr:") {
            let before = text.get(..at).and_then(|b| b.chars().last());
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some((fr, _)) = text.get(at + 3..).and_then(|r| literal(r.trim_start())) {
                out.push(fr);
            }
        }
        // `NAME = ("key.name", fr, en)`, the table form of commands::words:
        // a tuple whose first literal is a catalogue key.
        for (at, m) in text.match_indices("= (") {
            let rest = text.get(at + m.len()..).unwrap_or("");
            let Some((key, r)) = literal(rest.trim_start()) else {
                continue;
            };
            if !key.contains('.') || key.contains(' ') {
                continue;
            }
            if let Some((fr, _)) = r
                .trim_start()
                .strip_prefix(',')
                .and_then(|r| literal(r.trim_start()))
            {
                out.push(fr);
            }
        }
        // `Msg::new(key, fr, en)` and `tr!(lang, key, fr, en)`.
        let calls = text
            .match_indices("Msg::new(")
            .map(|(at, m)| text.get(at + m.len()..))
            .chain(text.match_indices("tr!(").map(|(at, m)| {
                let rest = text.get(at + m.len()..)?;
                rest.get(rest.find(',')? + 1..)
            }));
        for rest in calls {
            let rest = rest.unwrap_or("");
            let fr = literal(rest.trim_start())
                .and_then(|(_key, r)| r.trim_start().strip_prefix(','))
                .and_then(|r| literal(r.trim_start()));
            if let Some((fr, _)) = fr {
                out.push(fr);
            }
        }
        out
    }

    /// French written in code rather than in the catalogue: the first
    /// literal after `if fr {`, `pick(fr,`, `t(lang,` or `Lang::Fr =>`, when
    /// it comes before the statement or the arm ends (no `;`, `{`, `}` or
    /// `=>` in between: `Lang::Fr => CsvStyle::French` has no French).
    fn french_in_code(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for marker in ["if fr {", "pick(fr,", "t(lang,", "Lang::Fr =>"] {
            for (at, m) in text.match_indices(marker) {
                let before = text.get(..at).and_then(|b| b.chars().last());
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue; // `format(lang,`, `if_fr {`
                }
                let rest = text.get(at + m.len()..).unwrap_or("");
                let Some(quote) = rest.find('"') else {
                    continue;
                };
                // A raw string's `r` / `r#` belongs to the literal.
                let start = rest.get(..quote).map_or(quote, |g| {
                    g.trim_end_matches('#').trim_end_matches('r').len()
                });
                let gap = rest.get(..start).unwrap_or("");
                // A backslash: the marker was inside a string (a test's text).
                if gap.len() > 80 || [";", "{", "}", "=>", "\\"].iter().any(|s| gap.contains(s)) {
                    continue;
                }
                if let Some((fr, _)) = rest.get(start..).and_then(literal) {
                    out.push(fr);
                }
            }
        }
        out
    }

    #[test]
    fn the_catalogue_uses_no_break_spaces() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut checked = 0;
        let mut wrong = Vec::new();
        for entry in walkdir::WalkDir::new(&src)
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(path).expect("a source file");
            for fr in french_templates(&text)
                .into_iter()
                .chain(french_in_code(&text))
            {
                checked += 1;
                if let Some(at) = plain_space_in(&fr) {
                    let shown = fr.get(at.saturating_sub(30)..).unwrap_or(&fr);
                    wrong.push(format!("{}: …{shown}", path.display()));
                }
            }
        }
        // clap's help and phrases in French: every literal of cli_fr.rs (its
        // English ones are clap's, which put no space before a colon).
        let cli_fr = std::fs::read_to_string(src.join("cli_fr.rs")).expect("cli_fr.rs");
        let mut rest = cli_fr.as_str();
        while let Some(at) = rest.find('"') {
            let Some((lit, after)) = rest.get(at..).and_then(literal) else {
                break;
            };
            checked += 1;
            if plain_space_in(&lit).is_some() {
                wrong.push(format!("src/cli_fr.rs: {lit}"));
            }
            rest = after;
        }
        // The scan must see the catalogue (some 1,000 templates), not miss it.
        assert!(checked > 400, "only {checked} French templates found");
        assert!(
            wrong.is_empty(),
            "{} French templates with a plain space before ; : ! ? » or after « \
             (write \\u{{a0}} before `:` and `»` and after `«`, \\u{{202f}} before `;` `!` `?`):\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }

    #[test]
    fn the_scan_reads_templates_as_the_compiler_does() {
        let text = "crate::msgs! {\n    A = \"a\", fr: \"x\\u{a0}: y\", en: \"x: y\";\n}\n\
                    static B: Msg = Msg::new(\n    \"b\",\n    \"une \\\n     suite ; z\",\n    \"e\",\n);\n";
        let t = french_templates(text);
        assert_eq!(t, ["x\u{a0}: y", "une suite ; z"]);
        assert_eq!(plain_space_in(&t[1]), Some(9));
        // The table form of commands::words, and a tuple that is not one.
        let t = french_templates(
            "    W = (\"output.w\", \"écrit : {p}\", \"wrote {p}\");\n    let p = (\"a b\", \"c : d\");\n",
        );
        assert_eq!(t, ["écrit : {p}"]);
        // French written in code.
        let t = french_in_code(concat!(
            "let a = if fr { \"un : deux\" } else { \"one: two\" };\n",
            "K::Empty => pick(fr, \"vide ; rien\", \"empty\"),\n",
            "t(lang, \"trois ?\", \"three?\")\n",
            "Lang::Fr => writeln!(w, \"erreur : {e}\")?,\n",
            "Lang::Fr => format!(\n    r#\"brut !\"#\n),\n",
            "Lang::Fr => CsvStyle::French,\nLang::En => \"not French\",\n",
            "if fr { x } else { \"not French either\" }\n",
            "let c = format(lang, \"no\");\n",
        ));
        assert_eq!(
            t,
            [
                "un : deux",
                "vide ; rien",
                "trois ?",
                "erreur : {e}",
                "brut !"
            ]
        );
        assert_eq!(
            literal("r#\"a \"b\"#, x").map(|(l, _)| l),
            Some("a \"b".into())
        );
    }
}
