//! Alternate contacts (SECURITY, BILLING, OPERATIONS) of one account.

use super::gaps::{CallError, GapRecorder};
use crate::snapshot::AlternateContact;
use aws_sdk_account::types::AlternateContactType;
use aws_sdk_account::Client;
use std::collections::BTreeMap;

const SVC: &str = "account";
const TYPES: [AlternateContactType; 3] = [
    AlternateContactType::Security,
    AlternateContactType::Billing,
    AlternateContactType::Operations,
];

/// `None` if any of the three could not be read; a contact that is not set
/// is `Some(None)` under its type.
pub async fn alternate_contacts(
    client: &Client,
    rec: &GapRecorder,
) -> Option<BTreeMap<String, Option<AlternateContact>>> {
    let calls = TYPES.map(|t| {
        let client = client.clone();
        async move {
            let out = client
                .get_alternate_contact()
                .alternate_contact_type(t.clone())
                .send()
                .await;
            (t, out)
        }
    });
    let [a, b, c] = calls;
    let results = tokio::join!(a, b, c);
    let mut contacts = BTreeMap::new();
    let mut complete = true;
    for (kind, result) in [results.0, results.1, results.2] {
        let value = match result {
            Ok(out) => out.alternate_contact().map(|c| AlternateContact {
                name: c.name().map(str::to_string),
                title: c.title().map(str::to_string),
                email: c.email_address().map(str::to_string),
                phone: c.phone_number().map(str::to_string),
            }),
            Err(e) => {
                let err = CallError::from_sdk(&e);
                if !err.is("ResourceNotFoundException") {
                    rec.record(SVC, None, "GetAlternateContact", &err);
                    complete = false;
                    continue;
                }
                None
            }
        };
        contacts.insert(kind.as_str().to_string(), value);
    }
    complete.then_some(contacts)
}
