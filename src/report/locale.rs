//! The report's two languages: its fixed text, and figures written as each
//! language writes them. French follows the CLDR `fr` conventions: decimal
//! comma, U+202F (narrow no-break space) between groups of thousands and
//! before `%`, U+00A0 (no-break space) before `€`, so that a figure never
//! breaks across lines. English: `1,652.77`, `0.2`, `50%`, `€30,000.00`.

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// French: 0,2 ETP, 1 652,77 €.
    Fr,
    /// English: 0.2 ETP, €1,652.77.
    En,
}

/// Narrow no-break space: French thousands separator and space before `%`.
pub const NNBSP: char = '\u{202f}';
/// No-break space: French space before `€`.
pub const NBSP: char = '\u{a0}';

impl Lang {
    /// The language a `LANG` value asks for: `fr*` is French, anything else
    /// (or nothing) English.
    pub fn from_env_value(value: Option<&str>) -> Lang {
        match value {
            Some(v) if v.to_ascii_lowercase().starts_with("fr") => Lang::Fr,
            _ => Lang::En,
        }
    }

    /// From the `LANG` environment variable.
    pub fn from_env() -> Lang {
        Lang::from_env_value(std::env::var("LANG").ok().as_deref())
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
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
            Lang::En if cents < 0 => format!("-€{}", self.amount(-cents)),
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

    /// "1 year" / "4 ans".
    pub fn years(self, n: i64) -> String {
        let plural = n.abs() > 1;
        match (self, plural) {
            (Lang::Fr, false) => format!("{n} an"),
            (Lang::Fr, true) => format!("{n} ans"),
            (Lang::En, false) => format!("{n} year"),
            (Lang::En, true) => format!("{n} years"),
        }
    }

    /// "0 errors, 3 warnings" / "0 erreur, 3 avertissements" (French keeps
    /// the singular for 0 and 1).
    pub fn error_count(self, errors: usize, warnings: usize) -> String {
        let plural = |n: usize| match self {
            Lang::Fr => n > 1,
            Lang::En => n != 1,
        };
        let t = self.texts();
        format!(
            "{errors} {}, {warnings} {}",
            if plural(errors) { t.errors } else { t.error },
            if plural(warnings) {
                t.warnings
            } else {
                t.warning
            }
        )
    }
}

/// The report's fixed text. Diagnostic messages come from the rules and
/// stay in English; their codes are the same in both languages.
#[derive(Debug, serde::Serialize)]
pub struct Texts {
    pub title: &'static str,
    pub caf: &'static str,
    pub epci: &'static str,
    pub source: &'static str,
    pub generated_by: &'static str,
    pub contents: &'static str,
    pub check_line: &'static str,
    pub summary: &'static str,
    pub summary_intro: &'static str,
    pub theme: &'static str,
    pub coordinator: &'static str,
    pub themes_not_given: &'static str,
    pub total: &'static str,
    pub caf_total: &'static str,
    pub chart_themes: &'static str,
    pub chart_themes_note: &'static str,
    pub communes: &'static str,
    pub communes_intro: &'static str,
    pub commune: &'static str,
    pub chart_communes: &'static str,
    pub chart_note_md: &'static str,
    pub schemes: &'static str,
    pub etp: &'static str,
    pub notes: &'static str,
    pub themes_listed: &'static str,
    pub split_found: &'static str,
    pub split_none: &'static str,
    pub split_unknown: &'static str,
    pub split_impossible: &'static str,
    pub coordinator_held_by: &'static str,
    pub changes: &'static str,
    pub changes_intro: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub change: &'static str,
    pub changes_caption: &'static str,
    pub limit_exceeded: &'static str,
    pub unchanged_others: &'static str,
    pub no_change: &'static str,
    pub checks: &'static str,
    pub checks_intro: &'static str,
    pub checks_none: &'static str,
    pub code: &'static str,
    pub severity: &'static str,
    pub where_: &'static str,
    pub message: &'static str,
    pub line: &'static str,
    pub help: &'static str,
    pub costs: &'static str,
    pub costs_intro: &'static str,
    pub financing: &'static str,
    pub assumption: &'static str,
    pub assumption_missing: &'static str,
    pub cost_rates: &'static str,
    pub own_post: &'static str,
    pub operator_post: &'static str,
    pub caf_part: &'static str,
    pub shared_key: &'static str,
    pub own_posts: &'static str,
    pub shared_posts: &'static str,
    pub rest: &'static str,
    pub euro_per_year: &'static str,
    pub shared_line: &'static str,
    pub a_year: &'static str,
    pub of_which_caf: &'static str,
    pub capped: &'static str,
    pub unknown_note: &'static str,
    pub error: &'static str,
    pub errors: &'static str,
    pub warning: &'static str,
    pub warnings: &'static str,
    pub past: &'static str,
    pub current: &'static str,
    pub transitional: &'static str,
    pub target: &'static str,
    pub never_filled: &'static str,
    pub vacant: &'static str,
    pub to_be_negotiated: &'static str,
    pub pooled_with: &'static str,
    pub externalised: &'static str,
    pub themes_unstated: &'static str,
    pub of_cost: &'static str,
    pub per_etp_at_most: &'static str,
    pub per_year_at_most: &'static str,
    pub key_population: &'static str,
    pub key_etp: &'static str,
    pub key_equal: &'static str,
    pub key_fixed: &'static str,
    pub messages_language: &'static str,
    pub unknown: &'static str,
    pub period: &'static str,
}

pub static EN: Texts = Texts {
    title: "Cooperation officers",
    caf: "Caf",
    epci: "Intercommunality",
    source: "Scenario file",
    generated_by: "Report produced by ctgplan",
    contents: "Contents",
    check_line: "Check",
    summary: "Summary by period",
    summary_intro: "ETP (full-time equivalents) by theme, the global coordinator and the total of each period.",
    theme: "Theme",
    coordinator: "Global coordinator",
    themes_not_given: "Themes not given",
    total: "Total",
    caf_total: "Co-financed by the Caf",
    chart_themes: "ETP by theme, per period",
    chart_themes_note: "Each bar is a period; its parts are the themes and the global coordinator.",
    communes: "Communes across periods",
    communes_intro: "ETP held by each commune (and other holder) in each period.",
    commune: "Commune",
    chart_communes: "ETP by commune, per period",
    chart_note_md: "The HTML report (--format html) draws these tables as charts.",
    schemes: "The scheme of each period",
    etp: "ETP",
    notes: "Notes",
    themes_listed: "Themes listed",
    split_found: "The split by theme below is one split that meets every theme total, found by the theme-split check (CTG040); the scheme itself fixes each commune's ETP and each theme's total, not this split.",
    split_none: "This period gives no theme totals: ETP by commune only.",
    split_unknown: "Some figures of this period are unknown or its totals disagree: ETP by commune only.",
    split_impossible: "No split by theme meets the theme totals (see CTG040 in the check results): ETP by commune only.",
    coordinator_held_by: "held by",
    changes: "Changes between periods",
    changes_intro: "What moves from one period to the next; lines that do not change are left out.",
    from: "From",
    to: "To",
    change: "Change",
    changes_caption: "ETP, then amounts in € per year",
    limit_exceeded: "exceeds the limit of",
    unchanged_others: "Every other line is unchanged.",
    no_change: "Nothing changes.",
    checks: "Check results",
    checks_intro: "What ctgplan check finds in this file; ctgplan explain CODE explains a code.",
    checks_none: "No error and no warning.",
    code: "Code",
    severity: "Severity",
    where_: "Where",
    message: "Message",
    line: "line",
    help: "Help",
    costs: "Costs per year",
    costs_intro: "What each commune pays per year: its own posts, its share of the shared posts, the Caf's part and the rest to pay.",
    financing: "Financing",
    assumption: "Assumption",
    assumption_missing: "not stated; these euro figures are the file's parameters, not facts",
    cost_rates: "Cost per ETP and year",
    own_post: "own post",
    operator_post: "external operator",
    caf_part: "Caf's part",
    shared_key: "Shared posts split by",
    own_posts: "Own posts",
    shared_posts: "Shared posts",
    rest: "Rest to pay",
    euro_per_year: "€ per year",
    shared_line: "Shared",
    a_year: "a year",
    of_which_caf: "of which the Caf pays",
    capped: "The Caf's ceiling applies; by its rates alone its part would be",
    unknown_note: "? marks a figure the file does not make known.",
    error: "error",
    errors: "errors",
    warning: "warning",
    warnings: "warnings",
    past: "past",
    current: "current",
    transitional: "transitional",
    target: "target",
    never_filled: "never filled",
    vacant: "vacant",
    to_be_negotiated: "to be negotiated",
    pooled_with: "pooled with",
    externalised: "externalised",
    themes_unstated: "themes not stated (any theme assumed)",
    of_cost: "of the cost",
    per_etp_at_most: "at most {} per ETP",
    per_year_at_most: "at most {} a year in all",
    key_population: "population",
    key_etp: "ETP",
    key_equal: "equal shares",
    key_fixed: "fixed percentages",
    messages_language: "Diagnostic messages are in English; their codes are those of ctgplan check and ctgplan explain.",
    unknown: "?",
    period: "Period",
};

pub static FR: Texts = Texts {
    title: "Chargés de coopération",
    caf: "Caf",
    epci: "Intercommunalité",
    source: "Fichier de scénario",
    generated_by: "Rapport produit par ctgplan",
    contents: "Sommaire",
    check_line: "Vérification",
    summary: "Synthèse par période",
    summary_intro: "ETP (équivalents temps plein) par thématique, coordinateur global et total de chaque période.",
    theme: "Thématique",
    coordinator: "Coordinateur global",
    themes_not_given: "Thématiques non précisées",
    total: "Total",
    caf_total: "Cofinancé par la Caf",
    chart_themes: "ETP par thématique et par période",
    chart_themes_note: "Chaque barre est une période\u{202f}; ses parts sont les thématiques et le coordinateur global.",
    communes: "Les communes d'une période à l'autre",
    communes_intro: "ETP portés par chaque commune (et autre porteur) à chaque période.",
    commune: "Commune",
    chart_communes: "ETP par commune et par période",
    chart_note_md: "Le rapport HTML (--format html) présente ces tableaux sous forme de graphiques.",
    schemes: "Le schéma de chaque période",
    etp: "ETP",
    notes: "Remarques",
    themes_listed: "Thématiques déclarées",
    split_found: "La répartition par thématique ci-dessous est une répartition possible qui respecte chaque total par thématique, trouvée par la vérification CTG040\u{202f}; le schéma fixe les ETP de chaque commune et le total de chaque thématique, pas cette répartition.",
    split_none: "Cette période ne donne pas de totaux par thématique\u{a0}: ETP par commune seulement.",
    split_unknown: "Certains chiffres de cette période sont inconnus ou ses totaux ne concordent pas\u{a0}: ETP par commune seulement.",
    split_impossible: "Aucune répartition par thématique ne respecte les totaux (voir CTG040 dans les résultats de la vérification)\u{a0}: ETP par commune seulement.",
    coordinator_held_by: "porté par",
    changes: "Évolutions d'une période à l'autre",
    changes_intro: "Ce qui change d'une période à la suivante\u{202f}; les lignes inchangées sont omises.",
    from: "Avant",
    to: "Après",
    change: "Écart",
    changes_caption: "ETP, puis montants en € par an",
    limit_exceeded: "dépasse la limite de",
    unchanged_others: "Toutes les autres lignes sont inchangées.",
    no_change: "Rien ne change.",
    checks: "Résultats de la vérification",
    checks_intro: "Ce que ctgplan check trouve dans ce fichier\u{202f}; ctgplan explain CODE explique un code.",
    checks_none: "Aucune erreur, aucun avertissement.",
    code: "Code",
    severity: "Gravité",
    where_: "Où",
    message: "Message",
    line: "ligne",
    help: "Aide",
    costs: "Coûts annuels",
    costs_intro: "Ce que chaque commune paie par an\u{a0}: ses propres postes, sa part des postes partagés, la part de la Caf et le reste à charge.",
    financing: "Financement",
    assumption: "Hypothèse",
    assumption_missing: "non précisée\u{202f}; ces montants sont des paramètres du fichier, pas des faits",
    cost_rates: "Coût d'un ETP par an",
    own_post: "poste en propre",
    operator_post: "opérateur extérieur",
    caf_part: "Part de la Caf",
    shared_key: "Postes partagés répartis selon",
    own_posts: "Postes propres",
    shared_posts: "Postes partagés",
    rest: "Reste à charge",
    euro_per_year: "€ par an",
    shared_line: "Partagé",
    a_year: "par an",
    of_which_caf: "dont part de la Caf",
    capped: "Le plafond de la Caf s'applique\u{202f}; selon ses seuls taux, sa part serait de",
    unknown_note: "? signale un chiffre que le fichier ne permet pas de connaître.",
    error: "erreur",
    errors: "erreurs",
    warning: "avertissement",
    warnings: "avertissements",
    past: "passée",
    current: "en cours",
    transitional: "transitoire",
    target: "cible",
    never_filled: "jamais pourvu",
    vacant: "vacant",
    to_be_negotiated: "à négocier",
    pooled_with: "mutualisé avec",
    externalised: "externalisé",
    themes_unstated: "thématiques non précisées (toute thématique admise)",
    of_cost: "du coût",
    per_etp_at_most: "au plus {} par ETP",
    per_year_at_most: "au plus {} par an au total",
    key_population: "la population",
    key_etp: "les ETP",
    key_equal: "parts égales",
    key_fixed: "des pourcentages fixes",
    messages_language: "Les messages des diagnostics sont en anglais\u{202f}; leurs codes sont ceux de ctgplan check et ctgplan explain.",
    unknown: "?",
    period: "Période",
};

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
        assert_eq!(Lang::Fr.etp_change(dec("0.1")), "+0,1");
        assert_eq!(Lang::En.etp_change(dec("-0.1")), "-0.1");
        assert_eq!(Lang::Fr.percent(dec("50")), "50\u{202f}%");
        assert_eq!(Lang::En.number(dec("1000")), "1,000");
        assert_eq!(Lang::En.number(dec("100")), "100");
    }

    #[test]
    fn language_from_lang() {
        assert_eq!(Lang::from_env_value(Some("fr_FR.UTF-8")), Lang::Fr);
        assert_eq!(Lang::from_env_value(Some("FR")), Lang::Fr);
        assert_eq!(Lang::from_env_value(Some("en_GB.UTF-8")), Lang::En);
        assert_eq!(Lang::from_env_value(Some("C.UTF-8")), Lang::En);
        assert_eq!(Lang::from_env_value(None), Lang::En);
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(Lang::Fr.error_count(0, 3), "0 erreur, 3 avertissements");
        assert_eq!(Lang::En.error_count(0, 1), "0 errors, 1 warning");
        assert_eq!(Lang::Fr.years(4), "4 ans");
        assert_eq!(Lang::En.years(1), "1 year");
    }
}
