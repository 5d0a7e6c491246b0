//! `trend.html`: the same look and Content-Security-Policy as report.html
//! (no scripts, inline SVG). The chart's geometry is computed here so the
//! template only draws; every text is escaped by tera.

use super::Trend;
use serde::Serialize;

const TEMPLATE: &str = "trend.html";
const DEFAULT: &str = include_str!("../../report-templates/trend.html");
const WIDTH: f64 = 840.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 40.0;
const TOP: f64 = 10.0;
const PLOT_HEIGHT: f64 = 200.0;

#[derive(Serialize)]
struct Page<'t> {
    trend: &'t Trend,
    chart: Chart,
    first: String,
    last: String,
}

#[derive(Serialize)]
struct Chart {
    width: f64,
    height: f64,
    /// SVG `points` of the organisation's score and of coverage (share of
    /// accounts read completely), 0–100 %.
    score: String,
    coverage: String,
    /// x of each run, with its label and markers.
    marks: Vec<Mark>,
    grid: Vec<GridLine>,
}

#[derive(Serialize)]
struct Mark {
    x: f64,
    label: String,
    score: String,
    ruleset_changed: bool,
    coverage_dropped: bool,
    score_y: f64,
}

#[derive(Serialize)]
struct GridLine {
    y: f64,
    label: u32,
}

fn y(percent: f64) -> f64 {
    TOP + PLOT_HEIGHT * (1.0 - percent.clamp(0.0, 100.0) / 100.0)
}

fn chart(trend: &Trend) -> Chart {
    let n = trend.runs.len().max(1);
    let step = if n > 1 {
        (WIDTH - LEFT - 20.0) / (n - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| LEFT + step * i as f64;
    let mut score = Vec::new();
    let mut coverage = Vec::new();
    let mut marks = Vec::new();
    for (i, r) in trend.runs.iter().enumerate() {
        let s = r.score.unwrap_or(0.0);
        score.push(format!("{:.1},{:.1}", x(i), y(s)));
        let c = &r.coverage;
        let read = if c.accounts > 0 {
            100.0 * c.complete as f64 / c.accounts as f64
        } else {
            0.0
        };
        coverage.push(format!("{:.1},{:.1}", x(i), y(read)));
        marks.push(Mark {
            x: x(i),
            label: r
                .evaluated_at
                .get(..10)
                .unwrap_or(&r.evaluated_at)
                .to_string(),
            score: r
                .score
                .map(|s| format!("{s:.1}%"))
                .unwrap_or_else(|| "n/a".into()),
            ruleset_changed: r.ruleset_changed,
            coverage_dropped: c.dropped,
            score_y: y(s),
        });
    }
    Chart {
        width: WIDTH,
        height: HEIGHT,
        score: score.join(" "),
        coverage: coverage.join(" "),
        marks,
        grid: [0u32, 25, 50, 75, 100]
            .iter()
            .map(|&p| GridLine {
                y: y(f64::from(p)),
                label: p,
            })
            .collect(),
    }
}

pub fn render(trend: &Trend) -> anyhow::Result<String> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html"]);
    tera.add_raw_template(TEMPLATE, DEFAULT)
        .map_err(|e| anyhow::anyhow!("built-in {TEMPLATE}: {e}"))?;
    let page = Page {
        trend,
        chart: chart(trend),
        first: trend
            .runs
            .first()
            .map(|r| r.evaluated_at.clone())
            .unwrap_or_default(),
        last: trend
            .runs
            .last()
            .map(|r| r.evaluated_at.clone())
            .unwrap_or_default(),
    };
    let context = tera::Context::from_serialize(&page)?;
    tera.render(TEMPLATE, &context)
        .map_err(|e| anyhow::anyhow!("rendering {TEMPLATE}: {e:?}"))
}
