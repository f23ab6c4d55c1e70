//! The words the renderers add around diagnostics, in both languages.

use crate::i18n::{Arg, Lang, Msg, Text};

pub static NOTE: Msg = Msg::new("render.note", "note\u{a0}: {text}", "note: {text}");
pub static HELP: Msg = Msg::new("render.help", "aide\u{a0}: {text}", "help: {text}");
pub static IN_FILE: Msg = Msg::new("render.in_file", "dans {file}", "in {file}");
static CHECKED: Msg = Msg::new(
    "render.checked",
    "{n} {n:fichier vérifié|fichiers vérifiés}\u{a0}: {errors} {errors:erreur|erreurs}, {warnings} {warnings:avertissement|avertissements}",
    "checked {n} {n:file|files}: {errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}",
);
/// With unusable files: the files checked and those that could not be,
/// counted apart (a missing file is not "1 file checked").
static CHECKED_UNUSABLE: Msg = Msg::new(
    "render.checked_unusable",
    "{n} {n:fichier vérifié|fichiers vérifiés}, {unusable} {unusable:fichier inutilisable|fichiers inutilisables}\u{a0}: {errors} {errors:erreur|erreurs}, {warnings} {warnings:avertissement|avertissements}",
    "checked {n} {n:file|files}, {unusable} {unusable:file|files} unusable: {errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}",
);
static CI_SUMMARY: Msg = Msg::new(
    "render.ci_summary",
    "ctgplan\u{a0}: {n} {n:fichier vérifié|fichiers vérifiés}, {errors} {errors:erreur|erreurs}, {warnings} {warnings:avertissement|avertissements}",
    "ctgplan: {n} {n:file|files} checked, {errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}",
);
pub static JUNIT_UNUSABLE: Msg = Msg::new(
    "render.junit_unusable",
    "entrée inutilisable\u{a0}: le fichier n'a pas pu être vérifié",
    "unusable input: the file could not be checked",
);
static COUNTS: Msg = Msg::new(
    "render.counts",
    "{errors} {errors:erreur|erreurs}, {warnings} {warnings:avertissement|avertissements}",
    "{errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}",
);

/// "checked 3 files: 0 errors, 4 warnings" / "3 fichiers vérifiés : 0
/// erreur, 4 avertissements"; `files` counts the unusable ones too, which
/// are said apart.
pub fn checked(
    lang: Lang,
    files: usize,
    errors: usize,
    warnings: usize,
    unusable: usize,
) -> String {
    let msg = if unusable > 0 {
        &CHECKED_UNUSABLE
    } else {
        &CHECKED
    };
    Text::new(msg)
        .arg("n", Arg::count(files.saturating_sub(unusable)))
        .arg("unusable", Arg::count(unusable))
        .arg("errors", Arg::count(errors))
        .arg("warnings", Arg::count(warnings))
        .render(lang)
}

/// The summary line of the CI formats' logs.
pub fn ci_summary(lang: Lang, files: usize, errors: usize, warnings: usize) -> String {
    Text::new(&CI_SUMMARY)
        .arg("n", Arg::count(files))
        .arg("errors", Arg::count(errors))
        .arg("warnings", Arg::count(warnings))
        .render(lang)
}

/// "2 errors, 1 warning" for a JUnit test case's failure message.
pub fn counts(lang: Lang, errors: usize, warnings: usize) -> String {
    Text::new(&COUNTS)
        .arg("errors", Arg::count(errors))
        .arg("warnings", Arg::count(warnings))
        .render(lang)
}

/// `note: …` / `help: …` before a diagnostic's note or help.
pub fn prefixed(lang: Lang, msg: &'static Msg, text: &Text) -> String {
    Text::new(msg)
        .arg("text", Arg::text(text.clone()))
        .render(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines_agree_with_their_counts() {
        assert_eq!(
            checked(Lang::Fr, 3, 0, 4, 0),
            "3 fichiers vérifiés\u{a0}: 0 erreur, 4 avertissements"
        );
        assert_eq!(
            checked(Lang::En, 3, 2, 1, 1),
            "checked 2 files, 1 file unusable: 2 errors, 1 warning"
        );
        // A missing file alone: nothing was checked.
        assert_eq!(
            checked(Lang::Fr, 1, 1, 0, 1),
            "0 fichier vérifié, 1 fichier inutilisable\u{a0}: 1 erreur, 0 avertissement"
        );
        assert_eq!(
            checked(Lang::En, 1, 1, 0, 1),
            "checked 0 files, 1 file unusable: 1 error, 0 warnings"
        );
    }
}
