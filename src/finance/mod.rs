//! Money: what each post costs per year, the Caf's part, and how communes
//! share what they pay together, to the cent. The figures come from the
//! scenario's `[financing]` table (assumptions: the seeds hold no euro
//! figure); docs/cost.md states every rule applied here.

pub mod budget;
pub mod cost;
pub mod money;
pub mod split;

use crate::scenario::{CarrierKind, Coordinator, Financing, Mode, Scenario, Status};
use money::{round_whole, to_cents};
use rust_decimal::Decimal;

/// Whether a holder's post in period `index` is entrusted to an external
/// operator: the holder is an operator, or the post says `mode =
/// "externalised"` (a post an incremental period carries over, or changes
/// without a mode, keeps its mode).
pub fn externalised(s: &Scenario, index: usize, holder: &str) -> bool {
    if s.carrier(holder)
        .is_some_and(|c| c.kind == CarrierKind::Operator)
    {
        return true;
    }
    for j in (0..=index).rev() {
        let Some(period) = s.periods.get(j) else {
            break;
        };
        if let Some(post) = period.post(holder) {
            // A `change` without a mode changes the ETP of the post before.
            let carries_on = post.mode.is_none() && post.etp.is_none() && post.change.is_some();
            if !carries_on {
                return post.mode == Some(Mode::Externalised);
            }
        }
        if !period.is_incremental() {
            break;
        }
    }
    false
}

/// The coordinator of period `index`: its own, or the one an incremental
/// period carries over.
pub fn coordinator(s: &Scenario, index: usize) -> Option<&Coordinator> {
    for j in (0..=index).rev() {
        let period = s.periods.get(j)?;
        if let Some(c) = &period.coordinator {
            return Some(c);
        }
        if !period.is_incremental() {
            return None;
        }
    }
    None
}

/// Whether the coordinator is entrusted to an external operator.
pub fn coordinator_externalised(s: &Scenario, c: &Coordinator) -> bool {
    c.mode == Some(Mode::Externalised)
        || c.carrier
            .as_ref()
            .and_then(|h| s.carrier(&h.id))
            .is_some_and(|h| h.kind == CarrierKind::Operator)
}

/// The holder that pays the coordinator as its own post (a commune or EPCI
/// employing it directly); `None` when the communes share it.
pub fn coordinator_payer<'a>(s: &Scenario, c: &'a Coordinator) -> Option<&'a str> {
    if coordinator_externalised(s, c) {
        return None;
    }
    c.carrier
        .as_ref()
        .map(|h| h.id.as_str())
        .filter(|h| s.is_holder(h))
}

/// Whether a holder's post in period `index` is costed: always, unless
/// `cost_vacant_posts = false` and the post is vacant or was never filled.
pub fn costed(f: &Financing, s: &Scenario, index: usize, holder: &str) -> bool {
    f.cost_vacant_posts
        || !s
            .periods
            .get(index)
            .and_then(|p| p.post(holder))
            .is_some_and(|p| matches!(p.status, Status::Vacant | Status::NeverFilled))
}

/// Euros per ETP per year of a post: the operator's rate for an externalised
/// post (the direct rate when no operator rate is given), else the direct rate.
pub fn rate(f: &Financing, externalised: bool) -> Option<Decimal> {
    let direct = f.cost_per_etp.map(|r| r.value);
    if externalised {
        f.operator_cost_per_etp.map(|r| r.value).or(direct)
    } else {
        direct
    }
}

/// A post's yearly cost in cents, rounded half away from zero.
pub fn post_cost(etp: Decimal, rate: Decimal) -> Option<i64> {
    to_cents(etp.checked_mul(rate)?)
}

