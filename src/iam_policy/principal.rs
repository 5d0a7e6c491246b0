//! Principals parsed to exact accounts ("AWS JSON policy elements:
//! Principal"): `"*"`, `{"AWS": ...}` as a bare id or any ARN, `Service`,
//! `Federated` (an identity-provider ARN, or a web-identity host name).

use super::document::string_list;
use super::pattern::arn_account;
use serde_json::Value;
use std::collections::BTreeSet;

/// Who a `Principal` (or `NotPrincipal`) element names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Principals {
    /// Every principal: `"*"`, `{"AWS": "*"}`, a web-identity provider that
    /// is not an ARN, or an entry that cannot be attributed to an account.
    pub everyone: bool,
    /// Exact 12-digit account ids (from bare ids or the ARN account field).
    pub accounts: BTreeSet<String>,
    pub services: Vec<String>,
    /// IAM unique ids (`AROA…`, `AIDA…`): what a trust shows after the named
    /// principal was deleted; nobody can assume through them.
    pub unique_ids: Vec<String>,
}

fn is_unique_id(s: &str) -> bool {
    s.len() >= 16
        && s.starts_with('A')
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl Principals {
    pub fn parse(value: &Value) -> Principals {
        let mut p = Principals::default();
        match value {
            Value::String(s) if s == "*" => p.everyone = true,
            Value::Object(map) => {
                for (kind, entries) in map {
                    for entry in string_list(Some(entries)) {
                        p.add(kind, &entry);
                    }
                }
            }
            // Anything else is not a principal IAM accepts: assume the worst.
            _ => p.everyone = true,
        }
        p
    }

    fn add(&mut self, kind: &str, entry: &str) {
        match kind {
            "Service" => self.services.push(entry.to_string()),
            "AWS" | "Federated" if entry == "*" => self.everyone = true,
            "AWS" | "Federated" => match arn_account(entry) {
                Some(account) => {
                    self.accounts.insert(account.to_string());
                }
                None if kind == "AWS" && is_unique_id(entry) => {
                    self.unique_ids.push(entry.to_string())
                }
                // cognito-identity.amazonaws.com, accounts.google.com, …:
                // anyone holding a token from that provider.
                None => self.everyone = true,
            },
            // CanonicalUser and unknown kinds: not attributable.
            _ => self.everyone = true,
        }
    }

    /// Accounts as reported: sorted ids, with `"*"` for everyone.
    pub fn account_list(&self) -> Vec<String> {
        let mut out: Vec<String> = self.accounts.iter().cloned().collect();
        if self.everyone {
            out.insert(0, "*".into());
        }
        out
    }

    /// Names someone outside `own_account`?
    pub fn reaches_outside(&self, own_account: &str) -> bool {
        self.everyone || self.accounts.iter().any(|a| a != own_account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn forms() {
        let p = Principals::parse(&json!({"AWS": ["111122223333",
            "arn:aws:sts::999988887777:assumed-role/Ops/111122223333"],
            "Service": "ec2.amazonaws.com"}));
        assert_eq!(p.account_list(), vec!["111122223333", "999988887777"]);
        assert!(p.reaches_outside("111122223333"));
        assert!(Principals::parse(&json!("*")).everyone);
        assert!(Principals::parse(&json!({"AWS": "*"})).everyone);
        assert!(Principals::parse(&json!({"Federated": "accounts.google.com"})).everyone);
        let gone = Principals::parse(&json!({"AWS": "AROA1234567890EXAMPLE"}));
        assert!(!gone.everyone && gone.accounts.is_empty());
    }
}
