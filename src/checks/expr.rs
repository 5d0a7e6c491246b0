//! A compiled expression of a check (conditions, `observed`, message
//! placeholders): the cel program, and its direct form when the expression
//! is within the subset `direct` evaluates. The direct form answers when
//! it can; otherwise the program runs. Both give the same value; the direct
//! one is just cheaper, which matters with millions of findings.

use super::cel_env::{env, to_json};
use super::direct::{Direct, JsonVars, Out};
use cel::{Context, ExecutionError, Program};
use serde_json::value::RawValue;
use serde_json::Value;

#[derive(Debug)]
pub struct Compiled {
    direct: Option<Direct>,
    program: Program,
}

impl Compiled {
    pub fn compile(source: &str) -> Result<Compiled, String> {
        let source = source.trim();
        let program = env().compile(source).map_err(|e| e.to_string())?;
        Ok(Compiled {
            direct: Direct::compile(source),
            program,
        })
    }

    /// Whether the direct form exists (for tests and benchmarks).
    pub fn is_direct(&self) -> bool {
        self.direct.is_some()
    }

    /// Drop the direct form, so only the interpreter runs (for tests that
    /// compare the two).
    pub fn interpreter_only(&mut self) {
        self.direct = None;
    }

    fn direct<'a>(&'a self, vars: &'a JsonVars<'a>) -> Option<Out<'a>> {
        self.direct.as_ref().and_then(|d| d.eval(vars))
    }

    /// The direct path's answer alone; `None` when it declines (for the
    /// agreement tests and the fuzzer).
    pub fn direct_json(&self, vars: &JsonVars) -> Option<Value> {
        self.direct(vars)
            .and_then(|o| serde_json::to_value(&o).ok())
    }

    /// The value of a condition: a bool directly, anything else from CEL
    /// (which also gives the errors their text).
    pub fn condition(&self, ctx: &Context, vars: &JsonVars) -> Result<cel::Value, ExecutionError> {
        match self.direct(vars) {
            Some(Out::Bool(b)) => Ok(cel::Value::Bool(b)),
            _ => self.program.execute(ctx),
        }
    }

    /// The value as JSON text (evidence); `None` when it cannot be evaluated.
    pub fn raw(&self, ctx: &Context, vars: &JsonVars) -> Option<Box<RawValue>> {
        match self.direct(vars) {
            Some(out) => serde_json::value::to_raw_value(&out).ok(),
            None => {
                let value = self.program.execute(ctx).ok()?;
                serde_json::value::to_raw_value(&to_json(&value)).ok()
            }
        }
    }

    /// The value as JSON; `None` when it cannot be evaluated.
    pub fn json(&self, ctx: &Context, vars: &JsonVars) -> Option<Value> {
        match self.direct(vars) {
            Some(out) => serde_json::to_value(&out).ok(),
            None => self.program.execute(ctx).ok().map(|v| to_json(&v)),
        }
    }

    /// Append the value as message text (strings bare, everything else as
    /// JSON); `false` when it cannot be evaluated.
    pub fn write_text(&self, ctx: &Context, vars: &JsonVars, out: &mut String) -> bool {
        match self.direct(vars) {
            Some(Out::Str(s)) => out.push_str(&s),
            Some(other) => out.push_str(&other.into_text()),
            None => match self.program.execute(ctx) {
                Ok(cel::Value::String(s)) => out.push_str(&s),
                Ok(value) => out.push_str(&to_json(&value).to_string()),
                Err(_) => return false,
            },
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::cel_env::{root_context, to_val};
    use serde_json::json;

    /// (direct answer, interpreter answer) for one expression.
    fn both(source: &str, ctx: &Context, vars: &JsonVars) -> (Option<Value>, Option<Value>) {
        let fast = Compiled::compile(source).expect("compile");
        assert!(fast.is_direct(), "{source} should have a direct form");
        let mut slow = Compiled::compile(source).expect("compile");
        slow.interpreter_only();
        let direct = fast
            .direct(vars)
            .map(|o| serde_json::to_value(&o).expect("json"));
        assert_eq!(fast.json(ctx, vars), slow.json(ctx, vars), "{source}");
        (direct, slow.json(ctx, vars))
    }

    /// Errors in CEL, and mixed-type comparisons.
    const DECLINED: &[&str] = &[
        "{'missing': resource.nope}",
        "resource.nope",
        "resource.nope && false",
        "resource.statements.exists(s, s.effect == 'Deny' || s.nope)",
        "days_since(resource.last_used) > 3",
        "first_date([resource.last_used])",
        "resource.mixed.join(', ')",
        "1 in resource.mixed",
        "account.config['us-east-1']",
        "account.aliases[5]",
        "resource.statements.exists(s, s.nope)",
        "resource.n == 5.0",
        "resource.mfa_active == null",
    ];

    /// Direct evaluation gives exactly what CEL gives, errors included.
    #[test]
    fn direct_evaluation_agrees_with_cel() {
        let account = json!({"id": "1", "name": "a", "contacts": {"SECURITY": {"email": "S@x"}},
                             "aliases": ["x", "y"], "config": {"eu-west-2": {"recorders": [1]}}});
        let resource = json!({"mfa_active": true, "created": "2026-01-01T00:00:00Z",
            "last_used": "N/A", "nested": {"x": 1, "f": 1.5}, "groups": ["g1", "g2"],
            "statements": [{"effect": "Allow", "actions": ["s3:*"], "resources": ["*"]},
                           {"effect": "Deny", "actions": ["*"], "resources": ["*"]}],
            "mixed": [1, "a", null], "n": 5});
        let params = json!({"n": 3, "prefixes": ["svc-", "ci-"], "flag": true});
        let now: jiff::Timestamp = "2026-12-01T00:00:00Z".parse().expect("now");
        let vars = JsonVars {
            account: &account,
            resource: &resource,
            params: &params,
            now,
        };
        let (a, r, p) = (to_val(&account), to_val(&resource), to_val(&params));
        let mut ctx = root_context(now);
        ctx.add_variable_as_val("account", a.clone_as_boxed());
        ctx.add_variable_as_val("resource", r.clone_as_boxed());
        ctx.add_variable_as_val("params", p.clone_as_boxed());
        for source in [
            "resource.mfa_active",
            "resource.nested.x",
            "resource.nested.f * 2.0",
            "{'mfa_active': resource.mfa_active, 'created': resource.created}",
            "{'b': account.id, 'a': params.n}",
            "{'missing': resource.nope}",
            "resource.nope",
            "has(resource.nope) || resource.mfa_active",
            "has(resource.nope) && resource.nope",
            "resource.nope && false",
            "resource.mfa_active || resource.nope",
            "days_since(resource.created)",
            "days_since(resource.last_used) > 3",
            "days_since(first_date([resource.last_used, resource.created])) < params.n",
            "first_date([resource.last_used])",
            "is_date(resource.last_used) ? 'date' : 'sentinel'",
            "size(resource.groups) > 0 && resource.groups.size() == 2",
            "size('héllo')",
            "resource.groups.join(', ')",
            "resource.mixed.join(', ')",
            "'g2' in resource.groups",
            "1 in resource.mixed",
            "'SECURITY' in account.contacts",
            "account.contacts.SECURITY.email.lowerAscii() == 'S@x'.lowerAscii()",
            "account.config['eu-west-2'].recorders",
            "account.config['us-east-1']",
            "account.aliases[1]",
            "account.aliases[5]",
            "params.prefixes.exists(p, 'svc-x'.startsWith(p))",
            "params.prefixes.all(p, p.endsWith('-'))",
            "resource.statements.filter(s, s.effect == 'Allow' && '*' in s.resources).map(s, s.actions)",
            "resource.statements.exists(s, s.effect == 'Allow' && s.actions.exists(a, a.endsWith(':*')))",
            "resource.statements.exists(s, s.nope)",
            "resource.statements.exists(s, s.effect == 'Deny' || s.nope)",
            "['SECURITY', 'BILLING'].filter(t, !(t in account.contacts)).join(', ')",
            "resource.groups + ['g3']",
            "resource.n - 7 == -2",
            "resource.n == 5.0",
            "resource.created < 'z'",
            "'x' + account.id",
            "null == null",
            "resource.mfa_active == null",
        ] {
            let (direct, cel) = both(source, &ctx, &vars);
            // Where the direct form answers, it answers as CEL does; it
            // declines only where CEL fails or the semantics are delicate.
            let declined = DECLINED.contains(&source);
            if declined {
                assert_eq!(direct, None, "{source} should be left to CEL");
            } else {
                assert!(direct.is_some(), "{source} should be answered directly");
                assert_eq!(direct, cel, "{source}");
            }
        }
        for outside in [
            "resource.groups.map(g, g).size() > 0u",
            "b'x' == b'x'",
            "x.y",
        ] {
            let compiled = Compiled::compile(outside);
            assert!(compiled.is_err() || !compiled.expect("ok").is_direct());
        }
    }
}
