//! Turning failed API calls into recorded gaps instead of aborting the run.

use crate::snapshot::{Gap, GapKind};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::sync::Mutex;

/// The error code and message of a failed call, without any credentials.
#[derive(Debug, Clone)]
pub struct CallError {
    pub code: String,
    pub message: String,
    pub http_status: Option<u16>,
}

const MAX_MESSAGE: usize = 400;

impl CallError {
    pub fn from_sdk<E>(err: &SdkError<E, Response>) -> CallError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let http_status = err.raw_response().map(|r| r.status().as_u16());
        let code = match err {
            // An error body the SDK could not read still has a status.
            SdkError::ServiceError(_) => match (err.code(), http_status) {
                (Some(code), _) => code.to_string(),
                (None, Some(status)) => format!("HTTP{status}"),
                (None, None) => "UnknownError".to_string(),
            },
            SdkError::TimeoutError(_) => "Timeout".to_string(),
            SdkError::DispatchFailure(f) if f.is_timeout() => "Timeout".to_string(),
            SdkError::DispatchFailure(_) => "Network".to_string(),
            SdkError::ResponseError(_) => match http_status {
                Some(status) => format!("HTTP{status}"),
                None => "ResponseError".to_string(),
            },
            _ => "RequestFailed".to_string(),
        };
        let message = match err.message() {
            Some(m) if !m.is_empty() => m.to_string(),
            _ => DisplayErrorContext(err).to_string(),
        };
        CallError {
            code,
            message: truncate(message),
            http_status,
        }
    }

    pub fn is(&self, code: &str) -> bool {
        self.code == code
    }
}

fn truncate(mut text: String) -> String {
    if text.len() > MAX_MESSAGE {
        let mut cut = MAX_MESSAGE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// Collects the gaps of one account; shared by its concurrent tasks.
#[derive(Debug)]
pub struct GapRecorder {
    account_id: String,
    gaps: Mutex<Vec<Gap>>,
}

impl GapRecorder {
    pub fn new(account_id: &str) -> Self {
        GapRecorder {
            account_id: account_id.to_string(),
            gaps: Mutex::new(Vec::new()),
        }
    }

    pub fn record(&self, service: &str, region: Option<&str>, api: &str, err: &CallError) {
        let kind = GapKind::classify(&err.code, err.http_status, region.is_some());
        self.push(Gap {
            account_id: self.account_id.clone(),
            service: service.to_string(),
            region: region.map(str::to_string),
            api: api.to_string(),
            kind,
            error_code: err.code.clone(),
            message: err.message.clone(),
        });
    }

    pub fn push(&self, gap: Gap) {
        self.gaps
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(gap);
    }

    /// `Some(value)` on success; on failure record a gap and return `None`.
    pub fn ok<T, E>(
        &self,
        service: &str,
        region: Option<&str>,
        api: &str,
        result: Result<T, SdkError<E, Response>>,
    ) -> Option<T>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.record(service, region, api, &CallError::from_sdk(&e));
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.gaps
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty()
    }

    pub fn into_gaps(self) -> Vec<Gap> {
        self.gaps.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}
