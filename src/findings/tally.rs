//! Counts of findings per status: the one tally behind the HTML report,
//! JUnit, the printed summary and the gate.

use super::{Finding, Status};
use serde::Serialize;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub not_applicable: usize,
    pub manual: usize,
    pub waived: usize,
}

impl Tally {
    pub fn of<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> Tally {
        let mut t = Tally::default();
        for f in findings {
            t.add(f.status);
        }
        t
    }

    pub fn add(&mut self, s: Status) {
        *self.slot(s) += 1;
    }

    fn slot(&mut self, s: Status) -> &mut usize {
        match s {
            Status::Pass => &mut self.pass,
            Status::Fail => &mut self.fail,
            Status::Unknown => &mut self.unknown,
            Status::NotApplicable => &mut self.not_applicable,
            Status::Manual => &mut self.manual,
            Status::Waived => &mut self.waived,
        }
    }

    pub fn get(&self, s: Status) -> usize {
        match s {
            Status::Pass => self.pass,
            Status::Fail => self.fail,
            Status::Unknown => self.unknown,
            Status::NotApplicable => self.not_applicable,
            Status::Manual => self.manual,
            Status::Waived => self.waived,
        }
    }

    pub fn merge(&mut self, o: &Tally) {
        for s in Status::ALL {
            *self.slot(s) += o.get(s);
        }
    }

    pub fn total(&self) -> usize {
        Status::ALL.iter().map(|s| self.get(*s)).sum()
    }

    /// PASS, FAIL and UNKNOWN: what was (or should have been) judged.
    pub fn judged(&self) -> usize {
        self.pass + self.fail + self.unknown
    }

    /// PASS over everything judged or not judgeable: UNKNOWN counts
    /// against the score, since missing data is never a pass. WAIVED
    /// (accepted risk) is left out of both sides.
    pub fn score(&self) -> Option<f64> {
        let judged = self.judged();
        (judged > 0).then(|| 100.0 * self.pass as f64 / judged as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_status_once() {
        let mut t = Tally::default();
        for s in Status::ALL {
            t.add(s);
        }
        t.add(Status::Pass);
        assert_eq!(t.total(), 7);
        assert_eq!((t.get(Status::Pass), t.judged()), (2, 4));
        assert_eq!(t.score(), Some(50.0));
        let mut u = t;
        u.merge(&t);
        assert_eq!(u.total(), 14);
        assert_eq!(Tally::default().score(), None);
    }
}
