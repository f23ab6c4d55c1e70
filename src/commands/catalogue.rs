//! `ctgplan rules` and `ctgplan explain`: the rule catalogue in the user's
//! language. Codes and names stay the same in both languages (users type
//! them); summaries, severities and explanations are translated.

use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::rules::{self, Rule};

/// A severity as the user reads it (`check` prints the English keyword in
/// its diagnostics' heads; here it is a word of the sentence).
pub fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match (lang, severity) {
        (Lang::Fr, Severity::Error) => "erreur",
        (Lang::Fr, Severity::Warning) => "avertissement",
        (Lang::En, s) => s.as_str(),
    }
}

/// The catalogue as a table: code, name, severity, summary.
pub fn rules_table(lang: Lang) -> String {
    let width = match lang {
        Lang::Fr => 13,
        Lang::En => 8,
    };
    let mut s = String::new();
    for r in rules::all() {
        s.push_str(&format!(
            "{}  {:<18} {:<width$} {}\n",
            r.code,
            r.name,
            severity_word(r.severity, lang),
            r.summary_in(lang)
        ));
    }
    s.push_str(match lang {
        Lang::Fr => "\n`ctgplan explain CODE` donne le détail d'une règle.",
        Lang::En => "\nRun `ctgplan explain CODE` for the details of one rule.",
    });
    s
}

/// The catalogue as JSON: stable keys, codes and names; the summary in the
/// chosen language.
pub fn rules_json(lang: Lang) -> String {
    let list: Vec<_> = rules::all()
        .iter()
        .map(|r| {
            serde_json::json!({
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "severity": r.severity,
                "summary": r.summary_in(lang),
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_default()
}

/// One rule's explanation: "CTG030 period-total (error)", its summary, then
/// what it checks, why, an example and how to fix it.
pub fn explain(rule: &Rule, lang: Lang) -> String {
    format!(
        "{} {} ({})\n\n{}.\n\n{}",
        rule.code,
        rule.name,
        severity_word(rule.severity, lang),
        rule.summary_in(lang),
        rule.explanation_in(lang).trim_end()
    )
}

/// The message for a code no rule has, and its help line.
pub fn unknown_rule(code: &str, lang: Lang) -> [String; 2] {
    match lang {
        Lang::Fr => [
            format!("erreur\u{a0}: aucune règle n'a le code ou le nom `{code}`"),
            "  = aide\u{a0}: `ctgplan rules` les liste toutes".to_owned(),
        ],
        Lang::En => [
            format!("error: no rule has the code or name `{code}`"),
            "  = help: `ctgplan rules` lists them all".to_owned(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule explains itself in both languages, each in its own words.
    #[test]
    fn every_rule_is_explained_in_both_languages() {
        for r in rules::all() {
            let fr = explain(r, Lang::Fr);
            let en = explain(r, Lang::En);
            assert!(fr.starts_with(&format!("{} {} (", r.code, r.name)));
            assert!(fr.contains("## Ce qui est vérifié"), "{}", r.code);
            assert!(en.contains("## What it checks"), "{}", r.code);
            assert!(!fr.contains("## What it checks"), "{}", r.code);
            assert_ne!(fr, en);
        }
    }

    #[test]
    fn tables_in_both_languages() {
        let fr = rules_table(Lang::Fr);
        assert!(fr.contains("CTG030  period-total       erreur        Les postes"));
        assert!(fr.contains("CTG061  open-post          avertissement Un poste"));
        let en = rules_table(Lang::En);
        assert!(en.contains("CTG030  period-total       error    The posts"));
        let json: serde_json::Value = serde_json::from_str(&rules_json(Lang::Fr)).expect("json");
        assert_eq!(json[0]["code"], "CTG001");
        assert_eq!(json[0]["severity"], "error");
        assert!(json[0]["summary"]
            .as_str()
            .is_some_and(|s| s.starts_with("Le fichier")));
    }
}
