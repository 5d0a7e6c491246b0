//! The IAM policy language, read the way AWS evaluates it: one module for
//! identity policies, role trust policies and SCPs.
//!
//! Written from AWS's documentation ("IAM JSON policy element reference",
//! "Policy evaluation logic", "IAM JSON policy elements: Condition
//! operators"). Documents are normalised into [`Statement`]s; conditions are
//! evaluated three-valued against hypothetical request contexts; the derived
//! facts the checks read live in [`identity`], [`trust`] and [`scp`].

mod condition;
mod document;
pub mod identity;
pub mod pattern;
mod principal;
pub mod scp;
mod tri;
pub mod trust;

pub use condition::{Clause, Context, Operator, SetQualifier};
pub use document::{parse_statements, ActionSpec, Effect, ResourceSpec, Statement};
pub use pattern::{action_matches, arn_account, glob_match, matches_every_action};
pub use principal::Principals;
pub use tri::Tri;

/// The facts of one document of `kind` (`identity`, `trust` or `scp`) as
/// JSON, in the shape `tests/policy_corpus/` records them. `None` for an
/// unknown kind.
pub fn facts_json(
    kind: &str,
    account: &str,
    document: &serde_json::Value,
) -> Option<serde_json::Value> {
    let statements = parse_statements(document);
    let value = match kind {
        "identity" => {
            let f = identity::identity_facts(&statements, account);
            serde_json::json!({
                "full_admin": f.full_admin,
                "admin_equivalent": f.admin_equivalent,
                "service_wildcards": f.service_wildcards,
            })
        }
        "trust" => serde_json::to_value(trust::trust_facts(&statements, account)).ok()?,
        "scp" => serde_json::to_value(scp::scp_facts(
            &statements,
            account,
            &scp::GUARDRAIL_ACTIONS,
        ))
        .ok()?,
        _ => return None,
    };
    Some(value)
}

#[cfg(test)]
mod corpus_tests;
