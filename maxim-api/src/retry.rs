//! Retries that never duplicate: the [`RetryPolicy`] and the one table the call loop asks after every attempt
//! ([`decide`]): return the outcome, wait and send again, or log a user session in again and send again.
//!
//! What is retried (after smithy-rs's standard strategy and progenitor's `is_retryable`):
//! - a connection that could not be made ([`Failure::NotSent`]): the request never left, so any call is retried;
//! - a timeout, a connection lost after sending, and HTTP 429, 502, 503 and 504: only when the call is *replay
//!   safe*, i.e. a `GET` or a call the service de-duplicates (`transaction_id`, filled in by the SDK once per call
//!   and reused on every attempt). Anything else may have reached the server and is never sent twice.
//!
//! The wait before retry `n` (1-based) is full jitter over a capped exponential backoff:
//! `random(0 ..= min(max_backoff, initial_backoff × 2ⁿ⁻¹))`, or the server's `Retry-After` when it sent one (a
//! `Retry-After` above [`RetryPolicy::max_retry_after`] stops the retries). A retry never starts, and no wait
//! begins, once the call's total time budget ([`RetryPolicy::max_elapsed`], counted from the start of the call, the
//! first attempt included) would be exceeded.
//!
//! A user session whose token the service rejects (code 10008) logs in again and the call is sent once more
//! ([`Decision::Renew`]), once per call; that resend does not count against the policy's attempts.

use std::time::{Duration, SystemTime};

/// How a call is retried; set per client ([`ClientBuilder::retry`](crate::ClientBuilder::retry)) or per call
/// (`.retry(policy)` / `.no_retry()` on any request builder).
///
/// Only failures that are safe to repeat are retried: see the [module docs](crate#retries).
///
/// ```
/// use std::time::Duration;
/// use maxim_api::RetryPolicy;
///
/// let policy = RetryPolicy::default().max_attempts(5).max_elapsed(Duration::from_secs(10));
/// assert_eq!(policy.attempts(), 5);
/// assert_eq!(RetryPolicy::none().attempts(), 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 200 ms capped at 5 s, `Retry-After` honoured up to 20 s, 60 s in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retry.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The most attempts of one call, the first included (at least 1; default 3).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry, doubled before each following one (default 200 ms).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff between two attempts (default 5 s).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The total time budget of the retries of a call, measured from its start, the first attempt included: every
    /// attempt's timeout is cut to what is left, and no wait begins that would end after it (default 60 s). A hard
    /// bound on the whole call, login included, is the operation timeout
    /// ([`ClientBuilder::operation_timeout`](crate::ClientBuilder::operation_timeout)).
    pub fn max_elapsed(mut self, budget: Duration) -> Self {
        self.max_elapsed = budget;
        self
    }

    /// The longest `Retry-After` the client waits for; a server asking for more ends the retries, and the error's
    /// [`retry_after`](crate::Error::retry_after) tells the caller when to come back (default 20 s).
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The most attempts of one call, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The total time budget of a call.
    pub fn budget(&self) -> Duration {
        self.max_elapsed
    }

    /// The backoff ceiling before retry `retry` (1-based), before jitter: `initial × 2^(retry-1)`, capped, without
    /// overflow.
    fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 2u32.checked_pow(retry.saturating_sub(1)).unwrap_or(u32::MAX);
        self.initial_backoff.checked_mul(factor).unwrap_or(Duration::MAX).min(self.max_backoff)
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No connection could be made: the request was not sent.
    NotSent,
    /// The attempt timed out; the request may have been sent.
    TimedOut,
    /// The connection failed after the request may have been sent (reset, truncated body).
    Interrupted,
    /// The server answered with this status (and maybe a `Retry-After`).
    Status {
        /// The HTTP status.
        status: u16,
        /// The server's `Retry-After`, as a wait from now.
        retry_after: Option<Duration>,
    },
    /// The service rejected a user session's token (code 10008), and the session has not logged in again during
    /// this call.
    TokenRejected,
    /// Anything else: a success, a business error, a body that does not decode, a body too large.
    Final,
}

