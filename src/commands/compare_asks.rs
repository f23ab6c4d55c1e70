//! `compare` and a variant's asks (`set = [...]`): they are constraints for
//! `propose`, not figures, so a variant whose only change is its asks would
//! show the base's figures. The comparison plans them as `propose` does
//! (the asks' periods, default objective and backend) and compares the
//! completed scheme; when no scheme meets them, it says so and shows the
//! file's figures.

use crate::check::{check_loaded, FileReport};
use crate::i18n::{Arg, Text};
use crate::plan::build::Objective;
use crate::plan::negotiate::Negotiation;
use crate::plan::propose::{self, Proposal};
use crate::plan::{apply, ask, guard, reasons, solve};
use crate::report::Lang;
use crate::scenario::{load_str, Scenario};
use std::path::Path;

/// What became of a column's asks.
pub enum Asks {
    /// The file asks nothing.
    None,
    /// The scheme completed under the asks, and its check.
    Planned(Box<Scenario>, Box<FileReport>),
    /// Why the asks could not be planned (the file's figures stay).
    NotPlanned(Text),
}

/// Plans the asks of `s` (a variant's `set`), if it has any.
pub fn planned(s: &Scenario, file: &Path) -> Asks {
    let Some(v) = s.variant.as_ref().filter(|v| !v.asks.is_empty()) else {
        return Asks::None;
    };
    let texts: Vec<&str> = v.asks.iter().map(|(a, _)| a.as_str()).collect();
    let asks = match ask::resolve_all(s, &texts) {
        Ok(a) => a,
        Err(e) => {
            return Asks::NotPlanned(
                Text::new(&crate::i18n::RAW)
                    .arg("text", Arg::words(e.message(Lang::Fr), e.message(Lang::En))),
            )
        }
    };
    let neg = Negotiation {
        asks,
        ..Negotiation::default()
    };
    if !neg.conflicts(s).is_empty() {
        return Asks::NotPlanned(Text::new(&reasons::LOCKED_ASK));
    }
    let with_themes = neg.scenario(s);
    let mut indices = match propose::scope_indices(&with_themes, &propose::Scope::Open) {
        Ok(i) => i,
        Err(e) => return Asks::NotPlanned(e.message),
    };
    indices.extend(neg.periods());
    indices.sort_unstable();
    indices.dedup();
    let opts = solve::Options::default();
    let plan =
        match guard::plan_within_negotiated(&with_themes, &indices, Objective::Closest, opts, &neg)
        {
            Ok(Proposal::Planned(p)) => p,
            Ok(Proposal::Impossible { .. }) => {
                return Asks::NotPlanned(Text::new(&reasons::NO_SCHEME))
            }
            Ok(Proposal::TimeLimit) => return Asks::NotPlanned(Text::new(&reasons::TIME_LIMIT)),
            Ok(Proposal::Failed(why)) => return Asks::NotPlanned(why),
            Err(e) => return Asks::NotPlanned(e.message),
        };
    let text = match apply::apply(&v.resolved, &with_themes, &plan) {
        Ok(t) => t,
        Err(e) => return Asks::NotPlanned(e.text()),
    };
    let name = file.display().to_string();
    let loaded = load_str(&name, &text);
    let Some(mut completed) = loaded.scenario.clone() else {
        return Asks::NotPlanned(Text::new(&reasons::COMPLETED_DOES_NOT_LOAD));
    };
    // Still the variant, for its label and asks.
    completed.variant = s.variant.clone();
    Asks::Planned(Box::new(completed), Box::new(check_loaded(loaded)))
}

/// The note `compare` prints for a column whose asks were planned.
pub fn planned_note(label: &str, lang: Lang) -> String {
    let label = crate::render::safe::escape_line(label);
    match lang {
        Lang::Fr => format!(
            "note\u{a0}: les demandes de la variante «\u{a0}{label}\u{a0}» (set = [...]) sont planifiées comme le ferait `ctgplan propose`\u{202f}; sa colonne montre ce schéma"
        ),
        Lang::En => format!(
            "note: the asks of variant “{label}” (set = [...]) are planned as `ctgplan propose` would; its column shows that scheme"
        ),
    }
}

/// The note `compare` prints for a column whose asks could not be planned.
pub fn not_planned_note(label: &str, why: &Text, lang: Lang) -> String {
    let label = crate::render::safe::escape_line(label);
    let why = why.render(lang);
    let why = crate::render::safe::escape_line(&why);
    match lang {
        Lang::Fr => format!(
            "note\u{a0}: les demandes de la variante «\u{a0}{label}\u{a0}» (set = [...]) ne sont pas planifiées ({why})\u{202f}; sa colonne montre les chiffres du fichier — `ctgplan propose` dit pourquoi"
        ),
        Lang::En => format!(
            "note: the asks of variant “{label}” (set = [...]) are not planned ({why}); its column shows the file's figures — `ctgplan propose` says why"
        ),
    }
}
