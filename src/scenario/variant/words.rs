//! The messages of variant files (CTG135-CTG139), in both languages.

crate::msgs! {
    pub(super) EXTENDS_NOT_TEXT = "variant.extends_not_text",
        fr: "`extends` nomme le fichier de base, sous forme de texte",
        en: "`extends` names the base file, as a string";
    pub(super) NOT_A_FILE_NAME = "variant.not_a_file_name",
        fr: "pas un nom de fichier",
        en: "not a file name";
    pub(super) EXTENDS_HELP = "variant.extends.help",
        fr: "écrivez la base comme un chemin relatif à ce fichier, par exemple `extends = \"vallee-des-baux-alpilles.toml\"`",
        en: "write the base as a path relative to this file, e.g. `extends = \"vallee-des-baux-alpilles.toml\"`";
    pub(super) TOO_DEEP = "variant.too_deep",
        fr: "cette variante repose sur plus de {max} fichiers à la suite",
        en: "this variant is built on more than {max} files in a row";
    pub(super) TOO_DEEP_LABEL = "variant.too_deep.label",
        fr: "une base de trop",
        en: "one base too many";
    pub(super) TOO_DEEP_HELP = "variant.too_deep.help",
        fr: "partez du scénario lui-même, ou d'une de ses variantes, plutôt que d'une chaîne de variantes",
        en: "extend the scenario itself, or a variant of it, rather than a chain of variants";
    pub(super) BAD_PATH = "variant.bad_path",
        fr: "la base `{base}` {why}",
        en: "the base `{base}` {why}";
    pub(super) PATH_EMPTY = "variant.path.empty",
        fr: "est vide",
        en: "is empty";
    pub(super) PATH_ABSOLUTE = "variant.path.absolute",
        fr: "est un chemin absolu\u{202f}; nommez-la par rapport au dossier de ce fichier",
        en: "is an absolute path; name it relative to this file's folder";
    pub(super) PATH_NOT_TOML = "variant.path.not_toml",
        fr: "n'est pas un fichier .toml",
        en: "is not a .toml file";
    pub(super) BASE_NAMED_HERE = "variant.base_named_here",
        fr: "base nommée ici",
        en: "base named here";
    pub(super) PATH_HELP = "variant.path.help",
        fr: "nommez le fichier .toml de la base par rapport au dossier de ce fichier, par exemple `extends = \"../vallee-des-baux-alpilles.toml\"`",
        en: "name the base's .toml file relative to this file's folder, e.g. `extends = \"../vallee-des-baux-alpilles.toml\"`";
    pub(super) CYCLE = "variant.cycle",
        fr: "la base `{base}` figure déjà dans cette chaîne de variantes\u{a0}: un cycle",
        en: "the base `{base}` is already in this chain of variants: a cycle";
    pub(super) CYCLE_LABEL = "variant.cycle.label",
        fr: "la chaîne revient ici",
        en: "comes back here";
    pub(super) CYCLE_HELP = "variant.cycle.help",
        fr: "une variante s'appuie sur un scénario qui ne s'appuie pas sur elle en retour",
        en: "a variant extends a scenario that does not extend it back";
    pub(super) UNREADABLE = "variant.unreadable",
        fr: "impossible de lire la base {base}\u{a0}: {why}",
        en: "cannot read the base {base}: {why}";
    pub(super) UNREADABLE_HELP = "variant.unreadable.help",
        fr: "nommez un fichier de scénario existant, par rapport au dossier de ce fichier",
        en: "name an existing scenario file, relative to this file's folder";
    pub(super) NOT_FOUND = "variant.not_found",
        fr: "ce fichier n'existe pas",
        en: "no such file";
    pub(super) NOT_UTF8 = "variant.not_utf8",
        fr: "ce n'est pas du texte UTF-8",
        en: "it is not UTF-8 text";
    pub(super) TOO_LARGE = "variant.too_large",
        fr: "il fait {bytes} octets, au-delà de la taille permise",
        en: "it is {bytes} bytes, over the size limit";
    pub(super) NOT_REGULAR = "variant.not_regular",
        fr: "ce n'est pas un fichier ordinaire ({kind})",
        en: "it is {kind}";
    pub(super) IS_PORTFOLIO = "variant.is_portfolio",
        fr: "c'est le portefeuille d'une Caf, pas un scénario",
        en: "it is a Caf's portfolio, not a scenario";
    pub(super) NOT_SCENARIO = "variant.not_scenario",
        fr: "ce n'est pas un scénario valide (`ctgplan check` sur ce fichier dit pourquoi)",
        en: "it is not a valid scenario (`ctgplan check` on it says why)";
    pub(super) NO_BASE = "variant.no_base",
        fr: "une variante sans base",
        en: "a variant without a base";
    pub(super) ASK_NOT_TEXT = "variant.ask_not_text",
        fr: "une demande s'écrit comme un texte",
        en: "an ask is a string";
    pub(super) NOT_A_STRING = "variant.not_a_string",
        fr: "pas un texte",
        en: "not a string";
    pub(super) ASK_HELP = "variant.ask.help",
        fr: "écrivez chaque demande comme un texte, par exemple `set = [\"2027-2030.aureille=0.3\"]`",
        en: "write each ask as text, e.g. `set = [\"2027-2030.aureille=0.3\"]`";
    pub(super) SET_NOT_LIST = "variant.set_not_list",
        fr: "`set` est une liste de demandes",
        en: "`set` is a list of asks";
    pub(super) NOT_A_LIST = "variant.not_a_list",
        fr: "pas une liste",
        en: "not a list";
    pub(super) SET_HELP = "variant.set.help",
        fr: "écrivez par exemple `set = [\"2027-2030.aureille=0.3\"]`",
        en: "write e.g. `set = [\"2027-2030.aureille=0.3\"]`";
    pub(super) KEY_NOT_TEXT = "variant.key_not_text",
        fr: "`{key}` est un texte",
        en: "`{key}` is a text";
    pub(super) LABEL_HELP = "variant.label.help",
        fr: "écrivez par exemple `label = \"Aureille à 0,3 ETP\"`",
        en: "write e.g. `label = \"Aureille à 0,3 ETP\"`";
    pub(super) TABLE_IN_BASE = "variant.table_in_base",
        fr: "`{here}` est une table dans la base\u{a0}: une variante la modifie clé par clé",
        en: "`{here}` is a table in the base: a variant changes it key by key";
    pub(super) NOT_A_TABLE = "variant.not_a_table",
        fr: "pas une table",
        en: "not a table";
    pub(super) TABLE_HELP = "variant.table.help",
        fr: "écrivez seulement les clés à changer, sous `[{here}]` ou comme `{key} = {{ ... }}`",
        en: "write only the keys to change, under `[{here}]` or as `{key} = {{ ... }}`";
    pub(super) ENTRY_WITHOUT_ID = "variant.entry_without_id",
        fr: "un `[[{key}]]` d'une variante nomme l'`id` qu'il modifie ou ajoute",
        en: "a `[[{key}]]` of a variant names the `id` it changes or adds";
    pub(super) NO_ID = "variant.no_id",
        fr: "pas d'`id`",
        en: "no `id`";
    pub(super) ENTRY_HELP = "variant.entry.help",
        fr: "ajoutez `id = \"...\"`\u{a0}: l'id de l'entrée `{key}` de la base à modifier, ou un nouvel id",
        en: "add `id = \"...\"`: the id of the base's {key} to change, or a new one";
}

crate::msgs! {
    pub(super) DIRECTORY = "variant.directory",
        fr: "c'est un dossier",
        en: "it is a directory";
}

crate::msgs! {
    pub(super) PERIOD_NOT_IN_BASE = "variant.period_not_in_base",
        fr: "la période `{id}` n'est pas dans la base et chevauche `{near}`\u{a0}: vouliez-vous dire `{near}`\u{202f}?",
        en: "the period `{id}` is not in the base and overlaps `{near}`: did you mean `{near}`?";
    pub(super) UNKNOWN_PERIOD = "variant.unknown_period",
        fr: "aucune période de la base ne porte cet id",
        en: "no period of the base has this id";
    pub(super) PERIOD_ID_HELP = "variant.period_id.help",
        fr: "une variante modifie une période de la base par son `id` exact (`id = \"{near}\"`)\u{202f}; une période ajoutée prend des années qu'aucune autre ne couvre",
        en: "a variant changes a period of the base by its exact `id` (`id = \"{near}\"`); a period it adds takes years no other covers";
}
