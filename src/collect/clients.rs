//! SDK configuration: the caller's base config, and per-account clients that
//! share one HTTP connection pool and one call counter.

use super::counter::CallCounter;
use super::options::CollectOptions;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_types::region::Region;
use std::time::Duration;

const FALLBACK_REGION: &str = "us-east-1";

/// Load the caller's configuration from the default chain or `--profile`.
pub async fn base_config(opts: &CollectOptions) -> SdkConfig {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .read_timeout(opts.call_timeout)
        .operation_attempt_timeout(opts.call_timeout)
        .operation_timeout(opts.call_timeout * 3)
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(timeouts)
        .retry_config(
            // Standard: jittered exponential backoff and bounded attempts, with
            // the retry budget per account and service (see
            // `AccountClients::quota`): shared org-wide, a few throttled
            // accounts emptied it for all of them. (The SDK's adaptive mode
            // was tried: its rate limiter pushed calls past their operation
            // timeout under injected throttling, losing data.)
            RetryConfig::standard()
                .with_max_attempts(opts.max_attempts)
                .with_initial_backoff(Duration::from_millis(200))
                .with_max_backoff(Duration::from_secs(20)),
        );
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &opts.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;
    if config.region().is_some() && opts.home_region.is_none() {
        return config;
    }
    let region = opts
        .home_region
        .clone()
        .unwrap_or_else(|| FALLBACK_REGION.to_string());
    config.to_builder().region(Region::new(region)).build()
}

/// The region that hosts a partition's global services (IAM, Organizations,
/// Account, and the billing metrics).
pub fn global_region(partition: &str) -> &'static str {
    match partition {
        "aws-us-gov" => "us-gov-west-1",
        "aws-cn" => "cn-north-1",
        _ => "us-east-1",
    }
}

/// Every client one account needs, built from one config and one counter.
#[derive(Debug, Clone)]
pub struct AccountClients {
    pub config: SdkConfig,
    pub counter: CallCounter,
    pub global_region: &'static str,
    /// Whose API quota the calls spend (an account id, or `caller`): retry
    /// budgets are kept per quota holder and service, so one account's
    /// throttling cannot use up the retries of the others.
    pub quota: std::sync::Arc<str>,
}

macro_rules! service_client {
    ($krate:ident, $clients:expr, $region:expr) => {
        $krate::Client::from_conf(
            $krate::config::Builder::from(&$clients.config)
                .interceptor($clients.counter.clone())
                .retry_partition(aws_smithy_runtime::client::retries::RetryPartition::new(
                    format!("{}/{}", stringify!($krate), $clients.quota),
                ))
                .region(Region::new($region.to_string()))
                .build(),
        )
    };
}

impl AccountClients {
    pub fn iam(&self) -> aws_sdk_iam::Client {
        service_client!(aws_sdk_iam, self, self.global_region)
    }
    pub fn organizations(&self) -> aws_sdk_organizations::Client {
        service_client!(aws_sdk_organizations, self, self.global_region)
    }
    pub fn account(&self) -> aws_sdk_account::Client {
        service_client!(aws_sdk_account, self, self.global_region)
    }
    pub fn sts(&self) -> aws_sdk_sts::Client {
        let region = self
            .config
            .region()
            .map(|r| r.to_string())
            .unwrap_or_else(|| self.global_region.to_string());
        service_client!(aws_sdk_sts, self, region)
    }
    pub fn budgets(&self) -> aws_sdk_budgets::Client {
        service_client!(aws_sdk_budgets, self, self.global_region)
    }
    pub fn cloudwatch(&self, region: &str) -> aws_sdk_cloudwatch::Client {
        service_client!(aws_sdk_cloudwatch, self, region)
    }
    pub fn sns(&self, region: &str) -> aws_sdk_sns::Client {
        service_client!(aws_sdk_sns, self, region)
    }
    pub fn config_service(&self, region: &str) -> aws_sdk_config::Client {
        service_client!(aws_sdk_config, self, region)
    }
    pub fn cloudtrail(&self, region: &str) -> aws_sdk_cloudtrail::Client {
        service_client!(aws_sdk_cloudtrail, self, region)
    }
    pub fn guardduty(&self, region: &str) -> aws_sdk_guardduty::Client {
        service_client!(aws_sdk_guardduty, self, region)
    }
    pub fn securityhub(&self, region: &str) -> aws_sdk_securityhub::Client {
        service_client!(aws_sdk_securityhub, self, region)
    }
    pub fn access_analyzer(&self, region: &str) -> aws_sdk_accessanalyzer::Client {
        service_client!(aws_sdk_accessanalyzer, self, region)
    }
    pub fn ssoadmin(&self, region: &str) -> aws_sdk_ssoadmin::Client {
        service_client!(aws_sdk_ssoadmin, self, region)
    }
    pub fn identitystore(&self, region: &str) -> aws_sdk_identitystore::Client {
        service_client!(aws_sdk_identitystore, self, region)
    }
    pub fn s3(&self) -> aws_sdk_s3::Client {
        service_client!(aws_sdk_s3, self, self.global_region)
    }
}
