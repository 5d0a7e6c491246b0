//! Which regions to read regional services in, and where that came from.

use super::gaps::GapRecorder;
use crate::snapshot::{RegionSelection, RegionSource};
use aws_sdk_account::types::RegionOptStatus;

/// The commercial regions enabled by default on every account (no opt-in).
pub const DEFAULT_ENABLED_REGIONS: [&str; 17] = [
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

pub async fn select_regions(
    requested: Option<&[String]>,
    client: &aws_sdk_account::Client,
    rec: &GapRecorder,
) -> RegionSelection {
    if let Some(regions) = requested {
        return RegionSelection {
            source: RegionSource::Requested,
            regions: regions.to_vec(),
        };
    }
    let mut regions = Vec::new();
    let mut pages = client
        .list_regions()
        .region_opt_status_contains(RegionOptStatus::Enabled)
        .region_opt_status_contains(RegionOptStatus::EnabledByDefault)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        match rec.ok("account", None, "ListRegions", page) {
            Some(page) => regions.extend(
                page.regions()
                    .iter()
                    .filter_map(|r| r.region_name().map(str::to_string)),
            ),
            None => {
                return RegionSelection {
                    source: RegionSource::BuiltInDefault,
                    regions: DEFAULT_ENABLED_REGIONS
                        .iter()
                        .map(|r| r.to_string())
                        .collect(),
                }
            }
        }
    }
    regions.sort();
    RegionSelection {
        source: RegionSource::AccountListRegions,
        regions,
    }
}
