//! Every finding of a run, in evaluation order.

use super::Finding;
use serde::{Deserialize, Serialize};

/// Kept in the per-account chunks evaluation produces: copying them into one
/// vector would hold two copies at once, doubling the peak memory of a large
/// organisation's run.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    chunks: Vec<Vec<Finding>>,
}

impl Findings {
    pub fn from_chunks(chunks: Vec<Vec<Finding>>) -> Findings {
        Findings { chunks }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Finding> + '_ {
        self.chunks.iter().flatten()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Finding> + '_ {
        self.chunks.iter_mut().flatten()
    }

    /// Append findings (those carried from a baseline) as one more chunk.
    pub fn push_chunk(&mut self, chunk: Vec<Finding>) {
        if !chunk.is_empty() {
            self.chunks.push(chunk);
        }
    }

    pub fn len(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.chunks.iter().all(Vec::is_empty)
    }
}

impl From<Vec<Finding>> for Findings {
    fn from(findings: Vec<Finding>) -> Findings {
        Findings {
            chunks: vec![findings],
        }
    }
}

impl IntoIterator for Findings {
    type Item = Finding;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<Finding>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.chunks.into_iter().flatten()
    }
}

impl<'a> IntoIterator for &'a Findings {
    type Item = &'a Finding;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<Finding>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.chunks.iter().flatten()
    }
}

/// One flat JSON array.
impl Serialize for Findings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Findings {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<Finding>::deserialize(d).map(Findings::from)
    }
}

/// A flat array of findings.
impl schemars::JsonSchema for Findings {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Findings".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Vec::<Finding>::json_schema(generator)
    }
}
