//! Centralised root access (iam:ListOrganizationsFeatures): whether the
//! organisation may remove members' root credentials and run privileged
//! root sessions. Read once, by the management or IAM delegated-admin caller.

use super::gaps::{CallError, GapRecorder};

pub async fn features(client: &aws_sdk_iam::Client, rec: &GapRecorder) -> Option<Vec<String>> {
    match client.list_organizations_features().send().await {
        Ok(out) => {
            let mut list: Vec<String> = out
                .enabled_features()
                .iter()
                .map(|f| f.as_str().to_string())
                .collect();
            list.sort();
            Some(list)
        }
        Err(e) => {
            let err = CallError::from_sdk(&e);
            // IAM's trusted access is off: no feature can be on (a fact).
            if err.is("ServiceAccessNotEnabledException") {
                return Some(Vec::new());
            }
            rec.record("iam", None, "ListOrganizationsFeatures", &err);
            None
        }
    }
}
