//! Client-side API accounting: an SDK interceptor counts operations,
//! HTTP attempts and throttling answers for one account.

use crate::snapshot::ApiStats;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextRef,
    BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Debug, Default)]
struct Counts {
    calls: AtomicU64,
    requests: AtomicU64,
    throttles: AtomicU64,
}

/// Shared by every client of one account; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct CallCounter(Arc<Counts>);

impl CallCounter {
    pub fn stats(&self) -> ApiStats {
        let calls = self.0.calls.load(Ordering::Relaxed);
        let requests = self.0.requests.load(Ordering::Relaxed);
        ApiStats {
            calls,
            requests,
            retries: requests.saturating_sub(calls),
            throttles: self.0.throttles.load(Ordering::Relaxed),
        }
    }
}

/// Throttling shows as 429/503, or a 400 whose body names a throttling code.
fn is_throttle(status: u16, body: Option<&[u8]>) -> bool {
    if status == 429 || status == 503 {
        return true;
    }
    if status != 400 {
        return false;
    }
    let Some(body) = body else { return false };
    let text = String::from_utf8_lossy(body);
    [
        "Throttl",
        "TooManyRequests",
        "RequestLimitExceeded",
        "SlowDown",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "orgaudit-call-counter"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.calls.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.requests.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    // After deserialization the (non-streaming) body has been read, so a
    // 400's error code can be seen; before it, the body is still a stream.
    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response();
        if is_throttle(response.status().as_u16(), response.body().bytes()) {
            self.0.throttles.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::is_throttle;

    #[test]
    fn throttling_answers_are_recognised() {
        assert!(is_throttle(429, None));
        assert!(is_throttle(400, Some(b"<Code>Throttling</Code>")));
        assert!(is_throttle(
            400,
            Some(br#"{"__type":"ThrottlingException"}"#)
        ));
        assert!(!is_throttle(400, Some(b"<Code>AccessDenied</Code>")));
        assert!(!is_throttle(200, Some(b"Throttling")));
    }
}
