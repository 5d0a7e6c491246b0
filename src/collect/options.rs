//! What a collection run was asked to do.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// Named profile from the shared AWS config, else the default chain.
    pub profile: Option<String>,
    /// Send every request here (an AWS-compatible endpoint such as the emulator).
    pub endpoint_url: Option<String>,
    /// Region for STS and the caller's own calls when the chain gives none.
    pub home_region: Option<String>,
    /// Role assumed in each member account.
    pub role_name: String,
    pub external_id: Option<String>,
    pub session_name: String,
    /// Regions for regional services; `None` means the account's enabled regions.
    pub regions: Option<Vec<String>>,
    /// Accounts collected at once.
    pub concurrency: usize,
    pub call_timeout: Duration,
    pub account_timeout: Duration,
    /// SDK attempts per call (first try included).
    pub max_attempts: u32,
    /// Page size for paginated list calls; `None` uses the service maximum.
    pub page_size: Option<i32>,
    /// Only accounts under these OUs (ids or paths); empty: all.
    pub ous: Vec<String>,
}

impl Default for CollectOptions {
    fn default() -> Self {
        CollectOptions {
            profile: None,
            endpoint_url: None,
            home_region: None,
            role_name: "OrganizationAccountAccessRole".to_string(),
            external_id: None,
            session_name: "orgaudit-audit".to_string(),
            regions: None,
            concurrency: 16,
            call_timeout: Duration::from_secs(30),
            account_timeout: Duration::from_secs(300),
            max_attempts: 5,
            page_size: None,
            ous: Vec::new(),
        }
    }
}
