//! Billing alarms: CloudWatch alarms on `AWS/Billing` `EstimatedCharges`
//! (billing metrics exist only in us-east-1), plain or metric-math, and the
//! subscriptions of every SNS topic they notify.

use super::clients::AccountClients;
use super::gaps::GapRecorder;
use crate::snapshot::billing::{Billing, BillingAlarm, Subscription};
use aws_sdk_cloudwatch::types::{AlarmType, Dimension, MetricAlarm};
use std::collections::BTreeMap;

const NAMESPACE: &str = "AWS/Billing";
const METRIC: &str = "EstimatedCharges";
const PENDING: &str = "PendingConfirmation";

fn dimensions(list: &[Dimension]) -> BTreeMap<String, String> {
    list.iter()
        .filter_map(|d| Some((d.name()?.to_string(), d.value()?.to_string())))
        .collect()
}

/// The alarm as a billing alarm, if it watches EstimatedCharges.
fn billing_alarm(a: &MetricAlarm) -> Option<BillingAlarm> {
    let plain = a.namespace() == Some(NAMESPACE) && a.metric_name() == Some(METRIC);
    let math_input = a.metrics().iter().find_map(|q| {
        let m = q.metric_stat()?.metric()?;
        (m.namespace() == Some(NAMESPACE) && m.metric_name() == Some(METRIC)).then_some(q)
    });
    if !plain && math_input.is_none() {
        return None;
    }
    let (dims, statistic, period) = if plain {
        (
            dimensions(a.dimensions()),
            a.statistic().map(|s| s.as_str().to_string()),
            a.period(),
        )
    } else {
        let stat = math_input.and_then(|q| q.metric_stat());
        (
            dimensions(
                stat.and_then(|s| s.metric())
                    .map(|m| m.dimensions())
                    .unwrap_or_default(),
            ),
            stat.and_then(|s| s.stat()).map(str::to_string),
            stat.and_then(|s| s.period()),
        )
    };
    let expression = (!plain)
        .then(|| {
            a.metrics()
                .iter()
                .find(|q| q.return_data() == Some(true) && q.expression().is_some())
                .and_then(|q| q.expression())
                .map(str::to_string)
        })
        .flatten();
    Some(BillingAlarm {
        name: a.alarm_name().unwrap_or_default().to_string(),
        arn: a.alarm_arn().map(str::to_string),
        kind: if plain { "metric" } else { "metric_math" }.to_string(),
        state: a.state_value().map(|s| s.as_str().to_string()),
        actions_enabled: a.actions_enabled(),
        alarm_actions: a.alarm_actions().to_vec(),
        ok_actions: a.ok_actions().to_vec(),
        insufficient_data_actions: a.insufficient_data_actions().to_vec(),
        threshold: a.threshold(),
        comparison_operator: a.comparison_operator().map(|c| c.as_str().to_string()),
        statistic,
        period,
        dimensions: dims,
        expression,
    })
}

/// Region of an SNS topic ARN (`arn:aws:sns:REGION:ACCOUNT:NAME`).
fn topic_region(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':');
    (parts.nth(2) == Some("sns")).then_some(())?;
    parts.next().filter(|r| !r.is_empty())
}

pub async fn billing(
    clients: &AccountClients,
    rec: &GapRecorder,
    page_size: Option<i32>,
) -> Option<Billing> {
    let region = clients.global_region;
    let cw = clients.cloudwatch(region);
    let mut alarms = Vec::new();
    let mut pages = cw
        .describe_alarms()
        .alarm_types(AlarmType::MetricAlarm)
        .set_max_records(page_size)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = rec.ok("cloudwatch", Some(region), "DescribeAlarms", page)?;
        alarms.extend(page.metric_alarms().iter().filter_map(billing_alarm));
    }
    alarms.sort_by(|a, b| a.name.cmp(&b.name));
    let mut topic_arns: Vec<&String> = alarms
        .iter()
        .flat_map(|a| a.alarm_actions.iter())
        .filter(|arn| topic_region(arn).is_some())
        .collect();
    topic_arns.sort();
    topic_arns.dedup();
    let mut topics = BTreeMap::new();
    for arn in topic_arns {
        let topic_region = topic_region(arn).unwrap_or(region);
        if let Some(subs) = subscriptions(clients, rec, arn, topic_region).await {
            topics.insert(arn.clone(), subs);
        }
    }
    Some(Billing {
        region: region.to_string(),
        alarms,
        topics,
    })
}

async fn subscriptions(
    clients: &AccountClients,
    rec: &GapRecorder,
    topic_arn: &str,
    region: &str,
) -> Option<Vec<Subscription>> {
    let sns = clients.sns(region);
    let mut out = Vec::new();
    let mut pages = sns
        .list_subscriptions_by_topic()
        .topic_arn(topic_arn)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = rec.ok("sns", Some(region), "ListSubscriptionsByTopic", page)?;
        for s in page.subscriptions() {
            let arn = s.subscription_arn().map(str::to_string);
            let confirmed = arn
                .as_deref()
                .is_some_and(|a| a.starts_with("arn:") && a != PENDING);
            out.push(Subscription {
                protocol: s.protocol().map(str::to_string),
                endpoint: s.endpoint().map(str::to_string),
                subscription_arn: arn,
                confirmed,
                owner: s.owner().map(str::to_string),
            });
        }
    }
    out.sort_by(|a, b| (&a.protocol, &a.endpoint).cmp(&(&b.protocol, &b.endpoint)));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::topic_region;

    #[test]
    fn topic_regions_come_from_the_arn() {
        assert_eq!(
            topic_region("arn:aws:sns:us-east-1:111122223333:billing"),
            Some("us-east-1")
        );
        assert_eq!(topic_region("arn:aws:automate:us-east-1:ec2:stop"), None);
        assert_eq!(topic_region("arn:aws:sns::111122223333:x"), None);
    }
}
