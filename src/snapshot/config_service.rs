//! AWS Config state in one region.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Each list is `None` when its API failed in this region (a gap).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigRegion {
    pub recorders: Option<Vec<ConfigRecorder>>,
    pub recorder_statuses: Option<Vec<RecorderStatus>>,
    pub delivery_channels: Option<Vec<DeliveryChannel>>,
    pub delivery_channel_statuses: Option<Vec<DeliveryChannelStatus>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigRecorder {
    pub name: String,
    pub role_arn: Option<String>,
    pub all_supported: Option<bool>,
    pub include_global_resource_types: Option<bool>,
    pub resource_types: Vec<String>,
    /// Recording strategy (ALL_SUPPORTED_RESOURCE_TYPES, ...), when set.
    pub recording_strategy: Option<String>,
    pub exclusion_resource_types: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecorderStatus {
    pub name: String,
    pub recording: Option<bool>,
    pub last_status: Option<String>,
    pub last_start_time: Option<Timestamp>,
    pub last_stop_time: Option<Timestamp>,
    pub last_error_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryChannel {
    pub name: String,
    pub s3_bucket_name: Option<String>,
    pub s3_key_prefix: Option<String>,
    pub sns_topic_arn: Option<String>,
    pub snapshot_delivery_frequency: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryChannelStatus {
    pub name: String,
    pub last_config_stream_status: Option<String>,
    pub last_snapshot_status: Option<String>,
    pub last_history_status: Option<String>,
}
