//! AWS Config in one region: recorders, their status, delivery channels and
//! (where the API answers) delivery status.

use super::clients::AccountClients;
use super::convert::opt_timestamp;
use super::gaps::GapRecorder;
use crate::snapshot::config_service::{
    ConfigRecorder, ConfigRegion, DeliveryChannel, DeliveryChannelStatus, RecorderStatus,
};

const SVC: &str = "config";

pub async fn config_region(
    clients: &AccountClients,
    rec: &GapRecorder,
    region: &str,
) -> ConfigRegion {
    let client = clients.config_service(region);
    let r = Some(region);
    let (recorders, statuses, channels) = tokio::join!(
        client.describe_configuration_recorders().send(),
        client.describe_configuration_recorder_status().send(),
        client.describe_delivery_channels().send(),
    );
    let recorders = rec
        .ok(SVC, r, "DescribeConfigurationRecorders", recorders)
        .map(|out| {
            out.configuration_recorders()
                .iter()
                .map(|c| {
                    let group = c.recording_group();
                    ConfigRecorder {
                        name: c.name().unwrap_or_default().to_string(),
                        role_arn: c.role_arn().map(str::to_string),
                        all_supported: group.map(|g| g.all_supported()),
                        include_global_resource_types: group
                            .map(|g| g.include_global_resource_types()),
                        resource_types: group
                            .map(|g| {
                                g.resource_types()
                                    .iter()
                                    .map(|t| t.as_str().to_string())
                                    .collect()
                            })
                            .unwrap_or_default(),
                        recording_strategy: group
                            .and_then(|g| g.recording_strategy())
                            .and_then(|s| s.use_only())
                            .map(|u| u.as_str().to_string()),
                        exclusion_resource_types: group
                            .and_then(|g| g.exclusion_by_resource_types())
                            .map(|e| {
                                e.resource_types()
                                    .iter()
                                    .map(|t| t.as_str().to_string())
                                    .collect()
                            })
                            .unwrap_or_default(),
                    }
                })
                .collect()
        });
    let recorder_statuses = rec
        .ok(SVC, r, "DescribeConfigurationRecorderStatus", statuses)
        .map(|out| {
            out.configuration_recorders_status()
                .iter()
                .map(|s| RecorderStatus {
                    name: s.name().unwrap_or_default().to_string(),
                    recording: Some(s.recording()),
                    last_status: s.last_status().map(|v| v.as_str().to_string()),
                    last_start_time: opt_timestamp(s.last_start_time()),
                    last_stop_time: opt_timestamp(s.last_stop_time()),
                    last_error_code: s.last_error_code().map(str::to_string),
                })
                .collect()
        });
    let delivery_channels: Option<Vec<DeliveryChannel>> = rec
        .ok(SVC, r, "DescribeDeliveryChannels", channels)
        .map(|out| {
            out.delivery_channels()
                .iter()
                .map(|d| DeliveryChannel {
                    name: d.name().unwrap_or_default().to_string(),
                    s3_bucket_name: d.s3_bucket_name().map(str::to_string),
                    s3_key_prefix: d.s3_key_prefix().map(str::to_string),
                    sns_topic_arn: d.sns_topic_arn().map(str::to_string),
                    snapshot_delivery_frequency: d
                        .config_snapshot_delivery_properties()
                        .and_then(|p| p.delivery_frequency())
                        .map(|f| f.as_str().to_string()),
                })
                .collect()
        });
    // Without a delivery channel there is no delivery status to read: skip
    // the call (one request per region saved; if listing the channels
    // failed, that is already the gap).
    let delivery_channel_statuses = match &delivery_channels {
        Some(list) if list.is_empty() => Some(Vec::new()),
        None => None,
        Some(_) => {
            let answer = client.describe_delivery_channel_status().send().await;
            rec.ok(SVC, r, "DescribeDeliveryChannelStatus", answer)
                .map(|out| {
                    out.delivery_channels_status()
                        .iter()
                        .map(|s| DeliveryChannelStatus {
                            name: s.name().unwrap_or_default().to_string(),
                            last_config_stream_status: s
                                .config_stream_delivery_info()
                                .and_then(|i| i.last_status())
                                .map(|v| v.as_str().to_string()),
                            last_snapshot_status: s
                                .config_snapshot_delivery_info()
                                .and_then(|i| i.last_status())
                                .map(|v| v.as_str().to_string()),
                            last_history_status: s
                                .config_history_delivery_info()
                                .and_then(|i| i.last_status())
                                .map(|v| v.as_str().to_string()),
                        })
                        .collect()
                })
        }
    };
    ConfigRegion {
        recorders,
        recorder_statuses,
        delivery_channels,
        delivery_channel_statuses,
    }
}
