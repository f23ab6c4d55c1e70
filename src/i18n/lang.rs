//! The two languages, how the user chooses one, and figures written as
//! each language writes them. French follows the CLDR `fr` conventions:
//! decimal comma, U+202F (narrow no-break space) between groups of
//! thousands and before `%`, U+00A0 (no-break space) before `€`, so that a
//! figure never breaks across lines. English: `1,652.77`, `0.2`, `50%`,
//! `€30,000.00`.

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French: 0,2 ETP, 1 652,77 €.
    Fr,
    /// English: 0.2 ETP, €1,652.77.
    En,
}

/// Narrow no-break space: French thousands separator and space before `%`.
pub const NNBSP: char = '\u{202f}';
/// No-break space: French space before `€` and `:`.
pub const NBSP: char = '\u{a0}';

/// The environment variables asked, in this order, after `--lang`.
pub const LANG_VARS: [&str; 4] = ["CTGPLAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"];

impl Lang {
    /// The language the user asks for: `flag` (`--lang`), then
    /// `CTGPLAN_LANG`, `LC_ALL`, `LC_MESSAGES`, `LANG`, then the system's
    /// user-interface language, else French. See [`Lang::detect_with`].
    pub fn detect(flag: Option<Lang>) -> Lang {
        Lang::detect_with(flag, |var| std::env::var(var).ok(), sys_locale::get_locale)
    }

    /// [`Lang::detect`] with the environment and the system language given
    /// (`env(name)` is a variable's value): the first source that says
    /// something decides. A value says nothing when it is empty, `C` or
    /// `POSIX` (with or without a `.codeset`); `fr…` is French; any other
    /// language is English, the more widely read of the two for someone
    /// who asked for neither.
    pub fn detect_with(
        flag: Option<Lang>,
        env: impl Fn(&str) -> Option<String>,
        system: impl FnOnce() -> Option<String>,
    ) -> Lang {
        if let Some(lang) = flag {
            return lang;
        }
        LANG_VARS
            .iter()
            .find_map(|var| env(var).as_deref().and_then(Lang::from_locale))
            .or_else(|| system().as_deref().and_then(Lang::from_locale))
            .unwrap_or(Lang::Fr)
    }

