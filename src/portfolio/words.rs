//! The portfolio loader's messages (CTG001-CTG006 on a portfolio), in both
//! languages.

crate::msgs! {
    pub(crate) READ_HELP = "portfolio.read.help",
        fr: "vérifiez le chemin, et enregistrez le fichier en UTF-8",
        en: "check the path, and save the file as UTF-8";
    pub(crate) SCHEMA_HELP = "portfolio.schema.help",
        fr: "la section du portefeuille de docs/scenario-format.md en donne les clés",
        en: "see the portfolio section of docs/scenario-format.md for its keys";
    pub(crate) NAMES_TOO_MANY = "portfolio.names_too_many",
        fr: "le portefeuille nomme {n} fichiers, plus que les {max} qu'il peut couvrir",
        en: "the portfolio names {n} files, more than the {max} it may cover";
    pub(crate) THIS_PORTFOLIO = "portfolio.this", fr: "ce portefeuille", en: "this portfolio";
    pub(crate) NAMES_TOO_MANY_HELP = "portfolio.names_too_many.help",
        fr: "nommez des dossiers plutôt que des fichiers, ou partagez le portefeuille",
        en: "name folders rather than files, or split the portfolio";
    pub(crate) OVERLAP = "portfolio.envelope_overlap",
        fr: "les années d'enveloppe {years} chevauchent {other}",
        en: "envelope years {years} overlap {other}";
    pub(crate) OVERLAPS = "portfolio.overlaps", fr: "chevauche", en: "overlaps";
    pub(crate) DECLARED_HERE = "portfolio.declared_here", fr: "déclarée ici", en: "declared here";
    pub(crate) OVERLAP_HELP = "portfolio.envelope_overlap.help",
        fr: "donnez à chaque année une seule enveloppe\u{a0}: partagez ou raccourcissez les plages",
        en: "give each year one envelope: split or shorten the ranges";
    pub(crate) EMPTY_ENVELOPE = "portfolio.empty_envelope",
        fr: "l'enveloppe de {years} ne donne ni `etp` ni `euros`",
        en: "the envelope for {years} gives neither `etp` nor `euros`";
    pub(crate) EMPTY_ENVELOPE_LABEL = "portfolio.empty_envelope.label",
        fr: "enveloppe vide",
        en: "empty envelope";
    pub(crate) EMPTY_ENVELOPE_HELP = "portfolio.empty_envelope.help",
        fr: "écrivez par exemple `\"2026\" = {{ etp = 7.1 }}` ou `{{ euros = 190000 }}`",
        en: "write e.g. `\"2026\" = {{ etp = 7.1 }}` or `{{ euros = 190000 }}`";
    pub(crate) BAD_YEARS_HELP = "portfolio.bad_years.help",
        fr: "écrivez une année ou une plage, la première année d'abord",
        en: "write one year or a range, first year first";
    pub(crate) NEGATIVE = "portfolio.negative",
        fr: "un chiffre ne peut pas être négatif ici",
        en: "a figure here cannot be negative";
    pub(crate) DECIMALS = "portfolio.decimals",
        fr: "au plus {decimals} décimales ici",
        en: "at most {decimals} decimals here";
    pub(crate) NOT_USABLE = "portfolio.not_usable", fr: "chiffre inutilisable", en: "not a usable figure";
    pub(crate) FIGURE_HELP = "portfolio.figure.help",
        fr: "écrivez un nombre décimal positif comme 3.3 (en euros\u{a0}: au plus 2 décimales)",
        en: "write a positive decimal number such as 3.3 (euros: at most 2 decimals)";
    pub(crate) CANNOT_SEARCH = "portfolio.cannot_search",
        fr: "impossible de parcourir {folder}\u{a0}: {error}",
        en: "cannot search {folder}: {error}";
    pub(crate) THIS_FOLDER = "portfolio.this_folder", fr: "ce dossier", en: "this folder";
    pub(crate) COVERS_TOO_MANY = "portfolio.covers_too_many",
        fr: "le portefeuille couvre {n} fichiers, plus que les {max} qu'il peut couvrir",
        en: "the portfolio covers {n} files, more than the {max} it may cover";
    pub(crate) COVERS_TOO_MANY_HELP = "portfolio.covers_too_many.help",
        fr: "un portefeuille regroupe les CTG d'une Caf\u{a0}: vérifiez que ses dossiers ne contiennent qu'elles",
        en: "a portfolio is one Caf's CTGs: check that its folders hold only those";
    pub(crate) NESTED = "portfolio.nested",
        fr: "`{name}` est un portefeuille, pas un scénario",
        en: "`{name}` is a portfolio, not a scenario";
    pub(crate) A_PORTFOLIO = "portfolio.a_portfolio", fr: "un portefeuille", en: "a portfolio";
    pub(crate) NESTED_HELP = "portfolio.nested.help",
        fr: "un portefeuille couvre des fichiers de scénario\u{a0}: nommez les scénarios que ce portefeuille-là couvre",
        en: "a portfolio covers scenario files; name the scenarios that portfolio covers";
    pub(crate) MISSING = "portfolio.missing",
        fr: "`{name}` n'est ni un fichier ni un dossier",
        en: "`{name}` is not a file or folder";
    pub(crate) NOT_FOUND = "portfolio.not_found", fr: "introuvable", en: "not found";
    pub(crate) MISSING_HELP = "portfolio.missing.help",
        fr: "les chemins partent du dossier du fichier de portefeuille",
        en: "paths are relative to the portfolio file's folder";
}
