//! Splitting an amount in cents between parties, exactly.
//!
//! The rule (stated in docs/cost.md): each party first gets the whole cents
//! of its exact share, `total × weight / Σ weights`, rounded down; the cents
//! left over (fewer than the number of parties) go one each to the parties
//! with the largest remainders, ties broken by order (the commune order of
//! the file). This is the largest-remainder method (Hamilton's method): the
//! parts add up to the total, none is negative, each is within one cent of
//! its exact share, and a party of weight zero gets nothing.
//!
//! All of it is integer arithmetic: weights are scaled to integers, and
//! `total × weight` is computed on 256 bits, so that no remainder is ever
//! rounded and ties are real ties.

use rust_decimal::{Decimal, RoundingStrategy};

/// Splits `total_cents` in proportion to `weights`, by largest remainder.
///
/// `None` when the split is not defined: a negative total or weight, or a
/// positive total and no positive weight. A total of zero splits into zeros.
pub fn split_cents(total_cents: i64, weights: &[Decimal]) -> Option<Vec<i64>> {
    if total_cents < 0 || weights.iter().any(|w| w.is_sign_negative() && !w.is_zero()) {
        return None;
    }
    if total_cents == 0 {
        return Some(vec![0; weights.len()]);
    }
    let ints = integer_weights(weights)?;
    let sum: u128 = ints.iter().sum();
    if sum == 0 {
        return None;
    }
    let total = u128::try_from(total_cents).ok()?;
    let mut parts = Vec::with_capacity(ints.len());
    let mut remainders = Vec::with_capacity(ints.len());
    for &w in &ints {
        let (q, r) = mul_div_rem(total, w, sum);
        parts.push(q);
        remainders.push(r);
    }
    // Fewer than `parts.len()` cents are left, since each remainder is < 1 cent.
    let given: u128 = parts.iter().sum();
    let left = usize::try_from(total - given).ok()?;
    let mut order: Vec<(usize, &u128)> = remainders.iter().enumerate().collect();
    // Stable sort: equal remainders keep their order.
    order.sort_by(|a, b| b.1.cmp(a.1));
    for &(i, _) in order.iter().take(left) {
        if let Some(p) = parts.get_mut(i) {
            *p += 1;
        }
    }
    parts.into_iter().map(|p| i64::try_from(p).ok()).collect()
}

/// The weights as integers on a common scale. Weights so far apart that the
/// scale would overflow are first rounded to fewer decimals; that changes a
/// share by far less than a cent.
fn integer_weights(weights: &[Decimal]) -> Option<Vec<u128>> {
    let weights: Vec<Decimal> = weights.iter().map(|w| w.normalize()).collect();
    let max_scale = weights.iter().map(Decimal::scale).max().unwrap_or(0);
    for scale in (0..=max_scale).rev() {
        let scaled: Option<Vec<u128>> = weights
            .iter()
            .map(|w| {
                let r = w.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
                let m = u128::try_from(r.mantissa()).ok()?;
                let factor = 10u128.checked_pow(scale - r.scale())?;
                m.checked_mul(factor)
            })
            .collect();
        if let Some(v) = scaled {
            if v.iter()
                .try_fold(0u128, |acc, &x| acc.checked_add(x))
                .is_some()
            {
                return Some(v);
            }
        }
    }
    None
}

/// `a × b / c` and its remainder, with a 256-bit product; `b <= c`, so the
/// quotient is at most `a`.
fn mul_div_rem(a: u128, b: u128, c: u128) -> (u128, u128) {
    // The common case (cents times weights of a few digits) fits in 128
    // bits: one hardware division instead of 256 steps of long division.
    if let (Some(p), false) = (a.checked_mul(b), c == 0) {
        return (p / c, p % c);
    }
    let (hi, lo) = mul_wide(a, b);
    // Long division, one bit at a time, from the top bit of the product.
    let mut rem: u128 = 0;
    let mut quot: u128 = 0;
    for bit in (0..256).rev() {
        let next = if bit >= 128 {
            (hi >> (bit - 128)) & 1
        } else {
            (lo >> bit) & 1
        };
        let carry = rem >> 127;
        rem = (rem << 1) | next;
        if carry == 1 || rem >= c {
            rem = rem.wrapping_sub(c);
            if bit < 128 {
                quot |= 1 << bit;
            }
        }
    }
    (quot, rem)
}

