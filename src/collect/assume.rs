//! Credentials for a member account: sts:AssumeRole through the caller's
//! counted STS client, re-assumed shortly before the session expires so long
//! runs keep working. Secrets stay inside `Credentials`, whose Debug redacts.

use super::gaps::CallError;
use aws_credential_types::provider::{self, error::CredentialsError, ProvideCredentials};
use aws_credential_types::Credentials;
use std::time::{Duration, SystemTime};
use tokio::sync::Mutex;

/// Re-assume when less than this is left on the session.
const REFRESH_MARGIN: Duration = Duration::from_secs(300);

pub struct AssumedRoleProvider {
    sts: aws_sdk_sts::Client,
    role_arn: String,
    session_name: String,
    external_id: Option<String>,
    cached: Mutex<Option<Credentials>>,
}

impl std::fmt::Debug for AssumedRoleProvider {
    // The external id is a shared secret of sorts: keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssumedRoleProvider")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .finish_non_exhaustive()
    }
}

impl AssumedRoleProvider {
    pub fn new(
        sts: aws_sdk_sts::Client,
        role_arn: String,
        session_name: String,
        external_id: Option<String>,
    ) -> Self {
        AssumedRoleProvider {
            sts,
            role_arn,
            session_name,
            external_id,
            cached: Mutex::new(None),
        }
    }

    /// Assume the role now; the error keeps AWS's code for the gap.
    pub async fn assume(&self) -> Result<Credentials, CallError> {
        let mut cached = self.cached.lock().await;
        if let Some(creds) = cached.as_ref() {
            let fresh = creds
                .expiry()
                .is_none_or(|exp| exp > SystemTime::now() + REFRESH_MARGIN);
            if fresh {
                return Ok(creds.clone());
            }
        }
        let result = self
            .sts
            .assume_role()
            .role_arn(&self.role_arn)
            .role_session_name(&self.session_name)
            .set_external_id(self.external_id.clone())
            .send()
            .await;
        let output = result.map_err(|e| CallError::from_sdk(&e))?;
        let Some(c) = output.credentials() else {
            return Err(CallError {
                code: "NoCredentials".to_string(),
                message: "AssumeRole answered without credentials".to_string(),
                http_status: None,
            });
        };
        let expiry = SystemTime::try_from(*c.expiration()).ok();
        let creds = Credentials::new(
            c.access_key_id(),
            c.secret_access_key(),
            Some(c.session_token().to_string()),
            expiry,
            "orgaudit-assume-role",
        );
        *cached = Some(creds.clone());
        Ok(creds)
    }
}

impl ProvideCredentials for AssumedRoleProvider {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(async move {
            self.assume().await.map_err(|e| {
                CredentialsError::provider_error(format!(
                    "AssumeRole {} failed: {}: {}",
                    self.role_arn, e.code, e.message
                ))
            })
        })
    }
}
