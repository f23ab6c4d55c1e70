//! Why planning stops, in both languages: the messages the planner's own
//! modules give (`BuildError`, `Proposal::Failed`, a plan's notes). A
//! rule's reasons live in its file (src/rules/); these are the planner's.
//! Declared apart so that the sites that say them change by one line.

use crate::i18n::{Arg, Text};

crate::msgs! {
    pub(crate) NO_PERIOD = "plan.no_period",
        fr: "pas de période `{id}`\u{202f}; périodes\u{a0}: {periods}",
        en: "no period `{id}`; periods: {periods}";
    pub(crate) FIX_FIRST = "plan.fix_first",
        fr: "à corriger d'abord ({code}), la planification ne choisit que les chiffres\u{a0}: {finding}",
        en: "{finding} ({code}) must be fixed first: planning chooses figures only";
    pub(crate) NOT_SPLIT = "plan.not_split",
        fr: "{ask}\u{a0}: la période {period} n'est pas répartie par thématique (elle n'a pas de table `themes`)",
        en: "{ask}: the period {period} is not split by theme (it has no `themes` table)";
    pub(crate) TOO_LARGE = "plan.too_large",
        fr: "le plan est trop grand\u{a0}: {periods} {periods:période|périodes} × {holders} communes et porteurs × ({themes} thématiques + 2) = {cells} cellules, au-delà de la limite de {max}\u{202f}; planifiez une période à la fois (--period ID) ou avec moins de thématiques",
        en: "the plan is too large: {periods} {periods:period|periods} × {holders} communes and carriers × ({themes} themes + 2) = {cells} cells, over the limit of {max}; plan one period at a time (--period ID) or fewer themes";
    pub(crate) TOO_MANY_STEPS = "plan.too_many_steps",
        fr: "le chiffre {figure} vaut {steps} pas de {step} ETP\u{a0}; le planificateur en traite au plus {max} par chiffre\u{a0}: prenez un `step` plus grand dans [rules], ou des chiffres plus petits",
        en: "the figure {figure} is {steps} steps of {step} ETP; the planner handles at most {max} steps per figure: use a larger `step` in [rules], or smaller figures";
    pub(crate) FINER_ENVELOPE = "plan.finer.envelope",
        fr: "l'enveloppe est plus fine qu'un millionième d'ETP",
        en: "the envelope is finer than a millionth of an ETP";
    pub(crate) FINER_ASK = "plan.finer.ask",
        fr: "une demande est plus fine qu'un millionième d'ETP",
        en: "an ask is finer than a millionth of an ETP";
    pub(crate) FINER_STEP = "plan.finer.step",
        fr: "un pas est plus fin qu'un millionième d'ETP",
        en: "a step is finer than a millionth of an ETP";
    pub(crate) FINER_FIGURE = "plan.finer.figure",
        fr: "un chiffre est plus fin qu'un millionième d'ETP",
        en: "a figure is finer than a millionth of an ETP";
    pub(crate) FINER_FLOOR = "plan.finer.floor",
        fr: "un plancher est plus fin qu'un millionième d'ETP",
        en: "a floor is finer than a millionth of an ETP";
    pub(crate) CRASHED = "plan.solver_crashed",
        fr: "le solveur {solver} s'est arrêté brutalement", en: "the {solver} solver crashed";
    pub(crate) NOT_INTEGRAL = "plan.not_integral",
        fr: "le solveur n'a rendu aucune solution entière", en: "no integral solution was returned";
    pub(crate) BREAKS = "plan.breaks",
        fr: "le solveur {solver} a rendu un schéma qui enfreint {n} {n:contrainte|contraintes}, par exemple {example}",
        en: "the {solver} solver returned a scheme that breaks {n} {n:constraint|constraints}, e.g. {example}";
    pub(crate) ROW_OUT_OF_RANGE = "plan.row_out_of_range",
        fr: "une contrainte est hors limites", en: "a constraint is out of range";
    /// A solver's own error, in its words.
    pub(crate) SOLVER_SAID = "plan.solver_said",
        fr: "message du solveur (en anglais)\u{a0}: «\u{a0}{error}\u{a0}»",
        en: "{error}";
    pub(crate) NO_SCHEME_RELAXED = "plan.no_scheme_relaxed",
        fr: "le solveur n'a trouvé aucun schéma, même en assouplissant toutes les règles",
        en: "the solver found no scheme even with every rule relaxed";
    pub(crate) FOUND_RELAXED = "plan.found_relaxed",
        fr: "le solveur n'a d'abord trouvé aucun schéma\u{202f}; un schéma a ensuite été trouvé et vérifié par le modèle assoupli",
        en: "the solver first reported no scheme; one was found and verified through the relaxed model";
    pub(crate) STOPPED = "plan.stopped",
        fr: "le planificateur s'est arrêté de façon inattendue",
        en: "the planner stopped unexpectedly";
    pub(crate) NOT_CHECKED = "plan.not_checked",
        fr: "erreur interne\u{a0}: le schéma planifié, écrit dans ses fichiers, ne passe pas la vérification",
        en: "internal error: the planned scheme, written into its files, does not pass check";
    pub(crate) DOES_NOT_LOAD = "plan.does_not_load",
        fr: "{file}\u{a0}: le schéma planifié ne se charge pas",
        en: "{file}: the planned scheme does not load";
    pub(crate) NOT_WRITTEN = "plan.not_written",
        fr: "{file}\u{a0}: le schéma planifié n'a pas pu être écrit\u{a0}: {error}",
        en: "{file}: the planned scheme could not be written: {error}";
    pub(crate) LOCKED_ASK = "plan.locked_ask",
        fr: "une demande porte sur une période ou un chiffre verrouillé",
        en: "an ask is on a locked period or figure";
    pub(crate) NO_SCHEME = "plan.no_scheme",
        fr: "aucun schéma ne satisfait toutes les demandes et toutes les règles",
        en: "no scheme meets every ask and rule";
    pub(crate) TIME_LIMIT = "plan.time_limit",
        fr: "le temps imparti est écoulé", en: "the time limit was hit";
    pub(crate) COMPLETED_DOES_NOT_LOAD = "plan.completed_does_not_load",
        fr: "le schéma complété ne se charge pas", en: "the completed scheme does not load";
}

