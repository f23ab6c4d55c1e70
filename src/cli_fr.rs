//! The command line in French: clap's help (commands' `about`, arguments'
//! help, the possible values, clap's own headings) and, as far as clap
//! allows, its error messages. Parsing always uses the English definition
//! in `cli.rs`; when the user reads French, a French twin of that definition
//! renders the help or the error instead (it never builds a `Cli`, so its
//! value parsers may be plain strings).

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, Command};

/// The French `about` of a command (`""` is the program itself).
fn about(command: &str) -> Option<&'static str> {
    Some(match command {
        "" => "Vérifier et planifier les postes de chargés de coopération d'une CTG",
        "check" => "Vérifier des fichiers de scénario au regard du catalogue des règles",
        "propose" => "Proposer un schéma complet qui respecte toutes les règles, ou dire quoi assouplir",
        "compare" => "Des scénarios côte à côte\u{a0}: par commune et par thème, ETP et euros par an dans chaque variante, ce que chacune enfreint",
        "diff" => "Comparer deux périodes\u{a0}: ETP et euros par an, par commune, par thème et pour le coordinateur",
        "cost" => "Ce que paie chaque commune par an\u{a0}: postes propres, quote-part des postes partagés, part de la Caf, reste",
        "indicators" => "Indicateurs de gouvernance de la fiche action 17, d'après le journal des réunions\u{a0}: réunions tenues et leur régularité, participation, documents, actions conjointes",
        "portfolio" => "Le portefeuille de CTG d'une Caf, année par année\u{a0}: ETP cofinancés, euros, enveloppe, thèmes, renouvellements",
        "report" => "Un rapport à lire ou à diffuser\u{a0}: une page HTML autonome avec graphiques, ou du Markdown",
        "import" => "Lire un tableau d'annexe (.xlsx, .ods, .csv) en un scénario, puis le vérifier",
        "rules" => "Lister le catalogue des règles",
        "explain" => "Expliquer une règle\u{a0}: ce qu'elle vérifie, pourquoi, un exemple, la correction",
        "init" => "Écrire un scénario de départ commenté qui passe `check`",
        "schema" => "Afficher le schéma JSON du format des scénarios (pour les éditeurs\u{a0}: docs/editor.md)",
        "lsp" => "Un serveur de langage sur stdio pour les éditeurs\u{a0}: diagnostics, survol, corrections, complétion (docs/editor.md)",
        "serve" => "Mode réunion\u{a0}: une page locale pour négocier un schéma à l'écran (docs/serve.md)",
        "completions" => "Afficher un script de complétion pour le shell",
        "help" => "Afficher ce message ou l'aide de la commande donnée",
        _ => return None,
    })
}

