//! AWS Budgets of one account: budgets, their notifications and subscribers.
//! The call count grows with budgets (a handful), never with users.

use super::clients::AccountClients;
use super::gaps::{CallError, GapRecorder};
use crate::snapshot::billing::{Budget, BudgetNotification, BudgetSubscriber};
use aws_sdk_budgets::types::Notification;
use aws_sdk_budgets::Client;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

const SVC: &str = "budgets";

/// One page of a Budgets listing: `Ok(None)` when the API says there is
/// nothing (`NotFoundException`, a fact, not a gap), `Err(())` after recording
/// any other failure as a gap.
fn page<T, E>(
    rec: &GapRecorder,
    api: &str,
    result: Result<T, SdkError<E, Response>>,
) -> Result<Option<T>, ()>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match result {
        Ok(p) => Ok(Some(p)),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is("NotFoundException") {
                return Ok(None);
            }
            rec.record(SVC, None, api, &err);
            Err(())
        }
    }
}

pub async fn budgets(
    clients: &AccountClients,
    rec: &GapRecorder,
    account_id: &str,
) -> Option<Vec<Budget>> {
    let client = clients.budgets();
    let mut out = Vec::new();
    let mut pages = client
        .describe_budgets()
        .account_id(account_id)
        .into_paginator()
        .send();
    while let Some(result) = pages.next().await {
        let page = match page(rec, "DescribeBudgets", result) {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(()) => return None,
        };
        for b in page.budgets() {
            let name = b.budget_name().to_string();
            // Deprecated in favour of FilterExpression, but still returned and
            // what existing estates (MoJ's `LinkedAccount` budgets) use.
            #[allow(deprecated)]
            let cost_filters = b
                .cost_filters()
                .map(|f| f.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default();
            let notifications = notifications(&client, rec, account_id, &name).await;
            out.push(Budget {
                budget_type: b.budget_type().as_str().to_string(),
                time_unit: b.time_unit().as_str().to_string(),
                limit_amount: b.budget_limit().map(|l| l.amount().to_string()),
                limit_unit: b.budget_limit().map(|l| l.unit().to_string()),
                cost_filters,
                has_filter_expression: b.filter_expression().is_some(),
                notifications,
                name,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Some(out)
}

async fn notifications(
    client: &Client,
    rec: &GapRecorder,
    account_id: &str,
    budget: &str,
) -> Option<Vec<BudgetNotification>> {
    let mut out = Vec::new();
    let mut pages = client
        .describe_notifications_for_budget()
        .account_id(account_id)
        .budget_name(budget)
        .into_paginator()
        .send();
    while let Some(result) = pages.next().await {
        let page = match page(rec, "DescribeNotificationsForBudget", result) {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(()) => return None,
        };
        for n in page.notifications() {
            out.push(BudgetNotification {
                notification_type: n.notification_type().as_str().to_string(),
                comparison_operator: n.comparison_operator().as_str().to_string(),
                threshold: n.threshold(),
                threshold_type: n.threshold_type().map(|t| t.as_str().to_string()),
                state: n.notification_state().map(|s| s.as_str().to_string()),
                subscribers: subscribers(client, rec, account_id, budget, n).await,
            });
        }
    }
    Some(out)
}

async fn subscribers(
    client: &Client,
    rec: &GapRecorder,
    account_id: &str,
    budget: &str,
    notification: &Notification,
) -> Option<Vec<BudgetSubscriber>> {
    let mut out = Vec::new();
    let mut pages = client
        .describe_subscribers_for_notification()
        .account_id(account_id)
        .budget_name(budget)
        .notification(notification.clone())
        .into_paginator()
        .send();
    while let Some(result) = pages.next().await {
        let page = match page(rec, "DescribeSubscribersForNotification", result) {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(()) => return None,
        };
        out.extend(page.subscribers().iter().map(|s| BudgetSubscriber {
            subscription_type: s.subscription_type().as_str().to_string(),
            address: s.address().to_string(),
        }));
    }
    Some(out)
}
