//! An expression of a check (`observed`, message placeholders): a plain path
//! such as `resource.name` is read straight from the JSON views; anything
//! else runs as CEL. Both give the same value; the path is just cheaper,
//! which matters with millions of findings.

use super::cel_env::{env, to_json};
use cel::{Context, Program};
use serde_json::Value;

/// The JSON views the CEL variables were built from.
pub struct JsonVars<'a> {
    pub account: &'a Value,
    pub resource: &'a Value,
    pub params: &'a Value,
}

#[derive(Debug)]
pub enum Compiled {
    Path { root: Root, keys: Vec<String> },
    Cel(Program),
}

#[derive(Debug, Clone, Copy)]
pub enum Root {
    Account,
    Resource,
    Params,
}

fn identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Compiled {
    pub fn compile(source: &str) -> Result<Compiled, String> {
        let trimmed = source.trim();
        let mut parts = trimmed.split('.');
        let root = match parts.next() {
            Some("account") => Some(Root::Account),
            Some("resource") => Some(Root::Resource),
            Some("params") => Some(Root::Params),
            _ => None,
        };
        let keys: Vec<String> = parts.map(str::to_string).collect();
        // A path must still be valid CEL, so compile it either way.
        let program = env().compile(trimmed).map_err(|e| e.to_string())?;
        match root {
            Some(root) if !keys.is_empty() && keys.iter().all(|k| identifier(k)) => {
                Ok(Compiled::Path { root, keys })
            }
            _ => Ok(Compiled::Cel(program)),
        }
    }

    /// The value as JSON; `None` when it cannot be evaluated.
    pub fn json(&self, ctx: &Context, vars: &JsonVars) -> Option<Value> {
        match self {
            Compiled::Path { root, keys } => {
                let mut v = match root {
                    Root::Account => vars.account,
                    Root::Resource => vars.resource,
                    Root::Params => vars.params,
                };
                for k in keys {
                    v = v.get(k)?;
                }
                Some(v.clone())
            }
            Compiled::Cel(p) => p.execute(ctx).ok().map(|v| to_json(&v)),
        }
    }

    /// Text for messages: strings bare, everything else as JSON.
    pub fn text(&self, ctx: &Context, vars: &JsonVars) -> Option<String> {
        self.json(ctx, vars).map(|v| match v {
            Value::String(s) => s,
            other => other.to_string(),
        })
    }
}
