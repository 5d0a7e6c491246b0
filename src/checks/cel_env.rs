//! The CEL environment every check runs in: the standard library, the lists
//! and strings extensions, and the few helpers the catalogue needs. `now` is
//! fixed per run so re-evaluating a snapshot is reproducible.

use cel::common::types::{
    CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString,
};
use cel::common::value::Val;
use cel::{Context, Env, ExecutionError};
use jiff::Timestamp;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The shared environment (compiled programs must use the same one).
pub fn env() -> Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Env::stdlib();
        // Both extensions are part of the crate; failing to add them is a bug.
        let _ = env.add_extension(cel::extensions::lists);
        let _ = env.add_extension(cel::extensions::strings);
        Arc::new(env)
    })
    .clone()
}

const SECONDS_PER_DAY: i64 = 86_400;

fn parse(text: &str) -> Option<Timestamp> {
    text.parse::<Timestamp>().ok()
}

fn not_a_date(function: &str, text: &str) -> ExecutionError {
    ExecutionError::FunctionError {
        function: function.to_string(),
        message: format!("`{text}` is not a date"),
    }
}

/// Whole days from `from` to `to`, floored (ruleset §4).
pub fn days_between(from: Timestamp, to: Timestamp) -> i64 {
    (to.as_second() - from.as_second()).div_euclid(SECONDS_PER_DAY)
}

/// A root context with the helper functions bound to `now`:
/// - `days_since(t)`: whole days from timestamp text `t` to now; an error
///   (so UNKNOWN) when `t` is a sentinel such as `N/A`.
/// - `is_date(t)`: whether `t` is a timestamp (sentinels are not).
/// - `first_date(list)`: the first element of `list` that is a timestamp.
/// - `days_between(a, b)`: whole days from `a` to `b`.
/// - `glob(text, pattern)`: `pattern` with `*` (any run) and `?` (one
///   character) matches all of `text`, ignoring case (OU paths, role names).
pub fn root_context<'v>(now: Timestamp) -> Context<'static, 'v> {
    let mut ctx = Context::with_env(env());
    // Names below are not standard-library overloads, so adding cannot fail.
    let _ = ctx.add_function(
        "days_since",
        move |t: Arc<String>| -> Result<i64, ExecutionError> {
            parse(&t)
                .map(|at| days_between(at, now))
                .ok_or_else(|| not_a_date("days_since", &t))
        },
    );
    let _ = ctx.add_function("is_date", |t: Arc<String>| parse(&t).is_some());
    let _ = ctx.add_function("glob", |text: Arc<String>, pattern: Arc<String>| {
        crate::iam_policy::pattern::glob_match(&pattern, &text, true)
    });
    let _ = ctx.add_function(
        "days_between",
        |a: Arc<String>, b: Arc<String>| -> Result<i64, ExecutionError> {
            let from = parse(&a).ok_or_else(|| not_a_date("days_between", &a))?;
            let to = parse(&b).ok_or_else(|| not_a_date("days_between", &b))?;
            Ok(days_between(from, to))
        },
    );
    let _ = ctx.add_function(
        "first_date",
        |list: Arc<Vec<cel::Value>>| -> Result<Arc<String>, ExecutionError> {
            list.iter()
                .find_map(|v| match v {
                    cel::Value::String(s) if parse(s).is_some() => Some(s.clone()),
                    _ => None,
                })
                .ok_or_else(|| ExecutionError::FunctionError {
                    function: "first_date".to_string(),
                    message: "no element is a date".to_string(),
                })
        },
    );
    ctx
}

