//! User sessions ([`Client::user_session`](crate::Client::user_session)): a user token that takes care of itself.
//!
//! The session logs in through the generated `/token/*` operations, caches the token, and logs in again shortly
//! before the token expires, or when the service rejects it (code 10008; the core then sends the call once more).
//! Logins are single flight: every call that needs a token while a login is running waits for that login, so 50
//! concurrent calls make one login; when it fails, they all get its error ([`Error::Login`]).
//!
//! # The unit of `expire`
//!
//! The document calls `expire` only 过期时间戳 ("expiry timestamp"), without a unit, and uses both seconds and
//! milliseconds for its other times. The session reads it by magnitude, which is unambiguous for any date between
//! 1973 and 5138: at least 10¹¹ is Unix time in milliseconds, at least 10⁹ is Unix time in seconds, a smaller
//! positive number is a lifetime in seconds from now, and zero or less (or absent) means no known expiry. A token
//! with no known expiry, or one that already looks expired when it arrives (clock skew), is kept until the service
//! rejects it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::HeaderValue;

use crate::error::{Error, Result};
use crate::values::{Method, Secret};

/// How a [user session](crate::Client::user_session) logs in: user id, user name, or login name (name, mobile
/// number or email), and a password.
///
/// ```
/// use std::time::Duration;
/// use maxim_api::UserLogin;
///
/// let by_id = UserLogin::id(2302128618880, "password");              // POST /token/id
/// let by_name = UserLogin::name("alice", "password");                // POST /token/user
/// let by_login = UserLogin::login_name("alice@example.com", "password") // POST /token/login
///     .refresh_margin(Duration::from_secs(60));
/// // The password never shows up in debug output.
/// assert!(!format!("{by_id:?} {by_name:?} {by_login:?}").contains("password\""));
/// ```
#[derive(Clone)]
pub struct UserLogin {
    pub(crate) who: Who,
    pub(crate) password: Secret,
    pub(crate) device_guid: Option<String>,
    refresh_margin: Duration,
}

/// Whom a session logs in as.
#[derive(Clone, Debug)]
pub(crate) enum Who {
    Id(i64),
    Name(String),
    LoginName(String),
}

impl UserLogin {
    /// Logs in by user id (`POST /token/id`).
    pub fn id(user_id: i64, password: impl Into<Secret>) -> Self {
        UserLogin::new(Who::Id(user_id), password.into())
    }

    /// Logs in by user name (`POST /token/user`).
    pub fn name(name: impl Into<String>, password: impl Into<Secret>) -> Self {
        UserLogin::new(Who::Name(name.into()), password.into())
    }

    /// Logs in by user name, mobile number or email (`POST /token/login`).
    pub fn login_name(login_name: impl Into<String>, password: impl Into<Secret>) -> Self {
        UserLogin::new(Who::LoginName(login_name.into()), password.into())
    }

    fn new(who: Who, password: Secret) -> Self {
        UserLogin { who, password, device_guid: None, refresh_margin: Duration::from_secs(300) }
    }

    /// The device id sent with the login (`device_guid`).
    pub fn device_guid(mut self, device_guid: impl Into<String>) -> Self {
        self.device_guid = Some(device_guid.into());
        self
    }

    /// How long before the token's expiry the session logs in again (default 5 minutes, at most half the token's
    /// lifetime).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }
}

impl fmt::Debug for UserLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserLogin")
            .field("who", &self.who)
            .field("password", &self.password)
            .field("device_guid", &self.device_guid)
            .field("refresh_margin", &self.refresh_margin)
            .finish()
    }
}

/// The state of one session, shared by the clones of its client.
pub(crate) struct Session {
    login: UserLogin,
    /// The client the session was made from, without act-as: it sends the login calls.
    base: Box<dyn LogIn>,
    state: Mutex<State>,
    /// Held while logging in: the single flight.
    flight: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    token: Option<Token>,
    /// Counts login attempts.
    generation: u64,
    /// The last failed login and its generation, for the calls that waited for it.
    failure: Option<(u64, Arc<Error>)>,
}

struct Token {
    header: HeaderValue,
    refresh_at: Option<Instant>,
    generation: u64,
}

impl State {
    fn fresh(&self, now: Instant) -> Option<(HeaderValue, u64)> {
        let token = self.token.as_ref().filter(|t| t.refresh_at.is_none_or(|at| now < at))?;
        Some((token.header.clone(), token.generation))
    }
}

