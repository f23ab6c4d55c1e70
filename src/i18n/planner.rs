//! The planner's own reasons, in the user's language.
//!
//! When planning stops (`BuildError`, `Proposal::Failed`, a variant's asks
//! that cannot be planned), the reason is a sentence the planner writes in
//! English, deep in code that several people change at once. It is said in
//! French here, at the edge, from a table of every reason the planner
//! gives: the pattern of the English sentence and its French. A reason not
//! in the table (a solver's own message) keeps its English after a French
//! introduction, so it is never silently mistranslated.

use super::Lang;
use regex::{Captures, Regex};
use std::sync::OnceLock;

/// Each English reason (an anchored pattern; `(?P<x>…)` are the parts
/// that come from the scenario or the solver) and its French (`$x`).
const REASONS: [(&str, &str); 23] = [
    (
        r"the solver first reported no scheme; one was found and verified through the relaxed model",
        "le solveur n'a d'abord trouvé aucun schéma\u{202f}; un schéma a ensuite été trouvé et vérifié par le modèle assoupli",
    ),
    (
        r"no period `(?P<id>[^`]*)`; periods: (?P<list>.*)",
        "pas de période `$id`\u{202f}; périodes\u{a0}: $list",
    ),
    (
        r"(?P<msg>.*) \((?P<code>CTG\d+)\) must be fixed first: planning chooses figures only",
        "à corriger d'abord ($code), la planification ne choisit que les chiffres\u{a0}: $msg",
    ),
    (
        r"(?P<ask>.*): the period (?P<p>.*) is not split by theme \(it has no `themes` table\)",
        "$ask\u{a0}: la période $p n'est pas répartie par thématique (elle n'a pas de table `themes`)",
    ),
    (
        r"the plan is too large: (?P<n>\d+) periods? × (?P<c>\d+) communes and carriers × \((?P<t>\d+) themes \+ 2\) = (?P<cells>\d+) cells, over the limit of (?P<max>\d+); plan one period at a time \(--period ID\) or fewer themes",
        "le plan est trop grand\u{a0}: $n période(s) × $c communes et porteurs × ($t thématiques + 2) = $cells cellules, au-delà de la limite de $max\u{202f}; planifiez une période à la fois (--period ID) ou avec moins de thématiques",
    ),
    (
        r"the figure (?P<f>\S+) is (?P<steps>\d+) steps of (?P<step>\S+) ETP; the planner handles at most (?P<max>\d+) steps per figure: use a larger `step` in \[rules\], or smaller figures",
        "le chiffre $f vaut $steps pas de $step ETP\u{a0}; le planificateur en traite au plus $max par chiffre\u{a0}: prenez un `step` plus grand dans [rules], ou des chiffres plus petits",
    ),
    (
        r"the balance objective needs populations: (?P<id>.*) has none",
        "l'objectif d'équilibre a besoin des populations\u{a0}: $id n'en a pas",
    ),
    (
        r"(?P<d>\S+) ETP is not a non-negative multiple of the step (?P<step>\S+): fix it before planning",
        "$d ETP n'est pas un multiple positif ou nul du pas $step\u{a0}: corrigez-le avant de planifier",
    ),
    (r"(?P<d>\S+) ETP is out of range", "$d ETP est hors limites"),
    (
        r"the envelope is finer than a millionth of an ETP",
        "l'enveloppe est plus fine qu'un millionième d'ETP",
    ),
    (
        r"an ask is finer than a millionth of an ETP",
        "une demande est plus fine qu'un millionième d'ETP",
    ),
    (
        r"a step is finer than a millionth of an ETP",
        "un pas est plus fin qu'un millionième d'ETP",
    ),
    (
        r"a figure is finer than a millionth of an ETP",
        "un chiffre est plus fin qu'un millionième d'ETP",
    ),
    (
        r"a floor is finer than a millionth of an ETP",
        "un plancher est plus fin qu'un millionième d'ETP",
    ),
    (
        r"the (?P<s>\S+) solver crashed",
        "le solveur $s s'est arrêté brutalement",
    ),
    (
        r"no integral solution was returned",
        "le solveur n'a rendu aucune solution entière",
    ),
    (
        r"the (?P<s>\S+) solver returned a scheme that breaks (?P<n>\d+) constraint\(s\), e\.g\. (?P<x>.*)",
        "le solveur $s a rendu un schéma qui enfreint $n contrainte(s), par exemple $x",
    ),
    (
        r"a constraint is out of range",
        "une contrainte est hors limites",
    ),
    (
        r"the solver found no scheme even with every rule relaxed",
        "le solveur n'a trouvé aucun schéma, même en assouplissant toutes les règles",
    ),
    (
        r"the planner stopped unexpectedly",
        "le planificateur s'est arrêté de façon inattendue",
    ),
    (
        r"internal error: the planned scheme, written into its files, does not pass check",
        "erreur interne\u{a0}: le schéma planifié, écrit dans ses fichiers, ne passe pas la vérification",
    ),
    (
        r"an ask is on a locked period or figure",
        "une demande porte sur une période ou un chiffre verrouillé",
    ),
    (
        r"no scheme meets every ask and rule",
        "aucun schéma ne satisfait toutes les demandes et toutes les règles",
    ),
];

/// Reasons `compare` gives for a variant's asks, besides the planner's.
const MORE_REASONS: [(&str, &str); 2] = [
    (r"the time limit was hit", "le temps imparti est écoulé"),
    (
        r"the completed scheme does not load",
        "le schéma complété ne se charge pas",
    ),
];

