//! Direct evaluation: the subset of CEL the catalogue's per-resource
//! expressions use, run straight over the JSON views. With millions of
//! findings per run, the cel interpreter's conversions and copies dominate;
//! this path skips them. It answers only where its result is the one CEL
//! gives and otherwise declines, so callers fall back to the interpreter
//! (`expr::Compiled`) and behaviour never depends on which path ran.

#[cfg(any(test, feature = "fuzzing"))]
pub mod agreement;
mod compile;
mod eval;
mod value;

pub use value::Out;

use super::cel_env::env;
use compile::Node;
use eval::Frame;
use serde_json::Value;

/// The JSON views the CEL variables are built from, and the run's `now`:
/// what direct evaluation reads (the interpreter gets them as CEL values).
pub struct JsonVars<'a> {
    pub account: &'a Value,
    pub resource: &'a Value,
    pub params: &'a Value,
    pub now: jiff::Timestamp,
}

#[derive(Debug)]
pub struct Direct(Node);

impl Direct {
    /// `None` when the expression uses anything outside the subset.
    pub fn compile(source: &str) -> Option<Direct> {
        let ast = env().parser().parse(source).ok()?;
        compile::node(&ast, &mut Vec::new()).map(Direct)
    }

    /// The value, or `None` when the interpreter must decide.
    pub fn eval<'a>(&'a self, vars: &'a JsonVars<'a>) -> Option<Out<'a>> {
        Frame {
            vars,
            locals: Vec::new(),
        }
        .eval(&self.0)
    }
}