impl Session {
    pub(crate) fn new(login: UserLogin, base: Box<dyn LogIn>) -> Self {
        Session { login, base, state: Mutex::new(State::default()), flight: tokio::sync::Mutex::new(()) }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state stays consistent whatever panicked: every update is a single assignment.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A token to send, and its generation (for [`invalidate`](Self::invalidate)); logs in when needed.
    pub(crate) async fn token(&self) -> Result<(HeaderValue, u64)> {
        let seen = {
            let state = self.state();
            if let Some(fresh) = state.fresh(Instant::now()) {
                return Ok(fresh);
            }
            state.generation
        };
        let _flight = self.flight.lock().await;
        {
            let state = self.state();
            if let Some(fresh) = state.fresh(Instant::now()) {
                return Ok(fresh); // another call logged in meanwhile
            }
            if let Some((generation, error)) = &state.failure
                && *generation > seen
            {
                return Err(Error::Login { source: Arc::clone(error) }); // the login this call waited for failed
            }
        }
        let result = self.log_in().await;
        let mut state = self.state();
        state.generation += 1;
        let generation = state.generation;
        match result {
            Ok((header, refresh_at)) => {
                state.token = Some(Token { header: header.clone(), refresh_at, generation });
                state.failure = None;
                Ok((header, generation))
            }
            Err(error) => {
                let error = Arc::new(error);
                state.failure = Some((generation, Arc::clone(&error)));
                Err(Error::Login { source: error })
            }
        }
    }

    /// Drops the token of `generation` after the service rejected it (a newer token is kept).
    pub(crate) fn invalidate(&self, generation: u64) {
        let mut state = self.state();
        if state.token.as_ref().is_some_and(|t| t.generation == generation) {
            state.token = None;
        }
    }

    /// One login through the client's `/token/*` calls: the token as a header, and when to log in again.
    async fn log_in(&self) -> Result<(HeaderValue, Option<Instant>)> {
        let login = &self.login;
        let answer = self.base.log_in(login).await?;
        let secret = answer.token;
        if secret.expose().is_empty() {
            return Err(Error::Decode {
                operation: answer.operation,
                method: Method::Post,
                url_path: answer.path,
                path: "data.token".to_owned(),
                message: "the login answer's token is empty".to_owned(),
                body: String::new(),
                body_truncated: false,
                replay_safe: false,
            });
        }
        let header = token_header(&secret)?;
        let now = (Instant::now(), SystemTime::now());
        let refresh_at = answer.expire.and_then(|expire| refresh_instant(expire, now, login.refresh_margin));
        tracing::debug!(user = ?login.who, expires_in_s = refresh_at.map(|at| at.duration_since(now.0).as_secs()), "user session logged in");
        Ok((header, refresh_at))
    }
}

/// What a login call answered: the token and its expiry, and which operation it was (for errors).
pub(crate) struct LoginAnswer {
    pub token: Secret,
    pub expire: Option<i64>,
    pub operation: &'static str,
    pub path: &'static str,
}

/// The login calls of a session, sent by the client it was made from (which implements this). The session knows
/// them only through this trait, so that the client's module and this one do not import each other.
pub(crate) trait LogIn: Send + Sync {
    /// Logs in as `login` says (`/token/id`, `/token/user` or `/token/login`).
    fn log_in<'a>(&'a self, login: &'a UserLogin) -> Pin<Box<dyn Future<Output = Result<LoginAnswer>> + Send + 'a>>;
}

/// A token as a sensitive header value (hyper keeps it out of its own debug output).
pub(crate) fn token_header(token: &Secret) -> Result<HeaderValue> {
    let mut header = HeaderValue::from_str(token.expose())
        .map_err(|_| Error::config("access token is not a valid HTTP header value"))?;
    header.set_sensitive(true);
    Ok(header)
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserSession").field("login", &self.login).finish_non_exhaustive()
    }
}

/// When `expire` is, read by magnitude (see the module docs).
fn expiry(expire: i64, now: SystemTime) -> Option<SystemTime> {
    const MILLIS_FROM: i64 = 100_000_000_000;
    const SECONDS_FROM: i64 = 1_000_000_000;
    let since_epoch = |d: Duration| SystemTime::UNIX_EPOCH.checked_add(d);
    match expire {
        e if e >= MILLIS_FROM => since_epoch(Duration::from_millis(e.unsigned_abs())),
        e if e >= SECONDS_FROM => since_epoch(Duration::from_secs(e.unsigned_abs())),
        e if e > 0 => now.checked_add(Duration::from_secs(e.unsigned_abs())),
        _ => None,
    }
}

/// When to log in again: `margin` (at most half the lifetime) before the expiry; `None` when the expiry is unknown
/// or already past.
fn refresh_instant(expire: i64, (now, wall): (Instant, SystemTime), margin: Duration) -> Option<Instant> {
    let lifetime = expiry(expire, wall)?.duration_since(wall).ok().filter(|l| !l.is_zero())?;
    now.checked_add(lifetime - margin.min(lifetime / 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expire_is_read_by_magnitude() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let at = |secs: u64| Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(expiry(1_700_003_600_000, now), at(1_700_003_600), "milliseconds");
        assert_eq!(expiry(1_700_003_600, now), at(1_700_003_600), "seconds");
        assert_eq!(expiry(7200, now), at(1_700_007_200), "a lifetime in seconds");
        assert_eq!(expiry(0, now), None);
        assert_eq!(expiry(-1, now), None);
        // The boundaries: 10^11 ms is 1973, 10^9 s is 2001.
        assert_eq!(expiry(100_000_000_000, now), at(100_000_000));
        assert_eq!(expiry(99_999_999_999, now), at(99_999_999_999));
    }

    #[test]
    fn refresh_comes_a_margin_before_expiry() {
        let wall = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let now = Instant::now();
        let hour_ms = 1_700_003_600_000;
        assert_eq!(
            refresh_instant(hour_ms, (now, wall), Duration::from_secs(300)),
            Some(now + Duration::from_secs(3300))
        );
        // A short lifetime: at most half of it is margin.
        assert_eq!(refresh_instant(60, (now, wall), Duration::from_secs(300)), Some(now + Duration::from_secs(30)));
        // Already expired on arrival (clock skew) or unknown: kept until the service rejects it.
        assert_eq!(refresh_instant(1_600_000_000, (now, wall), Duration::from_secs(300)), None);
        assert_eq!(refresh_instant(0, (now, wall), Duration::from_secs(300)), None);
    }
}
