//! The loader's messages (CTG000-CTG007, CTG010-CTG015), in both languages.

crate::msgs! {
    pub(crate) TOO_LARGE = "load.too_large",
        fr: "le fichier fait {at_least}{bytes} octets, au-delà de la limite de {max} Mio",
        en: "file is {at_least}{bytes} bytes, over the {max} MiB limit";
    pub(crate) AT_LEAST = "load.at_least", fr: "au moins ", en: "at least ";
    pub(crate) TOO_LARGE_HELP = "load.too_large.help",
        fr: "un scénario pèse quelques kilo-octets\u{202f}; vérifiez que c'est le bon fichier",
        en: "a scenario is a few kilobytes; check that this is the right file";
    pub(crate) NOT_REGULAR = "load.not_regular",
        fr: "impossible de lire {kind}\u{a0}: seuls les fichiers ordinaires sont vérifiés",
        en: "cannot read {kind}: only regular files are checked";
    pub(crate) NOT_REGULAR_HELP = "load.not_regular.help",
        fr: "indiquez un fichier de scénario, ou `-` pour lire l'entrée standard",
        en: "name a scenario file, or `-` to read standard input";
    pub(crate) UTF32 = "load.utf32", fr: "le fichier est en UTF-32, pas en UTF-8", en: "file is UTF-32, not UTF-8";
    pub(crate) UTF16 = "load.utf16",
        fr: "le fichier est en UTF-16 («\u{a0}Unicode\u{a0}» de Windows), pas en UTF-8",
        en: "file is UTF-16 (Windows \"Unicode\"), not UTF-8";
    pub(crate) NOT_UTF8 = "load.not_utf8", fr: "le fichier n'est pas en UTF-8 valide", en: "file is not valid UTF-8";
    pub(crate) INVALID_BYTE = "load.invalid_byte", fr: "octet invalide ici", en: "invalid byte here";
    pub(crate) SAVE_UTF8 = "load.save_utf8",
        fr: "enregistrez le fichier en UTF-8 (la plupart des éditeurs le proposent dans «\u{a0}Enregistrer sous\u{a0}»)",
        en: "save the file as UTF-8 (most editors offer it in \"Save as\")";
    pub(crate) CANNOT_READ = "load.cannot_read",
        fr: "impossible de lire le fichier\u{a0}: {error}",
        en: "cannot read file: {error}";
    pub(crate) CHECK_PATH = "load.check_path", fr: "vérifiez le chemin", en: "check the path";
    pub(crate) CHECK_PERMISSIONS = "load.check_permissions",
        fr: "vérifiez le chemin et les droits d'accès",
        en: "check the path and permissions";
    pub(crate) EMPTY = "load.empty", fr: "le fichier est vide", en: "the file is empty";
    pub(crate) NOTHING_HERE = "load.nothing_here", fr: "rien ici", en: "nothing here";
    pub(crate) EMPTY_HELP = "load.empty.help",
        fr: "un scénario contient au moins une table `[territory]` avec un `name`\u{202f}; `ctgplan explain CTG003` en montre un",
        en: "a scenario needs at least a `[territory]` table with a `name`; `ctgplan explain CTG003` shows one";
    pub(crate) PORTFOLIO_NOT_SCENARIO = "load.portfolio_not_scenario",
        fr: "ceci est le portefeuille d'une Caf, pas un scénario\u{a0}: `ctgplan portfolio FICHIER` ou `ctgplan check FICHIER` le lisent",
        en: "this is a Caf's portfolio, not a scenario: `ctgplan portfolio FILE` or `ctgplan check FILE` read it";
    pub(crate) SEE_FORMAT = "load.see_format",
        fr: "docs/scenario-format.md donne les clés et les types qu'accepte un scénario",
        en: "see docs/scenario-format.md for the keys and types a scenario accepts";
    pub(crate) OVER_LIMIT = "load.over_limit",
        fr: "le fichier déclare {n} {what}, plus que les {max} qu'un scénario peut contenir",
        en: "the file declares {n} {what}, more than the {max} a scenario may hold";
    pub(crate) OVER_LIMIT_HELP = "load.over_limit.help",
        fr: "un scénario couvre un territoire de CTG\u{202f}; partagez le fichier, par exemple un par EPCI ou par convention",
        en: "a scenario covers one CTG territory; split the file, e.g. one per EPCI or per convention";
    pub(crate) OVER_LIMIT_LABEL = "load.over_limit.label",
        fr: "à partir d'ici, les {what} dépassent la limite",
        en: "the {what} from here on are over the limit";
    pub(crate) COMMUNES = "load.communes", fr: "communes", en: "communes";
    pub(crate) CARRIERS = "load.carriers", fr: "porteurs", en: "carriers";
    pub(crate) THEMES = "load.themes", fr: "thématiques", en: "themes";
    pub(crate) PERIODS = "load.periods", fr: "périodes", en: "periods";
    pub(crate) INTEGER_TOO_LARGE = "load.integer_too_large",
        fr: "cet entier est trop grand pour TOML (19 chiffres au plus)",
        en: "this integer is too large for TOML (at most 19 digits)";
    pub(crate) INTEGER_TOO_LARGE_HELP = "load.integer_too_large.help",
        fr: "les chiffres valent au plus un milliard\u{a0}: vérifiez qu'il ne manque pas une virgule décimale ou un séparateur",
        en: "figures are at most one billion: check for a missing decimal point or separator";
    pub(crate) TOO_LARGE_LABEL = "load.too_large.label", fr: "trop grand", en: "too large";
    pub(crate) DECIMAL_COMMA = "load.decimal_comma",
        fr: "une virgule décimale n'est pas du TOML valide",
        en: "a decimal comma is not valid TOML";
    pub(crate) DECIMAL_COMMA_LABEL = "load.decimal_comma.label", fr: "virgule décimale", en: "decimal comma";
    pub(crate) DECIMAL_COMMA_HELP = "load.decimal_comma.help",
        fr: "écrivez le chiffre avec un point (`0.3`) ou entre guillemets (`\"0,3\"`)",
        en: "write the figure with a point (`0.3`) or as a string (`\"0,3\"`)";
    pub(crate) FIX_SYNTAX = "load.fix_syntax",
        fr: "corrigez la syntaxe TOML à cet endroit",
        en: "fix the TOML syntax at this place";
    /// The TOML parser's own words (in English), introduced in French.
    pub(crate) TOML_DETAIL = "load.toml_detail",
        fr: "TOML non conforme\u{a0}: {detail}",
        en: "{detail}";
    pub(crate) TOML_LABEL = "load.toml_label", fr: "{detail}", en: "{detail}";
    pub(crate) BASE_YEAR = "load.base_year",
        fr: "une année de base est une année comme 2026",
        en: "a base year is a year such as 2026";
    pub(crate) NOT_A_YEAR = "load.not_a_year", fr: "pas une année", en: "not a year";
    pub(crate) BASE_YEAR_HELP = "load.base_year.help",
        fr: "écrivez l'année à laquelle les montants se rapportent, par exemple `base_year = 2026`",
        en: "write the year the amounts are given for, e.g. `base_year = 2026`";
    pub(crate) EUROS = "load.euros",
        fr: "un montant en euros est positif ou nul, avec au plus deux décimales (les centimes)",
        en: "an amount in euros is zero or more, with at most two decimals (cents)";
    pub(crate) EUROS_LABEL = "load.euros.label",
        fr: "pas un montant en euros et centimes",
        en: "not an amount in euros and cents";
    pub(crate) EUROS_HELP = "load.euros.help",
        fr: "écrivez des euros par an, par exemple `cost_per_etp = 52000` ou `52000.50`",
        en: "write euros per year, e.g. `cost_per_etp = 52000` or `52000.50`";
    pub(crate) PERCENT = "load.percent",
        fr: "un pourcentage est compris entre 0 et 100",
        en: "a percentage must be between 0 and 100";
    pub(crate) OUT_OF_RANGE = "load.out_of_range", fr: "hors limites", en: "out of range";
    pub(crate) PERCENT_HELP = "load.percent.help",
        fr: "écrivez la part en pourcentage, par exemple `{example}`",
        en: "write the share in percent, e.g. `{example}`";
    pub(crate) STEP = "load.step",
        fr: "le pas doit être supérieur à zéro",
        en: "the step must be greater than zero";
    pub(crate) STEP_LABEL = "load.step.label", fr: "pas inutilisable", en: "not a usable step";
    pub(crate) STEP_HELP = "load.step.help",
        fr: "écrivez la plus petite unité d'ETP, par exemple `step = 0.1`",
        en: "write the smallest unit of ETP, e.g. `step = 0.1`";
    pub(crate) IMPOSSIBLE_YEARS = "load.impossible_years",
        fr: "l'identifiant de cette période désigne des années impossibles",
        en: "this period id names impossible years";
    pub(crate) READ_AS_YEARS = "load.read_as_years",
        fr: "lu comme une plage d'années",
        en: "read as a range of years";
    pub(crate) IMPOSSIBLE_YEARS_HELP = "load.impossible_years.help",
        fr: "écrivez d'abord la première année, entre 1900 et 2200, par exemple \"2027-2030\"",
        en: "write the first year first, between 1900 and 2200, e.g. \"2027-2030\"";
    pub(crate) BAD_YEARS = "load.bad_years",
        fr: "ni une année ni une plage d'années valide",
        en: "not a valid year or range of years";
    pub(crate) BAD_YEARS_LABEL = "load.bad_years.label",
        fr: "attendu par exemple 2026 ou \"2027-2030\"",
        en: "expected e.g. 2026 or \"2027-2030\"";
    pub(crate) BAD_YEARS_HELP = "load.bad_years.help",
        fr: "écrivez une année entre 1900 et 2200 (`years = 2026`) ou une plage, la première année d'abord (`years = \"2027-2030\"`)",
        en: "write one year between 1900 and 2200 (`years = 2026`) or a range, first year first (`years = \"2027-2030\"`)";
    pub(crate) BAD_FIGURE = "load.bad_figure",
        fr: "chiffre invalide\u{a0}: {detail}",
        en: "invalid figure: {detail}";
    pub(crate) NOT_EXACT = "load.not_exact",
        fr: "pas un chiffre décimal exact",
        en: "not an exact decimal figure";
    pub(crate) BAD_FIGURE_HELP = "load.bad_figure.help",
        fr: "écrivez un nombre décimal comme 0.2 (ou \"0,2\")",
        en: "write a decimal number such as 0.2 (or \"0,2\")";
}
