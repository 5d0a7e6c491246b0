//! Billing alarms: CloudWatch `AWS/Billing` `EstimatedCharges` in us-east-1
//! and the subscribers of the SNS topics they notify.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Billing {
    /// Where the alarms were read (billing metrics exist only in us-east-1).
    pub region: String,
    pub alarms: Vec<BillingAlarm>,
    /// Topic ARN → its subscriptions; a topic whose listing failed is absent
    /// here and recorded as a gap.
    pub topics: BTreeMap<String, Vec<Subscription>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BillingAlarm {
    pub name: String,
    pub arn: Option<String>,
    /// `metric` for a plain metric alarm, `metric_math` when the billing
    /// metric is one input of an expression.
    pub kind: String,
    pub state: Option<String>,
    pub actions_enabled: Option<bool>,
    pub alarm_actions: Vec<String>,
    pub ok_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
    pub threshold: Option<f64>,
    pub comparison_operator: Option<String>,
    pub statistic: Option<String>,
    pub period: Option<i32>,
    pub dimensions: BTreeMap<String, String>,
    /// For metric-math alarms, the expression that is alarmed on.
    pub expression: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    pub protocol: Option<String>,
    pub endpoint: Option<String>,
    /// `PendingConfirmation` until the subscriber confirms.
    pub subscription_arn: Option<String>,
    pub confirmed: bool,
    pub owner: Option<String>,
}

/// An AWS Budgets budget of the account, with its notifications.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub name: String,
    /// COST, USAGE, RI_UTILIZATION, ...
    pub budget_type: String,
    pub time_unit: String,
    pub limit_amount: Option<String>,
    pub limit_unit: Option<String>,
    /// Legacy cost filters, e.g. `LinkedAccount` → account ids.
    pub cost_filters: BTreeMap<String, Vec<String>>,
    /// The budget also has a filter expression (newer API), not evaluated.
    pub has_filter_expression: bool,
    /// `None` when listing the budget's notifications failed (a gap).
    pub notifications: Option<Vec<BudgetNotification>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetNotification {
    /// ACTUAL or FORECASTED.
    pub notification_type: String,
    pub comparison_operator: String,
    pub threshold: f64,
    pub threshold_type: Option<String>,
    pub state: Option<String>,
    /// `None` when listing the subscribers failed (a gap).
    pub subscribers: Option<Vec<BudgetSubscriber>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetSubscriber {
    /// EMAIL or SNS.
    pub subscription_type: String,
    pub address: String,
}
