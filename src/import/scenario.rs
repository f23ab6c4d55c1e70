//! The table as a scenario file (TOML), with a header saying where it comes
//! from. What the table does not give (theme totals, the Caf's totals,
//! populations, costs) is left out for the user to add; `check` says what is
//! missing.

use super::annex::{HolderKind, HolderRow, Table};
use super::cell::{name_key, CellFacts};
use super::{words, ImportDiag};
use crate::diagnostic::Severity;
use crate::i18n::{Arg, Text};
use rust_decimal::Decimal;

/// A TOML string literal.
fn q(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// "Saint-Rémy-de-Provence" → "saint-remy-de-provence".
pub fn slug(name: &str) -> String {
    let folded = super::cell::fold(name);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "x".to_owned()
    } else {
        out
    }
}

fn etp(d: Decimal) -> String {
    crate::number::fmt_etp(d)
}

fn themes_toml(t: &[&str]) -> String {
    let items: Vec<String> = t.iter().map(|x| q(x)).collect();
    format!("[{}]", items.join(", "))
}

/// Themes over every period of a row, in first-seen order.
fn union(row: &HolderRow) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for c in &row.cells {
        for t in &c.themes {
            if !out.contains(t) {
                out.push(t);
            }
        }
    }
    out
}

/// The host of a commune pooled in every period: carried by it in at least
/// one and plain 0 elsewhere (as the annexes write "0 porté par la ville de
/// …" once, then "0").
fn pooled_everywhere(row: &HolderRow) -> Option<&str> {
    let host = row.cells.iter().find_map(|c| c.carried_by.as_deref())?;
    let plain_zero = |c: &CellFacts| {
        c.etp == Some(Decimal::ZERO)
            && c.themes.is_empty()
            && c.status.is_none()
            && c.note.is_none()
    };
    row.cells
        .iter()
        .all(|c| {
            c.etp == Some(Decimal::ZERO) && (c.carried_by.as_deref() == Some(host) || plain_zero(c))
        })
        .then_some(host)
}

