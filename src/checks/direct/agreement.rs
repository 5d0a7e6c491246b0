//! Keeping the direct evaluator honest: expressions and views generated
//! from bytes (a fuzzer's input, or a seeded generator in the unit tests),
//! evaluated both ways. The direct path must give the interpreter's answer
//! or decline; answering where CEL fails, or answering differently, is a bug.

use super::JsonVars;
use crate::checks::cel_env::{root_context, to_val};
use crate::checks::expr::Compiled;
use serde_json::{json, Map, Value};

/// Reads choices from bytes; zeros once they run out, so every input ends.
pub struct Choices<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Choices { data, at: 0 }
    }

    fn pick(&mut self, n: usize) -> usize {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        usize::from(b) % n.max(1)
    }

    fn one<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.pick(items.len())]
    }
}

const KEYS: [&str; 6] = ["a", "b", "id", "t", "n", "xs"];
const STRINGS: [&str; 8] = [
    "",
    "a",
    "a*",
    "A:b",
    "2026-01-01T00:00:00Z",
    "N/A",
    "no_information",
    "s3:*",
];

fn scalar(c: &mut Choices) -> Value {
    match c.pick(5) {
        0 => Value::Null,
        1 => Value::Bool(c.pick(2) == 1),
        2 => json!(c.pick(7) as i64 - 2),
        3 => json!(c.pick(5) as f64 / 2.0),
        _ => Value::String(c.one(&STRINGS).to_string()),
    }
}

/// A record shaped like a view: `a` an integer, `b` a bool, `id` and `t`
/// strings, `n` a double, `xs` a list (of records while `depth` lasts);
/// now and then a field is missing, null or of another type, as when AWS
/// did not say.
pub fn view(c: &mut Choices, depth: usize) -> Value {
    let mut m = Map::new();
    for key in KEYS {
        let typical = match key {
            "a" => json!(c.pick(7) as i64 - 2),
            "b" => Value::Bool(c.pick(2) == 1),
            "id" | "t" => Value::String(c.one(&STRINGS).to_string()),
            "n" => json!(c.pick(5) as f64 / 2.0),
            _ => Value::Array(
                (0..c.pick(4))
                    .map(|_| {
                        if depth > 0 {
                            view(c, depth - 1)
                        } else {
                            scalar(c)
                        }
                    })
                    .collect(),
            ),
        };
        match c.pick(10) {
            0 => {}
            1 => {
                m.insert(key.to_string(), scalar(c));
            }
            _ => {
                m.insert(key.to_string(), typical);
            }
        }
    }
    Value::Object(m)
}

/// A CEL expression over `account`, `resource`, `params` and the
/// comprehension variables in `locals`, at most `depth` deep.
pub fn expression(c: &mut Choices, depth: usize, locals: &mut Vec<String>) -> String {
    let leaf = depth == 0;
    match c.pick(if leaf { 3 } else { 16 }) {
        0 => literal(c),
        12 | 13 => typed_comparison(c, locals),
        14 => {
            let op = c.one(&["&&", "||"]);
            let l = typed_comparison(c, locals);
            let r = expression(c, depth - 1, locals);
            format!("({l} {op} {r})")
        }
        15 => {
            let m = c.one(&["exists", "all", "filter", "exists_one"]);
            let range = format!("{}.xs", path(c, locals));
            let var = format!("v{}", locals.len());
            locals.push(var.clone());
            let body = typed_comparison(c, locals);
            locals.pop();
            format!("{range}.{m}({var}, {body})")
        }
        1 | 2 => path(c, locals),
        3 => {
            let op = c.one(&[
                "==", "!=", "<", "<=", ">", ">=", "&&", "||", "+", "-", "*", "in",
            ]);
            let l = expression(c, depth - 1, locals);
            let r = expression(c, depth - 1, locals);
            format!("({l} {op} {r})")
        }
        4 => format!("!({})", expression(c, depth - 1, locals)),
        5 => {
            let f = c.one(&["size", "days_since", "is_date", "has_path", "first_date"]);
            match f {
                "has_path" => {
                    let p = path(c, locals);
                    let key = c.one(&KEYS);
                    format!("has({p}.{key})")
                }
                "first_date" => format!("first_date([{}])", expression(c, depth - 1, locals)),
                _ => format!("{f}({})", expression(c, depth - 1, locals)),
            }
        }
        6 => {
            let m = c.one(&["contains", "startsWith", "endsWith", "glob"]);
            let target = expression(c, depth - 1, locals);
            match m {
                "glob" => format!("glob({target}, {})", literal(c)),
                _ => format!("({target}).{m}({})", literal(c)),
            }
        }
        7 => format!("({}).join(', ')", expression(c, depth - 1, locals)),
        8 => format!("({}).lowerAscii()", expression(c, depth - 1, locals)),
        9 => format!(
            "({} ? {} : {})",
            expression(c, depth - 1, locals),
            expression(c, depth - 1, locals),
            expression(c, depth - 1, locals)
        ),
        10 => {
            let items: Vec<String> = (0..c.pick(3))
                .map(|_| expression(c, depth - 1, locals))
                .collect();
            format!("[{}]", items.join(", "))
        }
        _ => {
            let m = c.one(&["exists", "all", "filter", "map", "exists_one"]);
            let range = format!("{}.xs", path(c, locals));
            let var = format!("v{}", locals.len());
            locals.push(var.clone());
            let body = expression(c, depth - 1, locals);
            locals.pop();
            format!("{range}.{m}({var}, {body})")
        }
    }
}

