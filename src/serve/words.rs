//! The meeting server's own messages (refusals, unreadable files), in both
//! languages: the page shows its language's, French by default.

use crate::fsutil::ReadError;
use crate::i18n::{Arg, Text};

crate::msgs! {
    pub(super) BANNER = "serve.banner",
        fr: "ctgplan serve\u{a0}: {url}\n({n} {n:fichier|fichiers} de {root}\u{202f}; Ctrl-C pour arrêter)\n",
        en: "ctgplan serve: {url}\n({n} {n:file|files} from {root}; Ctrl-C to stop)\n";
    pub(super) WRONG_HOST = "serve.wrong_host",
        fr: "en-tête Host refusé\u{a0}: ce serveur ne répond qu'à 127.0.0.1 et localhost sur son port",
        en: "wrong Host header: this server answers only 127.0.0.1 and localhost on its port";
    pub(super) WRONG_TOKEN = "serve.wrong_token",
        fr: "jeton absent ou faux\u{a0}: ouvrez l'adresse que `ctgplan serve` a affichée",
        en: "missing or wrong token: open the address `ctgplan serve` printed";
    pub(super) TOO_LARGE = "serve.too_large",
        fr: "requête trop grande",
        en: "request too large";
    pub(super) WRONG_ORIGIN = "serve.wrong_origin",
        fr: "origine refusée\u{a0}: seule la page du serveur peut modifier les fichiers",
        en: "wrong Origin: only the server's own page may change files";
    pub(super) JSON_EXPECTED = "serve.json_expected",
        fr: "JSON attendu",
        en: "JSON expected";
    pub(super) BAD_REQUEST = "serve.bad_request",
        fr: "requête mal formée\u{a0}: {error}",
        en: "bad request: {error}";
    pub(super) NOT_FOUND = "serve.not_found",
        fr: "introuvable",
        en: "not found";
    pub(super) NO_FILE = "serve.no_file",
        fr: "pas de tel fichier dans la liste",
        en: "no such file in the list";
    pub(super) NO_PERIOD = "serve.no_period",
        fr: "pas de telle période",
        en: "no such period";
    pub(super) CANNOT_WRITE = "serve.cannot_write",
        fr: "impossible d'écrire {file}\u{a0}: {error}",
        en: "cannot write {file}: {error}";
    pub(super) CANNOT_READ = "serve.cannot_read",
        fr: "impossible de lire {file}\u{a0}: {error}",
        en: "cannot read {file}: {error}";
    pub(super) TOO_BIG_FILE = "serve.too_big_file",
        fr: "trop grand",
        en: "too large";
    pub(super) NOT_REGULAR = "serve.not_regular",
        fr: "ce n'est pas un fichier ordinaire ({kind})",
        en: "not a regular file ({kind})";
    pub(super) NOT_UTF8 = "serve.not_utf8",
        fr: "{file} n'est pas du texte UTF-8",
        en: "{file} is not UTF-8 text";
    pub(super) NOT_TOML = "serve.not_toml",
        fr: "ce n'est pas du TOML\u{a0}: {error}",
        en: "not TOML: {error}";
    pub(super) CANNOT_WRITE_MERGED = "serve.cannot_write_merged",
        fr: "impossible d'écrire le scénario fusionné\u{a0}: {error}",
        en: "cannot write the merged scenario: {error}";
    pub(super) NOTHING_TO_EXPORT = "serve.nothing_to_export",
        fr: "le fichier ne se charge pas\u{a0}: rien à exporter",
        en: "the file does not load: nothing to export";
    pub(super) EXPORT_FORMAT = "serve.export_format",
        fr: "{format}\u{a0}: html, xlsx ou csv",
        en: "{format}: html, xlsx or csv";
    pub(super) CANNOT_WRITE_VARIANT = "serve.cannot_write_variant",
        fr: "impossible d'écrire la variante\u{a0}: {error}",
        en: "cannot write the variant: {error}";
}

