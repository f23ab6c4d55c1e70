//! A theme's name in a table: the AFAS labels list a theme's domains after
//! its name ("Accès aux droits, animation de la vie sociale, …"), which
//! would make a column or a row name wider than the figures it heads.

/// Longest name shown whole, in characters.
const MAX: usize = 30;

/// `name` whole up to 30 characters, else its first clause (up to a comma)
/// or its first 28 characters, with "…" to show that it was cut.
pub fn short(name: &str) -> String {
    if name.chars().count() <= MAX {
        return name.to_owned();
    }
    let clause = name.split(',').next().unwrap_or(name).trim_end();
    if (4..MAX).contains(&clause.chars().count()) {
        return format!("{clause}…");
    }
    let cut: String = name.chars().take(MAX - 2).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn long_names_are_cut_where_they_can_be_read() {
        assert_eq!(
            short("Petite enfance / inclusion"),
            "Petite enfance / inclusion"
        );
        assert_eq!(
            short("Accès aux droits, animation de la vie sociale, numérique, interventions sociales, logement"),
            "Accès aux droits…"
        );
        let long = short("Un nom de thématique très long sans aucune virgule dedans");
        assert_eq!(long, "Un nom de thématique très lo…");
        // Characters, not bytes: no cut inside "é".
        let accents = short(&"é".repeat(40));
        assert_eq!(accents.chars().count(), 29);
    }
}
