//! What `check` itself says, outside the rules' diagnostics.

use crate::i18n::{Lang, Msg};

/// The word before `[CTG000]` on a line of our own.
pub fn error(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "erreur",
        Lang::En => "error",
    }
}

pub static UNREADABLE: Msg = Msg::new("check.unreadable", "{error}", "{error}");
pub static PASS_EXISTING: Msg = Msg::new(
    "check.pass_existing",
    "aide\u{a0}: indiquez des fichiers de scénario ou des dossiers qui existent",
    "help: pass scenario files or directories that exist",
);
pub static NO_SCENARIO: Msg = Msg::new(
    "check.no_scenario",
    "aucun fichier de scénario (*.toml) dans {paths}",
    "no scenario file (*.toml) in {paths}",
);
pub static PASS_SCENARIO: Msg = Msg::new(
    "check.pass_scenario",
    "aide\u{a0}: indiquez un fichier de scénario, ou un dossier qui en contient",
    "help: pass a scenario file, or a directory that holds some",
);
/// `change` is the planner's wording of a relaxation (a rule's
/// `relaxation`: an infinitive in French, a verb after "you" in English).
pub static POSSIBLE_IF: Msg = Msg::new(
    "check.possible_if",
    "piste du planificateur pour la rendre possible\u{a0}: {change} ({code})",
    "it becomes possible if you {change} ({code})",
);
