//! Policy documents: normalised statements, their admin facts (from
//! [`crate::iam_policy`]), and the
//! `policy` scope (every inline and attached managed policy in use).

use super::types::{to_value, DocumentFacts, PolicyView, StatementView};
use super::{account_pointer, Resource};
use crate::iam_policy::identity::identity_facts;
use crate::iam_policy::{parse_statements, Statement};
use crate::snapshot::iam::{AuthorizationDetails, InlinePolicy};
use crate::snapshot::{AccountSnapshot, PolicyDocument};
use serde_json::Value;

/// Where IAM Identity Center provisions its roles (`AWSReservedSSO_*`).
const IDENTITY_CENTER_ROLE_PATH: &str = "/aws-reserved/sso.amazonaws.com/";

/// IAM policy statements normalised for evidence: `Statement`, `Action`,
/// `Resource` and principals may each be a single value or a list in AWS
/// documents. Checks judge documents through the derived facts (from
/// `crate::iam_policy`), not by looking at these strings. `null` when the
/// document was not collected (never an empty list).
pub fn statements(document: Option<&PolicyDocument>) -> Option<Vec<StatementView>> {
    document.map(|d| statements_of(&d.parse()))
}

fn statements_of(document: &Value) -> Vec<StatementView> {
    let list = |v: Option<&Value>| -> Vec<Value> {
        match v {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(other) => vec![other.clone()],
        }
    };
    list(document.get("Statement"))
        .iter()
        .map(|s| {
            let principal = s.get("Principal");
            StatementView {
                effect: s
                    .get("Effect")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                actions: list(s.get("Action")),
                not_actions: list(s.get("NotAction")),
                resources: list(s.get("Resource")),
                not_resources: list(s.get("NotResource")),
                principals_aws: list(principal.and_then(|p| p.get("AWS"))),
                principals_service: list(principal.and_then(|p| p.get("Service"))),
                condition: s.get("Condition").cloned().unwrap_or(Value::Null),
            }
        })
        .collect()
}

/// Parsed statements, `None` when the document was not collected.
pub(super) fn parsed(document: Option<&PolicyDocument>) -> Option<Vec<Statement>> {
    document.map(|d| parse_statements(&d.parse()))
}

/// A policy document's statements and facts, parsed once; `None` when the
/// document is missing, so checks that need them are UNKNOWN.
fn document_facts(document: Option<&PolicyDocument>, account: &str) -> Option<DocumentFacts> {
    let doc = document?.parse();
    let f = identity_facts(&parse_statements(&doc), account);
    Some(DocumentFacts {
        statements: statements_of(&doc),
        full_admin: f.full_admin,
        admin_equivalent: f.admin_equivalent,
        service_wildcards: f.service_wildcards,
        escalation_actions: f.escalation_actions,
    })
}

/// Every policy document in use: inline on users, groups and roles, and
/// managed policies attached to at least one principal.
pub(super) fn policies(a: &AccountSnapshot, d: &AuthorizationDetails) -> Vec<Resource> {
    let base = account_pointer(a);
    let mut out = Vec::new();
    let reserved = |name: &str| {
        d.roles
            .iter()
            .any(|r| r.name == name && r.path.starts_with(IDENTITY_CENTER_ROLE_PATH))
    };
    let mut inline =
        |kind: &str, owner: &str, owner_arn: &str, list: &[InlinePolicy], pointer: String| {
            let sso_role = kind == "role_inline" && reserved(owner);
            for (j, p) in list.iter().enumerate() {
                out.push(Resource {
                    id: format!("{owner_arn}/inline/{}", p.name).into(),
                    name: format!("{owner}/{}", p.name).into(),
                    region: None,
                    pointer: format!("{pointer}/inline_policies/{j}").into(),
                    value: to_value(&PolicyView {
                        kind: kind.to_string(),
                        name: p.name.clone(),
                        arn: None,
                        attached_to: vec![owner.to_string()],
                        aws_managed: false,
                        identity_center_roles_only: sso_role,
                        document: document_facts(p.document.as_ref(), &a.id),
                    }),
                });
            }
        };
    for (i, u) in d.users.iter().enumerate() {
        inline(
            "user_inline",
            &u.name,
            &u.arn,
            &u.inline_policies,
            format!("{base}/iam/authorization_details/users/{i}"),
        );
    }
    for (i, g) in d.groups.iter().enumerate() {
        inline(
            "group_inline",
            &g.name,
            &g.arn,
            &g.inline_policies,
            format!("{base}/iam/authorization_details/groups/{i}"),
        );
    }
    for (i, r) in d.roles.iter().enumerate() {
        inline(
            "role_inline",
            &r.name,
            &r.arn,
            &r.inline_policies,
            format!("{base}/iam/authorization_details/roles/{i}"),
        );
    }
    for (i, p) in d.policies.iter().enumerate() {
        let mut attached: Vec<String> = Vec::new();
        let holds =
            |list: &[crate::snapshot::iam::AttachedPolicy]| list.iter().any(|x| x.arn == p.arn);
        attached.extend(
            d.users
                .iter()
                .filter(|u| holds(&u.attached_policies))
                .map(|u| format!("user/{}", u.name)),
        );
        attached.extend(
            d.groups
                .iter()
                .filter(|g| holds(&g.attached_policies))
                .map(|g| format!("group/{}", g.name)),
        );
        attached.extend(
            d.roles
                .iter()
                .filter(|r| holds(&r.attached_policies))
                .map(|r| format!("role/{}", r.name)),
        );
        if attached.is_empty() && p.attachment_count.unwrap_or(0) == 0 {
            continue;
        }
        let identity_center_roles_only = !attached.is_empty()
            && attached
                .iter()
                .all(|h| h.strip_prefix("role/").is_some_and(&reserved));
        out.push(Resource {
            id: p.arn.clone().into(),
            name: p.name.clone().into(),
            region: None,
            pointer: format!("{base}/iam/authorization_details/policies/{i}").into(),
            value: to_value(&PolicyView {
                kind: "managed".to_string(),
                name: p.name.clone(),
                arn: Some(p.arn.clone()),
                attached_to: attached,
                aws_managed: p.aws_managed,
                identity_center_roles_only,
                document: document_facts(p.default_document.as_ref(), &a.id),
            }),
        });
    }
    out
}
