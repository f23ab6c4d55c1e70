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