/// `record.field op literal` with the literal of the field's usual type, so
/// most comparisons are well-typed and reach the direct path.
fn typed_comparison(c: &mut Choices, locals: &[String]) -> String {
    let record = path(c, locals);
    let op = c.one(&["==", "!=", "<", "<=", ">", ">="]);
    match c.pick(6) {
        0 => format!("{record}.a {op} {}", c.pick(7) as i64 - 2),
        1 => format!("{record}.n {op} {:.1}", c.pick(5) as f64 / 2.0),
        2 => format!("{record}.b {op} {}", ["true", "false"][c.pick(2)]),
        3 => format!("days_since({record}.t) {op} {}", c.pick(5) as i64 * 100),
        4 => format!("size({record}.xs) {op} {}", c.pick(4)),
        _ => format!(
            "{record}.{} {op} '{}'",
            c.one(&["id", "t"]),
            c.one(&STRINGS)
        ),
    }
}

fn literal(c: &mut Choices) -> String {
    match c.pick(6) {
        0 => "null".into(),
        1 => ["true", "false"][c.pick(2)].into(),
        2 => (c.pick(7) as i64 - 2).to_string(),
        3 => format!("{:.1}", c.pick(5) as f64 / 2.0),
        _ => format!("'{}'", c.one(&STRINGS)),
    }
}

fn path(c: &mut Choices, locals: &[String]) -> String {
    let mut p = if !locals.is_empty() && c.pick(2) == 0 {
        locals[c.pick(locals.len())].clone()
    } else {
        c.one(&["account", "resource", "params"]).to_string()
    };
    for _ in 0..c.pick(3) {
        match c.pick(6) {
            0 => p = format!("{p}.xs[{}]", c.pick(3)),
            1 => p = format!("{p}['{}']", c.one(&KEYS)),
            _ => p = format!("{p}.{}", c.one(&KEYS)),
        }
    }
    p
}

/// One generated case: the expression, and a disagreement if there is one.
pub fn check(data: &[u8]) -> (String, Option<String>) {
    let mut c = Choices::new(data);
    // The expression first: views take whatever bytes are left.
    let source = expression(&mut c, 3, &mut Vec::new());
    let account = view(&mut c, 2);
    let resource = view(&mut c, 2);
    let params = view(&mut c, 1);
    let Ok(fast) = Compiled::compile(&source) else {
        return (source, None);
    };
    let Ok(mut slow) = Compiled::compile(&source) else {
        return (source, None);
    };
    slow.interpreter_only();
    let now: jiff::Timestamp = jiff::Timestamp::from_second(1_795_000_000).unwrap_or_default();
    let vars = JsonVars {
        account: &account,
        resource: &resource,
        params: &params,
        now,
    };
    let mut ctx = root_context(now);
    ctx.add_variable_as_val("account", to_val(&account).clone_as_boxed());
    ctx.add_variable_as_val("resource", to_val(&resource).clone_as_boxed());
    ctx.add_variable_as_val("params", to_val(&params).clone_as_boxed());
    let Some(direct) = fast.direct_json(&vars) else {
        return (source, None);
    };
    let interpreted = slow.json(&ctx, &vars);
    let verdict = (interpreted.as_ref() != Some(&direct)).then(|| {
        format!(
            "direct {direct} but the interpreter gives {interpreted:?}\n  account  = {account}\n  resource = {resource}\n  params   = {params}"
        )
    });
    (source, verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seeded run of the fuzz target's property (the fuzzer itself runs
    /// with cargo-fuzz: `fuzz_targets/direct_vs_interpreter.rs`).
    #[test]
    fn direct_path_agrees_with_the_interpreter_on_generated_cases() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut answered = 0;
        for _ in 0..3000 {
            let bytes: Vec<u8> = (0..256)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state >> 24) as u8
                })
                .collect();
            let (source, problem) = check(&bytes);
            assert!(
                problem.is_none(),
                "{source}: {}",
                problem.unwrap_or_default()
            );
            if Compiled::compile(&source).is_ok_and(|c| c.is_direct()) {
                answered += 1;
            }
        }
        // The generator reaches the direct path, not just CEL errors.
        assert!(answered > 500, "only {answered} cases had a direct form");
    }
}
