//! Facts about service control policies on an account's path: which Regions
//! an ordinary principal may still use, which guardrail actions are denied
//! to it, and whether the root user is denied everything.
//!
//! SCPs only restrict; an explicit Deny in any SCP on the path applies
//! ("Service control policies: SCP evaluation"). A Deny counts only when its
//! condition is definitely true for the principal in question; keys we
//! cannot know (source IP, time, org id) leave it not proven. Allow-list
//! SCPs (without FullAWSAccess) also restrict, and are not modelled here.

use super::condition::Context;
use super::document::Statement;
use super::tri::Tri;
use serde::Serialize;
use std::collections::BTreeMap;

/// The commercial Regions judged for an allow-list.
pub const REGIONS: [&str; 32] = [
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// A Region that does not exist: an allow-list denies it, a blocklist does not.
pub const PROBE_REGION: &str = "xx-probe-1";

/// A regional action every workload uses: the Region test's representative.
pub const REGIONAL_ACTION: &str = "ec2:RunInstances";

/// Guardrail actions a baseline typically requires SCPs to deny.
pub const GUARDRAIL_ACTIONS: [&str; 10] = [
    "organizations:LeaveOrganization",
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "config:StopConfigurationRecorder",
    "config:DeleteConfigurationRecorder",
    "config:DeleteDeliveryChannel",
    "guardduty:DeleteDetector",
    "securityhub:DisableSecurityHub",
    "access-analyzer:DeleteAnalyzer",
    "iam:CreateUser",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScpFacts {
    /// Regions of [`REGIONS`] where an ordinary principal may run the
    /// regional action, when the SCPs deny it outside some allow-list
    /// (`None`: no allow-list, e.g. a blocklist or no Region condition).
    pub region_allow_list: Option<Vec<String>>,
    /// Each requested action: denied to an ordinary principal in every Region?
    pub denies: BTreeMap<String, bool>,
    /// Every action denied to the root user in every Region?
    pub denies_root: bool,
}

/// An ordinary workload principal of `account`: an assumed role, untagged,
/// not an AWS service, calling directly.
pub fn ordinary_context(account: &str, region: &str) -> Context {
    Context::new()
        .with(
            "aws:PrincipalArn",
            &format!("arn:aws:iam::{account}:role/ordinary"),
        )
        .with("aws:PrincipalAccount", account)
        .with("aws:PrincipalType", "AssumedRole")
        .with("aws:PrincipalIsAWSService", "false")
        .with("aws:ViaAWSService", "false")
        .with("aws:RequestedRegion", region)
        .without_prefix("aws:PrincipalTag/")
}

/// The account's root user.
pub fn root_context(account: &str, region: &str) -> Context {
    Context::new()
        .with("aws:PrincipalArn", &format!("arn:aws:iam::{account}:root"))
        .with("aws:PrincipalAccount", account)
        .with("aws:PrincipalType", "Account")
        .with("aws:PrincipalIsAWSService", "false")
        .with("aws:ViaAWSService", "false")
        .with("aws:RequestedRegion", region)
        .without_prefix("aws:PrincipalTag/")
}

/// Is `action` (or, with `None`, every action) definitely denied in `ctx`?
fn denied(statements: &[Statement], action: Option<&str>, ctx: &Context) -> bool {
    statements.iter().any(|s| {
        s.is_deny()
            && s.resources.is_broad()
            && match action {
                Some(a) => s.actions.covers(a),
                None => s.actions.is_every_action(),
            }
            && ctx.eval(&s.conditions) == Tri::True
    })
}

/// Can a condition tell Regions apart? If not, one Region stands for all.
fn region_sensitive(statements: &[Statement]) -> bool {
    statements.iter().any(|s| {
        s.conditions
            .iter()
            .any(|c| c.key == "aws:requestedregion" || c.values.iter().any(|v| v.contains("${")))
    })
}

/// One context per Region judged (the probe included).
fn contexts(
    statements: &[Statement],
    account: &str,
    context: fn(&str, &str) -> Context,
) -> Vec<Context> {
    if !region_sensitive(statements) {
        return vec![context(account, PROBE_REGION)];
    }
    REGIONS
        .iter()
        .chain([&PROBE_REGION])
        .map(|r| context(account, r))
        .collect()
}

/// Is `action` denied to an ordinary principal of `account` in `region`?
pub fn denies_in_region(
    statements: &[Statement],
    account: &str,
    action: &str,
    region: &str,
) -> bool {
    denied(statements, Some(action), &ordinary_context(account, region))
}

pub fn scp_facts(statements: &[Statement], account: &str, actions: &[&str]) -> ScpFacts {
    let region_allow_list = denies_in_region(statements, account, REGIONAL_ACTION, PROBE_REGION)
        .then(|| {
            REGIONS
                .iter()
                .filter(|r| !denies_in_region(statements, account, REGIONAL_ACTION, r))
                .map(|r| r.to_string())
                .collect()
        });
    let ordinary = contexts(statements, account, ordinary_context);
    let denies = actions
        .iter()
        .map(|a| {
            let d = ordinary.iter().all(|c| denied(statements, Some(a), c));
            (a.to_string(), d)
        })
        .collect();
    let root = contexts(statements, account, root_context);
    ScpFacts {
        region_allow_list,
        denies,
        denies_root: root.iter().all(|c| denied(statements, None, c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam_policy::parse_statements;
    use serde_json::json;

    fn facts(statements: serde_json::Value) -> ScpFacts {
        scp_facts(
            &parse_statements(&json!({ "Statement": statements })),
            "111122223333",
            &GUARDRAIL_ACTIONS,
        )
    }

    #[test]
    fn blocklist_is_not_an_allow_list() {
        let f = facts(json!({"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:RequestedRegion": "ap-east-1"}}}));
        assert_eq!(f.region_allow_list, None);
        let f = facts(json!({"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"aws:RequestedRegion": ["eu-west-2"]}}}));
        assert_eq!(f.region_allow_list, Some(vec!["eu-west-2".to_string()]));
        assert!(!f.denies["organizations:LeaveOrganization"]);
    }

    #[test]
    fn guardrails_and_root() {
        let f = facts(
            json!([{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*",
             "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}]),
        );
        assert!(f.denies["organizations:LeaveOrganization"]);
        assert!(!f.denies["cloudtrail:StopLogging"]);
        assert!(f.denies_root);
    }
}
