//! A collection gap: one API call that failed, recorded instead of aborting.

use serde::{Deserialize, Serialize};

/// What kind of failure made the data unavailable; evaluation turns any gap
/// under a check's required data into UNKNOWN, never PASS.
#[derive(
    Debug,
    Clone,
    Copy,
    Serialize,
    Deserialize,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    AccessDenied,
    AssumeRoleFailed,
    Throttled,
    Timeout,
    RegionNotEnabled,
    Unsupported,
    NotInOrganization,
    Network,
    Other,
}

#[derive(
    Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    pub account_id: String,
    /// AWS service namespace, e.g. `iam`, `organizations`, `config`.
    pub service: String,
    /// `None` for global services.
    pub region: Option<String>,
    /// API operation name, e.g. `GetCredentialReport`.
    pub api: String,
    pub kind: GapKind,
    /// The service's error code (`AccessDenied`), or a transport-level label.
    pub error_code: String,
    pub message: String,
}

impl GapKind {
    /// Classify an AWS error code (and HTTP status where there was one).
    pub fn classify(code: &str, http_status: Option<u16>, regional: bool) -> GapKind {
        match code {
            "AccessDenied"
            | "AccessDeniedException"
            | "UnauthorizedOperation"
            | "AuthorizationError"
            | "AuthorizationErrorException"
            | "NotAuthorized" => GapKind::AccessDenied,
            "Throttling"
            | "ThrottlingException"
            | "ThrottledException"
            | "TooManyRequestsException"
            | "RequestLimitExceeded"
            | "RequestThrottled"
            | "RequestThrottledException"
            | "SlowDown"
            | "LimitExceededException" => GapKind::Throttled,
            "Timeout" | "RequestTimeout" | "RequestTimeoutException" => GapKind::Timeout,
            "AWSOrganizationsNotInUseException" => GapKind::NotInOrganization,
            "InvalidClientTokenId"
            | "UnrecognizedClientException"
            | "AuthFailure"
            | "OptInRequired"
                if regional =>
            {
                GapKind::RegionNotEnabled
            }
            "UnknownOperationException"
            | "InvalidAction"
            | "UnsupportedOperation"
            | "NotImplemented" => GapKind::Unsupported,
            "Network" => GapKind::Network,
            _ => match http_status {
                Some(401) | Some(403) => GapKind::AccessDenied,
                Some(404) | Some(405) | Some(501) => GapKind::Unsupported,
                Some(429) => GapKind::Throttled,
                _ => GapKind::Other,
            },
        }
    }
}
