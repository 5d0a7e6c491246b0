//! Condition operators evaluated with their values ("IAM JSON policy
//! elements: Condition operators"; "Single-valued vs. multivalued context
//! keys"), three-valued against a hypothetical request [`Context`].
//!
//! Rules encoded here: operators and keys in a block are ANDed; values of
//! one key are ORed (for a negated operator, the value must match none); an
//! absent key makes positive operators false and negated operators true,
//! `…IfExists` true, `ForAllValues:` true and `ForAnyValue:` false; `Null`
//! tests presence. Keys compare case-insensitively. A key the context does
//! not know, an operator we do not model, or a policy variable we cannot
//! resolve gives Unknown.

use super::document::string_list;
use super::pattern::glob_match;
use super::tri::Tri;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetQualifier {
    Single,
    ForAnyValue,
    ForAllValues,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operator {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    NumericEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    ArnLike,
    Null,
    /// An operator this module does not model (evaluates to Unknown).
    Other(String),
}

/// One `operator: {key: values}` entry.
#[derive(Debug, Clone)]
pub struct Clause {
    pub qualifier: SetQualifier,
    pub operator: Operator,
    /// `StringNotEquals` is `StringEquals` negated, and so on.
    pub negated: bool,
    pub if_exists: bool,
    /// Lower-cased: condition key names are case-insensitive.
    pub key: String,
    pub values: Vec<String>,
}

/// Operator name (without qualifier or IfExists) → (operator, negated).
fn operator(name: &str) -> (Operator, bool) {
    use Operator::*;
    let (op, negated) = match name {
        "StringEquals" => (StringEquals, false),
        "StringNotEquals" => (StringEquals, true),
        "StringEqualsIgnoreCase" => (StringEqualsIgnoreCase, false),
        "StringNotEqualsIgnoreCase" => (StringEqualsIgnoreCase, true),
        "StringLike" => (StringLike, false),
        "StringNotLike" => (StringLike, true),
        "NumericEquals" => (NumericEquals, false),
        "NumericNotEquals" => (NumericEquals, true),
        "NumericLessThan" => (NumericLessThan, false),
        "NumericLessThanEquals" => (NumericLessThanEquals, false),
        "NumericGreaterThan" => (NumericGreaterThan, false),
        "NumericGreaterThanEquals" => (NumericGreaterThanEquals, false),
        "DateEquals" => (DateEquals, false),
        "DateNotEquals" => (DateEquals, true),
        "DateLessThan" => (DateLessThan, false),
        "DateLessThanEquals" => (DateLessThanEquals, false),
        "DateGreaterThan" => (DateGreaterThan, false),
        "DateGreaterThanEquals" => (DateGreaterThanEquals, false),
        "Bool" => (Bool, false),
        "BinaryEquals" => (BinaryEquals, false),
        "IpAddress" => (IpAddress, false),
        "NotIpAddress" => (IpAddress, true),
        // ArnEquals and ArnLike behave the same (both accept wildcards).
        "ArnEquals" | "ArnLike" => (ArnLike, false),
        "ArnNotEquals" | "ArnNotLike" => (ArnLike, true),
        "Null" => (Null, false),
        other => (Other(other.to_string()), false),
    };
    (op, negated)
}

/// Every clause of a `Condition` element.
pub(super) fn parse_conditions(condition: Option<&Value>) -> Vec<Clause> {
    let Some(Value::Object(ops)) = condition else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (raw_op, keys) in ops {
        let (qualifier, rest) = if let Some(r) = raw_op.strip_prefix("ForAnyValue:") {
            (SetQualifier::ForAnyValue, r)
        } else if let Some(r) = raw_op.strip_prefix("ForAllValues:") {
            (SetQualifier::ForAllValues, r)
        } else {
            (SetQualifier::Single, raw_op.as_str())
        };
        // `Null` has no IfExists form; everything else may.
        let (name, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) if base != "Null" => (base, true),
            _ => (rest, false),
        };
        let (operator, negated) = operator(name);
        let Value::Object(keys) = keys else {
            // Malformed block: keep it as an unknown clause, not as "true".
            out.push(Clause {
                qualifier,
                operator: Operator::Other(raw_op.clone()),
                negated: false,
                if_exists: false,
                key: String::new(),
                values: Vec::new(),
            });
            continue;
        };
        for (key, values) in keys {
            out.push(Clause {
                qualifier,
                operator: operator.clone(),
                negated,
                if_exists,
                key: key.to_ascii_lowercase(),
                values: string_list(Some(values)),
            });
        }
    }
    out
}

/// What a hypothetical request carries for one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyState {
    Absent,
    Values(Vec<String>),
}

