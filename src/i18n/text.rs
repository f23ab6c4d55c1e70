//! A message with its arguments, rendered in either language when printed.

use super::msg::{pieces, Piece};
use super::{Lang, Msg};
use rust_decimal::Decimal;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// A catalogue message and its arguments, as data: rendered in the user's
/// language by [`Text::render`], serialized as `{"id": key, "args": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    msg: &'static Msg,
    args: Vec<(&'static str, Arg)>,
}

/// An argument of a message. Figures stay exact values and are written
/// the language's way only when rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A thing of the scenario the user knows by its name (commune, theme,
    /// carrier): renders the name, or the id when the name is empty.
    Name {
        id: String,
        name: String,
    },
    /// A commune, carrier or theme in running text: its name in both
    /// languages (the id when it has none), as [`Arg::Name`]; kept apart
    /// because earlier versions printed the id in English. JSON has both.
    Subject {
        id: String,
        name: String,
    },
    /// An id the user must type (renders as is).
    Id(String),
    /// A period: its name when it has one, else its id.
    Period {
        id: String,
        name: String,
    },
    Etp(Decimal),
    /// A change in ETP, signed when positive.
    EtpChange(Decimal),
    /// An amount in cents, rendered in euros.
    Euros(i64),
    /// An amount in cents without the currency sign (the template writes it).
    Amount(i64),
    Percent(Decimal),
    /// Any other exact number (a population, a rate).
    Number(Decimal),
    Int(i64),
    /// Another message (a reason, a clause).
    Text(Box<Text>),
    /// Items rendered one after the other, separated by commas.
    List(Vec<Arg>),
    /// Verbatim text that is not ours to translate (a parser's detail, a
    /// file name, a value from the file).
    Raw(String),
    /// Text from elsewhere in English (a parser's or the system's words)
    /// with its French translation: `en` is the original, given as data.
    Words {
        fr: String,
        en: String,
    },
}

impl Arg {
    pub fn name(id: impl Into<String>, name: impl Into<String>) -> Arg {
        Arg::Name {
            id: id.into(),
            name: name.into(),
        }
    }
    pub fn subject(id: impl Into<String>, name: impl Into<String>) -> Arg {
        Arg::Subject {
            id: id.into(),
            name: name.into(),
        }
    }
    pub fn id(id: impl Into<String>) -> Arg {
        Arg::Id(id.into())
    }
    pub fn period(id: impl Into<String>, name: impl Into<String>) -> Arg {
        Arg::Period {
            id: id.into(),
            name: name.into(),
        }
    }
    pub fn etp(d: Decimal) -> Arg {
        Arg::Etp(d)
    }
    pub fn etp_change(d: Decimal) -> Arg {
        Arg::EtpChange(d)
    }
    pub fn euros(cents: i64) -> Arg {
        Arg::Euros(cents)
    }
    pub fn amount(cents: i64) -> Arg {
        Arg::Amount(cents)
    }
    pub fn percent(d: Decimal) -> Arg {
        Arg::Percent(d)
    }
    pub fn number(d: Decimal) -> Arg {
        Arg::Number(d)
    }
    pub fn int(n: impl Into<i64>) -> Arg {
        Arg::Int(n.into())
    }
    /// A count (`usize`), saturating at `i64::MAX`.
    pub fn count(n: usize) -> Arg {
        Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
    pub fn text(t: Text) -> Arg {
        Arg::Text(Box::new(t))
    }
    pub fn list(items: impl IntoIterator<Item = Arg>) -> Arg {
        Arg::List(items.into_iter().collect())
    }
    pub fn raw(s: impl Into<String>) -> Arg {
        Arg::Raw(s.into())
    }
    /// English words from elsewhere and their French translation.
    pub fn words(fr: impl Into<String>, en: impl Into<String>) -> Arg {
        Arg::Words {
            fr: fr.into(),
            en: en.into(),
        }
    }
    /// The system's reason for a failed read or write: said in French for
    /// the common kinds, else the system's own words.
    pub fn io_error(e: &std::io::Error) -> Arg {
        use std::io::ErrorKind as K;
        let en = e.to_string();
        let fr = match e.kind() {
            K::NotFound => "fichier ou dossier introuvable",
            K::PermissionDenied => "accès refusé",
            K::IsADirectory => "c'est un dossier",
            K::NotADirectory => "un élément du chemin n'est pas un dossier",
            K::AlreadyExists => "le fichier existe déjà",
            K::InvalidData => "données invalides",
            K::StorageFull => "plus de place sur le disque",
            K::ReadOnlyFilesystem => "système de fichiers en lecture seule",
            _ => return Arg::Raw(en),
        };
        Arg::words(fr, en)
    }

    pub fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Name { id, name } | Arg::Period { id, name } | Arg::Subject { id, name } => {
                if name.trim().is_empty() {
                    id.clone()
                } else {
                    name.clone()
                }
            }
            Arg::Id(s) | Arg::Raw(s) => s.clone(),
            Arg::Words { fr, en } => match lang {
                Lang::Fr => fr.clone(),
                Lang::En => en.clone(),
            },
            Arg::Etp(d) => lang.etp(*d),
            Arg::EtpChange(d) => lang.etp_change(*d),
            Arg::Euros(c) => lang.euros(*c),
            Arg::Amount(c) => lang.amount(*c),
            Arg::Percent(d) => lang.percent(*d),
            Arg::Number(d) => lang.number(*d),
            Arg::Int(n) => lang.int(*n),
            Arg::Text(t) => t.render(lang),
            Arg::List(items) => items
                .iter()
                .map(|a| a.render(lang))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The count a plural agrees with; a non-number takes the plural.
    fn quantity(&self) -> Option<Decimal> {
        match self {
            Arg::Etp(d) | Arg::EtpChange(d) | Arg::Percent(d) | Arg::Number(d) => Some(*d),
            Arg::Int(n) => Some(Decimal::from(*n)),
            Arg::Euros(c) | Arg::Amount(c) => Some(Decimal::new(*c, 2)),
            Arg::List(items) => Some(Decimal::from(items.len())),
            _ => None,
        }
    }
}

impl Serialize for Arg {
    /// As data: exact decimals as strings (`"0.2"`, euros `"52000.00"`),
    /// integers as numbers, names with their id.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Arg::Name { id, name } | Arg::Period { id, name } | Arg::Subject { id, name } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("id", id)?;
                m.serialize_entry("name", name)?;
                m.end()
            }
            Arg::Id(x) | Arg::Raw(x) | Arg::Words { en: x, .. } => s.serialize_str(x),
            Arg::Etp(d) | Arg::EtpChange(d) | Arg::Percent(d) | Arg::Number(d) => {
                s.serialize_str(&d.normalize().to_string())
            }
            Arg::Euros(c) | Arg::Amount(c) => s.serialize_str(&Decimal::new(*c, 2).to_string()),
            Arg::Int(n) => s.serialize_i64(*n),
            Arg::Text(t) => t.serialize(s),
            Arg::List(items) => items.serialize(s),
        }
    }
}

