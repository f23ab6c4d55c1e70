//! The geometry of the report's two charts, as plain data for the SVG
//! template (which escapes every label): a stacked bar per period (ETP by
//! theme), and horizontal grouped bars per commune (one bar per period).
//! Scales use exact decimals for tick values, floats only for pixels.
//!
//! No charting crate is used: those that write SVG either need a system
//! font library to measure text (plotters' `ttf`), or a newer Rust than
//! ours (charts-rs), and neither lays out these two simple charts better
//! than a few lines of arithmetic.

use super::locale::Lang;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

/// Average width of a character of the 12 px sans-serif labels, generous so
/// that estimated labels never overlap.
const CHAR_PX: f64 = 7.0;

fn px(v: f64) -> String {
    format!("{v:.1}")
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn fit(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(1);
    let mut s: String = text.chars().take(keep).collect();
    s.push('…');
    s
}

/// A round step giving at most `max_ticks` intervals up to `top`.
fn nice_step(top: Decimal, max_ticks: u32) -> Decimal {
    let mut base = Decimal::new(1, 2);
    loop {
        for m in [1, 2, 5] {
            let step = base * Decimal::from(m);
            if top / step <= Decimal::from(max_ticks) {
                return step;
            }
        }
        base *= Decimal::TEN;
        if base > Decimal::from(1_000_000_000u64) {
            return base;
        }
    }
}

/// Tick values 0, step, 2 step… up to the first at or above `max`.
fn ticks(max: Decimal, max_ticks: u32) -> Vec<Decimal> {
    let top = if max > Decimal::ZERO {
        max
    } else {
        Decimal::ONE
    };
    let step = nice_step(top, max_ticks);
    let mut out = vec![Decimal::ZERO];
    let mut v = Decimal::ZERO;
    while v < top && out.len() < 64 {
        v += step;
        out.push(v);
    }
    out
}

#[derive(Debug, Serialize)]
pub struct Tick {
    /// Position along the value axis.
    pub at: String,
    pub label: String,
}

/// One part of a stacked bar.
#[derive(Debug, Clone)]
pub struct Part {
    pub series: usize,
    pub name: String,
    pub value: Decimal,
}

/// One bar of the stacked chart.
#[derive(Debug, Clone)]
pub struct BarInput {
    pub label: String,
    pub sublabel: String,
    pub parts: Vec<Part>,
}

#[derive(Debug, Serialize)]
pub struct Segment {
    pub series: usize,
    pub y: String,
    pub height: String,
    /// The value written inside, when there is room.
    pub text: Option<String>,
    pub text_y: String,
    /// Tooltip: "name: value".
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct Bar {
    pub x: String,
    pub width: String,
    pub center: String,
    pub label: String,
    pub full_label: String,
    pub sublabel: String,
    pub total: String,
    pub total_y: String,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Serialize)]
pub struct StackedChart {
    pub width: String,
    pub height: String,
    pub left: String,
    pub right: String,
    pub top: String,
    pub bottom: String,
    pub tick_x: String,
    pub ticks: Vec<Tick>,
    pub bars: Vec<Bar>,
    pub label_y: String,
    pub sublabel_y: String,
}

pub fn stacked(lang: Lang, bars: &[BarInput]) -> StackedChart {
    let (width, height) = (720.0, 360.0);
    let (left, right, top, bottom) = (56.0, 16.0, 28.0, 52.0);
    let plot_w: f64 = width - left - right;
    let plot_h: f64 = height - top - bottom;
    let max = bars
        .iter()
        .map(|b| b.parts.iter().map(|p| p.value).sum::<Decimal>())
        .max()
        .unwrap_or(Decimal::ZERO);
    let ticks = ticks(max, 8);
    let top_value = f(*ticks.last().unwrap_or(&Decimal::ONE)).max(f64::MIN_POSITIVE);
    let y_of = |v: f64| top + plot_h - v / top_value * plot_h;
    let n = bars.len().max(1) as f64;
    let slot = plot_w / n;
    let bar_w = (slot * 0.6).min(110.0);
    let max_chars = ((slot - 8.0) / CHAR_PX).max(3.0) as usize;
    let out_bars = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
            let mut acc = 0.0;
            let mut total = Decimal::ZERO;
            let segments = b
                .parts
                .iter()
                .filter(|p| p.value > Decimal::ZERO)
                .map(|p| {
                    let v = f(p.value);
                    let (y0, y1) = (y_of(acc), y_of(acc + v));
                    acc += v;
                    total += p.value;
                    let h = y0 - y1;
                    let value = lang.etp(p.value);
                    let room = h >= 15.0 && bar_w >= (value.chars().count() as f64) * CHAR_PX;
                    Segment {
                        series: p.series,
                        y: px(y1),
                        height: px(h),
                        text: room.then(|| value.clone()),
                        text_y: px(y1 + h / 2.0 + 4.0),
                        title: format!("{}{}{value}", p.name, lang.colon()),
                    }
                })
                .collect();
            Bar {
                x: px(x),
                width: px(bar_w),
                center: px(x + bar_w / 2.0),
                label: fit(&b.label, max_chars),
                full_label: b.label.clone(),
                sublabel: fit(&b.sublabel, max_chars),
                total: lang.etp(total),
                total_y: px(y_of(acc) - 6.0),
                segments,
            }
        })
        .collect();
    StackedChart {
        width: px(width),
        height: px(height),
        left: px(left),
        right: px(width - right),
        top: px(top),
        bottom: px(top + plot_h),
        tick_x: px(left - 6.0),
        ticks: ticks
            .iter()
            .map(|t| Tick {
                at: px(y_of(f(*t))),
                label: lang.etp(*t),
            })
            .collect(),
        bars: out_bars,
        label_y: px(top + plot_h + 18.0),
        sublabel_y: px(top + plot_h + 34.0),
    }
}