/// A hypothetical request: keys known present (with values) or known absent;
/// every other key is unknown. Prefixes (`aws:principaltag/`) may be declared
/// absent as a family.
#[derive(Debug, Clone, Default)]
pub struct Context {
    keys: BTreeMap<String, KeyState>,
    absent_prefixes: Vec<String>,
}

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    pub fn with(mut self, key: &str, value: &str) -> Context {
        self.keys.insert(
            key.to_ascii_lowercase(),
            KeyState::Values(vec![value.to_string()]),
        );
        self
    }

    pub fn without(mut self, key: &str) -> Context {
        self.keys.insert(key.to_ascii_lowercase(), KeyState::Absent);
        self
    }

    pub fn without_prefix(mut self, prefix: &str) -> Context {
        self.absent_prefixes.push(prefix.to_ascii_lowercase());
        self
    }

    /// `None` when unknown.
    pub fn get(&self, key: &str) -> Option<&KeyState> {
        self.get_lower(&key.to_ascii_lowercase())
    }

    /// [`Context::get`] for a key already lower-cased (clause keys are).
    fn get_lower(&self, key: &str) -> Option<&KeyState> {
        if let Some(state) = self.keys.get(key) {
            return Some(state);
        }
        self.absent_prefixes
            .iter()
            .any(|p| key.starts_with(p))
            .then_some(&KeyState::Absent)
    }

    /// Evaluate a whole condition block (clauses ANDed).
    pub fn eval(&self, clauses: &[Clause]) -> Tri {
        Tri::all(clauses.iter().map(|c| self.eval_clause(c)))
    }

    pub fn eval_clause(&self, c: &Clause) -> Tri {
        if matches!(c.operator, Operator::Other(_)) {
            return Tri::Unknown;
        }
        // Policy variables in values resolve from the context, or not at all.
        let mut values = Vec::with_capacity(c.values.len());
        for v in &c.values {
            match self.substitute(v) {
                Some(resolved) => values.push(resolved),
                None => return Tri::Unknown,
            }
        }
        let Some(state) = self.get_lower(&c.key) else {
            return Tri::Unknown;
        };
        if c.operator == Operator::Null {
            let present = matches!(state, KeyState::Values(_));
            return Tri::from_bool(
                values
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case("true") != present),
            );
        }
        let context_values = match state {
            KeyState::Absent => {
                return Tri::from_bool(
                    c.if_exists
                        || match c.qualifier {
                            SetQualifier::ForAllValues => true,
                            SetQualifier::ForAnyValue => false,
                            SetQualifier::Single => c.negated,
                        },
                );
            }
            KeyState::Values(v) => v,
        };
        // For each request value: does it satisfy the (possibly negated) test?
        let per_value = context_values.iter().map(|cv| {
            let hit = Tri::any(values.iter().map(|pv| compare(&c.operator, cv, pv)));
            if c.negated {
                !hit
            } else {
                hit
            }
        });
        match c.qualifier {
            SetQualifier::ForAllValues => Tri::all(per_value),
            SetQualifier::ForAnyValue => Tri::any(per_value),
            // A single-valued key: one value in practice.
            SetQualifier::Single if c.negated => Tri::all(per_value),
            SetQualifier::Single => Tri::any(per_value),
        }
    }

    /// Replace `${key}` with the context's single value; `${*}`, `${?}` and
    /// `${$}` are the escaped literals. `None` when a key is not known.
    fn substitute<'v>(&self, value: &'v str) -> Option<Cow<'v, str>> {
        if !value.contains("${") {
            return Some(Cow::Borrowed(value));
        }
        let mut out = String::new();
        let mut rest = value;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find('}')?;
            let name = &after[..end];
            match name {
                "*" | "?" | "$" => out.push_str(name),
                _ => {
                    // `${key, 'default'}` forms are not resolved.
                    match self.get(name)? {
                        KeyState::Values(v) if v.len() == 1 => out.push_str(&v[0]),
                        _ => return None,
                    }
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Some(Cow::Owned(out))
    }
}

/// One request value against one policy value, for a positive operator.
fn compare(op: &Operator, request: &str, policy: &str) -> Tri {
    use Operator::*;
    let numeric = |f: fn(f64, f64) -> bool| match (request.parse::<f64>(), policy.parse::<f64>()) {
        (Ok(r), Ok(p)) => Tri::from_bool(f(r, p)),
        _ => Tri::False,
    };
    let date = |f: fn(jiff::Timestamp, jiff::Timestamp) -> bool| match (
        parse_date(request),
        parse_date(policy),
    ) {
        (Some(r), Some(p)) => Tri::from_bool(f(r, p)),
        _ => Tri::Unknown,
    };
    match op {
        StringEquals | BinaryEquals => Tri::from_bool(request == policy),
        StringEqualsIgnoreCase => Tri::from_bool(request.to_lowercase() == policy.to_lowercase()),
        StringLike => Tri::from_bool(glob_match(policy, request, false)),
        ArnLike => Tri::from_bool(arn_like(policy, request)),
        Bool => Tri::from_bool(request.eq_ignore_ascii_case(policy)),
        NumericEquals => numeric(|r, p| r == p),
        NumericLessThan => numeric(|r, p| r < p),
        NumericLessThanEquals => numeric(|r, p| r <= p),
        NumericGreaterThan => numeric(|r, p| r > p),
        NumericGreaterThanEquals => numeric(|r, p| r >= p),
        DateEquals => date(|r, p| r == p),
        DateLessThan => date(|r, p| r < p),
        DateLessThanEquals => date(|r, p| r <= p),
        DateGreaterThan => date(|r, p| r > p),
        DateGreaterThanEquals => date(|r, p| r >= p),
        IpAddress => ip_in(request, policy),
        Null | Other(_) => Tri::Unknown,
    }
}