fn table() -> &'static [(Regex, &'static str)] {
    static TABLE: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        REASONS
            .iter()
            .chain(MORE_REASONS.iter())
            .filter_map(|(en, fr)| Some((Regex::new(&format!("^(?s:{en})$")).ok()?, *fr)))
            .collect()
    })
}

/// `reason` (the planner's English) in `lang`.
pub fn reason(reason: &str, lang: Lang) -> String {
    match lang {
        Lang::En => reason.to_owned(),
        Lang::Fr => french(reason)
            .unwrap_or_else(|| format!("raison (en anglais)\u{a0}: «\u{a0}{reason}\u{a0}»")),
    }
}

/// The French of `reason`, or `None` when it is not in the table.
pub fn french(reason: &str) -> Option<String> {
    let (re, fr) = table().iter().find(|(re, _)| re.is_match(reason))?;
    let caps = re.captures(reason)?;
    Some(expand(fr, &caps))
}

/// `fr` with each `$name` replaced by its part of the English sentence,
/// decimals written the French way (`0.2` → `0,2`).
fn expand(fr: &str, caps: &Captures) -> String {
    static DECIMAL: OnceLock<Option<Regex>> = OnceLock::new();
    let decimal = DECIMAL.get_or_init(|| Regex::new(r"^-?\d+\.\d+$").ok());
    let mut out = String::new();
    let mut rest = fr;
    while let Some(at) = rest.find('$') {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at + 1..).unwrap_or_default();
        let len = after
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(after.len());
        let name = after.get(..len).unwrap_or_default();
        let part = caps.name(name).map_or("", |m| m.as_str());
        match decimal {
            Some(d) if d.is_match(part) => out.push_str(&part.replace('.', ",")),
            _ => out.push_str(part),
        }
        rest = after.get(len..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(table().len(), REASONS.len() + MORE_REASONS.len());
    }

    /// One sentence of each kind, as the planner writes it.
    const SAID: [&str; 25] = [
        "the solver first reported no scheme; one was found and verified through the relaxed model",
        "no period `2031`; periods: 2026, 2027-2030",
        "period 2027: aureille holds 0.2 ETP (CTG041) must be fixed first: planning chooses figures only",
        "petite_enfance >= 0.3 in 2026: the period 2026 is not split by theme (it has no `themes` table)",
        "the plan is too large: 3 periods × 4422 communes and carriers × (64 themes + 2) = 875556 cells, over the limit of 800000; plan one period at a time (--period ID) or fewer themes",
        "the figure 100000.5 is 1000005 steps of 0.1 ETP; the planner handles at most 1000000 steps per figure: use a larger `step` in [rules], or smaller figures",
        "the balance objective needs populations: aureille has none",
        "0.15 ETP is not a non-negative multiple of the step 0.1: fix it before planning",
        "1e30 ETP is out of range",
        "the envelope is finer than a millionth of an ETP",
        "an ask is finer than a millionth of an ETP",
        "a step is finer than a millionth of an ETP",
        "a figure is finer than a millionth of an ETP",
        "a floor is finer than a millionth of an ETP",
        "the microlp solver crashed",
        "no integral solution was returned",
        "the highs solver returned a scheme that breaks 2 constraint(s), e.g. CTG030 2026",
        "a constraint is out of range",
        "the solver found no scheme even with every rule relaxed",
        "the planner stopped unexpectedly",
        "internal error: the planned scheme, written into its files, does not pass check",
        "an ask is on a locked period or figure",
        "no scheme meets every ask and rule",
        "the time limit was hit",
        "the completed scheme does not load",
    ];

    #[test]
    fn every_reason_the_planner_gives_is_said_in_french() {
        const ENGLISH: [&str; 14] = [
            "the", "is", "of", "must", "planning", "planner", "solver", "returned", "no", "an",
            "has", "none", "fix", "steps",
        ];
        for said in SAID {
            let fr = french(said).unwrap_or_else(|| panic!("not translated: {said}"));
            assert!(!fr.contains('$'), "{fr}");
            assert!(
                crate::i18n::plain_space_in(&fr).is_none(),
                "typography: {fr}"
            );
            // Only what comes from the scenario (a diagnostic quoted whole,
            // an ask) may hold English words.
            let quoted = ["aureille holds", "petite_enfance >= 0.3 in 2026"];
            let mut own = fr.clone();
            for q in quoted {
                own = own.replace(q, "");
            }
            let words: Vec<&str> = own
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| ENGLISH.contains(w))
                .collect();
            assert!(words.is_empty(), "{said} → {fr}: {words:?}");
            assert_eq!(reason(said, Lang::En), said);
        }
        assert_eq!(
            french("0.15 ETP is not a non-negative multiple of the step 0.1: fix it before planning")
                .as_deref(),
            Some("0,15 ETP n'est pas un multiple positif ou nul du pas 0,1\u{a0}: corrigez-le avant de planifier")
        );
        assert_eq!(
            french("period 2027: aureille holds 0.2 ETP (CTG041) must be fixed first: planning chooses figures only")
                .as_deref(),
            Some("à corriger d'abord (CTG041), la planification ne choisit que les chiffres\u{a0}: period 2027: aureille holds 0.2 ETP")
        );
    }

    #[test]
    fn a_reason_not_in_the_table_is_quoted_not_guessed() {
        let said = "An unexpected error occurred while running the optimizer: x.";
        assert_eq!(french(said), None);
        assert_eq!(
            reason(said, Lang::Fr),
            "raison (en anglais)\u{a0}: «\u{a0}An unexpected error occurred while running the optimizer: x.\u{a0}»"
        );
    }
}
