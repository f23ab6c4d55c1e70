//! Completion of the ids a scenario declares: communes, carriers, themes and
//! periods, chosen by what the line says before the cursor.

use crate::scenario::{Scenario, AFAS_THEMES};
use lsp_types::{CompletionItem, CompletionItemKind};

/// Ids of a scenario, kept from the last text that loaded, so that completion
/// still works while the file is being typed and does not parse.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    pub communes: Vec<(String, String)>,
    pub carriers: Vec<(String, String)>,
    pub themes: Vec<(String, String)>,
    pub periods: Vec<(String, String)>,
}

impl Ids {
    pub fn of(s: &Scenario) -> Ids {
        Ids {
            communes: s
                .communes
                .iter()
                .map(|c| (c.id.id.clone(), c.name.clone()))
                .collect(),
            carriers: s
                .carriers
                .iter()
                .map(|c| (c.id.id.clone(), c.name.clone()))
                .collect(),
            themes: s
                .themes
                .iter()
                .map(|t| (t.id.id.clone(), t.label.clone()))
                .collect(),
            periods: s
                .periods
                .iter()
                .map(|p| (p.id.id.clone(), p.label.clone().unwrap_or_default()))
                .collect(),
        }
    }

    /// Before any file loaded: the AFAS themes at least.
    pub fn afas() -> Ids {
        Ids {
            themes: AFAS_THEMES
                .iter()
                .map(|(id, label)| ((*id).to_owned(), (*label).to_owned()))
                .collect(),
            ..Ids::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Themes,
    Holders,
    Periods,
    All,
}

/// What the text before the cursor (on its line) asks for.
fn want(line: &str) -> Want {
    // The key being given a value: the words before the last `=`.
    let key = line.rsplit_once('=').map_or("", |(k, _)| k);
    let last_key = key.rsplit(['.', '{', ',']).next().unwrap_or("").trim();
    if line.contains("themes") || last_key == "theme" {
        Want::Themes
    } else if ["pooled_with", "carrier", "commune", "host"].contains(&last_key)
        || line.trim_start().starts_with("posts.")
    {
        Want::Holders
    } else if ["from", "to", "period"].contains(&last_key) {
        Want::Periods
    } else if !line.contains('=') {
        // A key at the start of a line: in a `[period.posts]` table, a holder.
        Want::Holders
    } else {
        Want::All
    }
}

pub fn complete(ids: &Ids, line_before_cursor: &str) -> Vec<CompletionItem> {
    let want = want(line_before_cursor);
    let item =
        |(id, label): &(String, String), kind: CompletionItemKind, what: &str| CompletionItem {
            label: id.clone(),
            kind: Some(kind),
            detail: Some(if label.is_empty() {
                what.to_owned()
            } else {
                format!("{what}: {label}")
            }),
            ..Default::default()
        };
    let mut out = Vec::new();
    if matches!(want, Want::Holders | Want::All) {
        out.extend(
            ids.communes
                .iter()
                .map(|c| item(c, CompletionItemKind::VALUE, "commune")),
        );
        out.extend(
            ids.carriers
                .iter()
                .map(|c| item(c, CompletionItemKind::VALUE, "carrier")),
        );
    }
    if matches!(want, Want::Themes | Want::All) {
        out.extend(
            ids.themes
                .iter()
                .map(|t| item(t, CompletionItemKind::ENUM_MEMBER, "theme")),
        );
    }
    if matches!(want, Want::Periods | Want::All) {
        out.extend(
            ids.periods
                .iter()
                .map(|p| item(p, CompletionItemKind::CONSTANT, "period")),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_decides_what_is_offered() {
        assert_eq!(want("themes = [\"pe"), Want::Themes);
        assert_eq!(want("aureille = { etp = 0.2, themes = [\""), Want::Themes);
        assert_eq!(want("pooled_with = \""), Want::Holders);
        assert_eq!(want("coordinator = { etp = 1, carrier = \""), Want::Holders);
        assert_eq!(want("posts."), Want::Holders);
        assert_eq!(want("sai"), Want::Holders);
        assert_eq!(want("label = \""), Want::All);
    }
}