/// ARN conditions compare the six colon-separated fields one by one, each
/// with wildcards, case-sensitively.
fn arn_like(pattern: &str, arn: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    p.len() == 6 && a.len() == 6 && p.iter().zip(&a).all(|(p, a)| glob_match(p, a, false))
}

fn parse_date(s: &str) -> Option<jiff::Timestamp> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t);
    }
    // Epoch seconds are also accepted by IAM.
    s.parse::<i64>()
        .ok()
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
}

/// Is `ip` inside the CIDR block (or equal to the address) `block`?
fn ip_in(ip: &str, block: &str) -> Tri {
    let (net, bits) = match block.split_once('/') {
        Some((n, b)) => (n, b.parse::<u32>().ok()),
        None => (block, None),
    };
    let (Ok(ip), Ok(net)) = (ip.parse::<IpAddr>(), net.parse::<IpAddr>()) else {
        return Tri::Unknown;
    };
    let within = |ip: u128, net: u128, width: u32| {
        let bits = bits.unwrap_or(width).min(width);
        let shift = width - bits;
        bits == 0 || (ip >> shift) == (net >> shift)
    };
    Tri::from_bool(match (ip, net) {
        (IpAddr::V4(i), IpAddr::V4(n)) => within(u32::from(i).into(), u32::from(n).into(), 32),
        (IpAddr::V6(i), IpAddr::V6(n)) => within(u128::from(i), u128::from(n), 128),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(ctx: &Context, condition: Value) -> Tri {
        ctx.eval(&parse_conditions(Some(&condition)))
    }

    #[test]
    fn absent_keys() {
        let ctx = Context::new().without("aws:MultiFactorAuthPresent");
        let mfa = |op: &str, v: &str| json!({op: {"aws:MultiFactorAuthPresent": v}});
        assert_eq!(eval(&ctx, mfa("Bool", "true")), Tri::False);
        assert_eq!(eval(&ctx, mfa("BoolIfExists", "true")), Tri::True);
        assert_eq!(eval(&ctx, mfa("Null", "true")), Tri::True);
        assert_eq!(eval(&ctx, mfa("StringNotEquals", "x")), Tri::True);
        assert_eq!(eval(&ctx, mfa("ForAllValues:StringEquals", "x")), Tri::True);
        assert_eq!(eval(&ctx, mfa("ForAnyValue:StringEquals", "x")), Tri::False);
    }

    #[test]
    fn values_and_keys() {
        let ctx = Context::new()
            .with("aws:RequestedRegion", "eu-west-1")
            .with(
                "aws:PrincipalArn",
                "arn:aws:iam::111122223333:role/ordinary",
            )
            .with("aws:PrincipalAccount", "111122223333");
        let c = json!({"StringNotEquals": {"AWS:REQUESTEDREGION": ["eu-west-1", "eu-west-2"]}});
        assert_eq!(eval(&ctx, c), Tri::False);
        let c = json!({"StringNotLike": {"aws:RequestedRegion": "us-*"}});
        assert_eq!(eval(&ctx, c), Tri::True);
        let c = json!({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}});
        assert_eq!(eval(&ctx, c), Tri::False);
        let c = json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:role/ordinary"}});
        assert_eq!(eval(&ctx, c), Tri::True);
        let c = json!({"StringEquals": {"aws:RequestedRegion": "eu-west-1"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}});
        assert_eq!(eval(&ctx, c), Tri::Unknown);
        let c = json!({"StringEquals": {"aws:RequestedRegion": "us-east-1"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}});
        assert_eq!(eval(&ctx, c), Tri::False);
        let c = json!({"StringEquals": {"sts:ExternalId": "${aws:username}"}});
        assert_eq!(eval(&ctx, c), Tri::Unknown);
        let c = json!({"SomeFutureOperator": {"aws:RequestedRegion": "x"}});
        assert_eq!(eval(&ctx, c), Tri::Unknown);
    }

    #[test]
    fn typed_operators() {
        let ctx = Context::new()
            .with("aws:SourceIp", "192.0.2.10")
            .with("aws:CurrentTime", "2026-12-01T00:00:00Z")
            .with("aws:MultiFactorAuthAge", "600");
        assert_eq!(
            eval(&ctx, json!({"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}})),
            Tri::True
        );
        assert_eq!(
            eval(
                &ctx,
                json!({"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}})
            ),
            Tri::False
        );
        assert_eq!(
            eval(
                &ctx,
                json!({"DateGreaterThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}})
            ),
            Tri::False
        );
        assert_eq!(
            eval(
                &ctx,
                json!({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}})
            ),
            Tri::True
        );
    }
}