/// The French help of an argument of a command; arguments shared by
/// several commands are looked up under `*` after their command.
fn arg_help(command: &str, arg: &str) -> Option<&'static str> {
    Some(match (command, arg) {
        ("check", "paths") => "Fichiers ou dossiers (où chercher les *.toml)",
        ("check", "format") => "Format de sortie",
        ("check", "deny") => "Traiter les avertissements comme des erreurs (`--deny warnings`)",
        ("check", "watch") => {
            "Vérifier de nouveau à chaque enregistrement, jusqu'à Ctrl-C, `q` + Entrée ou la fin de l'entrée"
        }
        ("propose", "period") => {
            "Ne planifier que cette période (par défaut\u{a0}: toutes les périodes qui ne sont pas de type `past`)"
        }
        ("propose", "all") => "Planifier toutes les périodes, y compris les périodes passées",
        ("propose", "objective") => "Ce qu'il faut optimiser une fois toutes les règles respectées",
        ("propose", "out") => "Écrire le scénario complété dans ce fichier (un portefeuille\u{a0}: chaque territoire planifié dans ce dossier, sous le nom de son fichier)",
        ("propose", "solver") => "Solveur (ceux compilés dans ce programme)",
        ("propose", "time_limit") => {
            "Abandonner au bout de ce nombre de secondes (construction et résolution comprises)"
        }
        ("propose", "format") => "Format de sortie (json\u{a0}: un fichier de portefeuille seulement)",
        ("propose", "table") => "Écrire aussi le tableau du schéma proposé en classeur (.xlsx)",
        ("propose", "set") => {
            "Une demande, contrainte stricte du plan\u{a0}: PÉRIODE.ÉLÉMENT=ETP, PÉRIODE.ÉLÉMENT>=ETP, PÉRIODE.ÉLÉMENT<=ETP (ÉLÉMENT\u{a0}: une commune, un porteur ou un thème, `total`, `caf_total`) ou PÉRIODE.PORTEUR.themes=THÈME,THÈME\u{202f}; un `~` devant la rend négociable. Les autres chiffres de sa période deviennent des références. Répétable"
        }
        ("propose", "lock") => {
            "Garder une période (PÉRIODE) ou l'un de ses chiffres (PÉRIODE.ÉLÉMENT) tel qu'il est écrit, même là où une demande le touche. Répétable"
        }
        ("propose", "negotiable") => {
            "Toutes les demandes sont négociables\u{a0}: les possibilités proposées peuvent les assouplir"
        }
        ("propose", "allow_operator_increase") => {
            "Permettre qu'un porteur (l'EPCI, un opérateur extérieur) reçoive plus d'ETP que le scénario ne lui en donne"
        }
        ("propose", "alternatives") => {
            "Quand aucun schéma ne respecte toutes les demandes et toutes les règles\u{a0}: combien de possibilités distinctes proposer (chacune un jeu minimal de changements)"
        }
        ("propose", "keep") => {
            "Ce que les possibilités proposées ne doivent pas changer\u{a0}: caf_total, total, min_etp, min_percent, commune_min, commune_max, max_commune_move, max_theme_move, un identifiant ou un code de règle\u{202f}; PÉRIODE. devant pour une seule période. Répétable"
        }
        ("compare", "files") => {
            "Le scénario de base, puis une variante ou plus (docs/negotiate.md)"
        }
        ("compare", "period") => {
            "La période comparée (par défaut\u{a0}: la dernière période de la base)"
        }
        ("compare", "format") => "Format de sortie",
        ("diff", "from") => "La période de départ (son identifiant)",
        ("diff", "to") => "La période d'arrivée (son identifiant)",
        ("cost", "period") => "Seulement cette période (par défaut\u{a0}: toutes les périodes)",
        ("cost", "years") => {
            "Le budget de ces années civiles (par ex. 2026-2030)\u{a0}: chaque année et le total"
        }
        ("indicators", "year") => "Seulement cette année (par défaut\u{a0}: tout le journal)",
        ("portfolio", "file") => {
            "Le fichier du portefeuille (docs/scenario-format.md, «\u{a0}Portfolio\u{a0}»)"
        }
        ("portfolio", "format") => "Format de sortie",
        ("report", "format") => {
            "Format de sortie (par défaut\u{a0}: selon l'extension de --out, .html .md .xlsx\u{202f}; sinon html)"
        }
        ("report", "lang") => "Langue du rapport",
        ("report", "out") => {
            "Écrire le rapport dans ce fichier (de façon atomique) au lieu de la sortie standard"
        }
        ("import", "file") => "Le tableau\u{a0}: .xlsx, .xlsm, .xls, .ods ou .csv (UTF-8)",
        ("import", "sheet") => "La feuille qui contient le tableau (par défaut\u{a0}: la première)",
        ("import", "territory") => {
            "Le nom du territoire (par défaut\u{a0}: le titre du tableau, sinon le nom du fichier)"
        }
        ("import", "out") => {
            "Écrire le scénario dans ce fichier (de façon atomique) au lieu de la sortie standard"
        }
        ("rules", "format") => "Format de sortie",
        ("explain", "code") => "Un code comme CTG040, ou un nom de règle comme theme-split",
        ("init", "file") => "Le fichier à écrire (`-`\u{a0}: la sortie standard)",
        ("init", "force") => "Remplacer le fichier s'il existe",
        ("schema", "portfolio") => "Plutôt le schéma du fichier de portefeuille d'une Caf",
        ("serve", "path") => {
            "Un fichier de scénario, ou un dossier qui en contient (seuls ces fichiers sont lus ou écrits)"
        }
        ("serve", "port") => "Port sur 127.0.0.1 (par défaut\u{a0}: un port libre)",
        ("serve", "open") => "Ouvrir la page dans le navigateur par défaut",
        ("completions", "shell") => "Le shell",
        (_, "file") => "Le fichier de scénario",
        (_, "format") => {
            "Format de sortie (par défaut\u{a0}: selon l'extension de --out, .xlsx .csv .json\u{202f}; sinon human)"
        }
        (_, "csv_style") => {
            "Style de CSV\u{a0}: `french` (`;`, virgule décimale, BOM) s'ouvre telle quelle dans un tableur français"
        }
        (_, "out") => {
            "Écrire le résultat dans ce fichier (de façon atomique) au lieu de la sortie standard"
        }
        (_, "force") => "Remplacer le fichier de --out s'il existe",
        (_, "color") => "Quand colorer la sortie",
        (_, "lang") => {
            "Langue de la sortie (par défaut\u{a0}: CTGPLAN_LANG, puis LC_ALL, LC_MESSAGES, LANG, puis la langue du système\u{202f}; sinon le français)"
        }
        (_, "help") => "Afficher l'aide",
        (_, "version") => "Afficher la version",
        _ => return None,
    })
}