/// The decision after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then send the request again.
    Retry(Duration),
    /// Log the user session in again, then send the request again at once.
    Renew,
    /// Return this attempt's outcome.
    Stop(Stop),
}

/// Why the runtime stops (logged with the outcome).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The outcome is not a transient failure.
    NotRetryable,
    /// Transient, but the request may have reached the server and the call is not replay safe.
    NotReplaySafe,
    /// The policy's attempts are used up.
    AttemptsExhausted,
    /// The wait would end after the call's time budget.
    BudgetExhausted,
    /// The server asked to wait longer than the policy allows.
    RetryAfterTooLong,
}

/// Whether to retry after `attempt` (1-based) failed with `failure`, `elapsed` after the call started. `replay_safe`:
/// the call is a `GET` or the service de-duplicates it. `jitter` is a random number in `0.0..=1.0`.
pub(crate) fn decide(
    policy: &RetryPolicy,
    attempt: u32,
    elapsed: Duration,
    failure: Failure,
    replay_safe: bool,
    jitter: f64,
) -> Decision {
    let retry_after = match failure {
        // The service refused the call before doing anything: safe for every call.
        Failure::TokenRejected => return Decision::Renew,
        Failure::Final => return Decision::Stop(Stop::NotRetryable),
        Failure::Status { status, .. } if !is_transient_status(status) => return Decision::Stop(Stop::NotRetryable),
        Failure::NotSent => None,
        Failure::TimedOut | Failure::Interrupted | Failure::Status { .. } if !replay_safe => {
            return Decision::Stop(Stop::NotReplaySafe);
        }
        Failure::Status { retry_after, .. } => retry_after,
        Failure::TimedOut | Failure::Interrupted => None,
    };
    if attempt >= policy.max_attempts {
        return Decision::Stop(Stop::AttemptsExhausted);
    }
    let delay = match retry_after {
        Some(wait) if wait > policy.max_retry_after => return Decision::Stop(Stop::RetryAfterTooLong),
        Some(wait) => wait,
        None => policy.backoff_ceiling(attempt).mul_f64(jitter.clamp(0.0, 1.0)),
    };
    if elapsed.saturating_add(delay) >= policy.max_elapsed {
        return Decision::Stop(Stop::BudgetExhausted);
    }
    Decision::Retry(delay)
}