/// The Caf's part of a post, in cents: `caf_rate` percent of its cost and/or
/// `caf_per_etp` per ETP (the smaller when both are given), never more than
/// the cost. `None` when the file gives neither.
pub fn caf_part(f: &Financing, cost_cents: i64, etp: Decimal) -> Option<i64> {
    let by_rate = match f.caf_rate {
        Some(r) => Some(round_whole(
            Decimal::from(cost_cents)
                .checked_mul(r.value)?
                .checked_div(Decimal::ONE_HUNDRED)?,
        )?),
        None => None,
    };
    let by_etp = match f.caf_per_etp {
        Some(a) => Some(to_cents(etp.checked_mul(a.value)?)?),
        None => None,
    };
    let part = match (by_rate, by_etp) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return None,
    };
    Some(part.min(cost_cents).max(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    fn scenario(extra: &str) -> Scenario {
        let text = format!(
            "[territory]\nname = \"T\"\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[carrier]]\nid = \"op\"\nname = \"Op\"\nkind = \"operator\"\n[[carrier]]\nid = \"epci\"\nname = \"E\"\nkind = \"epci\"\n{extra}"
        );
        let l = load_str("t.toml", &text);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        l.scenario.expect("loads")
    }

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn financing_loads_with_spans_and_rejects_what_is_not_money() {
        let text = "[territory]\nname = \"T\"\n[financing]\ncost_per_etp = 52000.5\ncaf_rate = \"33,3\"\ncoordinator_key = \"fixed\"\nshares = { a = 60, b = 40 }\n";
        let l = load_str("t.toml", text);
        let s = l.scenario.expect("loads");
        let f = s.financing.expect("financing");
        let cost = f.cost_per_etp.expect("cost");
        assert_eq!(
            (cost.value, &text[cost.span()]),
            (dec("52000.5"), "52000.5")
        );
        assert_eq!(f.caf_rate.map(|r| r.value), Some(dec("33.3")));
        let (key, span) = f.coordinator_key.expect("key");
        assert_eq!(
            (key, &text[span]),
            (crate::scenario::SharingKey::Fixed, "\"fixed\"")
        );
        let shares = f.shares.expect("shares");
        assert_eq!(&text[shares.entries[1].1.span()], "40");
        let code = |extra: &str| {
            let l = load_str(
                "t.toml",
                &format!("[territory]\nname = \"T\"\n[financing]\n{extra}"),
            );
            l.diagnostics.first().map(|d| d.code)
        };
        assert_eq!(code("cost_per_etp = -1\n"), Some(crate::code::Code::Number));
        assert_eq!(
            code("caf_ceiling = 1.005\n"),
            Some(crate::code::Code::Number)
        );
        assert_eq!(code("caf_rate = 120\n"), Some(crate::code::Code::Number));
        assert_eq!(
            code("shares = { a = 101 }\n"),
            Some(crate::code::Code::Number)
        );
        assert_eq!(
            code("coordinator_key = \"area\"\n"),
            Some(crate::code::Code::Schema)
        );
        assert_eq!(code("cost = 1\n"), Some(crate::code::Code::Schema));
        assert_eq!(
            code("cost_per_etp = 52000.50\n"),
            None,
            "trailing zeros are cents"
        );
    }

    #[test]
    fn caf_part_takes_the_smaller_and_never_exceeds_the_cost() {
        let s = scenario("[financing]\ncost_per_etp = 52000\ncaf_rate = 50\ncaf_per_etp = 20000\n");
        let f = s.financing.as_ref().expect("financing");
        // 0.5 ETP: cost 26,000; 50 % is 13,000; 20,000 × 0.5 is 10,000.
        assert_eq!(caf_part(f, 2_600_000, dec("0.5")), Some(1_000_000));
        // 0.1 ETP: 50 % is 2,600, per ETP 2,000.
        assert_eq!(caf_part(f, 520_000, dec("0.1")), Some(200_000));
        let s = scenario("[financing]\ncaf_per_etp = 90000\n");
        let f = s.financing.as_ref().expect("financing");
        assert_eq!(caf_part(f, 520_000, dec("0.1")), Some(520_000));
        let s = scenario("[financing]\ncaf_rate = 33.333\n");
        let f = s.financing.as_ref().expect("financing");
        // 33.333 % of 100.01 € is 33.336… €: rounded to 33.34.
        assert_eq!(caf_part(f, 10_001, dec("1")), Some(3_334));
        let s = scenario("[financing]\ncost_per_etp = 1\n");
        assert_eq!(
            caf_part(s.financing.as_ref().expect("f"), 100, dec("1")),
            None
        );
    }

    #[test]
    fn operator_rate_applies_to_externalised_posts_and_operators() {
        let s = scenario(
            "[financing]\ncost_per_etp = 50000\noperator_cost_per_etp = 60000\n[[period]]\nid = \"2026\"\nposts.a = { etp = 0.2, mode = \"externalised\" }\nposts.epci = { etp = 0.1 }\n[[period]]\nid = \"2027\"\nposts.a = { change = 0.1 }\n",
        );
        let f = s.financing.as_ref().expect("financing");
        assert!(externalised(&s, 0, "a"));
        assert!(
            externalised(&s, 1, "a"),
            "carried over by the incremental period"
        );
        assert!(externalised(&s, 0, "op"));
        assert!(!externalised(&s, 0, "epci"));
        assert_eq!(rate(f, true), Some(dec("60000")));
        assert_eq!(rate(f, false), Some(dec("50000")));
        assert_eq!(post_cost(dec("0.2"), dec("60000.05")), Some(1_200_001));
    }

    #[test]
    fn coordinator_payer_is_the_direct_employer() {
        let s = scenario(
            "[[period]]\nid = \"1\"\ncoordinator = { etp = 1, carrier = \"a\" }\n[[period]]\nid = \"2\"\ncoordinator = { etp = 0.5, carrier = \"op\" }\n[[period]]\nid = \"3\"\ncoordinator = { etp = 0.5, carrier = \"a\", mode = \"externalised\" }\n[[period]]\nid = \"4\"\nposts.a = { change = 0.1 }\n",
        );
        let payer = |i: usize| coordinator(&s, i).and_then(|c| coordinator_payer(&s, c));
        assert_eq!(payer(0), Some("a"));
        assert_eq!(payer(1), None);
        assert_eq!(payer(2), None);
        assert_eq!(coordinator(&s, 3).map(|c| c.etp.value), Some(dec("0.5")));
    }
}
