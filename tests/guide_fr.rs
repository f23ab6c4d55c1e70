//! docs/fr/guide.md shows real output: every `~~~console` block (tildes,
//! since the output may hold backtick fences) starts with
//! `$ ctgplan ARGS` (arguments split on spaces, run from the crate root) and
//! holds what the command prints on its standard output, trailing spaces
//! dropped. `UPDATE_DOCS=1 cargo test --test guide_fr` rewrites the blocks'
//! output from the binary.

mod support;

use std::path::Path;

const GUIDE: &str = "docs/fr/guide.md";

struct Example {
    /// Byte range of the block's body (after the opening fence line).
    body: std::ops::Range<usize>,
    args: Vec<String>,
    shown: String,
}

fn examples(md: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut offset = 0;
    for line in md.split_inclusive('\n') {
        let t = line.trim_end();
        if t.starts_with("~~~") {
            match open.take() {
                None if t == "~~~console" => open = Some(offset + line.len()),
                None => {}
                Some(start) => {
                    let body = &md[start..offset];
                    if let Some(cmd) = body
                        .lines()
                        .next()
                        .and_then(|l| l.strip_prefix("$ ctgplan "))
                    {
                        let shown = body.split_once('\n').map_or("", |(_, rest)| rest);
                        out.push(Example {
                            body: start..offset,
                            args: cmd.split_whitespace().map(str::to_owned).collect(),
                            shown: normalise(shown),
                        });
                    }
                }
            }
        }
        offset += line.len();
    }
    out
}

fn normalise(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_owned()
}

fn printed(args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = support::ctgplan(&args).output().expect("the binary runs");
    normalise(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn the_french_guide_shows_real_output() {
    let path = Path::new(support::ROOT).join(GUIDE);
    let md = std::fs::read_to_string(&path).expect("docs/fr/guide.md");
    let found = examples(&md);
    assert!(found.len() >= 5, "the guide shows {} commands", found.len());
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        let mut text = md.clone();
        for ex in found.iter().rev() {
            let body = format!("$ ctgplan {}\n{}\n", ex.args.join(" "), printed(&ex.args));
            text.replace_range(ex.body.clone(), &body);
        }
        std::fs::write(&path, text).expect("write the guide");
        return;
    }
    let mut wrong = String::new();
    for ex in &found {
        assert!(
            ex.args.iter().any(|a| a == "--lang"),
            "a command of the French guide chooses its language: ctgplan {}",
            ex.args.join(" ")
        );
        let actual = printed(&ex.args);
        if actual != ex.shown {
            wrong.push_str(&format!(
                "\n`ctgplan {}` prints:\n{actual}\n",
                ex.args.join(" ")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{GUIDE} does not show what ctgplan prints (UPDATE_DOCS=1 cargo test --test guide_fr rewrites it):{wrong}"
    );
}