    /// The language a locale name asks for (`fr_FR.UTF-8`, `fr-CA`, `en`,
    /// `de_DE@euro`), or `None` when it says nothing (`C`, `POSIX`, empty).
    pub fn from_locale(value: &str) -> Option<Lang> {
        let value = value.trim();
        // `LANGUAGE`-style lists (`fr:en`) take their first entry.
        let first = value.split(':').next().unwrap_or_default();
        let lang = first
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match lang.as_str() {
            "" | "c" | "posix" => None,
            "fr" => Some(Lang::Fr),
            _ => Some(Lang::En),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    fn separators(self) -> (char, char) {
        match self {
            Lang::Fr => (NNBSP, ','),
            Lang::En => (',', '.'),
        }
    }

    /// A decimal with as many decimals as it has (`0,2`, `1 652,77`).
    pub fn number(self, d: Decimal) -> String {
        let text = d.normalize().to_string();
        self.digits(&text)
    }

    /// An integer in running text: French groups its thousands
    /// (`12 000`); English writes it plainly (`12000`), as ctgplan's English
    /// messages always have (scripts and docs quote them).
    pub fn int(self, n: i64) -> String {
        match self {
            Lang::Fr => self.digits(&n.to_string()),
            Lang::En => n.to_string(),
        }
    }

    /// An ETP figure (`0,2` / `0.2`).
    pub fn etp(self, d: Decimal) -> String {
        self.number(d)
    }

    /// A change in ETP, signed when positive (`+0,2`, `-0,1`, `0`).
    pub fn etp_change(self, d: Decimal) -> String {
        if d > Decimal::ZERO {
            format!("+{}", self.etp(d))
        } else {
            self.etp(d)
        }
    }

    /// Cents as an amount with two decimals and no currency sign, for table
    /// cells whose header names the currency (`1 652,77` / `1,652.77`).
    pub fn amount(self, cents: i64) -> String {
        let sign = if cents < 0 { "-" } else { "" };
        let abs = cents.unsigned_abs();
        self.digits(&format!("{sign}{}.{:02}", abs / 100, abs % 100))
    }

    /// A change in cents, signed when positive.
    pub fn amount_change(self, cents: i64) -> String {
        if cents > 0 {
            format!("+{}", self.amount(cents))
        } else {
            self.amount(cents)
        }
    }

    /// An amount in euros in running text (`30 000,00 €` / `€30,000.00`).
    pub fn euros(self, cents: i64) -> String {
        match self {
            Lang::Fr => format!("{}{NBSP}€", self.amount(cents)),
            Lang::En if cents < 0 => format!("-€{}", self.amount(cents.saturating_neg())),
            Lang::En => format!("€{}", self.amount(cents)),
        }
    }

    /// A percentage (`50 %` / `50%`).
    pub fn percent(self, d: Decimal) -> String {
        match self {
            Lang::Fr => format!("{}{NNBSP}%", self.number(d)),
            Lang::En => format!("{}%", self.number(d)),
        }
    }

    /// Rewrites a plain number (`-1234.5`) with this language's separators.
    fn digits(self, plain: &str) -> String {
        let (group, point) = self.separators();
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", plain),
        };
        let (int, frac) = match rest.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (rest, None),
        };
        let mut out = String::from(sign);
        let n = int.chars().count();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (n - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if let Some(f) = frac {
            out.push(point);
            out.push_str(f);
        }
        out
    }

    /// Between a name and what follows (`Total : 3` / `Total: 3`).
    pub fn colon(self) -> &'static str {
        match self {
            Lang::Fr => "\u{a0}: ",
            Lang::En => ": ",
        }
    }

    /// Between items of a list of notes.
    pub fn list_separator(self) -> &'static str {
        match self {
            Lang::Fr => "\u{202f}; ",
            Lang::En => "; ",
        }
    }

    /// Whether a count takes the singular: French for 0 and 1 (and any
    /// value below 2: « 1,5 an »), English for exactly 1.
    pub fn singular(self, count: Decimal) -> bool {
        match self {
            Lang::Fr => count.abs() < Decimal::TWO,
            Lang::En => count.abs() == Decimal::ONE,
        }
    }

    /// "1 year" / "4 ans".
    pub fn years(self, n: i64) -> String {
        super::Text::new(&YEARS)
            .arg("n", super::Arg::int(n))
            .render(self)
    }

    /// "0 errors, 3 warnings" / "0 erreur, 3 avertissements".
    pub fn error_count(self, errors: usize, warnings: usize) -> String {
        super::Text::new(&ERROR_COUNT)
            .arg("errors", super::Arg::count(errors))
            .arg("warnings", super::Arg::count(warnings))
            .render(self)
    }
}