/// One row (commune) of the grouped chart: a value per period.
#[derive(Debug, Clone)]
pub struct GroupInput {
    pub label: String,
    pub values: Vec<Option<Decimal>>,
}

#[derive(Debug, Serialize)]
pub struct HBar {
    pub series: usize,
    pub y: String,
    pub width: String,
    pub text: String,
    pub text_x: String,
    pub text_y: String,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct Group {
    pub label: String,
    pub full_label: String,
    pub label_y: String,
    /// Band behind every other row, for reading across.
    pub band_y: String,
    pub band_h: String,
    pub shaded: bool,
    pub bars: Vec<HBar>,
}

#[derive(Debug, Serialize)]
pub struct GroupedChart {
    pub width: String,
    pub height: String,
    pub left: String,
    pub right: String,
    pub top: String,
    pub bottom: String,
    pub label_x: String,
    pub bar_h: String,
    pub tick_label_y: String,
    pub ticks: Vec<Tick>,
    pub groups: Vec<Group>,
}

/// Horizontal bars, one group per row, one bar per series (period).
pub fn grouped(lang: Lang, series_names: &[String], rows: &[GroupInput]) -> GroupedChart {
    let width = 880.0;
    let longest = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    let max_label_chars = 30;
    let left = 16.0 + (longest.min(max_label_chars) as f64) * CHAR_PX;
    let right = 56.0;
    let top = 8.0;
    let bar_h = 12.0;
    let gap = 2.0;
    let series = series_names.len().max(1);
    let row_h = series as f64 * (bar_h + gap) + 12.0;
    let plot_h = row_h * rows.len() as f64;
    let height = top + plot_h + 28.0;
    let plot_w = width - left - right;
    let max = rows
        .iter()
        .flat_map(|r| r.values.iter().flatten())
        .copied()
        .max()
        .unwrap_or(Decimal::ZERO);
    let ticks = ticks(max, 8);
    let top_value = f(*ticks.last().unwrap_or(&Decimal::ONE)).max(f64::MIN_POSITIVE);
    let x_of = |v: f64| left + v / top_value * plot_w;
    let groups = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y0 = top + row_h * i as f64;
            let bars = r
                .values
                .iter()
                .enumerate()
                .map(|(k, v)| {
                    let y = y0 + 6.0 + k as f64 * (bar_h + gap);
                    let w = v.map_or(0.0, |v| x_of(f(v)) - left);
                    let text = v.map_or_else(|| lang.texts().unknown.to_owned(), |v| lang.etp(v));
                    let name = series_names.get(k).map_or("", String::as_str);
                    HBar {
                        series: k,
                        y: px(y),
                        width: px(w),
                        title: format!("{}, {name}{}{text}", r.label, lang.colon()),
                        text,
                        text_x: px(left + w + 4.0),
                        text_y: px(y + bar_h - 2.0),
                    }
                })
                .collect();
            Group {
                label: fit(&r.label, max_label_chars),
                full_label: r.label.clone(),
                label_y: px(y0 + row_h / 2.0 + 4.0),
                band_y: px(y0),
                band_h: px(row_h),
                shaded: i % 2 == 1,
                bars,
            }
        })
        .collect();
    GroupedChart {
        width: px(width),
        height: px(height),
        left: px(left),
        right: px(width - right),
        top: px(top),
        bottom: px(top + plot_h),
        label_x: px(left - 8.0),
        bar_h: px(bar_h),
        tick_label_y: px(top + plot_h + 16.0),
        ticks: ticks
            .iter()
            .map(|t| Tick {
                at: px(x_of(f(*t))),
                label: lang.etp(*t),
            })
            .collect(),
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        let t = ticks(dec("3.3"), 8);
        assert_eq!(t.first(), Some(&Decimal::ZERO));
        assert_eq!(t.last(), Some(&dec("3.5")));
        assert_eq!(t.get(1), Some(&dec("0.5")));
        assert_eq!(ticks(dec("1.2"), 8).last(), Some(&dec("1.2")));
        assert_eq!(
            ticks(Decimal::ZERO, 8),
            [
                Decimal::ZERO,
                dec("0.2"),
                dec("0.4"),
                dec("0.6"),
                dec("0.8"),
                dec("1.0")
            ]
        );
    }

    #[test]
    fn long_labels_are_cut() {
        assert_eq!(fit("Saint-Rémy", 20), "Saint-Rémy");
        assert_eq!(fit("Saint-Étienne-du-Grès", 8), "Saint-É…");
    }

    #[test]
    fn stacked_segments_add_up_to_the_bar() {
        let c = stacked(
            Lang::En,
            &[BarInput {
                label: "2026".into(),
                sublabel: String::new(),
                parts: vec![
                    Part {
                        series: 0,
                        name: "a".into(),
                        value: dec("1.6"),
                    },
                    Part {
                        series: 1,
                        name: "b".into(),
                        value: dec("0"),
                    },
                    Part {
                        series: 2,
                        name: "c".into(),
                        value: dec("1.5"),
                    },
                ],
            }],
        );
        let bar = &c.bars[0];
        assert_eq!(bar.total, "3.1");
        // The empty part draws nothing.
        assert_eq!(bar.segments.len(), 2);
        let h: f64 = bar
            .segments
            .iter()
            .map(|s| s.height.parse::<f64>().unwrap())
            .sum();
        let plot_h = 360.0 - 28.0 - 52.0;
        assert!((h - plot_h * 3.1 / 3.5).abs() < 0.2, "{h}");
    }
}