/// The scenario text, or diagnostics when a reference cannot be resolved.
pub fn write(
    table: &Table,
    territory: &str,
    source: &str,
    diags: &mut Vec<ImportDiag>,
    lang: crate::i18n::Lang,
) -> Option<String> {
    let ids: Vec<String> = table.holders.iter().map(|h| slug(&h.name)).collect();
    // Communes by name key (the first row of a name wins, as a search would).
    let mut by_key: std::collections::HashMap<String, usize> = Default::default();
    for (i, h) in table.holders.iter().enumerate() {
        if h.kind == HolderKind::Commune {
            by_key.entry(name_key(&h.name)).or_insert(i);
        }
    }
    let find =
        |name: &str| -> Option<&String> { by_key.get(&name_key(name)).and_then(|i| ids.get(*i)) };
    let mut failed = false;
    let mut resolve = |name: &str, at: &str, diags: &mut Vec<ImportDiag>| -> Option<String> {
        let r = find(name).cloned();
        // A pooled commune's cell is resolved for the commune and again for
        // its post: said once.
        let said = diags
            .iter()
            .any(|d| d.code == super::codes::CARRIED_BY && d.cell.as_deref() == Some(at));
        if r.is_none() && !said {
            failed = true;
            diags.push(ImportDiag {
                code: super::codes::CARRIED_BY,
                severity: Severity::Error,
                cell: Some(at.to_owned()),
                message: Text::new(&words::CARRIED_BY).arg("name", Arg::raw(name)),
                help: Text::new(&words::CARRIED_BY_HELP),
            });
        }
        r
    };
    let mut out = String::new();
    out.push_str(&crate::tr!(lang, "import.header",
        "# Importé par `ctgplan import` depuis {source}.\n# Le tableau donne les ETP par commune et par période, les thèmes que liste\n# chaque commune, les statuts, le coordinateur global et, quand la feuille a\n# un tableau par thème, les totaux par thème. Il ne donne ni les totaux\n# cofinancés par la Caf, ni les populations, ni les coûts\u{a0}: ajoutez-les\n# (docs/scenario-format.md), puis lancez `ctgplan check`.\n\n",
        "# Imported by `ctgplan import` from {source}.\n# The table gives the ETP by commune and period, the themes each commune\n# lists, statuses, the global coordinator and, when the sheet has a theme\n# table, the theme totals. It does not give the Caf's co-financed totals,\n# populations or costs: add them\n# (docs/scenario-format.md), then run `ctgplan check`.\n\n",
        "source" => source.to_owned()));
    out.push_str(&format!("[territory]\nname = {}\n\n", q(territory)));
    let mut pooled: Vec<Option<String>> = Vec::new();
    for h in &table.holders {
        let host = pooled_everywhere(h).and_then(|n| {
            let at = h
                .cells
                .iter()
                .position(|c| c.carried_by.is_some())
                .and_then(|i| h.at.get(i))
                .cloned()
                .unwrap_or_default();
            resolve(n, &at, diags)
        });
        pooled.push(host);
    }
    let needs_operator = table
        .coordinator
        .as_ref()
        .is_some_and(|c| c.cells.iter().any(|f| f.externalised));
    for ((h, id), host) in table.holders.iter().zip(&ids).zip(&pooled) {
        let themes = union(h);
        match h.kind {
            HolderKind::Commune => {
                out.push_str(&format!(
                    "[[commune]]\nid = {}\nname = {}\n",
                    q(id),
                    q(&h.name)
                ));
                if !themes.is_empty() {
                    out.push_str(&format!("themes = {}\n", themes_toml(&themes)));
                }
                if let Some(host) = host {
                    out.push_str(&format!("pooled_with = {}\n", q(host)));
                }
            }
            HolderKind::Epci => {
                out.push_str(&format!(
                    "[[carrier]]\nid = {}\nname = {}\nkind = \"epci\"\n",
                    q(id),
                    q(&h.name)
                ));
                if !themes.is_empty() {
                    out.push_str(&format!("themes = {}\n", themes_toml(&themes)));
                }
            }
        }
        out.push('\n');
    }
    if needs_operator {
        out.push_str("[[carrier]]\nid = \"operateur\"\nname = \"Opérateur extérieur\"\nkind = \"operator\"\n\n");
    }
    for (i, p) in table.periods.iter().enumerate() {
        out.push_str(&format!(
            "[[period]]\nid = {}\nlabel = {}\n",
            q(&p.id),
            q(&p.label)
        ));
        if let Some(kind) = p.kind {
            use crate::scenario::PeriodKind;
            let kind = match kind {
                PeriodKind::Past => "past",
                PeriodKind::Current => "current",
                PeriodKind::Transitional => "transitional",
                PeriodKind::Target => "target",
            };
            out.push_str(&format!("kind = \"{kind}\"\n"));
        }
        if let Some(t) = table
            .totals
            .as_ref()
            .and_then(|t| t.get(i).copied().flatten())
        {
            out.push_str(&format!("total = {}\n", etp(t)));
        }
        if let Some(list) = table.theme_totals.get(i).filter(|l| !l.is_empty()) {
            let items: Vec<String> = list
                .iter()
                .map(|(t, e)| format!("{t} = {}", etp(*e)))
                .collect();
            out.push_str(&format!("themes = {{ {} }}\n", items.join(", ")));
        }
        if let Some(c) = table
            .coordinator
            .as_ref()
            .and_then(|c| c.cells.get(i).map(|f| (c, f)))
        {
            let (row, f) = c;
            if let Some(e) = f.etp {
                let mut parts = vec![format!("etp = {}", etp(e))];
                if f.externalised {
                    parts.push("carrier = \"operateur\"".to_owned());
                    parts.push("mode = \"externalised\"".to_owned());
                } else if let Some(n) = &f.carried_by {
                    let at = row.at.get(i).cloned().unwrap_or_default();
                    if let Some(id) = resolve(n, &at, diags) {
                        parts.push(format!("carrier = {}", q(&id)));
                    }
                }
                if let Some(n) = &f.note {
                    parts.push(format!("note = {}", q(n)));
                }
                out.push_str(&format!("coordinator = {{ {} }}\n", parts.join(", ")));
            }
        }
        out.push_str("\n[period.posts]\n");
        for ((h, id), host) in table.holders.iter().zip(&ids).zip(&pooled) {
            if host.is_some() {
                continue;
            }
            let Some(f) = h.cells.get(i) else { continue };
            let Some(e) = f.etp else {
                continue; // "Néant": no post in this period.
            };
            let mut parts = vec![format!("etp = {}", etp(e))];
            if let Some(s) = f.status {
                parts.push(format!("status = {}", q(s)));
            }
            let all = union(h);
            if !f.themes.is_empty() && f.themes != all {
                parts.push(format!("themes = {}", themes_toml(&f.themes)));
            }
            if let Some(n) = &f.carried_by {
                let at = h.at.get(i).cloned().unwrap_or_default();
                if let Some(host) = resolve(n, &at, diags) {
                    parts.push(format!("pooled_with = {}", q(&host)));
                }
            }
            if f.externalised {
                parts.push("mode = \"externalised\"".to_owned());
            }
            if let Some(n) = &f.note {
                parts.push(format!("note = {}", q(n)));
            }
            out.push_str(&format!("{id} = {{ {} }}\n", parts.join(", ")));
        }
        out.push('\n');
    }
    if failed {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Saint-Rémy-de-Provence"), "saint-remy-de-provence");
        assert_eq!(slug("Les Baux de Provence"), "les-baux-de-provence");
        assert_eq!(slug("Mas Blanc Les Alpilles"), "mas-blanc-les-alpilles");
        assert_eq!(slug("CCVBA"), "ccvba");
        assert_eq!(slug("***"), "x");
    }
}