/// The solver `name` (`microlp`, `highs`) as an argument.
pub(crate) fn solver(name: &str) -> Arg {
    Arg::raw(name)
}

/// A solver's own error message.
pub(crate) fn solver_said(error: impl Into<String>) -> Text {
    Text::new(&SOLVER_SAID).arg("error", Arg::raw(error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_plural_agrees_with_its_count_in_both_languages() {
        let t = |n: i64| {
            Text::new(&TOO_LARGE)
                .arg("periods", Arg::int(n))
                .arg("holders", Arg::int(12))
                .arg("themes", Arg::int(4))
                .arg("cells", Arg::int(2_000_000))
                .arg("max", Arg::int(1_000_000))
        };
        assert!(t(1).render(Lang::Fr).contains("1 période ×"));
        assert!(t(2).render(Lang::Fr).contains("2 périodes ×"));
        assert!(t(1).render(Lang::En).contains("1 period ×"));
        assert!(t(2).render(Lang::En).contains("2 periods ×"));
    }

    #[test]
    fn a_finding_to_fix_first_is_said_in_the_users_language() {
        static FINDING: crate::i18n::Msg =
            crate::i18n::Msg::new("test.finding", "le total dépasse", "the total is over");
        let t = Text::new(&FIX_FIRST)
            .arg("finding", Arg::text(Text::new(&FINDING)))
            .arg("code", Arg::id("C1"));
        assert_eq!(
            t.render(Lang::Fr),
            "à corriger d'abord (C1), la planification ne choisit que les chiffres\u{a0}: le total dépasse"
        );
        assert_eq!(
            t.render(Lang::En),
            "the total is over (C1) must be fixed first: planning chooses figures only"
        );
    }
}
