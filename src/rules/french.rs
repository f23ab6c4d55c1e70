//! The French text of every rule: its one-line summary here, its explanation
//! in `<rule>.fr.md` next to the English `<rule>.md`. Keyed by the rule's
//! stable name, so that a rule added without French still builds, and the
//! test below names it.

/// A rule's summary and explanation in French.
#[derive(Debug, Clone, Copy)]
pub struct French {
    pub summary: &'static str,
    pub explanation: &'static str,
}

macro_rules! fr {
    ($summary:expr, $file:expr) => {
        Some(French {
            summary: $summary,
            explanation: include_str!($file),
        })
    };
}

/// The French text of the rule named `name`, if it has one.
pub fn of(name: &str) -> Option<French> {
    match name {
        // Input (reported by the loader).
        "unreadable-file" => fr!(
            "Le fichier ne peut pas être lu, est trop gros ou n'est pas du texte UTF-8",
            "input/unreadable_file.fr.md"
        ),
        "toml-syntax" => fr!("Le fichier n'est pas du TOML valide", "input/toml_syntax.fr.md"),
        "schema" => fr!(
            "Une clé est inconnue ou manquante, ou sa valeur n'a pas le bon type",
            "input/schema.fr.md"
        ),
        "invalid-number" => fr!(
            "Un chiffre n'est pas un nombre décimal exact, ou un paramètre sort de sa plage",
            "input/invalid_number.fr.md"
        ),
        "invalid-years" => fr!(
            "Les années d'une période ne sont ni une année ni un intervalle d'années ordonné",
            "input/invalid_years.fr.md"
        ),
        "too-large" => fr!(
            "Le fichier déclare plus de communes, de porteurs, de thèmes ou de périodes qu'un scénario ne peut en compter",
            "input/too_large.fr.md"
        ),
        "model-too-large" => fr!(
            "Le plan demandé à `propose` dépasse la limite du planificateur",
            "input/model_too_large.fr.md"
        ),
        // Scenario rules.
        "duplicate-id" => fr!(
            "Deux communes, porteurs ou périodes ont le même identifiant",
            "duplicate_id.fr.md"
        ),
        "unknown-reference" => fr!(
            "Une commune, un porteur, un thème ou une période cité n'est pas déclaré",
            "unknown_reference.fr.md"
        ),
        "invisible-in-id" => fr!(
            "Un identifiant contient une espace, un caractère de contrôle ou un caractère invisible, ou un nom un caractère de contrôle",
            "invisible_in_id.fr.md"
        ),
        "confusable-id" => fr!(
            "Deux identifiants se ressemblent mais diffèrent, ou un identifiant mélange les alphabets",
            "confusable_id.fr.md"
        ),
        "duplicate-insee" => fr!(
            "Deux communes ont le même code INSEE",
            "duplicate_insee.fr.md"
        ),
        "pooled-coordinator-carrier" => fr!(
            "Le coordinateur est porté par une commune dont le poste est mutualisé avec une autre",
            "pooled_coordinator_carrier.fr.md"
        ),
        "granularity" => fr!(
            "Un chiffre en ETP est négatif ou n'est pas un multiple du pas",
            "granularity.fr.md"
        ),
        "period-total" => fr!(
            "Les postes et le coordinateur ne font pas le total de la période",
            "period_total.fr.md"
        ),
        "theme-total" => fr!(
            "Les totaux par thème et le coordinateur ne font pas le total de la période",
            "theme_total.fr.md"
        ),
        "caf-cap" => fr!(
            "Le total d'une période dépasse les ETP cofinancés par la Caf",
            "caf_cap.fr.md"
        ),
        "post-change" => fr!(
            "Le `change` d'un poste ne correspond pas à son `etp` et à la période précédente",
            "post_change.fr.md"
        ),
        "theme-split" => fr!(
            "Les postes ne peuvent pas être répartis entre leurs thèmes de façon à atteindre les totaux par thème",
            "theme_split.fr.md"
        ),
        "themes-unstated" => fr!(
            "Un poste porte des ETP dans une période qui a des totaux par thème, mais ne liste aucun thème",
            "themes_unstated.fr.md"
        ),
        "theme-minimum" => fr!(
            "Un thème reçoit moins que son minimum déclaré en ETP ou en part",
            "theme_minimum.fr.md"
        ),
        "commune-bounds" => fr!(
            "Les ETP d'une commune sortent de son minimum ou de son maximum déclaré",
            "commune_bounds.fr.md"
        ),
        "pooled-post" => fr!(
            "Une commune mutualisée a des ETP propres, ou sa commune d'accueil est mutualisée ou ne porte aucun ETP",
            "pooled_post.fr.md"
        ),
        "coverage" => fr!(
            "Une commune n'a, dans une période, ni poste, ni commune d'accueil, ni statut indiqué",
            "coverage.fr.md"
        ),
        "open-post" => fr!(
            "Un poste est vacant, n'a jamais été pourvu, ou reste à négocier",
            "open_post.fr.md"
        ),
        "period-order" => fr!(
            "Des périodes se chevauchent, sont dans le désordre ou contredisent leur identifiant",
            "period_order.fr.md"
        ),
        "transition-limit" => fr!(
            "Une commune ou un thème varie de plus que le maximum déclaré entre deux périodes successives",
            "transition_limit.fr.md"
        ),
        "fixed-shares" => fr!(
            "Les parts fixes d'un poste partagé ne font pas 100 %, ou ne nomment aucune commune",
            "fixed_shares.fr.md"
        ),
        "caf-ceiling" => fr!(
            "La part de la Caf selon ses taux dépasse son plafond annuel",
            "caf_ceiling.fr.md"
        ),
        "population-needed" => fr!(
            "Les communes se répartissent les coûts selon la population, mais une commune n'a pas de population",
            "population_needed.fr.md"
        ),
        "meeting-frequency" => fr!(
            "Une instance s'est réunie moins ou plus souvent dans l'année que son rythme ne le dit",
            "meeting_frequency.fr.md"
        ),
        "meeting-regularity" => fr!(
            "Une instance est restée plus longtemps sans se réunir que son rythme ne le permet",
            "meeting_regularity.fr.md"
        ),
        "steering-committee" => fr!(
            "La gouvernance n'a pas de comité de pilotage, ou un signataire n'y siège pas",
            "steering_committee.fr.md"
        ),
        "meeting-reference" => fr!(
            "Une réunion nomme une instance non déclarée ou est datée hors de la convention ou du journal, ou un identifiant d'instance est réutilisé",
            "meeting_reference.fr.md"
        ),
        "attendance" => fr!(
            "Une réunion compte plus de présents que d'invités, ou un présent qui n'était pas invité",
            "attendance.fr.md"
        ),
        "joint-action" => fr!(
            "Une action conjointe nomme moins de deux dispositifs distincts",
            "joint_action.fr.md"
        ),
        // Portfolio rules.
        "envelope-etp" => fr!(
            "Les ETP cofinancés des territoires dépassent une année l'enveloppe de la Caf",
            "portfolio/envelope_etp.fr.md"
        ),
        "envelope-euros" => fr!(
            "Les euros de la Caf pour les territoires dépassent une année les euros de l'enveloppe",
            "portfolio/envelope_euros.fr.md"
        ),
        "other-caf" => fr!(
            "Un fichier couvert nomme une autre Caf que celle du portefeuille",
            "portfolio/other_caf.fr.md"
        ),
        "caf-unstated" => fr!(
            "Un fichier couvert ne nomme pas sa Caf : le portefeuille suppose que c'est la sienne",
            "portfolio/caf_unstated.fr.md"
        ),
        "counted-twice" => fr!(
            "Un fichier est nommé deux fois, ou deux fichiers couverts décrivent le même territoire ou la même commune",
            "portfolio/counted_twice.fr.md"
        ),
        "envelope-year-empty" => fr!(
            "Une année de l'enveloppe n'a aucune convention couverte",
            "portfolio/envelope_year_empty.fr.md"
        ),
        "year-outside-envelope" => fr!(
            "Une convention couverte court sur une année que l'enveloppe ne couvre pas",
            "portfolio/year_outside_envelope.fr.md"
        ),
        "period-years" => fr!(
            "Une période couverte n'a pas d'années, donc aucune année ne la compte, ou les années que lui donne le portefeuille ne s'appliquent pas",
            "portfolio/period_years.fr.md"
        ),
        "territory-floor" => fr!(
            "Les ETP cofinancés d'un territoire sont une année sous le plancher que lui donne le portefeuille",
            "portfolio/territory_floor.fr.md"
        ),
        "incomplete-sum" => fr!(
            "Un fichier couvert est inutilisable ou le chiffre d'un territoire est inconnu : l'enveloppe ne peut pas être vérifiée",
            "portfolio/incomplete_sum.fr.md"
        ),
        // Import (reported by `ctgplan import`).
        "import-unreadable" => fr!(
            "Le fichier à importer ne peut pas être lu comme un tableau (.xlsx, .ods, .xls ou .csv UTF-8), ou n'a pas cette feuille",
            "import/unreadable.fr.md"
        ),
        "import-no-table" => fr!(
            "La feuille n'a pas de ligne d'en-tête « Communes | période | période… »",
            "import/no_table.fr.md"
        ),
        "import-period" => fr!(
            "L'en-tête d'une colonne de période ne nomme ni une année ni un intervalle d'années, ou en nomme un deux fois",
            "import/period.fr.md"
        ),
        "import-figure" => fr!(
            "Une cellule du tableau ne contient aucun chiffre en ETP que ctgplan sache lire",
            "import/figure.fr.md"
        ),
        "import-theme" => fr!(
            "Une cellule liste un thème que ctgplan ne connaît pas",
            "import/theme.fr.md"
        ),
        "import-carried-by" => fr!(
            "Une cellule dit « porté par » une commune absente du tableau",
            "import/carried_by.fr.md"
        ),
        "import-row" => fr!(
            "Une ligne a des chiffres mais pas de nom, ou une commune a deux lignes",
            "import/row.fr.md"
        ),
        "import-note" => fr!(
            "Le texte d'une cellule est gardé comme note, pas lu comme une donnée",
            "import/note.fr.md"
        ),
        // Asks of `propose --set` (reported by `propose`).
        "ask-not-understood" => fr!(
            "Une demande de `propose --set` ne peut pas être lue (PÉRIODE.ÉLÉMENT=ETP, >=, <=, PÉRIODE.PORTEUR.themes=...)",
            "ask/not_understood.fr.md"
        ),
        "ask-unknown" => fr!(
            "Une demande de `propose --set` nomme une période, une commune, un porteur ou un thème absent du scénario",
            "ask/unknown.fr.md"
        ),
        "ask" => fr!(
            "Une demande de `propose --set`, contrainte du plan : assouplie seulement si elle est négociable",
            "ask/ask.fr.md"
        ),
        // Variants (reported by the loader).
        "variant-base" => fr!(
            "La base qu'étend une variante ne peut pas être lue comme un scénario",
            "input/variant_base.fr.md"
        ),
        "variant-chain" => fr!(
            "Une chaîne de variantes dépasse trois fichiers de profondeur, ou revient à l'un de ses fichiers",
            "input/variant_chain.fr.md"
        ),
        "variant-path" => fr!(
            "La base d'une variante n'est pas un chemin relatif vers un fichier .toml",
            "input/variant_path.fr.md"
        ),
        "variant-override" => fr!(
            "Ce que change une variante ne peut pas être fusionné dans sa base",
            "input/variant_override.fr.md"
        ),
        "variant-ask" => fr!(
            "Les demandes (`set`) d'une variante ne sont pas une liste de demandes que ctgplan sait lire",
            "input/variant_ask.fr.md"
        ),
        _ => None,
    }
}
