//! The words the table commands share (`cost`, `diff`, `budget`,
//! `indicators`, ...), in French and English. CSV and JSON keep their
//! stable machine keys; these are for people.

use crate::i18n::{Arg, Lang, Msg, Text};
use crate::scenario::{Period, PeriodKind};

/// A message of the catalogue declared where it is used, rendered at once:
/// `tr!(lang, "key", "Année {y}", "Year {y}", "y" => y.to_string())`. The
/// `Msg` is a `static`, so its two templates are checked at compile time.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:literal, $fr:literal, $en:literal $(, $name:literal => $val:expr)* $(,)?) => {{
        static MSG: $crate::i18n::Msg = $crate::i18n::Msg::new($key, $fr, $en);
        $crate::i18n::Text::new(&MSG)
            $(.arg($name, $crate::i18n::Arg::raw($val)))*
            .render($lang)
    }};
}

macro_rules! msgs {
    ($($name:ident = ($key:expr, $fr:expr, $en:expr);)*) => {
        $(pub static $name: Msg = Msg::new($key, $fr, $en);)*
        /// Every message of this module, for the tests.
        #[cfg(test)]
        pub static ALL: &[&Msg] = &[$(&$name),*];
    };
}

msgs! {
    KIND_PAST = ("period.kind.past", "passée", "past");
    KIND_CURRENT = ("period.kind.current", "en cours", "current");
    KIND_TRANSITIONAL = ("period.kind.transitional", "schéma transitoire", "transitional");
    KIND_TARGET = ("period.kind.target", "schéma cible", "target");
    PERIOD_TITLE = ("table.period", "Période {title}", "Period {title}");
    TOTAL = ("table.total", "Total", "Total");
    COMMUNE = ("table.commune", "Commune", "Commune");
    ETP = ("table.etp", "ETP", "ETP");
    CARRIER_ROW = ("table.carrier_row", "{name} (porteur)", "{name} (carrier)");
    NOTE = ("table.note", "Remarque\u{a0}: {note}", "Note: {note}");
    WROTE = ("output.wrote", "écrit\u{a0}: {path}", "wrote {path}");
    ERROR = ("output.error", "erreur\u{a0}: {message}", "error: {message}");
    WARNINGS_NOTE = (
        "output.warnings",
        "remarque\u{a0}: {file} a {n} {n:avertissement|avertissements} (`ctgplan check {file}` {n:le|les} montre)",
        "note: {file} has {n} {n:warning|warnings} (`ctgplan check {file}` {n:shows it|shows them})"
    );
    NO_PERIOD = (
        "output.no_period",
        "{file} n'a pas de période `{id}`\u{202f}; ses périodes sont\u{a0}: {ids}",
        "{file} has no period `{id}`; its periods are: {ids}"
    );
    NONE = ("output.none", "aucune", "none");
    NO_FINANCING = (
        "output.no_financing",
        "{file} n'a pas de table `[financing]`, donc aucun coût n'est connu\u{202f}; docs/cost.md montre comment en déclarer une",
        "{file} has no `[financing]` table, so no cost is known; docs/cost.md shows how to declare one"
    );
}

/// A period kind as people say it.
pub fn kind(k: PeriodKind, lang: Lang) -> String {
    let msg = match k {
        PeriodKind::Past => &KIND_PAST,
        PeriodKind::Current => &KIND_CURRENT,
        PeriodKind::Transitional => &KIND_TRANSITIONAL,
        PeriodKind::Target => &KIND_TARGET,
    };
    Text::new(msg).render(lang)
}

/// "2026 (transitional, 1 year)" / "2026 (schéma transitoire, 1 an)".
pub fn period_title(p: &Period, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(k) = p.kind {
        parts.push(kind(k, lang));
    }
    if let Some(y) = p.years {
        parts.push(lang.years(i64::from(y.last - y.first + 1)));
    }
    if parts.is_empty() {
        p.name().to_owned()
    } else {
        format!("{} ({})", p.name(), parts.join(", "))
    }
}

/// A message of this module with one text argument.
pub fn say(msg: &'static Msg, name: &'static str, value: impl Into<String>, lang: Lang) -> String {
    Text::new(msg).arg(name, Arg::raw(value)).render(lang)
}

/// The label of a plain message.
pub fn word(msg: &'static Msg, lang: Lang) -> String {
    Text::new(msg).render(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = ALL.iter().map(|m| m.key).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len());
    }

    #[test]
    fn warnings_agree_with_their_count() {
        let t = |n: usize, lang| {
            Text::new(&WARNINGS_NOTE)
                .arg("file", Arg::raw("a.toml"))
                .arg("n", Arg::count(n))
                .render(lang)
        };
        assert_eq!(
            t(1, Lang::Fr),
            "remarque\u{a0}: a.toml a 1 avertissement (`ctgplan check a.toml` le montre)"
        );
        assert_eq!(
            t(2, Lang::En),
            "note: a.toml has 2 warnings (`ctgplan check a.toml` shows them)"
        );
    }
}
