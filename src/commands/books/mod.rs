//! The workbooks of the table commands (`--format xlsx`): each command's
//! figures laid out as sheets for [`crate::xlsx`], with French headers (the
//! users' language; the full catalogue of messages is a later issue).

pub mod cost;
pub mod diff;
pub mod indicators;
pub mod portfolio;
pub mod propose;
pub mod report;

use crate::commands::Checked;
use crate::diagnostic::Severity;
use crate::finance::money::to_cents;
use crate::scenario::{Figure, Financing, Period, PeriodKind, SharingKey};
use rust_decimal::Decimal;

/// Cents as French euros for a note: `52 000,00 €` (narrow no-break spaces).
pub fn fr_eur(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{},{:02}\u{a0}€", group(abs / 100), abs % 100)
}

/// A decimal figure in French: `0,2`.
pub fn fr_dec(d: Decimal) -> String {
    crate::number::fmt_etp(d).replace('.', ",")
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// "2026 (transitoire, 1 an)".
pub fn period_title(p: &Period) -> String {
    let mut parts = Vec::new();
    if let Some(k) = p.kind {
        parts.push(
            match k {
                PeriodKind::Past => "passée",
                PeriodKind::Current => "en cours",
                PeriodKind::Transitional => "transitoire",
                PeriodKind::Target => "cible",
            }
            .to_owned(),
        );
    }
    if let Some(y) = p.years {
        let n = y.last - y.first + 1;
        parts.push(format!("{n} an{}", if n == 1 { "" } else { "s" }));
    }
    if parts.is_empty() {
        p.name().to_owned()
    } else {
        format!("{} ({})", p.name(), parts.join(", "))
    }
}

/// The errors that mark every sheet "Scénario invalide".
pub fn errors(checked: &Checked) -> usize {
    checked.report.count(Severity::Error)
}

/// What `[financing]` says, in French, its assumption first.
pub fn financing_notes(f: &Financing) -> Vec<String> {
    let eur = |v: Option<Figure>| v.and_then(|f| to_cents(f.value)).map(fr_eur);
    let mut lines = Vec::new();
    if let Some(l) = &f.label {
        lines.push(format!("Financement\u{a0}: {l}"));
    }
    lines.push(match &f.assumption {
        Some(a) => format!("Hypothèse\u{a0}: {a}"),
        None => {
            "Hypothèse non précisée\u{a0}: ces montants sont des paramètres du fichier, pas des faits"
                .to_owned()
        }
    });
    let direct = eur(f.cost_per_etp).unwrap_or_else(|| "? (pas de cost_per_etp)".to_owned());
    let operator = eur(f.operator_cost_per_etp).unwrap_or_else(|| direct.clone());
    lines.push(format!(
        "Coût d'un ETP par an\u{a0}: {direct} (poste propre), {operator} (opérateur extérieur)"
    ));
    let mut caf = Vec::new();
    if let Some(r) = f.caf_rate {
        caf.push(format!("{} % du coût", fr_dec(r.value)));
    }
    if let Some(a) = eur(f.caf_per_etp) {
        caf.push(format!("au plus {a} par ETP"));
    }
    if let Some(c) = eur(f.caf_ceiling) {
        caf.push(format!("au plus {c} par an en tout"));
    }
    if caf.is_empty() {
        caf.push("? (ni caf_rate ni caf_per_etp)".to_owned());
    }
    lines.push(format!("Part de la Caf\u{a0}: {}", caf.join(", ")));
    lines.push(format!(
        "Postes partagés répartis par\u{a0}: {}",
        match f.coordinator_key.as_ref().map(|(k, _)| *k) {
            Some(SharingKey::Population) => "population",
            Some(SharingKey::Etp) => "ETP de chaque commune",
            Some(SharingKey::Equal) => "parts égales",
            Some(SharingKey::Fixed) => "parts fixées ([financing.shares])",
            None => "? (pas de coordinator_key)",
        }
    ));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_figures() {
        assert_eq!(fr_eur(5_200_000), "52\u{202f}000,00\u{a0}€");
        assert_eq!(fr_eur(-5), "-0,05\u{a0}€");
        assert_eq!(
            fr_eur(12_345_678_900),
            "123\u{202f}456\u{202f}789,00\u{a0}€"
        );
        assert_eq!(fr_dec(Decimal::new(2, 1)), "0,2");
    }
}