/// The French help of a possible value (`None` when the English has none).
fn value_help(arg: &str, value: &str) -> Option<&'static str> {
    Some(match (arg, value) {
        ("format", "human") => "Texte à lire, comme rustc (pour `check`) ou un tableau",
        ("format", "json") => "JSON\u{202f}; montants et ETP en décimaux exacts écrits en chaînes",
        ("format", "sarif") => "SARIF 2.1.0 (GitHub code scanning et autres lecteurs SARIF)",
        ("format", "github") => "Commandes de workflow GitHub Actions (annotations)",
        ("format", "gitlab") => "Rapport GitLab Code Quality",
        ("format", "junit") => "JUnit XML, un cas de test par fichier",
        ("format", "csv") => "CSV pour un tableur (voir --csv-style)",
        ("format", "xlsx") => "Un classeur Excel/LibreOffice (demande `--out FICHIER.xlsx`)",
        ("format", "md") => "Tableaux Markdown, à coller dans un document",
        ("format", "html") => "Une page HTML autonome avec graphiques",
        ("csv_style", "french") => {
            "Pour un tableur français\u{a0}: séparateur `;`, virgule décimale, UTF-8 avec BOM, CRLF"
        }
        ("csv_style", "plain") => "CSV simple\u{a0}: séparateur `,`, point décimal, sans BOM, LF",
        ("objective", "closest") => {
            "Le moins de mouvement total entre périodes successives (L1), puis un départage fixe"
        }
        ("objective", "balance") => {
            "Des ETP par habitant aussi égaux que possible entre communes (demande les populations)"
        }
        ("solver", "microlp") => "Solveur en Rust pur, toujours disponible",
        ("solver", "highs") => "HiGHS (natif, plus rapide\u{202f}; demande `--features highs`)",
        ("lang", "fr") => "Français\u{a0}: 0,2 ETP, 1 652,77 €",
        ("lang", "en") => "Anglais\u{a0}: 0.2 ETP, €1,652.77",
        _ => return None,
    })
}

/// The placeholder of an argument's value in the usage line.
fn value_name(arg: &str) -> Option<&'static str> {
    Some(match arg {
        "file" => "FICHIER",
        "paths" => "CHEMINS",
        "path" => "CHEMIN",
        "period" => "PÉRIODE",
        "years" => "ANNÉES",
        "year" => "ANNÉE",
        "csv_style" => "STYLE_CSV",
        "out" => "SORTIE",
        "color" => "COULEUR",
        "from" => "DE",
        "to" => "À",
        "sheet" => "FEUILLE",
        "territory" => "TERRITOIRE",
        "objective" => "OBJECTIF",
        "solver" => "SOLVEUR",
        "time_limit" => "SECONDES",
        "table" => "FICHIER.xlsx",
        "lang" => "LANGUE",
        "files" => "FICHIERS",
        "set" => "DEMANDE",
        "lock" => "PÉRIODE[.ÉLÉMENT]",
        "keep" => "ÉLÉMENT",
        _ => return None,
    })
}

/// The French examples under a command's help: the English ones, with
/// their heading translated (command lines are the same in both).
fn after_help(english: &str) -> String {
    english.replace("Example:", "Exemple\u{a0}:").replace(
        "`ctgplan COMMAND --help` shows the options and examples of one command.",
        "`ctgplan COMMANDE --help` montre les options et les exemples d'une commande.",
    )
}

const TEMPLATE: &str =
    "{before-help}{about-with-newline}\nUtilisation\u{a0}: {usage}\n\n{all-args}{after-help}";

/// Translates one command (not its subcommands).
fn translate(mut cmd: Command, name: &str) -> Command {
    if let Some(a) = about(name) {
        cmd = cmd.about(a);
    }
    if let Some(after) = cmd.get_after_help().map(|s| after_help(&s.to_string())) {
        cmd = cmd.after_help(after);
    }
    cmd = cmd
        .help_template(TEMPLATE)
        // clap writes "{heading}:"; the trailing no-break space gives
        // French typography ("Commandes\u{a0}:").
        .subcommand_help_heading("Commandes\u{a0}")
        .subcommand_value_name("COMMANDE");
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = arg_help(name, &id);
        cmd = cmd.mut_arg(id.as_str(), |arg| translate_arg(arg, help));
    }
    cmd
}

