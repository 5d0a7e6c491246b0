//! The account's S3 bucket names: whose account a trail's log bucket is in
//! (a trail names its bucket, not the bucket's owner).

use super::clients::AccountClients;
use super::gaps::GapRecorder;

pub async fn bucket_names(clients: &AccountClients, rec: &GapRecorder) -> Option<Vec<String>> {
    let client = clients.s3();
    let mut names = Vec::new();
    let mut pages = client.list_buckets().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = rec.ok("s3", None, "ListBuckets", page)?;
        names.extend(
            page.buckets()
                .iter()
                .filter_map(|b| b.name().map(str::to_string)),
        );
    }
    Some(names)
}