crate::msgs! {
    // The page speaks in words where the CLI's messages name file keys or
    // options (`themes = [...]`, `pooled_with`, to_be_negotiated, --force):
    // the same message, with the same arguments, said for a person.
    PAGE_CTG041_HELP = "serve.page.ctg041_help",
        fr: "indiquez les thématiques de ce poste (ou de la commune, pour toutes les périodes)",
        en: "state the themes of this post (or of the commune, for every period)";
    PAGE_CTG060_HELP = "serve.page.ctg060_help",
        fr: "donnez un poste à {commune}, mutualisez-la avec une commune qui en a un, ou indiquez pourquoi elle n'en a pas (par exemple «\u{a0}à négocier\u{a0}»)",
        en: "give {commune} a post, pool it with a commune that has one, or state why it has none (e.g. “to be negotiated”)";
    PAGE_CTG060_RELAX = "serve.page.ctg060_relax",
        fr: "laisser {commune} sans poste en {period}, avec une raison indiquée (par exemple «\u{a0}à négocier\u{a0}»)",
        en: "leave {commune} without a post in {period}, with a stated reason (e.g. “to be negotiated”)";
    PAGE_CTG030_HELP = "serve.page.ctg030_help",
        fr: "portez le total à {derived} ETP, ou ajustez les postes ({gap} ETP en tout)",
        en: "change the total to {derived} ETP, or adjust the posts ({gap} ETP in all)";
    PAGE_RELAX_ASK = "serve.page.relax_ask",
        fr: "modifier votre demande ({ask}) de {etp} ETP",
        en: "move your ask ({ask}) by {etp} ETP";
    PAGE_RELAX_ASK_TO = "serve.page.relax_ask_to",
        fr: "ramener votre demande ({ask}) à {to} ETP",
        en: "bring your ask ({ask}) to {to} ETP";
    PAGE_EXISTS = "serve.page.exists",
        fr: "{path} existe déjà\u{a0}: choisissez un autre nom (la page ne remplace pas un autre fichier)",
        en: "{path} already exists: choose another name (the page does not replace another file)";
}

/// `t` as the page says it: the page's own words for the messages that
/// name file keys or options, with the same arguments; others as they are.
pub(super) fn on_page(t: &Text) -> Text {
    let page = match t.key() {
        "ctg041.help" => &PAGE_CTG041_HELP,
        "ctg060.help" => &PAGE_CTG060_HELP,
        "ctg060.relax" => &PAGE_CTG060_RELAX,
        "ctg030.help" => &PAGE_CTG030_HELP,
        "write.exists" => &PAGE_EXISTS,
        // The ask in words (its period in them): see `negotiate::page_text`.
        "propose.relax_ask" => &PAGE_RELAX_ASK,
        "propose.relax_ask_to" => &PAGE_RELAX_ASK_TO,
        _ => return t.clone(),
    };
    t.args()
        .iter()
        .fold(Text::new(page), |out, (name, a)| out.arg(name, a.clone()))
}

/// Why the file `file` could not be read, said in both languages.
pub(super) fn read_error(file: &str, e: &ReadError) -> Text {
    let error = match e {
        ReadError::TooLarge(_) => Arg::text(Text::new(&TOO_BIG_FILE)),
        ReadError::NotRegular(kind) => {
            Arg::text(Text::new(&NOT_REGULAR).arg("kind", Arg::raw(*kind)))
        }
        ReadError::Io(e) => Arg::io_error(e),
    };
    Text::new(&CANNOT_READ)
        .arg("file", Arg::raw(file))
        .arg("error", error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// What the page shows of the Vallée des Baux's diagnostics, and of a
    /// commune left without a post, names no file key, option or status id.
    #[test]
    fn the_page_says_in_words_what_the_cli_says_with_keys() {
        let vallee = include_str!("../../scenarios/vallee-des-baux-alpilles.toml");
        let uncovered = vallee.replacen("paradou = { etp = 0.2 }\n", "", 1);
        let edited = uncovered.replacen("aureille = { etp = 0.2 }", "aureille = { etp = 0.3 }", 1);
        let report = crate::check::check_loaded(crate::scenario::load_str("v.toml", &edited));
        let mut said = Vec::new();
        for d in &report.diagnostics {
            for t in std::iter::once(&d.message).chain(d.help.as_ref()) {
                for lang in [Lang::Fr, Lang::En] {
                    said.push(on_page(t).render(lang));
                }
            }
        }
        let codes: Vec<String> = report
            .diagnostics
            .iter()
            .map(|d| d.code.to_string())
            .collect();
        for code in ["CTG030", "CTG041", "CTG060"] {
            assert!(codes.iter().any(|c| c == code), "{codes:?}");
        }
        for s in &said {
            for key in [
                "`",
                "themes = ",
                "pooled_with",
                "to_be_negotiated",
                "--",
                "de -",
                "de +",
            ] {
                assert!(!s.contains(key), "{key} in {s}");
            }
        }
        let exists = on_page(&crate::fsutil::WriteError::Exists("a.toml".into()).text());
        assert!(exists
            .render(Lang::Fr)
            .starts_with("a.toml existe déjà\u{a0}: choisissez"));
    }
}
