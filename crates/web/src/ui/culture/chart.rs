//! The recognition chart: one small bar chart per value, praise per month,
//! drawn as inline SVG on the server (geometry here, markup in
//! `values.html`), with the same figures in a table beside it.

/// Width and height of one chart, in SVG units.
pub(crate) const WIDTH: i64 = 320;
pub(crate) const HEIGHT: i64 = 120;
const LEFT: i64 = 28;
const BOTTOM: i64 = 20;
const TOP: i64 = 8;

/// One month's bar.
#[derive(Debug, Clone)]
pub(crate) struct Bar {
    pub(crate) x: i64,
    pub(crate) y: i64,
    pub(crate) w: i64,
    pub(crate) h: i64,
    pub(crate) count: i64,
    pub(crate) month: String,
}

/// The geometry of one value's chart.
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    pub(crate) bars: Vec<Bar>,
    /// The y axis' top label.
    pub(crate) max: i64,
    /// The baseline's y.
    pub(crate) base: i64,
    /// The plot's left edge.
    pub(crate) left: i64,
    /// The first and last month, under the axis.
    pub(crate) first: String,
    pub(crate) last: String,
}

/// Bars for `counts` (one per month of `months`), scaled to the largest
/// count (at least 1, so an empty chart draws a flat baseline).
pub(crate) fn bars(months: &[String], counts: &[i64]) -> Chart {
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let n = i64::try_from(counts.len().max(1)).unwrap_or(1);
    let plot_w = WIDTH - LEFT - 4;
    let plot_h = HEIGHT - BOTTOM - TOP;
    let slot = plot_w / n;
    let base = HEIGHT - BOTTOM;
    let bars = counts
        .iter()
        .zip(months)
        .zip(0_i64..)
        .map(|((&count, month), i)| {
            let h = count * plot_h / max;
            Bar {
                x: LEFT + i * slot + 2,
                y: base - h,
                w: (slot - 4).max(1),
                h,
                count,
                month: month.clone(),
            }
        })
        .collect();
    Chart {
        bars,
        max,
        base,
        left: LEFT,
        first: months.first().cloned().unwrap_or_default(),
        last: months.last().cloned().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_count_and_stand_on_the_baseline() {
        let months: Vec<String> = ["2026-10", "2026-11", "2026-12"].map(String::from).into();
        let c = bars(&months, &[0, 2, 4]);
        assert_eq!(c.max, 4);
        assert_eq!(c.bars[0].h, 0);
        assert_eq!(c.bars[2].h, HEIGHT - BOTTOM - TOP);
        assert_eq!(c.bars[1].h * 2, c.bars[2].h);
        assert!(c.bars.iter().all(|b| b.y + b.h == c.base));
        assert_eq!((c.first.as_str(), c.last.as_str()), ("2026-10", "2026-12"));
        assert_eq!(bars(&months, &[0, 0, 0]).max, 1);
    }
}