impl Text {
    pub fn new(msg: &'static Msg) -> Text {
        Text {
            msg,
            args: Vec::new(),
        }
    }

    /// Sets argument `name` (replacing an earlier value of the same name).
    pub fn arg(mut self, name: &'static str, value: Arg) -> Text {
        match self.args.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => {
                // Exact growth: a Text has a handful of arguments, and a file
                // with 75,000 findings kept each Vec's spare slots (about
                // 45 MB) until the findings were capped.
                self.args.reserve_exact(1);
                self.args.push((name, value))
            }
        }
        self
    }

    /// Verbatim text with no translation (text from elsewhere, or a message
    /// not yet in the catalogue).
    pub fn raw(s: impl Into<String>) -> Text {
        Text::new(&RAW).arg("text", Arg::raw(s))
    }

    pub fn msg(&self) -> &'static Msg {
        self.msg
    }

    pub fn key(&self) -> &'static str {
        self.msg.key
    }

    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }

    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    /// The text in `lang`. A placeholder without its argument stays as
    /// written (`{name}`), so that a mistake shows instead of vanishing.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for piece in pieces(self.msg.template(lang)) {
            match piece {
                Piece::Literal(s) => out.push_str(s),
                Piece::Arg(name) => match self.get(name) {
                    Some(a) => {
                        let said = a.render(lang);
                        if lang == Lang::Fr {
                            elide(&mut out, &said);
                        }
                        out.push_str(&said);
                    }
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                },
                Piece::Plural { arg, one, many } => {
                    let count = self.get(arg).and_then(Arg::quantity);
                    let singular = count.is_some_and(|c| lang.singular(c));
                    out.push_str(if singular { one } else { many });
                }
            }
        }
        out
    }
}

/// French elision before a name that starts with a vowel: "le total de
/// Accès" is "le total d'Accès", "plus que Eyguières" is "plus qu'Eyguières".
/// A name starting with h is left alone (h muet or aspiré depends on the
/// word: "de Hautes-Alpes" is not "d'Hautes-Alpes").
fn elide(out: &mut String, next: &str) {
    const VOWELS: &str = "aeiouyàâäéèêëîïôöùûüÿæœAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÆŒ";
    if !next.chars().next().is_some_and(|c| VOWELS.contains(c)) {
        return;
    }
    for word in ["de ", "De ", "que "] {
        let Some(before) = out.strip_suffix(word) else {
            continue;
        };
        // A whole word: at the start, or after a space, an apostrophe or a
        // bracket ("(de ...").
        if before.is_empty() || before.ends_with([' ', '\u{a0}', '\u{202f}', '(', '«', '\'']) {
            let keep = out.len() - 2; // "e " → "'"
            out.truncate(keep);
            out.push('\'');
        }
        return;
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("id", self.msg.key)?;
        m.serialize_entry("args", &Args(&self.args))?;
        m.end()
    }
}

struct Args<'a>(&'a [(&'static str, Arg)]);

impl Serialize for Args<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            m.serialize_entry(name, value)?;
        }
        m.end()
    }
}

