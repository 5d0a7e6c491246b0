//! Statement normalisation: `Statement`, `Action`, `Resource` and principal
//! entries may each be one value or a list ("IAM JSON policy element
//! reference"); values may be JSON strings, booleans or numbers.

use super::condition::{parse_conditions, Clause};
use super::pattern::{action_matches, matches_every_action, matches_every_resource};
use super::principal::Principals;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// `Action` or `NotAction` (patterns, matched case-insensitively).
#[derive(Debug, Clone)]
pub enum ActionSpec {
    Action(Vec<String>),
    NotAction(Vec<String>),
}

/// `Resource`, `NotResource`, or neither (trust policies have no resource).
#[derive(Debug, Clone)]
pub enum ResourceSpec {
    Resource(Vec<String>),
    NotResource(Vec<String>),
    Absent,
}

/// `Principal` or `NotPrincipal` (identity policies and SCPs have neither).
#[derive(Debug, Clone)]
pub enum PrincipalSpec {
    Principal(Principals),
    NotPrincipal(Principals),
    Absent,
}

/// One normalised statement.
#[derive(Debug, Clone)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub actions: ActionSpec,
    pub resources: ResourceSpec,
    pub principal: PrincipalSpec,
    /// Clauses ANDed together; empty means unconditional.
    pub conditions: Vec<Clause>,
}

/// One value or a list of them, as strings (`true` becomes `"true"`).
pub(super) fn string_list(value: Option<&Value>) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(one).collect(),
        Some(v) => one(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// Normalised statements of a policy document. Statements whose `Effect` is
/// neither Allow nor Deny are dropped: IAM refuses such documents.
pub fn parse_statements(document: &Value) -> Vec<Statement> {
    let raw = match document.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    raw.into_iter().filter_map(parse_statement).collect()
}

fn parse_statement(s: &Value) -> Option<Statement> {
    let effect = match s.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        _ => return None,
    };
    let actions = match s.get("NotAction") {
        Some(v) => ActionSpec::NotAction(string_list(Some(v))),
        None => ActionSpec::Action(string_list(s.get("Action"))),
    };
    let resources = match (s.get("Resource"), s.get("NotResource")) {
        (_, Some(v)) => ResourceSpec::NotResource(string_list(Some(v))),
        (Some(v), None) => ResourceSpec::Resource(string_list(Some(v))),
        (None, None) => ResourceSpec::Absent,
    };
    let principal = match (s.get("Principal"), s.get("NotPrincipal")) {
        (_, Some(v)) => PrincipalSpec::NotPrincipal(Principals::parse(v)),
        (Some(v), None) => PrincipalSpec::Principal(Principals::parse(v)),
        (None, None) => PrincipalSpec::Absent,
    };
    Some(Statement {
        sid: s.get("Sid").and_then(Value::as_str).map(str::to_string),
        effect,
        actions,
        resources,
        principal,
        conditions: parse_conditions(s.get("Condition")),
    })
}

impl ActionSpec {
    /// Does the statement apply to `action`?
    pub fn covers(&self, action: &str) -> bool {
        match self {
            ActionSpec::Action(list) => list.iter().any(|p| action_matches(p, action)),
            ActionSpec::NotAction(list) => !list.iter().any(|p| action_matches(p, action)),
        }
    }

    /// `Action` with a match-every-action pattern. A `NotAction` never
    /// counts: it always leaves something out.
    pub fn is_every_action(&self) -> bool {
        matches!(self, ActionSpec::Action(list) if list.iter().any(|p| matches_every_action(p)))
    }

    /// `NotAction` that still leaves some action in (not `NotAction: "*"`).
    pub fn is_open_not_action(&self) -> bool {
        matches!(self, ActionSpec::NotAction(list) if !list.iter().any(|p| matches_every_action(p)))
    }
}

impl ResourceSpec {
    /// Every resource: a `Resource` pattern covering every probe ARN, or no
    /// resource element at all.
    pub fn is_every_resource(&self) -> bool {
        match self {
            ResourceSpec::Resource(list) => list.iter().any(|p| matches_every_resource(p)),
            ResourceSpec::NotResource(_) => false,
            ResourceSpec::Absent => true,
        }
    }

    /// Broad: every resource, or everything except a `NotResource` list
    /// that itself does not cover every resource.
    pub fn is_broad(&self) -> bool {
        match self {
            ResourceSpec::NotResource(list) => !list.iter().any(|p| matches_every_resource(p)),
            other => other.is_every_resource(),
        }
    }
}

impl Statement {
    pub fn is_allow(&self) -> bool {
        self.effect == Effect::Allow
    }

    pub fn is_deny(&self) -> bool {
        self.effect == Effect::Deny
    }

    pub fn unconditional(&self) -> bool {
        self.conditions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_object_and_lists() {
        let one = parse_statements(
            &json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": ["*"]}}),
        );
        assert_eq!(one.len(), 1);
        assert!(one[0].actions.covers("S3:GetObject"));
        assert!(one[0].resources.is_every_resource());
        let bad = parse_statements(&json!({"Statement": [{"Effect": "allow", "Action": "*"}]}));
        assert!(bad.is_empty(), "Effect is case-sensitive in IAM");
    }

    #[test]
    fn not_action_covers_the_rest() {
        let s = parse_statements(
            &json!({"Statement": {"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"}}),
        );
        assert!(s[0].actions.covers("ec2:RunInstances"));
        assert!(!s[0].actions.covers("IAM:CreateUser"));
        assert!(!s[0].actions.is_every_action());
        assert!(s[0].actions.is_open_not_action());
    }
}
