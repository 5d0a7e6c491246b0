//! Facts about role trust policies: which accounts may assume the role, and
//! whether every cross-account grant is protected by MFA or an external id.
//!
//! "Protected" is judged against an attacker in the trusted account who has
//! no MFA (the key absent, or `false` on temporary credentials) and does not
//! know the external id (sends none, or a guess). A grant is protected when
//! its own condition is definitely false for every such request, or when a
//! Deny for every principal is definitely true for every such request. Keys
//! the attacker controls in ways not modelled (source IP, org id, OIDC
//! claims) are unknown and never count as protection.

use super::condition::Context;
use super::document::{PrincipalSpec, Statement};
use super::principal::Principals;
use super::tri::Tri;
use serde::Serialize;
use std::collections::BTreeSet;

/// The actions that let a principal take on the role.
pub const ASSUME_ACTIONS: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
];

/// An external id no legitimate configuration uses.
const GUESSED_EXTERNAL_ID: &str = "orgaudit-attacker-guess";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustFacts {
    /// Accounts that may assume the role, sorted; `"*"` for anyone.
    pub trusted_accounts: Vec<String>,
    /// Some account other than the role's own (or anyone) may assume it.
    pub cross_account: bool,
    /// Some cross-account grant needs neither MFA nor an external id.
    pub unprotected: bool,
}

/// One Allow that lets principals assume the role.
#[derive(Debug, Clone)]
pub struct Grant<'a> {
    pub statement: &'a Statement,
    pub principals: Principals,
    pub actions: Vec<&'static str>,
}

/// The attacker's possible requests.
fn attacker_contexts() -> Vec<Context> {
    let mut out = Vec::new();
    for mfa in [None, Some("false")] {
        for external_id in [None, Some(GUESSED_EXTERNAL_ID)] {
            let mut c = Context::new().without("aws:MultiFactorAuthAge");
            c = match mfa {
                Some(v) => c.with("aws:MultiFactorAuthPresent", v),
                None => c.without("aws:MultiFactorAuthPresent"),
            };
            c = match external_id {
                Some(v) => c.with("sts:ExternalId", v),
                None => c.without("sts:ExternalId"),
            };
            out.push(c);
        }
    }
    out
}

/// Allow statements that grant an assume action, with who they name.
pub fn grants(statements: &[Statement]) -> Vec<Grant<'_>> {
    statements
        .iter()
        .filter(|s| s.is_allow())
        .filter_map(|s| {
            let actions: Vec<&'static str> = ASSUME_ACTIONS
                .iter()
                .copied()
                .filter(|a| s.actions.covers(a))
                .collect();
            let principals = match &s.principal {
                PrincipalSpec::Principal(p) => p.clone(),
                // Allow + NotPrincipal: everyone but a few.
                PrincipalSpec::NotPrincipal(_) => Principals {
                    everyone: true,
                    ..Principals::default()
                },
                PrincipalSpec::Absent => return None,
            };
            (!actions.is_empty()).then_some(Grant {
                statement: s,
                principals,
                actions,
            })
        })
        .collect()
}

/// Is the grant refused in every attacker request?
fn protected(grant: &Grant, statements: &[Statement], contexts: &[Context]) -> bool {
    let own_condition = contexts
        .iter()
        .all(|c| c.eval(&grant.statement.conditions) == Tri::False);
    let universal_deny = statements.iter().any(|d| {
        d.is_deny()
            && matches!(&d.principal, PrincipalSpec::Principal(p) if p.everyone)
            && grant.actions.iter().all(|a| d.actions.covers(a))
            && contexts.iter().all(|c| c.eval(&d.conditions) == Tri::True)
    });
    own_condition || universal_deny
}

/// Is the grant refused to an attacker without MFA and without the external id?
pub fn grant_is_protected(grant: &Grant, statements: &[Statement]) -> bool {
    protected(grant, statements, &attacker_contexts())
}

/// Does this grant require MFA / an external id? (For views that report it
/// per statement: each is judged with only that factor withheld.)
pub fn grant_requires(grant: &Grant, statements: &[Statement]) -> (bool, bool) {
    let no_mfa = [
        Context::new()
            .without("aws:MultiFactorAuthPresent")
            .without("aws:MultiFactorAuthAge"),
        Context::new()
            .with("aws:MultiFactorAuthPresent", "false")
            .without("aws:MultiFactorAuthAge"),
    ];
    let no_external_id = [
        Context::new().without("sts:ExternalId"),
        Context::new().with("sts:ExternalId", GUESSED_EXTERNAL_ID),
    ];
    (
        protected(grant, statements, &no_mfa),
        protected(grant, statements, &no_external_id),
    )
}

pub fn trust_facts(statements: &[Statement], own_account: &str) -> TrustFacts {
    let grants = grants(statements);
    let contexts = attacker_contexts();
    let mut accounts: BTreeSet<String> = BTreeSet::new();
    let mut cross_account = false;
    let mut unprotected = false;
    for g in &grants {
        accounts.extend(g.principals.account_list());
        if g.principals.reaches_outside(own_account) {
            cross_account = true;
            unprotected |= !protected(g, statements, &contexts);
        }
    }
    TrustFacts {
        trusted_accounts: accounts.into_iter().collect(),
        cross_account,
        unprotected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam_policy::parse_statements;
    use serde_json::json;

    fn facts(statements: serde_json::Value) -> TrustFacts {
        trust_facts(
            &parse_statements(&json!({ "Statement": statements })),
            "111122223333",
        )
    }

    fn foreign(condition: serde_json::Value) -> serde_json::Value {
        json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:role/deploy-111122223333"},
               "Action": "sts:AssumeRole", "Condition": condition})
    }

    #[test]
    fn conditions_judged_by_value() {
        let f = facts(foreign(
            json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}),
        ));
        assert_eq!(f.trusted_accounts, vec!["999988887777"]);
        assert!(f.cross_account && f.unprotected);
        assert!(facts(foreign(json!({"StringLike": {"sts:ExternalId": "*"}}))).unprotected);
        assert!(
            !facts(foreign(
                json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}})
            ))
            .unprotected
        );
        assert!(!facts(foreign(json!({"StringEquals": {"sts:ExternalId": "x-1"}}))).unprotected);
    }

    #[test]
    fn requires_reports_each_factor() {
        let statements = parse_statements(&json!({"Statement":
            foreign(json!({"StringEquals": {"sts:ExternalId": "x-1"}}))}));
        let g = grants(&statements);
        assert_eq!(grant_requires(&g[0], &statements), (false, true));
    }
}