/// Verbatim text (see [`Text::raw`]).
pub static RAW: Msg = Msg::new("raw", "{text}", "{text}");

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::raw(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::raw(s)
    }
}

impl From<&'static Msg> for Text {
    fn from(msg: &'static Msg) -> Text {
        Text::new(msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::msgs! {
        ELIDE = "test.elide",
            fr: "baissez le total de {theme} ou plus que {who}, de {n} ETP (de {other})",
            en: "lower the total of {theme} or more than {who}, by {n} ETP (of {other})";
        AT_START = "test.elide_start", fr: "De {theme}", en: "Of {theme}";
    }

    #[test]
    fn french_elides_de_and_que_before_a_vowel() {
        let t = |theme: &str, who: &str, other: &str| {
            Text::new(&ELIDE)
                .arg("theme", Arg::name("acces", theme))
                .arg("who", Arg::subject("x", who))
                .arg("n", Arg::etp(rust_decimal::Decimal::new(2, 1)))
                .arg("other", Arg::raw(other))
        };
        assert_eq!(
            t("Accès aux droits", "Eyguières", "Hautes-Alpes").render(Lang::Fr),
            "baissez le total d'Accès aux droits ou plus qu'Eyguières, de 0,2 ETP (de Hautes-Alpes)"
        );
        assert_eq!(
            t("Petite enfance", "Saint-Rémy", "Île-de-France").render(Lang::Fr),
            "baissez le total de Petite enfance ou plus que Saint-Rémy, de 0,2 ETP (d'Île-de-France)"
        );
        assert_eq!(
            t("Accès", "Eyguières", "a").render(Lang::En),
            "lower the total of Accès or more than Eyguières, by 0.2 ETP (of a)"
        );
        let start = Text::new(&AT_START).arg("theme", Arg::name("e", "Enfance"));
        assert_eq!(start.render(Lang::Fr), "D'Enfance");
    }

    static OVER: Msg = Msg::new(
        "test.over",
        "{holder} dépasse de {over} ETP la limite de {limit} ETP sur {n} {n:an|ans} ({cost})",
        "{holder} exceeds the limit of {limit} ETP by {over} ETP over {n} {n:year|years} ({cost})",
    );

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn over(n: i64) -> Text {
        Text::new(&OVER)
            .arg("holder", Arg::name("saint-remy", "Saint-Rémy-de-Provence"))
            .arg("over", Arg::etp(dec("0.25")))
            .arg("limit", Arg::etp(dec("1.0")))
            .arg("n", Arg::int(n))
            .arg("cost", Arg::euros(5_200_000))
    }

    #[test]
    fn renders_in_each_language() {
        assert_eq!(
            over(1).render(Lang::Fr),
            "Saint-Rémy-de-Provence dépasse de 0,25 ETP la limite de 1 ETP sur 1 an (52\u{202f}000,00\u{a0}€)"
        );
        assert_eq!(
            over(2).render(Lang::En),
            "Saint-Rémy-de-Provence exceeds the limit of 1 ETP by 0.25 ETP over 2 years (€52,000.00)"
        );
        assert!(over(0).render(Lang::Fr).contains("0 an "));
        assert!(over(0).render(Lang::En).contains("0 years"));
    }

    #[test]
    fn serializes_as_data() {
        let json = serde_json::to_value(over(2)).expect("json");
        assert_eq!(
            json,
            serde_json::json!({
                "id": "test.over",
                "args": {
                    "holder": {"id": "saint-remy", "name": "Saint-Rémy-de-Provence"},
                    "over": "0.25",
                    "limit": "1",
                    "n": 2,
                    "cost": "52000.00",
                }
            })
        );
    }

    #[test]
    fn words_from_elsewhere_render_per_language_and_serialize_as_the_original() {
        let t = Text::raw("x").arg("text", Arg::words("champ manquant", "missing field"));
        assert_eq!(t.render(Lang::Fr), "champ manquant");
        assert_eq!(t.render(Lang::En), "missing field");
        let json = serde_json::to_value(&t).expect("json");
        assert_eq!(json["args"]["text"], "missing field");
        let gone = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(
            Arg::io_error(&gone).render(Lang::Fr),
            "fichier ou dossier introuvable"
        );
        assert_eq!(Arg::io_error(&gone).render(Lang::En), gone.to_string());
        let other = std::io::Error::other("disk on fire");
        assert_eq!(Arg::io_error(&other).render(Lang::Fr), "disk on fire");
    }

    #[test]
    fn nested_texts_lists_and_missing_arguments() {
        let t = Text::new(&OVER)
            .arg("holder", Arg::list([Arg::id("a"), Arg::name("b", "")]))
            .arg("over", Arg::text(Text::raw("x")));
        assert_eq!(
            t.render(Lang::En),
            "a, b exceeds the limit of {limit} ETP by x ETP over {n} years ({cost})"
        );
        assert_eq!(Text::raw("{a}").render(Lang::Fr), "{a}");
        let json = serde_json::to_value(&t).expect("json");
        assert_eq!(json["args"]["over"]["id"], "raw");
        assert_eq!(json["args"]["holder"][1]["id"], "b");
    }
}
