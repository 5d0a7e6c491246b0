//! CloudTrail in one region: every trail this account can see (shadow
//! trails of multi-region and organisation trails included), and the status
//! and event selectors of the trails whose home is this region. A trail
//! another account owns (an organisation trail seen from a member) is listed
//! but judged from its owner's collection.

use super::super::clients::AccountClients;
use super::super::gaps::GapRecorder;
use crate::snapshot::security::Trail;
use aws_sdk_cloudtrail::types::{AdvancedEventSelector, EventSelector, ReadWriteType};

const SVC: &str = "cloudtrail";

/// The account field of an ARN.
fn arn_account(arn: &str) -> Option<String> {
    arn.split(':')
        .nth(4)
        .filter(|a| a.len() == 12)
        .map(str::to_string)
}

/// Classic selectors: one that records every management event, read and
/// write, with no event source excluded (KMS or RDS Data API events left
/// out are management events not recorded).
fn classic_covers(selectors: &[EventSelector]) -> bool {
    selectors.iter().any(|s| {
        s.include_management_events().unwrap_or(true)
            && matches!(s.read_write_type(), Some(ReadWriteType::All) | None)
            && s.exclude_management_event_sources().is_empty()
    })
}

/// Advanced selectors: one that selects the Management category with no
/// other field narrowing it (a `readOnly` filter records only half).
fn advanced_covers(selectors: &[AdvancedEventSelector]) -> bool {
    selectors.iter().any(|s| {
        let fields = s.field_selectors();
        let management = fields
            .iter()
            .any(|f| f.field() == "eventCategory" && f.equals().iter().any(|v| v == "Management"));
        management && fields.iter().all(|f| f.field() == "eventCategory")
    })
}

pub async fn trails(
    clients: &AccountClients,
    rec: &GapRecorder,
    account_id: &str,
    region: &str,
) -> Option<Vec<Trail>> {
    let client = clients.cloudtrail(region);
    let r = Some(region);
    let listed = client
        .describe_trails()
        .include_shadow_trails(true)
        .send()
        .await;
    let listed = rec.ok(SVC, r, "DescribeTrails", listed)?;
    let mut out = Vec::new();
    for t in listed.trail_list() {
        let arn = t.trail_arn().unwrap_or_default().to_string();
        let owner = arn_account(&arn);
        let home = t.home_region().map(str::to_string);
        let mut trail = Trail {
            name: t.name().unwrap_or_default().to_string(),
            owner_account: owner.clone(),
            home_region: home.clone(),
            is_multi_region: t.is_multi_region_trail(),
            is_organization_trail: t.is_organization_trail(),
            s3_bucket_name: t.s3_bucket_name().map(str::to_string),
            log_file_validation: t.log_file_validation_enabled(),
            kms_key_id: t.kms_key_id().map(str::to_string),
            is_logging: None,
            management_events_all: None,
            arn,
        };
        // Status and selectors once per trail: in its home region, by its owner.
        if home.as_deref() == Some(region) && owner.as_deref() == Some(account_id) {
            let (status, selectors) = tokio::join!(
                client.get_trail_status().name(&trail.arn).send(),
                client.get_event_selectors().trail_name(&trail.arn).send(),
            );
            trail.is_logging = rec
                .ok(SVC, r, "GetTrailStatus", status)
                .and_then(|s| s.is_logging());
            trail.management_events_all = rec.ok(SVC, r, "GetEventSelectors", selectors).map(|s| {
                classic_covers(s.event_selectors()) || advanced_covers(s.advanced_event_selectors())
            });
        }
        out.push(trail);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudtrail::types::AdvancedFieldSelector;

    fn classic(rw: ReadWriteType, management: bool, excluded: &[&str]) -> EventSelector {
        let mut b = EventSelector::builder()
            .read_write_type(rw)
            .include_management_events(management);
        for source in excluded {
            b = b.exclude_management_event_sources(*source);
        }
        b.build()
    }

    fn advanced(fields: &[(&str, &str)]) -> AdvancedEventSelector {
        let mut b = AdvancedEventSelector::builder();
        for (field, value) in fields {
            let f = AdvancedFieldSelector::builder()
                .field(*field)
                .equals(*value)
                .build()
                .expect("field selector");
            b = b.field_selectors(f);
        }
        b.build().expect("selector")
    }

    #[test]
    fn only_selectors_recording_every_management_event_count() {
        assert!(classic_covers(&[classic(ReadWriteType::All, true, &[])]));
        assert!(!classic_covers(&[classic(
            ReadWriteType::WriteOnly,
            true,
            &[]
        )]));
        assert!(!classic_covers(&[classic(ReadWriteType::All, false, &[])]));
        assert!(!classic_covers(&[classic(
            ReadWriteType::All,
            true,
            &["kms.amazonaws.com"]
        )]));
        assert!(advanced_covers(&[advanced(&[(
            "eventCategory",
            "Management"
        )])]));
        assert!(!advanced_covers(&[advanced(&[
            ("eventCategory", "Management"),
            ("readOnly", "false")
        ])]));
        assert!(!advanced_covers(&[advanced(&[("eventCategory", "Data")])]));
    }
}