/// The full product of two u128, as (high, low) halves.
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & MASK);
    let (b1, b0) = (b >> 64, b & MASK);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 & MASK) + (p10 & MASK);
    let lo = (p00 & MASK) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    #[test]
    fn thirds_go_to_the_first_in_order() {
        // 100 cents in three equal parts: 33.33… each, the spare cent to the first.
        assert_eq!(
            split_cents(100, &[d(1), d(1), d(1)]),
            Some(vec![34, 33, 33])
        );
        assert_eq!(
            split_cents(200, &[d(1), d(1), d(1)]),
            Some(vec![67, 67, 66])
        );
    }

    #[test]
    fn largest_remainder_wins_over_order() {
        // Exact shares 16.6…, 33.3…, 50: the remainder .6… beats .3….
        assert_eq!(
            split_cents(100, &[d(1), d(2), d(3)]),
            Some(vec![17, 33, 50])
        );
    }

    #[test]
    fn zero_weights_get_nothing_and_undefined_splits_are_refused() {
        assert_eq!(split_cents(5, &[d(0), d(1), d(0)]), Some(vec![0, 5, 0]));
        assert_eq!(split_cents(0, &[]), Some(vec![]));
        assert_eq!(split_cents(0, &[d(0)]), Some(vec![0]));
        assert_eq!(split_cents(5, &[]), None);
        assert_eq!(split_cents(5, &[d(0), d(0)]), None);
        assert_eq!(split_cents(-5, &[d(1)]), None);
        assert_eq!(split_cents(5, &[d(1), d(-1)]), None);
    }

    #[test]
    fn decimal_weights_are_exact() {
        // 0.1 and 0.2 are exactly one third and two thirds of 0.3.
        let w = [Decimal::new(1, 1), Decimal::new(2, 1)];
        assert_eq!(split_cents(300, &w), Some(vec![100, 200]));
        // Percentages with decimals.
        let w = [Decimal::new(3333, 2), Decimal::new(6667, 2)];
        assert_eq!(split_cents(10_000, &w), Some(vec![3333, 6667]));
    }

    #[test]
    fn extreme_inputs_do_not_panic() {
        let w = [Decimal::MAX, Decimal::new(1, 28), Decimal::MAX];
        let parts = split_cents(i64::MAX, &w).expect("defined");
        assert_eq!(
            parts.iter().map(|&p| i128::from(p)).sum::<i128>(),
            i128::from(i64::MAX)
        );
        assert_eq!(parts[1], 0);
        let (hi, lo) = mul_wide(u128::MAX, u128::MAX);
        assert_eq!((hi, lo), (u128::MAX - 1, 1));
        assert_eq!(mul_div_rem(u128::MAX, u128::MAX, u128::MAX), (u128::MAX, 0));
    }

    /// Weights as the tool meets them: populations, percentages, ETP, cents.
    fn weight() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (0u64..200_000).prop_map(Decimal::from),
            (0i64..=10_000).prop_map(|v| Decimal::new(v, 2)),
            (0i64..=100).prop_map(|v| Decimal::new(v, 1)),
            (0i64..1_000_000_000_000).prop_map(|v| Decimal::new(v, 0)),
            (0i64..i64::MAX, 0u32..=28).prop_map(|(v, s)| Decimal::new(v, s)),
        ]
    }

    proptest! {
        #[test]
        fn parts_add_up_and_stay_within_a_cent(
            total in 0i64..1_000_000_000_000,
            weights in proptest::collection::vec(weight(), 1..12),
        ) {
            let sum: Decimal = weights.iter().sum();
            let parts = split_cents(total, &weights);
            if sum.is_zero() && total > 0 {
                prop_assert_eq!(parts, None);
                return Ok(());
            }
            let parts = parts.expect("defined for non-negative weights");
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().sum::<i64>(), total);
            for (p, w) in parts.iter().zip(&weights) {
                prop_assert!(*p >= 0);
                if w.is_zero() {
                    prop_assert_eq!(*p, 0);
                }
                if !sum.is_zero() {
                    // Exact share, to 28 significant digits: ample for a cent.
                    let exact = Decimal::from(total) * (*w / sum);
                    prop_assert!((Decimal::from(*p) - exact).abs() < Decimal::ONE + Decimal::new(1, 6),
                        "part {} vs exact share {}", p, exact);
                }
            }
        }

        #[test]
        fn equal_weights_differ_by_at_most_a_cent_and_favour_the_first(
            total in 0i64..10_000_000,
            n in 1usize..20,
        ) {
            let parts = split_cents(total, &vec![Decimal::ONE; n]).expect("defined");
            let max = parts.iter().max().copied().unwrap_or(0);
            let min = parts.iter().min().copied().unwrap_or(0);
            prop_assert!(max - min <= 1);
            // Non-increasing: the spare cents went to the first communes.
            prop_assert!(parts.windows(2).all(|w| w[0] >= w[1]));
        }

        #[test]
        fn integer_arithmetic_matches_u128_when_it_fits(
            a in 0u128..u64::MAX as u128,
            b in 0u128..u64::MAX as u128,
            c in 1u128..u64::MAX as u128,
        ) {
            prop_assert_eq!(mul_div_rem(a, b, c), ((a * b) / c, (a * b) % c));
        }
    }
}
