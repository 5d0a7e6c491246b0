//! The security services of one account in one region (CloudTrail,
//! GuardDuty, Security Hub, IAM Access Analyzer), read concurrently.

mod access_analyzer;
mod cloudtrail;
mod guardduty;
mod securityhub;

pub use guardduty::Role;

use super::clients::AccountClients;
use super::gaps::GapRecorder;
use crate::snapshot::security::SecurityRegion;

/// What this account administers, for the organisation-wide calls.
#[derive(Debug, Clone, Copy, Default)]
pub struct Duties {
    pub is_management: bool,
    pub guardduty_admin: bool,
    pub securityhub_admin: bool,
}

pub async fn security_region(
    clients: &AccountClients,
    rec: &GapRecorder,
    account_id: &str,
    region: &str,
    duties: Duties,
    page_size: Option<i32>,
) -> SecurityRegion {
    let gd = Role {
        is_management: duties.is_management,
        is_admin: duties.guardduty_admin,
    };
    let sh = Role {
        is_management: duties.is_management,
        is_admin: duties.securityhub_admin,
    };
    let (cloudtrail, guardduty, securityhub, access_analyzer) = tokio::join!(
        cloudtrail::trails(clients, rec, account_id, region),
        guardduty::guardduty(clients, rec, region, gd, page_size),
        securityhub::securityhub(clients, rec, region, sh, page_size),
        access_analyzer::analyzers(clients, rec, region, page_size),
    );
    SecurityRegion {
        cloudtrail,
        guardduty,
        securityhub,
        access_analyzer,
    }
}
