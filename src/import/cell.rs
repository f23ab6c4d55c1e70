//! One cell of an annex table, read as the annexes write it: "0,2 ETP
//! -Petite enfance -Enfance jeunesse -Inclusion", "0 porté par la ville de
//! Maussane-Les-Alpilles", "0,2 ETP jamais pourvu", "0 (à négocier avec la
//! CAF)", "Néant". What is read becomes data; what is not is kept as a note
//! and said so, never guessed.

use rust_decimal::Decimal;

/// What a cell says about one holder in one period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CellFacts {
    /// `None` for "Néant": no post in this period.
    pub etp: Option<Decimal>,
    /// Theme ids, in the order written, without repeats.
    pub themes: Vec<&'static str>,
    /// The name after "porté par (la ville de)".
    pub carried_by: Option<String>,
    pub status: Option<&'static str>,
    pub externalised: bool,
    /// Text beyond the figure and the theme list, kept verbatim.
    pub note: Option<String>,
    /// Parts of the text that were not read as data (reported as a warning).
    pub unread: Option<String>,
}

/// Why a cell cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellError {
    Empty,
    NoFigure(String),
    Negative(String),
    UnknownTheme(String),
}

/// Lower case without accents, dashes and apostrophes unified, spaces collapsed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'Î' | 'Ï' => 'i',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            '–' | '—' | '‑' | '−' => '-',
            '’' | 'ʼ' => '\'',
            c if c.is_whitespace() => ' ',
            c => c.to_ascii_lowercase(),
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_owned()
}

/// Letters and digits only: "Saint- Rémy-de-Provence" and "Saint-Rémy-de-
/// Provence" compare equal.
pub fn name_key(text: &str) -> String {
    fold(text)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The AFAS theme of a word of the annexes, if it is one.
pub fn theme_of(item: &str) -> Option<&'static str> {
    let k = name_key(item);
    const TABLE: [(&str, &str); 14] = [
        ("petiteenfance", "petite_enfance"),
        ("inclusion", "petite_enfance"),
        ("enfancejeunesse", "enfance_jeunesse"),
        ("jeunesse", "enfance_jeunesse"),
        ("enfance", "enfance_jeunesse"),
        ("parentalite", "parentalite"),
        ("accesauxdroits", "acces_droits"),
        ("accesdroits", "acces_droits"),
        ("mobilites", "acces_droits"),
        ("mobilite", "acces_droits"),
        ("logement", "acces_droits"),
        ("numerique", "acces_droits"),
        ("animationdelaviesociale", "acces_droits"),
        ("animationviesociale", "acces_droits"),
    ];
    TABLE.iter().find(|(w, _)| *w == k).map(|(_, t)| *t)
}

/// The leading figure of `text` ("0,2", "1.2", "3") and the rest.
fn leading_figure(text: &str) -> Option<(Decimal, &str)> {
    let t = text.trim_start();
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map_or(t.len(), |(i, _)| i);
    let num = t.get(..end).unwrap_or("");
    // "0,2" or "0.2"; a figure ends on a digit.
    let num = num.trim_end_matches([',', '.']);
    let rest = t.get(num.len()..).unwrap_or("");
    if num.is_empty() {
        return None;
    }
    let d: Decimal = num.replace(',', ".").parse().ok()?;
    Some((d, rest))
}

/// Strips a leading "ETP" (any case) from `rest`.
fn strip_unit(rest: &str) -> &str {
    let r = rest.trim_start();
    match r.get(..3) {
        Some(u) if u.eq_ignore_ascii_case("etp") => r.get(3..).unwrap_or(""),
        _ => r,
    }
}

/// Reads a cell given as text.
pub fn parse_text(text: &str) -> Result<CellFacts, CellError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(CellError::Empty);
    }
    let folded = fold(trimmed);
    if matches!(folded.as_str(), "neant" | "-" | "/" | "sans objet") {
        return Ok(CellFacts::default());
    }
    if trimmed
        .strip_prefix('-')
        .is_some_and(|a| leading_figure(a).is_some())
    {
        return Err(CellError::Negative(trimmed.to_owned()));
    }
    let Some((etp, rest)) = leading_figure(trimmed) else {
        return Err(CellError::NoFigure(trimmed.to_owned()));
    };
    let mut facts = CellFacts {
        etp: Some(etp),
        ..CellFacts::default()
    };
    let rest = strip_unit(rest).trim();
    if rest.is_empty() {
        return Ok(facts);
    }
    let rest_folded = fold(rest);
    // A theme list: "-Petite enfance -Parentalité" (also after "–").
    let normalised: String = rest
        .chars()
        .map(|c| {
            if matches!(c, '–' | '—' | '−') {
                '-'
            } else {
                c
            }
        })
        .collect();
    if normalised.trim_start().starts_with('-') {
        for item in normalised.split(['-', '/']) {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            match theme_of(item) {
                Some(t) if !facts.themes.contains(&t) => facts.themes.push(t),
                Some(_) => {}
                None => return Err(CellError::UnknownTheme(item.to_owned())),
            }
        }
        return Ok(facts);
    }
    // Known phrases; the text is kept as a note either way.
    let mut read_something = false;
    if rest_folded.contains("jamais pourvu") {
        facts.status = Some("never_filled");
        read_something = true;
    } else if rest_folded.contains("a negocier") {
        facts.status = Some("to_be_negotiated");
        read_something = true;
    } else if rest_folded.contains("vacant") {
        facts.status = Some("vacant");
        read_something = true;
    }
    if let Some(i) = rest_folded.find("porte par") {
        let after = rest_folded
            .get(i + "porte par".len()..)
            .unwrap_or("")
            .trim();
        let after = [
            "la ville de ",
            "la commune de ",
            "la ville d'",
            "la commune d'",
            "la ",
            "le ",
        ]
        .iter()
        .find_map(|p| after.strip_prefix(p))
        .unwrap_or(after);
        if !after.is_empty() {
            facts.carried_by = Some(after.trim().to_owned());
            read_something = true;
        }
    }
    // "soit en direct soit externalisé" leaves the choice open: a note.
    if rest_folded.contains("externalis") && !rest_folded.contains("soit") {
        facts.externalised = true;
        read_something = true;
    }
    let note = rest
        .trim_start_matches(['(', ' '])
        .trim_end_matches([')', ' '])
        .to_owned();
    if !read_something {
        facts.unread = Some(note.clone());
    }
    facts.note = Some(note);
    Ok(facts)
}