fn translate_arg(mut arg: Arg, help: Option<&'static str>) -> Arg {
    if let Some(h) = help {
        arg = arg.help(h);
    }
    let heading = if arg.is_positional() {
        "Arguments "
    } else {
        "Options "
    };
    if let Some(name) = value_name(arg.get_id().as_str()) {
        if arg.get_action().takes_values() {
            arg = arg.value_name(name);
        }
    }
    if arg.get_id() == "help" {
        arg = arg.long_help("Afficher l'aide (un résumé avec '-h')");
    }
    if arg.get_help_heading().is_none() {
        arg = arg.help_heading(heading);
    }
    let id = arg.get_id().to_string();
    let values = arg.get_possible_values();
    let translated = values.iter().any(|v| v.get_help().is_some());
    if translated && arg.get_action().takes_values() {
        let values: Vec<PossibleValue> = values
            .into_iter()
            .map(|v| match value_help(&id, v.get_name()) {
                Some(h) => v.help(h),
                None => v,
            })
            .collect();
        arg = arg.value_parser(PossibleValuesParser::new(values));
    }
    arg
}

/// The French twin of the command line, for help and errors only.
pub fn command(english: Command) -> Command {
    let mut cmd = english;
    cmd.build();
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name.as_str(), |sub| translate(sub, &name));
    }
    translate(cmd, "")
}

/// clap's own phrases in its error messages, in French.
const CLAP_PHRASES: [(&str, &str); 44] = [
    // The standard library's reasons for a number it cannot read.
    (
        "': invalid float literal",
        "'\u{a0}: nombre non reconnu (par exemple 2 ou 2.5)",
    ),
    (
        "': invalid digit found in string",
        "'\u{a0}: nombre entier non reconnu",
    ),
    (
        "': cannot parse integer from empty string",
        "'\u{a0}: nombre entier manquant",
    ),
    (
        "': number too large to fit in target type",
        "'\u{a0}: nombre trop grand",
    ),
    (
        "': number too small to fit in target type",
        "'\u{a0}: nombre trop petit",
    ),
    // Longer phrases first: "' found" is also the end of a longer one.
    (
        "some similar subcommands exist:",
        "des commandes proches existent\u{a0}:",
    ),
    (
        "a similar subcommand exists:",
        "une commande proche existe\u{a0}:",
    ),
    (
        "some similar arguments exist:",
        "des arguments proches existent\u{a0}:",
    ),
    (
        "some similar values exist:",
        "des valeurs proches existent\u{a0}:",
    ),
    (
        "a value is required for '",
        "une valeur est attendue pour '",
    ),
    ("' but none was supplied", "', mais aucune n'est donnée"),
    (
        "equal sign is needed when assigning values to '",
        "un signe = est nécessaire pour donner une valeur à '",
    ),
    ("the argument '", "l'argument '"),
    (
        "' cannot be used multiple times",
        "' ne peut être donné qu'une fois",
    ),
    ("' cannot be used with", "' ne peut pas être utilisé avec"),
    (
        " one or more of the other specified arguments",
        " un ou plusieurs des autres arguments donnés",
    ),
    ("unexpected value '", "valeur inattendue '"),
    (
        "' found; no more were expected",
        "' trouvée\u{202f}; aucune autre n'était attendue",
    ),
    (
        "' requires a subcommand but one was not provided",
        "' demande une commande, mais aucune n'est donnée",
    ),
    (
        "' exists; to use it, remove the '",
        "' existe\u{202f}; pour l'utiliser, retirez le '",
    ),
    ("' before it", "' qui la précède"),
    ("the subcommand '", "la commande '"),
    ("error: ", "erreur\u{a0}: "),
    ("tip: ", "astuce\u{a0}: "),
    ("Usage: ", "Utilisation\u{a0}: "),
    (
        "For more information, try '--help'.",
        "Pour en savoir plus, essayez '--help'.",
    ),
    ("unexpected argument", "argument inattendu"),
    ("' found", "' trouvé"),
    ("[default: ", "[par défaut\u{a0}: "),
    ("Possible values:", "Valeurs possibles\u{a0}:"),
    ("' as a value, use '", "' comme valeur, écrivez '"),
    ("unrecognized subcommand", "commande inconnue"),
    ("invalid value", "valeur invalide"),
    ("for '", "pour '"),
    ("[possible values: ", "[valeurs possibles\u{a0}: "),
    (
        "the following required arguments were not provided:",
        "arguments obligatoires manquants\u{a0}:",
    ),
    (
        "a similar argument exists:",
        "un argument proche existe\u{a0}:",
    ),
    ("a similar value exists:", "une valeur proche existe\u{a0}:"),
    ("to pass '", "pour passer '"),
    // "2 values required by '<FILES> <FILES>...'; only 1 was provided"
    (" values required by '", " valeurs requises par '"),
    ("'; only ", "'\u{202f}; seulement "),
    (" was provided", " fournie"),
    (" were provided", " fournies"),
    // After "unrecognized subcommand '" (above), which is also this.
    ("subcommand '", "la commande '"),
];