/// 429 Too Many Requests, 502 Bad Gateway, 503 Service Unavailable, 504 Gateway Timeout.
pub(crate) fn is_transient_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// A `Retry-After` header value as a wait from `now`: delay-seconds (`120`) or an HTTP date (a date in the past is
/// no wait). `None` when it is neither.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A random id for a de-duplicated call's `transaction_id`: a positive 63-bit integer, so two calls collide with a
/// probability of about n²/2⁶⁴ for n calls inside the service's de-duplication window.
pub(crate) fn dedup_id() -> i64 {
    fastrand::i64(1..=i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);
    const MS: Duration = Duration::from_millis(1);

    fn status(status: u16) -> Failure {
        Failure::Status { status, retry_after: None }
    }

    #[test]
    fn decision_table() {
        let policy = RetryPolicy::default();
        let after = |secs| Failure::Status { status: 429, retry_after: Some(Duration::from_secs(secs)) };
        // (failure, replay safe, attempt, elapsed, jitter) -> decision
        let cases: [(Failure, bool, u32, Duration, f64, Decision); 18] = [
            (Failure::TokenRejected, false, 1, Duration::ZERO, 1.0, Decision::Renew),
            (Failure::TokenRejected, false, 3, 99 * S, 1.0, Decision::Renew),
            (Failure::NotSent, false, 1, Duration::ZERO, 1.0, Decision::Retry(200 * MS)),
            (Failure::NotSent, true, 2, Duration::ZERO, 1.0, Decision::Retry(400 * MS)),
            (Failure::NotSent, false, 3, Duration::ZERO, 1.0, Decision::Stop(Stop::AttemptsExhausted)),
            (Failure::TimedOut, true, 1, Duration::ZERO, 0.5, Decision::Retry(100 * MS)),
            (Failure::TimedOut, false, 1, Duration::ZERO, 0.5, Decision::Stop(Stop::NotReplaySafe)),
            (Failure::Interrupted, false, 1, Duration::ZERO, 0.5, Decision::Stop(Stop::NotReplaySafe)),
            (Failure::Interrupted, true, 1, Duration::ZERO, 0.0, Decision::Retry(Duration::ZERO)),
            (status(503), true, 1, Duration::ZERO, 1.0, Decision::Retry(200 * MS)),
            (status(503), false, 1, Duration::ZERO, 1.0, Decision::Stop(Stop::NotReplaySafe)),
            (status(502), true, 1, Duration::ZERO, 1.0, Decision::Retry(200 * MS)),
            (status(504), true, 1, Duration::ZERO, 1.0, Decision::Retry(200 * MS)),
            (status(500), true, 1, Duration::ZERO, 1.0, Decision::Stop(Stop::NotRetryable)),
            (status(404), true, 1, Duration::ZERO, 1.0, Decision::Stop(Stop::NotRetryable)),
            (Failure::Final, true, 1, Duration::ZERO, 1.0, Decision::Stop(Stop::NotRetryable)),
            (after(1), true, 1, Duration::ZERO, 0.0, Decision::Retry(S)),
            (after(21), true, 1, Duration::ZERO, 0.0, Decision::Stop(Stop::RetryAfterTooLong)),
        ];
        for (failure, safe, attempt, elapsed, jitter, expected) in cases {
            let got = decide(&policy, attempt, elapsed, failure, safe, jitter);
            assert_eq!(got, expected, "{failure:?} safe={safe} attempt={attempt} elapsed={elapsed:?}");
        }
    }

    #[test]
    fn the_time_budget_caps_waits() {
        let policy = RetryPolicy::default().max_elapsed(10 * S);
        let wait = |elapsed, failure| decide(&policy, 1, elapsed, failure, true, 1.0);
        assert_eq!(wait(9 * S, status(503)), Decision::Retry(200 * MS));
        assert_eq!(wait(9900 * MS, status(503)), Decision::Stop(Stop::BudgetExhausted));
        let after_two = Failure::Status { status: 503, retry_after: Some(2 * S) };
        assert_eq!(wait(7 * S, after_two), Decision::Retry(2 * S));
        assert_eq!(wait(8 * S, after_two), Decision::Stop(Stop::BudgetExhausted));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_without_overflow() {
        let policy = RetryPolicy::default().max_attempts(u32::MAX).max_elapsed(Duration::MAX);
        let ceilings: Vec<Duration> = [1, 2, 3, 4, 5, 6, 64, u32::MAX].map(|n| policy.backoff_ceiling(n)).to_vec();
        assert_eq!(ceilings, [200 * MS, 400 * MS, 800 * MS, 1600 * MS, 3200 * MS, 5 * S, 5 * S, 5 * S].to_vec());
        for jitter in [0.0, 0.25, 1.0] {
            let got = decide(&policy, 40, Duration::ZERO, Failure::NotSent, false, jitter);
            assert_eq!(got, Decision::Retry((5 * S).mul_f64(jitter)));
        }
        // A jitter outside 0..=1 cannot stretch the wait.
        assert_eq!(decide(&policy, 1, Duration::ZERO, Failure::NotSent, false, 7.0), Decision::Retry(200 * MS));
    }

    #[test]
    fn no_retry_policy_stops_at_once() {
        let policy = RetryPolicy::none();
        assert_eq!(
            decide(&policy, 1, Duration::ZERO, Failure::NotSent, true, 1.0),
            Decision::Stop(Stop::AttemptsExhausted)
        );
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("1", now), Some(S));
        assert_eq!(parse_retry_after(" 120 ", now), Some(120 * S));
        let in_ten = httpdate::fmt_http_date(now + 10 * S);
        assert_eq!(parse_retry_after(&in_ten, now), Some(10 * S));
        let past = httpdate::fmt_http_date(now - 10 * S);
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn dedup_ids_are_positive_and_vary() {
        let ids: std::collections::HashSet<i64> = (0..1000).map(|_| dedup_id()).collect();
        assert!(ids.iter().all(|&id| id > 0));
        assert_eq!(ids.len(), 1000);
    }
}
