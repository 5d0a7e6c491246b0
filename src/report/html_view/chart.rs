//! The severity chart: one bar per severity, one segment per status, with
//! its geometry computed here so the template only draws.

use crate::checks::definition::Severity;
use crate::findings::Tally;
use serde::Serialize;
use std::collections::BTreeMap;

const CHART_WIDTH: f64 = 560.0;

#[derive(Serialize)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub bars: Vec<Bar>,
}

#[derive(Serialize)]
pub struct Bar {
    pub label: &'static str,
    pub y: f64,
    pub total: usize,
    pub segments: Vec<Segment>,
}

#[derive(Serialize)]
pub struct Segment {
    pub status: &'static str,
    pub x: f64,
    pub width: f64,
    pub count: usize,
}

pub(super) fn chart(by_severity: &BTreeMap<Severity, Tally>) -> Chart {
    let max = by_severity
        .values()
        .map(Tally::total)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut bars = Vec::new();
    for (row, severity) in Severity::ALL.iter().enumerate() {
        let counts = by_severity.get(severity).copied().unwrap_or_default();
        let mut x = 0.0;
        let mut segments = Vec::new();
        for (status, count) in [
            ("FAIL", counts.fail),
            ("UNKNOWN", counts.unknown),
            ("WAIVED", counts.waived),
            ("PASS", counts.pass),
            ("NOT_APPLICABLE", counts.not_applicable),
            ("MANUAL", counts.manual),
        ] {
            if count == 0 {
                continue;
            }
            let width = (CHART_WIDTH * count as f64 / max * 10.0).round() / 10.0;
            segments.push(Segment {
                status,
                x,
                width,
                count,
            });
            x = ((x + width) * 10.0).round() / 10.0;
        }
        bars.push(Bar {
            label: severity.as_str(),
            y: row as f64 * 28.0,
            total: counts.total(),
            segments,
        });
    }
    Chart {
        width: CHART_WIDTH + 140.0,
        height: Severity::ALL.len() as f64 * 28.0,
        bars,
    }
}
