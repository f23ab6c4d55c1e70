//! The French of the JSON Schemas that `ctgplan schema` prints
//! (src/schema.rs): one entry per description an editor shows.
//!
//! The English is the text's one home: a doc comment of
//! src/scenario/raw.rs or src/portfolio/raw.rs (schemars makes it the
//! description), or a string of src/schema.rs. Each entry is keyed by that
//! English, word for word, so that an English text changed without its
//! French fails `schema::tests` (a description without French, and an entry
//! no description uses any more), as a new one without French does.

/// `(English, French)`: the English exactly as the generated schema writes
/// it (line breaks of the doc comment included); the French on one line.
pub static SCHEMA_FRENCH: &[(&str, &str)] = &[
    ("A number of people such as 12, or a list of names.", "Un nombre de personnes, par exemple 12, ou une liste de noms."),
    ("`[[carrier]]`: a holder of posts that is not a commune.", "`[[carrier]]`\u{a0}: un porteur de postes qui n'est pas une commune."),
    ("Its id, shared with the communes' ids (required).", "Son identifiant, dans le même espace que ceux des communes (obligatoire)."),
    ("`epci`, `operator` or `other` (required).", "`epci`, `operator` ou `other` (obligatoire)."),
    ("Its name (required).", "Son nom (obligatoire)."),
    ("Free text.", "Texte libre."),
    ("Theme ids its posts work on, in every period (a post can override).", "Identifiants des thèmes de ses postes, dans chaque période (un poste peut les remplacer)."),
    ("`[[commune]]`: a commune of the territory.", "`[[commune]]`\u{a0}: une commune du territoire."),
    ("Its id, used as a post key and in `pooled_with` (required), e.g. \"saint-remy\".", "Son identifiant, clé de ses postes et valeur de `pooled_with` (obligatoire), par exemple \"saint-remy\"."),
    ("INSEE code as a string, e.g. \"13047\" (not the postal code).", "Code INSEE, en chaîne, par exemple \"13047\" (pas le code postal)."),
    ("In every period, this commune has no post of its own: the post of\nthis host commune covers it.", "Dans chaque période, cette commune n'a pas de poste à elle\u{a0}: le poste de cette commune hôte la couvre."),
    ("Inhabitants, a whole number.", "Nombre d'habitants, entier."),
    ("Where the population comes from, and its year.", "D'où vient la population, et son année."),
    ("`[rules.commune.COMMUNE_ID]`: bounds for one commune (CTG043).", "`[rules.commune.COMMUNE_ID]`\u{a0}: bornes d'une commune (CTG043)."),
    ("Replaces `commune_max`.", "Remplace `commune_max`."),
    ("Replaces `commune_min`; applies even when the commune holds 0 ETP.", "Remplace `commune_min`\u{202f}; s'applique même quand la commune a 0 ETP."),
    ("A period's `coordinator`: the chargé de coopération global.", "Le `coordinator` d'une période\u{a0}: le chargé de coopération global."),
    ("Commune or carrier id of who carries the post.", "Identifiant de la commune ou du porteur qui porte le poste."),
    ("The coordinator's ETP (required).", "ETP du coordinateur (obligatoire)."),
    ("`direct` or `externalised`.", "`direct` ou `externalised`."),
    ("A document a meeting produced or adopted.", "Un document produit ou adopté en réunion."),
    ("What kind of document a meeting produced.", "Le genre de document produit en réunion."),
    ("A territorial or thematic diagnosis.", "Un diagnostic territorial ou thématique."),
    ("A monitoring, observation or evaluation tool (tableau de bord...).", "Un outil de suivi, d'observation ou d'évaluation (tableau de bord...)."),
    ("`[financing]`: yearly costs and the Caf's part, in euros. The seeds hold no\neuro figure, so every value here is an assumption the file must label.", "`[financing]`\u{a0}: coûts annuels et part de la Caf, en euros. Les sources ne donnent aucun montant\u{a0}: chaque valeur ici est une hypothèse que le fichier doit signaler."),
    ("What is assumed (the seeds hold no euro figure).", "Ce qui est supposé (les sources ne donnent aucun montant)."),
    ("The year the amounts are given for (default: the first year costed).", "L'année des montants donnés (par défaut\u{a0}: la première année chiffrée)."),
    ("Amounts that differ in one period, by period id: any of\n`cost_per_etp`, `operator_cost_per_etp`, `caf_rate`, `caf_per_etp`,\n`caf_ceiling`; the others come from `[financing]`.", "Montants propres à une période, par identifiant de période\u{a0}: parmi `cost_per_etp`, `operator_cost_per_etp`, `caf_rate`, `caf_per_etp`, `caf_ceiling`\u{202f}; les autres viennent de `[financing]`."),
    ("Euros per year the Caf pays at most for the whole scheme.", "Euros par an que la Caf verse au plus pour l'ensemble du dispositif."),
    ("Euros per co-financed ETP per year the Caf pays (at most).", "Euros par ETP cofinancé et par an que la Caf verse (au plus)."),
    ("Percent of a post's cost the Caf pays.", "Pourcentage du coût d'un poste que la Caf verse."),
    ("How communes share the cost of the externalised coordinator.", "Comment les communes partagent le coût du coordinateur externalisé."),
    ("Euros per ETP per year for a post held directly (commune, EPCI).", "Euros par ETP et par an pour un poste porté en direct (commune, EPCI)."),
    ("Whether vacant and never-filled posts are costed (default: true, a\npost keeps its budget line).", "Si les postes vacants ou jamais pourvus sont chiffrés (par défaut\u{a0}: true, un poste garde sa ligne budgétaire)."),
    ("Percent per year by which the costs per ETP rise, from `base_year`\n(`ctgplan cost --years`); the Caf's amounts are not indexed.", "Hausse annuelle, en pourcentage, des coûts par ETP à partir de `base_year` (`ctgplan cost --years`)\u{202f}; les montants de la Caf ne sont pas indexés."),
    ("Where the figures come from.", "D'où viennent les chiffres."),
    ("Euros per ETP per year for a post entrusted to an external operator.", "Euros par ETP et par an pour un poste confié à un opérateur externe."),
    ("A figure: a number such as 0.2, or a string such as \"0,2\" (decimal comma).", "Un chiffre\u{a0}: un nombre, par exemple 0.2, ou une chaîne, par exemple \"0,2\" (virgule décimale)."),
    ("Percent per commune, for `coordinator_key = \"fixed\"`.", "Pourcentage par commune, pour `coordinator_key = \"fixed\"`."),
    ("`[governance]`: the convention's years and what the meeting log covers.", "`[governance]`\u{a0}: les années de la convention et ce que couvre le journal des réunions."),
    ("The meeting log is an illustration, not a record.", "Le journal des réunions est une illustration, pas un relevé."),
    ("The log is complete from this date (default: 1 January of the year of\nthe first meeting logged).", "Le journal est complet à partir de cette date (par défaut\u{a0}: le 1er janvier de l'année de la première réunion notée)."),
    ("The log is complete up to this date (default: 31 December of the year\nof the last meeting logged); later years are not judged.", "Le journal est complet jusqu'à cette date (par défaut\u{a0}: le 31 décembre de l'année de la dernière réunion notée)\u{202f}; les années suivantes ne sont pas jugées."),
    ("Who signs the CTG: \"caf\", commune and carrier ids. Default: the Caf,\nevery commune and every carrier of kind `epci`.", "Les signataires de la CTG\u{a0}: \"caf\", identifiants de communes et de porteurs. Par défaut\u{a0}: la Caf, chaque commune et chaque porteur de genre `epci`."),
    ("The convention's years, e.g. \"2026-2030\"; default: the periods' years.", "Les années de la convention, par exemple \"2026-2030\"\u{202f}; par défaut\u{a0}: celles des périodes."),
    ("`[[instance]]`: one governance instance and the rhythm it must keep.", "`[[instance]]`\u{a0}: une instance de gouvernance et le rythme qu'elle doit tenir."),
    ("Who sits on it, by category.", "Qui y siège, par catégorie."),
    ("Its id, used by `[[meeting]]` entries (required).", "Son identifiant, utilisé par les entrées `[[meeting]]` (obligatoire)."),
    ("Required.", "Obligatoire."),
    ("Longest allowed gap in days (CTG101); default 730 / min_per_year.", "Plus long écart permis, en jours (CTG101)\u{202f}; par défaut 730 / min_per_year."),
    ("Meetings a year at most (CTG100).", "Réunions par an, au plus (CTG100)."),
    ("Named members: \"caf\", commune or carrier ids, or other names.", "Membres nommés\u{a0}: \"caf\", identifiants de communes ou de porteurs, ou d'autres noms."),
    ("Meetings a year at least (CTG100).", "Réunions par an, au moins (CTG100)."),
    ("The rhythm as the source words it (free text).", "Le rythme tel que la source le dit (texte libre)."),
    ("What an instance is, as the CTG annexes name them.", "La nature d'une instance, telle que les annexes de la CTG la nomment."),
    ("Comité de pilotage (political; at least once a year).", "Comité de pilotage (politique\u{202f}; au moins une fois par an)."),
    ("Comité technique.", "Comité technique."),
    ("Groupe projet / instance de coopération opérationnelle.", "Groupe projet / instance de coopération opérationnelle."),
    ("Commission de travail (by theme or territory).", "Commission de travail (par thème ou par territoire)."),
    ("Rencontre des chargés de coopération.", "Rencontre des chargés de coopération."),
    ("An action carried jointly by two schemes or more.", "Une action portée conjointement par deux dispositifs ou plus."),
    ("At least two distinct schemes (CTG105).", "Au moins deux dispositifs distincts (CTG105)."),
    ("`[[meeting]]`: one meeting held, in the log.", "`[[meeting]]`\u{a0}: une réunion tenue, dans le journal."),
    ("A TOML date, e.g. 2026-03-12 (required).", "Une date TOML, par exemple 2026-03-12 (obligatoire)."),
    ("Documents produced: diagnostics, monitoring tools...", "Documents produits\u{a0}: diagnostics, outils de suivi..."),
    ("The id of an `[[instance]]` (required).", "L'identifiant d'une `[[instance]]` (obligatoire)."),
    ("How many were invited, or who.", "Combien étaient invités, ou qui."),
    ("Actions carried jointly by several schemes (CTG, SPPE, CLS, SDSF).", "Actions portées conjointement par plusieurs dispositifs (CTG, SPPE, CLS, SDSF)."),
    ("How many were present, or who.", "Combien étaient présents, ou qui."),
    ("Who sits on an instance, by category.", "Qui siège dans une instance, par catégorie."),
    ("Elected representatives of the signatories (décideurs et financeurs).", "Élus des signataires (décideurs et financeurs)."),
    ("Strategic representatives of the signatories (directors, services).", "Représentants stratégiques des signataires (directions, services)."),
    ("Cooperation officers, CTG resource persons, the Caf's officer.", "Chargés de coopération, personnes ressources de la CTG, référent de la Caf."),
    ("Operators and managers of services.", "Opérateurs et gestionnaires de services."),
    ("`[[period]]`: one staffing scheme.", "`[[period]]`\u{a0}: une période et ses postes."),
    ("ETP the Caf co-finances; the total must not exceed it (CTG032).", "ETP que la Caf cofinance\u{202f}; le total ne doit pas le dépasser (CTG032)."),
    ("The global coordinator, who covers the whole CTG rather than a theme.", "Le coordinateur global, qui couvre toute la CTG plutôt qu'un thème."),
    ("Its id (required), e.g. \"2026\", \"2027-2030\" or \"cible\".", "Son identifiant (obligatoire), par exemple \"2026\", \"2027-2030\" ou \"cible\"."),
    ("`past`, `current`, `transitional` or `target` (descriptive).", "`past`, `current`, `transitional` ou `target` (descriptif)."),
    ("The source's title for this scheme.", "Le titre que la source donne à cette période."),
    ("`true`: `propose` never changes this period's figures, even when an\nask (`--set`) touches the period (periods of kind `past` are locked\nwhatever this says).", "`true`\u{a0}: `propose` ne change jamais les chiffres de cette période, même quand une demande (`--set`) la touche (les périodes de genre `past` sont verrouillées quoi que dise cette clé)."),
    ("The posts, keyed by commune or carrier id.", "Les postes, par identifiant de commune ou de porteur."),
    ("Rules for this period only, `[period.rules]`: each key given replaces\nthe one of `[rules]` in this period (theme minimums, commune bounds,\nthe move limits into this period).", "Règles de cette période seulement, `[period.rules]`\u{a0}: chaque clé donnée remplace celle de `[rules]` dans cette période (minimums des thèmes, bornes des communes, limites des variations vers cette période)."),
    ("Theme totals in ETP, `theme_id = figure`, coordinator excluded.", "Totaux des thèmes en ETP, `theme_id = chiffre`, hors coordinateur."),
    ("The period's total ETP, coordinator included (checked, CTG030).", "Total des ETP de la période, coordinateur compris (vérifié, CTG030)."),
    ("`2026` or `\"2027-2030\"`; when omitted, read from an id such as \"2026\".", "`2026` ou `\"2027-2030\"`\u{202f}; absent, lu dans un identifiant tel que \"2026\"."),
    ("`[financing.by_period.\"2027-2030\"]`: the amounts of one period.", "`[financing.by_period.\"2027-2030\"]`\u{a0}: les montants d'une période."),
    ("Euros per ETP per year for a post held directly.", "Euros par ETP et par an pour un poste porté en direct."),
    ("`[period.rules]`: the rules of one period, overriding `[rules]` key by key\nin that period (the step stays the file's).", "`[period.rules]`\u{a0}: les règles d'une période, qui remplacent `[rules]` clé par clé dans cette période (le pas reste celui du fichier)."),
    ("Bounds per commune in this period; each key replaces `[rules.commune.ID]`'s (CTG043).", "Bornes par commune dans cette période\u{202f}; chaque clé remplace celle de `[rules.commune.ID]` (CTG043)."),
    ("No commune holds more than this in this period (CTG043).", "Aucune commune n'a plus que ceci dans cette période (CTG043)."),
    ("A commune that holds ETP holds at least this in this period (CTG043).", "Une commune qui a des ETP en a au moins ceci dans cette période (CTG043)."),
    ("A commune's ETP moves by at most this from the previous period into this one (CTG080).", "Les ETP d'une commune varient d'au plus ceci de la période précédente à celle-ci (CTG080)."),
    ("A theme total moves by at most this from the previous period into this one (CTG080).", "Le total d'un thème varie d'au plus ceci de la période précédente à celle-ci (CTG080)."),
    ("Minimums per theme in this period; each key replaces `[rules.theme.ID]`'s (CTG042).", "Minimums par thème dans cette période\u{202f}; chaque clé remplace celle de `[rules.theme.ID]` (CTG042)."),
    ("A post in a period, held by a commune or a carrier.", "Un poste dans une période, porté par une commune ou un porteur."),
    ("The move since the previous period (may be negative).", "La variation depuis la période précédente (peut être négative)."),
    ("The post's ETP in this period.", "Les ETP du poste dans cette période."),
    ("`true`: `propose` never changes this post's figure, even when an\nask (`--set`) touches its period.", "`true`\u{a0}: `propose` ne change jamais le chiffre de ce poste, même quand une demande (`--set`) touche sa période."),
    ("`direct` or `externalised` (costed at `operator_cost_per_etp` by `ctgplan cost`).", "`direct` ou `externalised` (chiffré à `operator_cost_per_etp` par `ctgplan cost`)."),
    ("This period only: this commune is covered by the host commune's post.", "Cette période seulement\u{a0}: cette commune est couverte par le poste de la commune hôte."),
    ("`filled` (default), `vacant`, `never_filled` or `to_be_negotiated`.", "`filled` (par défaut), `vacant`, `never_filled` ou `to_be_negotiated`."),
    ("Theme ids, this period only; replaces the holder's `themes`.", "Identifiants des thèmes, cette période seulement\u{202f}; remplace les `themes` de la commune ou du porteur."),
    ("`[rules]`: parameters of the rules, all optional. Bounds are in ETP.", "`[rules]`\u{a0}: paramètres des règles, tous facultatifs. Les bornes sont en ETP."),
    ("Bounds per commune, `[rules.commune.COMMUNE_ID]` (CTG043).", "Bornes par commune, `[rules.commune.COMMUNE_ID]` (CTG043)."),
    ("No commune holds more than this (CTG043).", "Aucune commune n'a plus que ceci (CTG043)."),
    ("A commune that holds ETP holds at least this; one at 0 is exempt (CTG043).", "Une commune qui a des ETP en a au moins ceci\u{202f}; une commune à 0 en est dispensée (CTG043)."),
    ("A commune's ETP moves by at most this between consecutive periods (CTG080).", "Les ETP d'une commune varient d'au plus ceci entre deux périodes consécutives (CTG080)."),
    ("A theme total moves by at most this between consecutive periods (CTG080).", "Le total d'un thème varie d'au plus ceci entre deux périodes consécutives (CTG080)."),
    ("Every ETP figure is a multiple of it (CTG020); default 0.1, must be > 0.", "Chaque chiffre en ETP en est un multiple (CTG020)\u{202f}; par défaut 0.1, doit être > 0."),
    ("Minimums per theme, `[rules.theme.THEME_ID]` (CTG042).", "Minimums par thème, `[rules.theme.THEME_ID]` (CTG042)."),
    ("The contractual schemes a joint action can link.", "Les dispositifs contractuels qu'une action conjointe peut relier."),
    ("Convention territoriale globale.", "Convention territoriale globale."),
    ("Service public de la petite enfance.", "Service public de la petite enfance."),
    ("Contrat local de santé.", "Contrat local de santé."),
    ("Schéma départemental des services aux familles.", "Schéma départemental des services aux familles."),
    ("`[territory]`: the CTG territory.", "`[territory]`\u{a0}: le territoire de la CTG."),
    ("The Caf, when the source names it.", "La Caf, quand la source la nomme."),
    ("The intercommunality (EPCI).", "L'intercommunalité (EPCI)."),
    ("The territory's name, e.g. \"Vallée des Baux-Alpilles\" (required).", "Le nom du territoire, par exemple \"Vallée des Baux-Alpilles\" (obligatoire)."),
    ("`[rules.theme.THEME_ID]`: a theme's minimum, checked in every period that\ngives theme totals (CTG042).", "`[rules.theme.THEME_ID]`\u{a0}: le minimum d'un thème, vérifié dans chaque période qui donne des totaux par thème (CTG042)."),
    ("The theme's total is at least this (ETP).", "Le total du thème est d'au moins ceci (ETP)."),
    ("The theme's share of the theme totals (coordinator excluded) is at least\nthis percentage, 0 to 100.", "La part du thème dans les totaux des thèmes (hors coordinateur) est d'au moins ce pourcentage, de 0 à 100."),
    ("A ctgplan scenario: the cooperation officers (chargés de coopération, in\nETP) of one CTG territory, period by period. See docs/scenario-format.md.", "Un scénario ctgplan\u{a0}: les chargés de coopération (en ETP) d'un territoire de CTG, période par période. Voir docs/scenario-format.md."),
    ("Editors' JSON-schema hint; accepted and ignored.", "Indication de schéma JSON pour les éditeurs\u{202f}; acceptée et ignorée."),
    ("Other holders of posts: the EPCI, an external operator...", "Les autres porteurs de postes\u{a0}: l'EPCI, un opérateur externe..."),
    ("The communes of the territory.", "Les communes du territoire."),
    ("The base scenario this variant changes, relative to this file.", "Le scénario de base que cette variante modifie, chemin relatif à ce fichier."),
    ("Yearly costs and the Caf's part, for `ctgplan cost` (see docs/cost.md).", "Coûts annuels et part de la Caf, pour `ctgplan cost` (voir docs/cost.md)."),
    ("The convention's years and what the meeting log covers (docs/governance.md).", "Les années de la convention et ce que couvre le journal des réunions (docs/governance.md)."),
    ("Governance instances: comité de pilotage, comité technique...", "Les instances de gouvernance\u{a0}: comité de pilotage, comité technique..."),
    ("The variant's name in `compare`.", "Le nom de la variante dans `compare`."),
    ("The log of meetings held.", "Le journal des réunions tenues."),
    ("Staffing periods, in time order.", "Les périodes, dans l'ordre du temps."),
    ("Parameters of the rules (all optional).", "Paramètres des règles (tous facultatifs)."),
    ("Asks for `propose`, as its --set (e.g. \"2027-2030.aureille=0.3\").", "Demandes pour `propose`, comme son --set (par exemple \"2027-2030.aureille=0.3\")."),
    ("The territory (required).", "Le territoire (obligatoire)."),
    ("The themes, `id = \"label\"`. When omitted, the four AFAS themes apply\n(petite_enfance, enfance_jeunesse, parentalite, acces_droits); when\ngiven, it replaces them: declare every theme you use.", "Les thèmes, `id = \"libellé\"`. Absents, les quatre thèmes AFAS s'appliquent (petite_enfance, enfance_jeunesse, parentalite, acces_droits)\u{202f}; donnés, ils les remplacent\u{a0}: déclarez chaque thème utilisé."),
    ("Keys of the base to remove before the merge (e.g. \"commune.aureille\").", "Clés de la base à retirer avant la fusion (par exemple \"commune.aureille\")."),
    ("One year (or range) of the envelope.", "Une année (ou une plage d'années) de l'enveloppe."),
    ("Co-financed ETP of all territories together, each year.", "ETP cofinancés de tous les territoires ensemble, chaque année."),
    ("Euros the Caf pays for all territories together, each year.", "Euros que la Caf verse pour tous les territoires ensemble, chaque année."),
    ("Free text (e.g. the board's vote).", "Texte libre (par exemple le vote du conseil d'administration)."),
    ("`[portfolio]`: the Caf and what it covers.", "`[portfolio]`\u{a0}: la Caf et ce qu'elle couvre."),
    ("What the figures of this file assume (the envelope is often a working figure).", "Ce que supposent les chiffres de ce fichier (l'enveloppe est souvent un chiffre de travail)."),
    ("The Caf, as the covered files name it in `[territory] caf` (required).", "La Caf, telle que les fichiers couverts la nomment dans `[territory] caf` (obligatoire)."),
    ("Scenario files or folders (searched for *.toml), relative to this file.", "Fichiers ou dossiers de scénarios (on y cherche les *.toml), chemins relatifs à ce fichier."),
    ("A title, e.g. \"Portefeuille CTG 2026-2030\".", "Un titre, par exemple \"Portefeuille CTG 2026-2030\"."),
    ("`[[territory]]`: options for one covered scenario file.", "`[[territory]]`\u{a0}: options d'un fichier de scénario couvert."),
    ("The scenario file, relative to this file (required).", "Le fichier de scénario, chemin relatif à ce fichier (obligatoire)."),
    ("Co-financed ETP the territory keeps at least, each year it is covered.", "ETP cofinancés que le territoire garde au moins, chaque année où il est couvert."),
    ("Order of preference when the envelope is shared out (1 first); for planning.", "Ordre de préférence quand l'enveloppe est répartie (1 d'abord)\u{202f}; pour la planification."),
    ("A year such as 2026, or a range such as \"2027-2030\" (1900 to 2200).", "Une année, par exemple 2026, ou une plage, par exemple \"2027-2030\" (de 1900 à 2200)."),
    ("Years of periods whose file gives none, `period_id = \"2026-2030\"`:\nan assumption of the portfolio, to be labelled in `note`.", "Années des périodes dont le fichier n'en donne pas, `period_id = \"2026-2030\"`\u{a0}: une hypothèse du portefeuille, à signaler dans `note`."),
    ("A ctgplan portfolio: the CTG conventions one Caf co-finances, and its\nenvelope of co-financed ETP and euros per year. See docs/scenario-format.md.", "Un portefeuille ctgplan\u{a0}: les conventions CTG qu'une Caf cofinance, et son enveloppe d'ETP cofinancés et d'euros par an. Voir docs/scenario-format.md."),
    ("The envelope: per year (`\"2026\"`) or range of years (`\"2027-2030\"`),\nthe co-financed ETP and/or euros the Caf can commit, each year.", "L'enveloppe\u{a0}: par année (`\"2026\"`) ou plage d'années (`\"2027-2030\"`), les ETP cofinancés et/ou les euros que la Caf peut engager, chaque année."),
    ("The Caf and the scenario files it covers (required).", "La Caf et les fichiers de scénarios qu'elle couvre (obligatoire)."),
    ("Options for one covered file (it is covered even if `files` omits it).", "Options d'un fichier couvert (il est couvert même si `files` l'omet)."),
    ("ctgplan scenario", "scénario ctgplan"),
    ("ctgplan portfolio", "portefeuille ctgplan"),
];

/// The French of a schema text, if the catalogue has it.
pub fn schema_french(en: &str) -> Option<&'static str> {
    SCHEMA_FRENCH
        .iter()
        .find(|(english, _)| *english == en)
        .map(|(_, fr)| *fr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_typography_and_one_entry_per_text() {
        for (i, (en, fr)) in SCHEMA_FRENCH.iter().enumerate() {
            assert!(
                crate::i18n::plain_space_in(fr).is_none(),
                "a plain space before a sign: {fr:?}"
            );
            assert!(!fr.trim().is_empty(), "{en:?} has an empty French");
            let again = SCHEMA_FRENCH.iter().skip(i + 1).any(|(e, _)| e == en);
            assert!(!again, "{en:?} is in the catalogue twice");
        }
        assert_eq!(schema_french("Free text."), Some("Texte libre."));
        assert_eq!(schema_french("not a schema text"), None);
    }
}