/// Reads a cell holding a number: the figure as written (0.2, not
/// 0.2000000001: a spreadsheet number with more than 6 decimals is refused).
pub fn parse_number(v: f64) -> Result<CellFacts, CellError> {
    if !v.is_finite() {
        return Err(CellError::NoFigure(v.to_string()));
    }
    if v < 0.0 {
        return Err(CellError::Negative(v.to_string()));
    }
    let d: Decimal = format!("{v}")
        .parse()
        .map_err(|_| CellError::NoFigure(v.to_string()))?;
    if d.normalize().scale() > 6 {
        return Err(CellError::NoFigure(v.to_string()));
    }
    Ok(CellFacts {
        etp: Some(d.normalize()),
        ..CellFacts::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn figures_and_theme_lists() {
        let f = parse_text("0,2 ETP -Petite enfance -Enfance jeunesse -Inclusion").expect("reads");
        assert_eq!(f.etp, Some(dec("0.2")));
        assert_eq!(f.themes, ["petite_enfance", "enfance_jeunesse"]);
        assert_eq!(f.note, None);
        let f = parse_text("1,2 ETP – Petite enfance -Parentalité -Inclusion -Accès aux droits")
            .expect("reads");
        assert_eq!(f.themes, ["petite_enfance", "parentalite", "acces_droits"]);
        let f = parse_text("0 -Accès aux droits /mobilités").expect("reads");
        assert_eq!(
            (f.etp, f.themes),
            (Some(Decimal::ZERO), vec!["acces_droits"])
        );
        assert_eq!(parse_text("0,3 ETP").expect("reads").etp, Some(dec("0.3")));
        assert_eq!(parse_text("1.5").expect("reads").etp, Some(dec("1.5")));
    }

    #[test]
    fn statuses_carriers_and_notes() {
        let f = parse_text("0,2 ETP jamais pourvu").expect("reads");
        assert_eq!(
            (f.status, f.note.as_deref()),
            (Some("never_filled"), Some("jamais pourvu"))
        );
        let f = parse_text("0 (à négocier avec la CAF)").expect("reads");
        assert_eq!(f.status, Some("to_be_negotiated"));
        assert_eq!(f.note.as_deref(), Some("à négocier avec la CAF"));
        let f = parse_text("0 porté par la ville de Saint- Rémy-de-Provence").expect("reads");
        assert_eq!(
            name_key(f.carried_by.as_deref().expect("carrier")),
            "saintremydeprovence"
        );
        let f = parse_text("0,5 ETP externalisé et co-financé par les communes").expect("reads");
        assert!(f.externalised);
        let f = parse_text("0,2 ETP Reprise soit en direct soit externalisé").expect("reads");
        assert!(!f.externalised, "the choice is left open");
        assert_eq!(
            f.unread.as_deref(),
            Some("Reprise soit en direct soit externalisé")
        );
        let f = parse_text("0,2 ETP à voir").expect("reads");
        assert_eq!(f.unread.as_deref(), Some("à voir"));
        assert_eq!(parse_text("Néant").expect("reads"), CellFacts::default());
    }

    #[test]
    fn what_cannot_be_read_is_an_error() {
        assert_eq!(parse_text("  "), Err(CellError::Empty));
        assert_eq!(
            parse_text("ETP 0,2"),
            Err(CellError::NoFigure("ETP 0,2".to_owned()))
        );
        assert!(matches!(
            parse_text("-0,2 ETP"),
            Err(CellError::Negative(_))
        ));
        assert_eq!(
            parse_text("0,2 ETP -Petite enfance -Sport"),
            Err(CellError::UnknownTheme("Sport".to_owned()))
        );
        assert!(matches!(parse_text("=1+1"), Err(CellError::NoFigure(_))));
    }

    proptest::proptest! {
        /// Any text a cell may hold is read or refused, never a panic; a
        /// figure read is never negative.
        #[test]
        fn any_cell_text_is_read_or_refused(t in "\\PC{0,40}", n in proptest::num::f64::ANY) {
            if let Ok(f) = parse_text(&t) {
                proptest::prop_assert!(f.etp.is_none_or(|e| e >= Decimal::ZERO));
            }
            if let Ok(f) = parse_number(n) {
                proptest::prop_assert!(f.etp.is_some_and(|e| e >= Decimal::ZERO));
            }
            let _ = super::super::annex::years_in(&t);
        }
    }

    #[test]
    fn numbers_from_spreadsheets() {
        assert_eq!(parse_number(0.2).expect("reads").etp, Some(dec("0.2")));
        assert_eq!(parse_number(3.0).expect("reads").etp, Some(dec("3")));
        assert!(parse_number(-1.0).is_err());
        assert!(parse_number(f64::NAN).is_err());
        assert!(
            parse_number(0.1 + 0.2).is_err(),
            "0.30000000000000004 is not a figure"
        );
    }
}
