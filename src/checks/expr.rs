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
    Path(Path),
    /// `{'a': resource.x, 'b': account.y}`: a map literal of plain paths.
    Object(Vec<(String, Path)>),
    Cel(Program),
}

#[derive(Debug)]
pub struct Path {
    root: Root,
    keys: Vec<String>,
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

impl Path {
    fn parse(text: &str) -> Option<Path> {
        let mut parts = text.trim().split('.');
        let root = match parts.next()? {
            "account" => Root::Account,
            "resource" => Root::Resource,
            "params" => Root::Params,
            _ => return None,
        };
        let keys: Vec<String> = parts.map(str::to_string).collect();
        (!keys.is_empty() && keys.iter().all(|k| identifier(k))).then_some(Path { root, keys })
    }

    fn get<'v>(&self, vars: &JsonVars<'v>) -> Option<&'v Value> {
        let mut v = match self.root {
            Root::Account => vars.account,
            Root::Resource => vars.resource,
            Root::Params => vars.params,
        };
        for k in &self.keys {
            v = v.get(k)?;
        }
        Some(v)
    }
}

/// `{'key': path, ...}` with plain keys and paths, or `None`.
fn object_of_paths(text: &str) -> Option<Vec<(String, Path)>> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    inner
        .split(',')
        .map(|entry| {
            let (key, path) = entry.split_once(':')?;
            let key = key.trim().strip_prefix('\'')?.strip_suffix('\'')?;
            identifier(key).then_some(())?;
            Some((key.to_string(), Path::parse(path)?))
        })
        .collect()
}

impl Compiled {
    pub fn compile(source: &str) -> Result<Compiled, String> {
        let trimmed = source.trim();
        // Whatever the shape, it must be valid CEL.
        let program = env().compile(trimmed).map_err(|e| e.to_string())?;
        if let Some(path) = Path::parse(trimmed) {
            return Ok(Compiled::Path(path));
        }
        if let Some(fields) = object_of_paths(trimmed) {
            return Ok(Compiled::Object(fields));
        }
        Ok(Compiled::Cel(program))
    }

    /// The value as JSON; `None` when it cannot be evaluated.
    pub fn json(&self, ctx: &Context, vars: &JsonVars) -> Option<Value> {
        match self {
            Compiled::Path(path) => path.get(vars).cloned(),
            // Like the CEL map literal: any missing field means no value.
            Compiled::Object(fields) => fields
                .iter()
                .map(|(k, path)| Some((k.clone(), path.get(vars)?.clone())))
                .collect::<Option<serde_json::Map<String, Value>>>()
                .map(Value::Object),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cel_env::{root_context, to_val};
    use serde_json::json;

    /// The fast paths give exactly what CEL gives.
    #[test]
    fn fast_paths_agree_with_cel() {
        let account = json!({"id": "1", "name": "a"});
        let resource =
            json!({"mfa_active": true, "created": "2026-01-01T00:00:00Z", "nested": {"x": 1}});
        let params = json!({"n": 3});
        let vars = JsonVars {
            account: &account,
            resource: &resource,
            params: &params,
        };
        let (a, r, p) = (to_val(&account), to_val(&resource), to_val(&params));
        let mut ctx = root_context(jiff::Timestamp::UNIX_EPOCH);
        ctx.add_variable_as_val("account", a.clone_as_boxed());
        ctx.add_variable_as_val("resource", r.clone_as_boxed());
        ctx.add_variable_as_val("params", p.clone_as_boxed());
        for source in [
            "resource.mfa_active",
            "resource.nested.x",
            "{'mfa_active': resource.mfa_active, 'created': resource.created}",
            "{'id': account.id, 'n': params.n}",
            "{'missing': resource.nope}",
            "resource.nope",
        ] {
            let fast = Compiled::compile(source).expect("compile");
            assert!(
                !matches!(fast, Compiled::Cel(_)),
                "{source} should take a fast path"
            );
            let cel = Compiled::Cel(env().compile(source).expect("cel"));
            assert_eq!(fast.json(&ctx, &vars), cel.json(&ctx, &vars), "{source}");
        }
        assert!(matches!(
            Compiled::compile("size(resource.x) > 0"),
            Ok(Compiled::Cel(_))
        ));
        assert!(matches!(
            Compiled::compile("{'a': resource.x + 1}"),
            Ok(Compiled::Cel(_))
        ));
    }
}
