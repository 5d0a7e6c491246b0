//! Permission sets: session duration, the managed, customer managed and
//! inline policies they grant, and their permissions boundary.

use super::{all_pages, FANOUT, SVC};
use crate::collect::convert::policy_document;
use crate::collect::gaps::{CallError, GapRecorder};
use crate::snapshot::identity::{BoundaryState, InlinePolicyState, PermissionSet, PolicyReference};
use aws_sdk_ssoadmin::types::CustomerManagedPolicyReference;
use aws_sdk_ssoadmin::Client;
use futures_util::{stream, StreamExt};

pub async fn permission_sets(
    client: &Client,
    rec: &GapRecorder,
    region: &str,
    instance: &str,
    arns: Vec<String>,
    page_size: Option<i32>,
) -> Vec<PermissionSet> {
    let mut sets: Vec<PermissionSet> = stream::iter(arns)
        .map(|arn| permission_set(client, rec, region, instance, arn, page_size))
        .buffer_unordered(FANOUT)
        .collect()
        .await;
    sets.sort_by(|a, b| a.arn.cmp(&b.arn));
    sets
}

fn reference(r: &CustomerManagedPolicyReference) -> PolicyReference {
    PolicyReference {
        name: r.name().to_string(),
        path: r.path().unwrap_or("/").to_string(),
    }
}

async fn permission_set(
    client: &Client,
    rec: &GapRecorder,
    region: &str,
    instance: &str,
    arn: String,
    page_size: Option<i32>,
) -> PermissionSet {
    let r = Some(region);
    let (described, managed, customer, inline, boundary) = tokio::join!(
        client
            .describe_permission_set()
            .instance_arn(instance)
            .permission_set_arn(&arn)
            .send(),
        async {
            all_pages!(
                rec,
                region,
                "ListManagedPoliciesInPermissionSet",
                client
                    .list_managed_policies_in_permission_set()
                    .instance_arn(instance)
                    .permission_set_arn(&arn)
                    .set_max_results(page_size),
                attached_managed_policies
            )
        },
        async {
            all_pages!(
                rec,
                region,
                "ListCustomerManagedPolicyReferencesInPermissionSet",
                client
                    .list_customer_managed_policy_references_in_permission_set()
                    .instance_arn(instance)
                    .permission_set_arn(&arn)
                    .set_max_results(page_size),
                customer_managed_policy_references
            )
        },
        client
            .get_inline_policy_for_permission_set()
            .instance_arn(instance)
            .permission_set_arn(&arn)
            .send(),
        client
            .get_permissions_boundary_for_permission_set()
            .instance_arn(instance)
            .permission_set_arn(&arn)
            .send(),
    );
    let described = rec.ok(SVC, r, "DescribePermissionSet", described);
    let set = described.as_ref().and_then(|d| d.permission_set());
    PermissionSet {
        name: set.and_then(|s| s.name()).map(str::to_string),
        description: set.and_then(|s| s.description()).map(str::to_string),
        session_duration: set.and_then(|s| s.session_duration()).map(str::to_string),
        managed_policies: managed.map(|list| {
            list.iter()
                .filter_map(|p| p.arn().map(str::to_string))
                .collect()
        }),
        customer_managed_policies: customer.map(|list| list.iter().map(reference).collect()),
        inline_policy: rec
            .ok(SVC, r, "GetInlinePolicyForPermissionSet", inline)
            .map(
                |out| match out.inline_policy().filter(|p| !p.trim().is_empty()) {
                    Some(text) => InlinePolicyState::Present {
                        document: policy_document(text),
                    },
                    None => InlinePolicyState::Absent,
                },
            ),
        permissions_boundary: match boundary {
            Ok(out) => Some(match out.permissions_boundary() {
                Some(b) => match (
                    b.managed_policy_arn(),
                    b.customer_managed_policy_reference(),
                ) {
                    (Some(arn), _) => BoundaryState::Managed {
                        arn: arn.to_string(),
                    },
                    (None, Some(reference_)) => BoundaryState::CustomerManaged {
                        reference: reference(reference_),
                    },
                    (None, None) => BoundaryState::Absent,
                },
                None => BoundaryState::Absent,
            }),
            Err(e) => {
                let err = CallError::from_sdk(&e);
                // AWS answers "no boundary" with ResourceNotFoundException.
                if err.is("ResourceNotFoundException") {
                    Some(BoundaryState::Absent)
                } else {
                    rec.record(SVC, r, "GetPermissionsBoundaryForPermissionSet", &err);
                    None
                }
            }
        },
        arn,
    }
}
