//! The importer's findings (CTG120-CTG127), in both languages. The cell
//! ("Feuil1!C7"), the user's text and the file's name are arguments.

crate::msgs! {
    // Reading the file (CTG120).
    pub(crate) CANNOT_READ = "import.cannot_read",
        fr: "impossible de lire {path}\u{a0}: {error}",
        en: "cannot read {path}: {error}";
    pub(crate) FILE_TOO_LARGE = "import.file_too_large",
        fr: "{path} dépasse {mb}\u{a0}Mo\u{202f}; une table d'annexe est bien plus petite",
        en: "{path} is larger than {mb} MB; an annex table is much smaller";
    pub(crate) CSV_NO_SHEET = "import.csv_no_sheet",
        fr: "un fichier CSV contient une seule table\u{202f}; il n'a pas de feuille `{sheet}`",
        en: "a CSV file has one table; there is no sheet `{sheet}`";
    pub(crate) NOT_A_TABLE = "import.not_a_table",
        fr: "{path} n'est pas une table que ctgplan sait lire\u{a0}: donnez un fichier .xlsx, .ods, .xls ou .csv",
        en: "{path} is not a table ctgplan reads: give a .xlsx, .ods, .xls or .csv file";
    pub(crate) CANNOT_OPEN = "import.cannot_open",
        fr: "impossible d'ouvrir {path} comme classeur\u{a0}: {error}",
        en: "cannot open {path} as a workbook: {error}";
    pub(crate) NO_SUCH_SHEET = "import.no_such_sheet",
        fr: "{path} n'a pas de feuille `{sheet}`\u{202f}; ses feuilles\u{a0}: {sheets}",
        en: "{path} has no sheet `{sheet}`; its sheets are: {sheets}";
    pub(crate) NO_SHEET = "import.no_sheet",
        fr: "{path} n'a aucune feuille",
        en: "{path} has no sheet";
    pub(crate) CANNOT_READ_SHEET = "import.cannot_read_sheet",
        fr: "impossible de lire la feuille `{sheet}` de {path}\u{a0}: {error}",
        en: "cannot read sheet `{sheet}` of {path}: {error}";
    pub(crate) SHEET_TOO_LARGE = "import.sheet_too_large",
        fr: "la feuille `{sheet}` de {path} s'étend sur {rows} lignes × {cols} colonnes\u{202f}; une table d'annexe est bien plus petite",
        en: "sheet `{sheet}` of {path} spans {rows} rows × {cols} columns; an annex table is much smaller";
    pub(crate) CSV_NOT_UTF8 = "import.csv_not_utf8",
        fr: "le fichier CSV n'est pas du texte UTF-8\u{202f}; enregistrez-le en «\u{a0}CSV UTF-8\u{a0}»",
        en: "the CSV file is not UTF-8 text; save it as \"CSV UTF-8\"";
    pub(crate) CSV_UNREADABLE = "import.csv_unreadable",
        fr: "impossible de lire le fichier CSV\u{a0}: {error}",
        en: "cannot read the CSV file: {error}";
    pub(crate) UNREADABLE_HELP = "import.unreadable.help",
        fr: "donnez une table d'annexe en .xlsx, .ods ou .csv (UTF-8)\u{202f}; `--sheet NOM` choisit une feuille",
        en: "give an annex table as .xlsx, .ods or .csv (UTF-8); `--sheet NAME` picks a sheet";

    // The table's shape (CTG121, CTG122, CTG126).
    pub(crate) NO_HEADER = "import.no_header",
        fr: "la feuille `{sheet}` n'a pas de ligne d'en-tête commençant par «\u{a0}Communes\u{a0}»",
        en: "sheet `{sheet}` has no header row starting with \"Communes\"";
    pub(crate) NO_HEADER_HELP = "import.no_header.help",
        fr: "la table a besoin d'une ligne d'en-tête\u{a0}: Communes | <période> | <période>…, par exemple Communes | Schéma 2022-2025 | 2026 | 2027-2030",
        en: "the table needs a header row: Communes | <period> | <period>…, e.g. Communes | Schéma 2022-2025 | 2026 | 2027-2030";
    pub(crate) SECOND_PERIOD_COLUMN = "import.second_period_column",
        fr: "une deuxième colonne pour la période {period}",
        en: "a second column for the period {period}";
    pub(crate) SECOND_PERIOD_COLUMN_HELP = "import.second_period_column.help",
        fr: "gardez une seule colonne par période",
        en: "keep one column per period";
    pub(crate) NO_YEARS = "import.no_years",
        fr: "la colonne «\u{a0}{label}\u{a0}» ne donne ni une année ni une plage d'années",
        en: "the column \"{label}\" names no year or span of years";
    pub(crate) NO_YEARS_HELP = "import.no_years.help",
        fr: "écrivez les années de la période dans son en-tête, par exemple «\u{a0}Schéma 2027-2030\u{a0}» ou «\u{a0}2026\u{a0}»",
        en: "write the period's years in its header, e.g. \"Schéma 2027-2030\" or \"2026\"";
    pub(crate) NO_PERIOD_COLUMN = "import.no_period_column",
        fr: "la ligne d'en-tête n'a aucune colonne de période",
        en: "the header row has no period column";
    pub(crate) NO_PERIOD_COLUMN_HELP = "import.no_period_column.help",
        fr: "mettez une colonne par période à droite de «\u{a0}Communes\u{a0}», avec ses années dans l'en-tête",
        en: "put one column per period right of \"Communes\", its years in its header";
    pub(crate) ROW_WITHOUT_NAME = "import.row_without_name",
        fr: "une ligne avec des chiffres mais sans nom",
        en: "a row with figures but no name";
    pub(crate) ROW_WITHOUT_NAME_HELP = "import.row_without_name.help",
        fr: "écrivez le nom de la commune dans la première colonne",
        en: "write the commune's name in the first column";
    pub(crate) SECOND_ROW = "import.second_row",
        fr: "{name} a une deuxième ligne",
        en: "{name} has a second row";
    pub(crate) SECOND_ROW_HELP = "import.second_row.help",
        fr: "gardez une seule ligne par commune",
        en: "keep one row per commune";
    pub(crate) THEME_COLUMN = "import.theme_column",
        fr: "la colonne de thématique «\u{a0}{label}\u{a0}» ne donne aucune période de la table des communes",
        en: "the theme column \"{label}\" names no period of the commune table";
    pub(crate) THEME_COLUMN_HELP = "import.theme_column.help",
        fr: "donnez à chaque colonne de thématique les années d'une période de la table du dessus",
        en: "head each theme column with the years of a period of the table above";
    pub(crate) SECOND_THEME_ROW = "import.second_theme_row",
        fr: "{name}\u{a0}: une deuxième ligne pour la thématique {theme}",
        en: "{name}: a second row for the theme {theme}";
    pub(crate) SECOND_THEME_ROW_HELP = "import.second_theme_row.help",
        fr: "gardez une seule ligne par thématique",
        en: "keep one row per theme";

    // Cells (CTG123, CTG124, CTG127).
    pub(crate) NOTE_KEPT = "import.note_kept",
        fr: "«\u{a0}{text}\u{a0}» est gardé comme remarque\u{a0}: il n'est pas lu comme une donnée",
        en: "\"{text}\" is kept as a note: it is not read as data";
    pub(crate) NOTE_KEPT_HELP = "import.note_kept.help",
        fr: "vérifiez le chiffre et le statut écrits dans le scénario\u{202f}; corrigez-les là si la remarque en dit plus",
        en: "check the figure and status written in the scenario; edit them there if the note says more";
    pub(crate) EMPTY_CELL = "import.empty_cell",
        fr: "la cellule est vide\u{a0}: aucun chiffre en ETP",
        en: "the cell is empty: no ETP figure";
    pub(crate) EMPTY_CELL_HELP = "import.empty_cell.help",
        fr: "écrivez les ETP (0 s'il n'y en a pas), ou «\u{a0}Néant\u{a0}» quand la commune n'a pas de poste sur cette période",
        en: "write the ETP (0 if none), or \"Néant\" when the holder has no post in this period";
    pub(crate) NO_FIGURE = "import.no_figure",
        fr: "aucun chiffre en ETP au début de «\u{a0}{text}\u{a0}»",
        en: "no ETP figure at the start of \"{text}\"";
    pub(crate) NO_FIGURE_HELP = "import.no_figure.help",
        fr: "commencez la cellule par les ETP, par exemple «\u{a0}0,2 ETP -Petite enfance\u{a0}»",
        en: "start the cell with the ETP, e.g. \"0,2 ETP -Petite enfance\"";
    pub(crate) NEGATIVE = "import.negative",
        fr: "«\u{a0}{text}\u{a0}» est négatif\u{a0}: les ETP sont nuls ou positifs",
        en: "\"{text}\" is negative: ETP are zero or more";
    pub(crate) NEGATIVE_HELP = "import.negative.help",
        fr: "écrivez les ETP du poste, par exemple «\u{a0}0,2 ETP\u{a0}»",
        en: "write the ETP of the post, e.g. \"0,2 ETP\"";
    pub(crate) UNKNOWN_THEME = "import.unknown_theme",
        fr: "«\u{a0}{text}\u{a0}» n'est pas une thématique que ctgplan connaît",
        en: "\"{text}\" is not a theme ctgplan knows";
    pub(crate) UNKNOWN_THEME_HELP = "import.unknown_theme.help",
        fr: "écrivez les thématiques de l'AFAS comme les annexes\u{a0}: Petite enfance, Inclusion, Enfance jeunesse, Parentalité, Accès aux droits (ou animation de la vie sociale, logement, numérique, mobilités)",
        en: "write the AFAS themes as the annexes do: Petite enfance, Inclusion, Enfance jeunesse, Parentalité, Accès aux droits (or animation de la vie sociale, logement, numérique, mobilités)";
    pub(crate) NOT_ONE_THEME = "import.not_one_theme",
        fr: "«\u{a0}{text}\u{a0}» ne désigne pas une seule thématique que ctgplan connaît",
        en: "\"{text}\" is not one theme ctgplan knows";
    pub(crate) NOT_ONE_THEME_HELP = "import.not_one_theme.help",
        fr: "nommez une seule thématique de l'AFAS par ligne\u{a0}: Petite enfance, Enfance jeunesse, Parentalité, Accès aux droits",
        en: "name one AFAS theme per row: Petite enfance, Enfance jeunesse, Parentalité, Accès aux droits";

    // "porté par" (CTG125).
    pub(crate) CARRIED_BY = "import.carried_by",
        fr: "«\u{a0}porté par {name}\u{a0}» ne désigne aucune commune de la table",
        en: "\"porté par {name}\" names no commune of the table";
    pub(crate) CARRIED_BY_HELP = "import.carried_by.help",
        fr: "écrivez le nom de la commune porteuse comme sa ligne l'écrit",
        en: "write the carrying commune's name as its row writes it";

    /// The written scenario's name in `check`'s findings when it goes to
    /// the standard output.
    pub(crate) IMPORTED = "import.imported", fr: "<importé>", en: "<imported>";

    // How a finding is written.
    pub(crate) FINDING = "import.finding",
        fr: "{severity}[{code}]\u{a0}: {cell}{message}\n  --> {file}\n  = aide\u{a0}: {help}\n",
        en: "{severity}[{code}]: {cell}{message}\n  --> {file}\n  = help: {help}\n";
    pub(crate) AT_CELL = "import.at_cell", fr: "{cell}\u{a0}: ", en: "{cell}: ";
    pub(crate) ERROR = "import.error", fr: "erreur", en: "error";
    pub(crate) WARNING = "import.warning", fr: "avertissement", en: "warning";
}