static YEARS: super::Msg = super::Msg::new("years", "{n} {n:an|ans}", "{n} {n:year|years}");
static ERROR_COUNT: super::Msg = super::Msg::new(
    "error_count",
    "{errors} {errors:erreur|erreurs}, {warnings} {warnings:avertissement|avertissements}",
    "{errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}",
);

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn numbers_as_each_language_writes_them() {
        assert_eq!(Lang::Fr.etp(dec("0.20")), "0,2");
        assert_eq!(Lang::En.etp(dec("0.20")), "0.2");
        assert_eq!(Lang::Fr.amount(165_277), "1\u{202f}652,77");
        assert_eq!(Lang::En.amount(165_277), "1,652.77");
        assert_eq!(Lang::En.amount(-123_456_789), "-1,234,567.89");
        assert_eq!(Lang::Fr.euros(3_000_000), "30\u{202f}000,00\u{a0}€");
        assert_eq!(Lang::En.euros(-5), "-€0.05");
        assert_eq!(Lang::En.euros(i64::MIN), "-€92,233,720,368,547,758.07");
        assert_eq!(Lang::Fr.etp_change(dec("0.1")), "+0,1");
        assert_eq!(Lang::En.etp_change(dec("-0.1")), "-0.1");
        assert_eq!(Lang::Fr.percent(dec("50")), "50\u{202f}%");
        assert_eq!(Lang::En.number(dec("1000")), "1,000");
        assert_eq!(Lang::En.number(dec("100")), "100");
        assert_eq!(Lang::Fr.int(-12_000), "-12\u{202f}000");
        assert_eq!(Lang::En.int(12_000), "12000");
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(Lang::Fr.error_count(0, 3), "0 erreur, 3 avertissements");
        assert_eq!(Lang::Fr.error_count(1, 2), "1 erreur, 2 avertissements");
        assert_eq!(Lang::En.error_count(0, 1), "0 errors, 1 warning");
        assert_eq!(Lang::Fr.years(4), "4 ans");
        assert_eq!(Lang::Fr.years(1), "1 an");
        assert_eq!(Lang::En.years(1), "1 year");
        assert!(Lang::Fr.singular(dec("1.5")));
        assert!(!Lang::En.singular(dec("1.5")));
    }

    #[test]
    fn locale_names() {
        assert_eq!(Lang::from_locale("fr_FR.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::from_locale("FR"), Some(Lang::Fr));
        assert_eq!(Lang::from_locale("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_locale("fr:en"), Some(Lang::Fr));
        assert_eq!(Lang::from_locale("en_US"), Some(Lang::En));
        assert_eq!(Lang::from_locale("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("de_DE@euro"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C"), None);
        assert_eq!(Lang::from_locale("C.UTF-8"), None);
        assert_eq!(Lang::from_locale("POSIX"), None);
        assert_eq!(Lang::from_locale(""), None);
    }

    /// `detect_with` over a fixed environment.
    fn detect(flag: Option<Lang>, vars: &[(&str, &str)], system: Option<&str>) -> Lang {
        Lang::detect_with(
            flag,
            |name| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            },
            || system.map(str::to_owned),
        )
    }

    #[test]
    fn the_first_source_that_says_something_decides() {
        let all_en = [
            ("CTGPLAN_LANG", "en"),
            ("LC_ALL", "en_US.UTF-8"),
            ("LC_MESSAGES", "en_US"),
            ("LANG", "en_US"),
        ];
        assert_eq!(detect(Some(Lang::Fr), &all_en, Some("en-US")), Lang::Fr);
        assert_eq!(detect(None, &all_en, Some("fr-FR")), Lang::En);
        // Each variable, alone, decides; each one before it overrides it.
        for (i, (var, _)) in all_en.iter().enumerate() {
            assert_eq!(
                detect(None, &[(var, "en_US")], Some("fr-FR")),
                Lang::En,
                "{var}"
            );
            let mut vars: Vec<(&str, &str)> = vec![(var, "en_US")];
            if let Some((before, _)) = i.checked_sub(1).and_then(|j| all_en.get(j)) {
                vars.push((before, "fr_FR.UTF-8"));
                assert_eq!(detect(None, &vars, None), Lang::Fr, "{before} over {var}");
            }
        }
        // "C", "POSIX" and empty say nothing: the next source decides.
        let silent = [
            ("CTGPLAN_LANG", ""),
            ("LC_ALL", "C"),
            ("LC_MESSAGES", "POSIX"),
            ("LANG", "C.UTF-8"),
        ];
        assert_eq!(detect(None, &silent, Some("en-GB")), Lang::En);
        assert_eq!(detect(None, &silent, Some("fr-FR")), Lang::Fr);
        // Another language is English.
        assert_eq!(detect(None, &[("LANG", "de_DE.UTF-8")], None), Lang::En);
        assert_eq!(detect(None, &[], Some("es-ES")), Lang::En);
        // Nothing at all: French.
        assert_eq!(detect(None, &silent, None), Lang::Fr);
        assert_eq!(detect(None, &[], None), Lang::Fr);
    }
}
