//! Facts about identity-based policies: full admin, admin-equivalent, and
//! service-wide wildcards. Over a set of statements (one document, or every
//! policy that applies to a user), because a Deny in one document cancels
//! an Allow in another ("Policy evaluation logic").
//!
//! Conditions on an Allow are ignored (a grant that holds in some requests
//! is still a grant, as CIS 1.16 reads it); only an unconditional Deny
//! cancels, and only when it covers every resource.

use super::document::{ActionSpec, ResourceSpec, Statement};
use super::pattern::glob_match;
use serde::Serialize;
use std::collections::BTreeSet;

/// IAM actions that let a principal raise its own privileges or take over
/// another identity (the self-escalation paths documented for IAM), with
/// the IAM resource type each acts on.
pub const ESCALATION_ACTIONS: [(&str, &str); 13] = [
    ("iam:AttachUserPolicy", "user"),
    ("iam:AttachGroupPolicy", "group"),
    ("iam:AttachRolePolicy", "role"),
    ("iam:PutUserPolicy", "user"),
    ("iam:PutGroupPolicy", "group"),
    ("iam:PutRolePolicy", "role"),
    ("iam:CreatePolicyVersion", "policy"),
    ("iam:SetDefaultPolicyVersion", "policy"),
    ("iam:AddUserToGroup", "group"),
    ("iam:UpdateAssumeRolePolicy", "role"),
    ("iam:CreateAccessKey", "user"),
    ("iam:CreateLoginProfile", "user"),
    ("iam:UpdateLoginProfile", "user"),
];

/// An IAM resource of `kind` with an arbitrary name in `account`: a grant
/// that covers it covers every such resource (an administrator's included).
fn iam_probe(account: &str, kind: &str) -> String {
    format!("arn:aws:iam::{account}:{kind}/orgaudit-probe")
}

/// Does the statement's resource element cover `arn`?
fn covers_resource(spec: &ResourceSpec, arn: &str) -> bool {
    match spec {
        ResourceSpec::Resource(list) => list.iter().any(|p| glob_match(p, arn, false)),
        ResourceSpec::NotResource(list) => !list.iter().any(|p| glob_match(p, arn, false)),
        ResourceSpec::Absent => true,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityFacts {
    /// Some statement allows every action on every resource.
    pub full_admin: bool,
    /// Full admin, or as good as: every action but a few (`NotAction`),
    /// every action on all but a few resources (`NotResource`), or an IAM
    /// self-escalation action on broad resources.
    pub admin_equivalent: bool,
    /// Services granted in full (`svc:*`) on broad resources, lower-cased.
    pub service_wildcards: Vec<String>,
    /// IAM self-escalation actions allowed on every IAM resource of their
    /// type in the account.
    pub escalation_actions: Vec<String>,
}

/// An unconditional Deny of every action on every resource.
fn everything_denied(statements: &[Statement]) -> bool {
    statements.iter().any(|s| {
        s.is_deny()
            && s.unconditional()
            && s.resources.is_every_resource()
            && s.actions.is_every_action()
    })
}

/// Is `action` allowed on the probe resource and not denied there outright?
/// A Deny with `NotResource` never cancels: everything it leaves out is
/// still allowed, and the holder may be able to use exactly that.
fn allowed_on(statements: &[Statement], action: &str, arn: &str) -> bool {
    let allowed = statements
        .iter()
        .any(|s| s.is_allow() && s.actions.covers(action) && covers_resource(&s.resources, arn));
    let denied = statements.iter().any(|s| {
        s.is_deny()
            && s.unconditional()
            && s.actions.covers(action)
            && !matches!(s.resources, ResourceSpec::NotResource(_))
            && covers_resource(&s.resources, arn)
    });
    allowed && !denied
}

/// `account` is the policy's own account: the escalation actions are judged
/// on its IAM users, groups, roles and policies.
pub fn identity_facts(statements: &[Statement], account: &str) -> IdentityFacts {
    let allows: Vec<&Statement> = statements.iter().filter(|s| s.is_allow()).collect();
    let everything_denied = everything_denied(statements);
    let full_admin = !everything_denied
        && allows
            .iter()
            .any(|s| s.actions.is_every_action() && s.resources.is_every_resource());
    let escalation_actions: Vec<String> = if everything_denied {
        Vec::new()
    } else {
        ESCALATION_ACTIONS
            .iter()
            .filter(|(action, kind)| allowed_on(statements, action, &iam_probe(account, kind)))
            .map(|(action, _)| action.to_string())
            .collect()
    };
    let near_admin = !everything_denied
        && allows.iter().any(|s| {
            s.resources.is_broad()
                && (s.actions.is_open_not_action() || s.actions.is_every_action())
        });
    let service_wildcards: BTreeSet<String> = allows
        .iter()
        .filter(|s| s.resources.is_broad())
        .filter_map(|s| match &s.actions {
            ActionSpec::Action(list) => Some(list),
            ActionSpec::NotAction(_) => None,
        })
        .flatten()
        .filter_map(|p| service_of_wildcard(p))
        .collect();
    IdentityFacts {
        full_admin,
        admin_equivalent: full_admin || near_admin || !escalation_actions.is_empty(),
        service_wildcards: service_wildcards.into_iter().collect(),
        escalation_actions,
    }
}

/// `svc:*` (exactly: a literal service prefix and a lone `*`) → `svc`.
fn service_of_wildcard(pattern: &str) -> Option<String> {
    let (service, action) = pattern.split_once(':')?;
    let literal = !service.is_empty() && !service.contains(['*', '?']);
    (literal && action == "*").then(|| service.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam_policy::parse_statements;
    use serde_json::json;

    fn facts(statements: serde_json::Value) -> IdentityFacts {
        identity_facts(
            &parse_statements(&json!({ "Statement": statements })),
            "111122223333",
        )
    }

    #[test]
    fn admin_spellings() {
        for action in ["*", "*:*", "**"] {
            let f = facts(json!({"Effect": "Allow", "Action": action, "Resource": "*"}));
            assert!(f.full_admin && f.admin_equivalent, "{action}");
        }
        let f = facts(json!({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}));
        assert!(!f.full_admin && f.admin_equivalent);
        let f =
            facts(json!({"Effect": "Allow", "Action": "IAM:attachrolepolicy", "Resource": "*"}));
        assert_eq!(f.escalation_actions, vec!["iam:AttachRolePolicy"]);
    }

    #[test]
    fn only_unconditional_total_denies_cancel() {
        let allow = json!({"Effect": "Allow", "Action": "*", "Resource": "*"});
        let f = facts(json!([allow, {"Effect": "Deny", "Action": "*", "Resource": "*"}]));
        assert!(!f.full_admin && !f.admin_equivalent);
        let f = facts(
            json!([allow, {"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]),
        );
        assert!(f.full_admin);
    }

    #[test]
    fn service_wildcards_need_literal_prefix_and_broad_resource() {
        let f = facts(
            json!({"Effect": "Allow", "Action": ["S3:*", "ec2:Describe*", "*:*"], "Resource": "*"}),
        );
        assert_eq!(f.service_wildcards, vec!["s3"]);
        let f = facts(json!({"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}));
        assert!(f.service_wildcards.is_empty());
    }
}