/// A clap message (help or error) in French: the French twin's rendering,
/// with clap's fixed English phrases translated.
pub fn message(text: &str) -> String {
    let mut s = text.to_owned();
    for (en, fr) in CLAP_PHRASES {
        s = s.replace(en, fr);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// clap's usage errors, as the French twin renders them and `message`
    /// translates them, hold no English phrase.
    #[test]
    fn clap_usage_errors_are_french() {
        let cases: [&[&str]; 11] = [
            &["ctgplan", "serve", "--port", "x", "a.toml"],
            &["ctgplan", "pro"],
            &["ctgplan", "chek", "x.toml"],
            &["ctgplan", "c"],
            &["ctgplan", "check", "--formt", "json", "x.toml"],
            &["ctgplan", "check", "--format", "jsn", "x.toml"],
            &["ctgplan", "check", "--format"],
            &["ctgplan", "diff", "x.toml"],
            &[
                "ctgplan", "check", "--format", "json", "--format", "human", "x",
            ],
            &["ctgplan", "--", "check"],
            &["ctgplan", "propose", "--time-limit", "abc", "x.toml"],
        ];
        let english = [
            "similar",
            "exist",
            "exists",
            "the",
            "was",
            "were",
            "provided",
            "unexpected",
            "required",
            "cannot",
            "found",
            "value",
            "values",
            "tip",
            "Usage",
            "error",
            "subcommand",
            "some",
            "for",
            "more",
            "information",
            "try",
            "use",
            "invalid",
            "literal",
            "digit",
            "string",
            "number",
            "large",
        ];
        for args in cases {
            let Err(e) = command(crate::cli::Cli::command()).try_get_matches_from(args) else {
                panic!("{args:?} parses");
            };
            let text = message(&e.render().to_string());
            // What the user typed is quoted between '...': left out.
            let said: String = text.split('\'').step_by(2).collect::<Vec<_>>().join("'");
            for w in said.split(|c: char| !c.is_alphabetic()) {
                assert!(!english.contains(&w), "{args:?}: `{w}` in\n{text}");
            }
        }
    }

    /// Every command and every argument of the command line has its French
    /// help: a flag added without one fails here, naming it.
    #[test]
    fn every_command_and_argument_has_french_help() {
        let cli = crate::cli::Cli::command();
        let mut missing = Vec::new();
        if about("").is_none() {
            missing.push("ctgplan".to_owned());
        }
        for a in cli.get_arguments() {
            if arg_help("", a.get_id().as_str()).is_none() {
                missing.push(format!("--{}", a.get_id()));
            }
        }
        for sub in cli.get_subcommands() {
            let name = sub.get_name();
            if about(name).is_none() {
                missing.push(format!("{name} (about)"));
            }
            for a in sub.get_arguments() {
                if a.get_help().is_some() && arg_help(name, a.get_id().as_str()).is_none() {
                    missing.push(format!("{name} {}", a.get_id()));
                }
                for v in a.get_possible_values() {
                    if v.get_help().is_some()
                        && value_help(a.get_id().as_str(), v.get_name()).is_none()
                    {
                        missing.push(format!("{name} {} {}", a.get_id(), v.get_name()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "no French help for: {missing:?}");
    }

    #[test]
    fn french_help_has_french_headings() {
        let mut fr = command(crate::cli::Cli::command());
        let top = fr.render_help().to_string();
        assert!(top.contains("Utilisation\u{a0}: ctgplan"), "{top}");
        assert!(top.contains("Commandes\u{a0}:"), "{top}");
        assert!(top.contains("Options"), "{top}");
        assert!(!top.contains("Usage:"), "{top}");
        let check = fr
            .find_subcommand_mut("check")
            .map(|c| c.render_long_help().to_string())
            .unwrap_or_default();
        assert!(check.contains("Fichiers ou dossiers"), "{check}");
        assert!(check.contains("Exemple\u{a0}:"), "{check}");
    }
}
