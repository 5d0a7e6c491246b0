//! How many accounts are collected at once, adapted to throttling (AIMD):
//! an account that met throttling answers halves the limit, one that met
//! none raises it by one, up to `--concurrency`. Per-member quotas are the
//! member's own, but the caller's (STS AssumeRole, Organizations) are
//! shared by the whole run: backing off keeps an organisation-wide run from
//! spending them on retries.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Debug)]
pub struct AdaptiveLimit {
    semaphore: Arc<Semaphore>,
    max: usize,
    /// The limit now, and permits still to withdraw (taken back as accounts
    /// finish, since a permit in use cannot be revoked).
    state: Mutex<(usize, usize)>,
    lowest: AtomicUsize,
}

impl AdaptiveLimit {
    pub fn new(max: usize) -> Arc<AdaptiveLimit> {
        let max = max.max(1);
        Arc::new(AdaptiveLimit {
            semaphore: Arc::new(Semaphore::new(max)),
            max,
            state: Mutex::new((max, 0)),
            lowest: AtomicUsize::new(max),
        })
    }

    pub async fn acquire(&self) -> Option<OwnedSemaphorePermit> {
        self.semaphore.clone().acquire_owned().await.ok()
    }

    /// An account finished holding `permit`, having met `throttles`
    /// throttling answers.
    pub fn finished(&self, permit: Option<OwnedSemaphorePermit>, throttles: u64) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let (limit, owed) = &mut *state;
        if throttles > 0 {
            let target = (*limit / 2).max(1);
            *owed += *limit - target;
            *limit = target;
            self.lowest.fetch_min(target, Ordering::Relaxed);
        } else if *limit < self.max {
            *limit += 1;
            if *owed > 0 {
                *owed -= 1;
            } else {
                self.semaphore.add_permits(1);
            }
        }
        if let Some(permit) = permit {
            if *owed > 0 {
                *owed -= 1;
                permit.forget();
            }
        }
    }

    /// The lowest the limit went during the run.
    pub fn lowest(&self) -> usize {
        self.lowest.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::AdaptiveLimit;

    #[tokio::test]
    async fn halves_on_throttling_and_recovers_one_by_one() {
        let limit = AdaptiveLimit::new(8);
        let mut held = Vec::new();
        for _ in 0..8 {
            held.push(limit.acquire().await);
        }
        let mut held = held.into_iter();
        limit.finished(held.next().flatten(), 3);
        assert_eq!(limit.lowest(), 4);
        assert_eq!(limit.state.lock().map(|s| s.0).ok(), Some(4));
        // The throttled account's permit was withdrawn, not returned.
        assert_eq!(limit.semaphore.available_permits(), 0);
        let second = held.next().flatten();
        limit.finished(second, 0);
        assert_eq!(
            limit.semaphore.available_permits(),
            0,
            "still over the limit"
        );
        for permit in held {
            limit.finished(permit, 0);
        }
        for _ in 0..4 {
            let p = limit.acquire().await;
            limit.finished(p, 0);
        }
        assert_eq!(limit.state.lock().map(|s| s.0).ok(), Some(8));
        assert_eq!(
            limit.semaphore.available_permits(),
            8,
            "back to --concurrency"
        );
    }
}
