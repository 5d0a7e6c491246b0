//! Facts about identity-based policies: full admin, admin-equivalent, and
//! service-wide wildcards. Over a set of statements (one document, or every
//! policy that applies to a user), because a Deny in one document cancels
//! an Allow in another ("Policy evaluation logic").
//!
//! Conditions on an Allow are ignored (a grant that holds in some requests
//! is still a grant, as CIS 1.16 reads it); only an unconditional Deny
//! cancels, and only when it covers every resource.

use super::document::{ActionSpec, Statement};
use serde::Serialize;
use std::collections::BTreeSet;

/// IAM actions that let a principal raise its own privileges or take over
/// another identity (the self-escalation paths documented for IAM).
pub const ESCALATION_ACTIONS: [&str; 13] = [
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AddUserToGroup",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
];

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
    /// IAM self-escalation actions allowed on broad resources.
    pub escalation_actions: Vec<String>,
}

/// An unconditional Deny of `action` on every resource.
fn denied_outright(statements: &[Statement], action: Option<&str>) -> bool {
    statements.iter().any(|s| {
        s.is_deny()
            && s.unconditional()
            && s.resources.is_every_resource()
            && match action {
                Some(a) => s.actions.covers(a),
                None => s.actions.is_every_action(),
            }
    })
}

pub fn identity_facts(statements: &[Statement]) -> IdentityFacts {
    let allows: Vec<&Statement> = statements.iter().filter(|s| s.is_allow()).collect();
    let everything_denied = denied_outright(statements, None);
    let full_admin = !everything_denied
        && allows
            .iter()
            .any(|s| s.actions.is_every_action() && s.resources.is_every_resource());
    let escalation_actions: Vec<String> = if everything_denied {
        Vec::new()
    } else {
        ESCALATION_ACTIONS
            .iter()
            .filter(|a| {
                allows
                    .iter()
                    .any(|s| s.actions.covers(a) && s.resources.is_broad())
                    && !denied_outright(statements, Some(a))
            })
            .map(|a| a.to_string())
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
        identity_facts(&parse_statements(&json!({ "Statement": statements })))
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