/// JSON → CEL's runtime values, directly (no intermediate `cel::Value`), with
/// every integer signed: CEL has no mixed int/uint arithmetic, and thresholds
/// are compared with ints. Strings are made by `string` and `key`, so views
/// can borrow from their JSON (no copies) and parameters can own theirs.
fn convert<'a, 'o>(
    value: &'a serde_json::Value,
    string: &impl Fn(&'a str) -> CelString<'o>,
    key: &impl Fn(&'a str) -> CelMapKey<'o>,
) -> Box<dyn Val + 'o> {
    use serde_json::Value as J;
    match value {
        J::Null => Box::new(CelNull),
        J::Bool(b) => Box::new(CelBool::from(*b)),
        J::Number(n) => match n.as_i64() {
            Some(i) => Box::new(CelInt::from(i)),
            None => Box::new(CelDouble::from(n.as_f64().unwrap_or(f64::NAN))),
        },
        J::String(s) => Box::new(string(s)),
        J::Array(items) => Box::new(CelList::from(
            items
                .iter()
                .map(|v| convert(v, string, key))
                .collect::<Vec<_>>(),
        )),
        J::Object(map) => {
            let converted: HashMap<CelMapKey<'o>, Box<dyn Val + 'o>> = map
                .iter()
                .map(|(k, v)| (key(k), convert(v, string, key)))
                .collect();
            Box::new(CelMap::from(converted))
        }
    }
}

/// A view, borrowing its strings from the JSON (converted once per account
/// or resource, bound by reference; see `eval::Bindings`).
pub fn to_val(value: &serde_json::Value) -> Box<dyn Val + '_> {
    convert(value, &|s| CelString::from(s), &|k| CelMapKey::from(k))
}

/// An owned conversion, for values kept beyond their JSON (check parameters).
pub fn to_val_owned(value: &serde_json::Value) -> Box<dyn Val> {
    convert(value, &|s| CelString::from(s.to_string()), &|k| {
        CelMapKey::from(k.to_string())
    })
}

/// CEL → JSON, for evidence.
pub fn to_json(value: &cel::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        cel::Value::Null => J::Null,
        cel::Value::Bool(b) => J::Bool(*b),
        cel::Value::Int(i) => J::from(*i),
        cel::Value::UInt(u) => J::from(*u),
        cel::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(J::Number)
            .unwrap_or(J::Null),
        cel::Value::String(s) => J::String(s.to_string()),
        cel::Value::List(items) => J::Array(items.iter().map(to_json).collect()),
        cel::Value::Map(map) => {
            let mut out: Vec<(String, J)> = map
                .map
                .iter()
                .map(|(k, v)| (key_text(k), to_json(v)))
                .collect();
            out.sort_by(|a, b| a.0.cmp(&b.0));
            J::Object(out.into_iter().collect())
        }
        other => J::String(format!("{other:?}")),
    }
}

fn key_text(key: &cel::objects::Key) -> String {
    match key {
        cel::objects::Key::Int(i) => i.to_string(),
        cel::objects::Key::Uint(u) => u.to_string(),
        cel::objects::Key::Bool(b) => b.to_string(),
        cel::objects::Key::String(s) => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(src: &str) -> Result<cel::Value, ExecutionError> {
        let now: Timestamp = "2026-11-23T00:00:00Z".parse().expect("now");
        let ctx = root_context(now);
        let program = env().compile(src).expect("compile");
        program.execute(&ctx)
    }

    #[test]
    fn day_helpers_count_whole_days_and_refuse_sentinels() {
        assert_eq!(
            eval("days_since('2026-11-13T12:00:00Z')"),
            Ok(cel::Value::Int(9))
        );
        assert_eq!(eval("is_date('N/A')"), Ok(cel::Value::Bool(false)));
        assert!(eval("days_since('no_information')").is_err());
        assert_eq!(
            eval("first_date(['no_information', 'N/A', '2026-11-01T00:00:00+00:00'])"),
            Ok(cel::Value::String(Arc::new(
                "2026-11-01T00:00:00+00:00".into()
            )))
        );
        assert!(eval("first_date(['N/A'])").is_err());
        assert_eq!(
            eval("days_between('2026-01-01T00:00:00Z', '2026-01-31T00:00:00Z')"),
            Ok(cel::Value::Int(30))
        );
    }

    #[test]
    fn json_integers_become_signed() {
        let v = to_val_owned(&serde_json::json!({"n": 90}));
        let mut ctx = root_context(Timestamp::UNIX_EPOCH);
        ctx.add_variable_as_val("x", v);
        let program = env().compile("x.n * 24 > 100").expect("compile");
        assert_eq!(program.execute(&ctx), Ok(cel::Value::Bool(true)));
    }
}
