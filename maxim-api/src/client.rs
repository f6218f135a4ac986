//! The [`Client`] and its [`ClientBuilder`]: base URL, `app_id`, access token, timeout, user
//! agent, and the admin "act as" headers (`user_id`, `group_id`).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::error::{Error, Result};
use crate::generated::DEFAULT_BASE_URL;
use crate::values::Secret;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Whom an admin token acts as, set by [`Client::as_user`] and [`Client::as_group_admin`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActAs {
    /// Sends header `user_id: <id>`: the admin token acts as that user.
    User(i64),
    /// Sends header `group_id: <id>`: the admin token acts as that group's admin.
    GroupAdmin(i64),
}

/// A MaxIM API client. Cloning is cheap (the configuration and connection pool are shared).
///
/// ```
/// use maxim_api::Client;
///
/// let admin = Client::builder()
///     .base_url("https://api.maximtop.com")
///     .app_id("my-app")
///     .access_token("admin-token")
///     .build()?;
/// // The same client, acting as user 2302128618880 (sends header `user_id`).
/// let alice = admin.as_user(2302128618880);
/// assert_eq!(alice.base_url(), "https://api.maximtop.com");
/// // The token never shows up in debug output.
/// assert!(!format!("{admin:?}").contains("admin-token"));
/// # Ok::<(), maxim_api::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    pub(crate) act_as: Option<ActAs>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Without a trailing `/`.
    pub(crate) base_url: String,
    pub(crate) app_id: String,
    pub(crate) app_id_header: HeaderValue,
    pub(crate) access_token: Option<(Secret, HeaderValue)>,
    pub(crate) timeout: Duration,
    /// Sent per request when set (always when the client built its own `reqwest::Client`).
    pub(crate) user_agent: Option<HeaderValue>,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The same client, sending header `user_id: <id>`: an admin token acts as that user.
    /// Replaces any previous [`as_group_admin`](Self::as_group_admin). Cheap.
    pub fn as_user(&self, user_id: i64) -> Client {
        Client { inner: Arc::clone(&self.inner), act_as: Some(ActAs::User(user_id)) }
    }

    /// The same client, sending header `group_id: <id>`: an admin token acts as that group's
    /// admin. Replaces any previous [`as_user`](Self::as_user). Cheap.
    pub fn as_group_admin(&self, group_id: i64) -> Client {
        Client { inner: Arc::clone(&self.inner), act_as: Some(ActAs::GroupAdmin(group_id)) }
    }

    /// The same client, sending neither `user_id` nor `group_id`. Cheap.
    pub fn without_act_as(&self) -> Client {
        Client { inner: Arc::clone(&self.inner), act_as: None }
    }

    /// A client with the same configuration and connection pool but another access token
    /// (e.g. a user token obtained from a `/token/*` operation). Keeps the "act as" setting.
    ///
    /// Fails with [`Error::Config`] if the token is not a valid header value.
    pub fn with_access_token(&self, token: impl Into<Secret>) -> Result<Client> {
        let token = token.into();
        let header = token_header(&token)?;
        let old = &self.inner;
        Ok(Client {
            inner: Arc::new(Inner {
                http: old.http.clone(),
                base_url: old.base_url.clone(),
                app_id: old.app_id.clone(),
                app_id_header: old.app_id_header.clone(),
                access_token: Some((token, header)),
                timeout: old.timeout,
                user_agent: old.user_agent.clone(),
            }),
            act_as: self.act_as,
        })
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The app id sent in header `app_id`.
    pub fn app_id(&self) -> &str {
        &self.inner.app_id
    }

    /// Whether an access token is configured.
    pub fn has_access_token(&self) -> bool {
        self.inner.access_token.is_some()
    }

    /// The per-request timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// Whom an admin token acts as, if set.
    pub fn act_as(&self) -> Option<ActAs> {
        self.act_as
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("app_id", &self.inner.app_id)
            .field("access_token", &self.inner.access_token.as_ref().map(|(s, _)| s))
            .field("timeout", &self.inner.timeout)
            .field("act_as", &self.act_as)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]; see [`Client::builder`].
///
/// ```
/// use std::time::Duration;
/// use maxim_api::{Client, Error};
///
/// // `app_id` is required.
/// assert!(matches!(Client::builder().build(), Err(Error::Config { .. })));
///
/// // Registration (`POST /user/register/v2`) needs only the app id.
/// let anonymous = Client::builder()
///     .app_id("my-app")
///     .timeout(Duration::from_secs(10))
///     .build()?;
/// assert!(!anonymous.has_access_token());
/// # Ok::<(), Error>(())
/// ```
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    app_id: Option<String>,
    access_token: Option<Secret>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .field("access_token", &self.access_token)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http.is_some())
            .finish()
    }
}

impl ClientBuilder {
    /// The service's base URL (default [`DEFAULT_BASE_URL`]). A trailing `/` is tolerated; a
    /// path prefix (e.g. `https://host/im`) is kept.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The app id, sent in header `app_id` with every request. Required.
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// The access token (admin or user), sent in header `access-token`. Optional: without it
    /// the header is not sent.
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// Timeout of each request, from sending to having read the whole body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default `maxim-api/<crate version>`). With
    /// [`http_client`](Self::http_client), the header is only sent if this is set.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses this `reqwest::Client` (proxy, TLS, connection pool settings) instead of a new one.
    /// The per-request timeout and the headers of this crate still apply.
    ///
    /// Start from [`crate::http_client_builder`], which sets up the crate's TLS backend and
    /// `.redirect(reqwest::redirect::Policy::none())`: file downloads then follow
    /// redirects themselves and send the credentials only to the API's own origin. With a client
    /// that follows redirects on its own, reqwest forwards the `access-token` header to wherever a
    /// download is redirected (object storage, for instance).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::Config`] when `app_id` is missing or empty, when the base URL is
    /// not an absolute `http`/`https` URL, or when a value cannot be sent as a header.
    pub fn build(self) -> Result<Client> {
        let app_id = self.app_id.filter(|a| !a.is_empty()).ok_or_else(|| Error::config("app_id is required"))?;
        let app_id_header =
            HeaderValue::from_str(&app_id).map_err(|_| Error::config("app_id is not a valid HTTP header value"))?;
        let base_url = normalize_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        if self.http.is_none() {
            crate::tls::check_scheme(&base_url)?;
        }
        let access_token = match self.access_token {
            Some(token) => {
                let header = token_header(&token)?;
                Some((token, header))
            }
            None => None,
        };
        let user_agent = match (&self.user_agent, &self.http) {
            (Some(ua), _) => Some(ua.clone()),
            (None, None) => Some(default_user_agent()),
            (None, Some(_)) => None,
        };
        let user_agent = user_agent
            .map(|ua| {
                HeaderValue::from_str(&ua).map_err(|_| Error::config("user agent is not a valid HTTP header value"))
            })
            .transpose()?;
        let http = match self.http {
            Some(http) => http,
            // Redirects are followed by `send_download` itself, which sends the credentials to the API's origin only.
            None => crate::tls::http_client_builder()?
                .build()
                .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                app_id,
                app_id_header,
                access_token,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                user_agent,
            }),
            act_as: None,
        })
    }
}

fn default_user_agent() -> String {
    concat!("maxim-api/", env!("CARGO_PKG_VERSION")).to_owned()
}

fn token_header(token: &Secret) -> Result<HeaderValue> {
    let mut header = HeaderValue::from_str(token.expose())
        .map_err(|_| Error::config("access token is not a valid HTTP header value"))?;
    header.set_sensitive(true);
    Ok(header)
}

fn normalize_base_url(raw: &str) -> Result<String> {
    let trimmed = raw.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed).map_err(|e| Error::config(format!("invalid base URL {raw:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::config(format!("invalid base URL {raw:?}: expected an http or https URL with a host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!("invalid base URL {raw:?}: must not have a query or fragment")));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_message(r: Result<Client>) -> String {
        match r {
            Err(Error::Config { message }) => message,
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }

    #[test]
    fn app_id_is_required() {
        assert!(config_message(Client::builder().build()).contains("app_id"));
        assert!(config_message(Client::builder().app_id("").build()).contains("app_id"));
        config_message(Client::builder().app_id("a\nb").build());
    }

    #[test]
    fn base_url_defaults_and_trailing_slash() -> Result<()> {
        let c = Client::builder().app_id("app").build()?;
        assert_eq!(c.base_url(), DEFAULT_BASE_URL);
        assert_eq!(c.timeout(), Duration::from_secs(30));
        let c = Client::builder().app_id("app").base_url("https://api.maximtop.com/").build()?;
        assert_eq!(c.base_url(), "https://api.maximtop.com");
        let c = Client::builder().app_id("app").base_url("http://127.0.0.1:8080/im//").build()?;
        assert_eq!(c.base_url(), "http://127.0.0.1:8080/im");
        Ok(())
    }

    #[test]
    fn bad_base_urls_are_config_errors() {
        for bad in ["not a url", "ftp://host", "/relative", "http://h/?x=1", ""] {
            let msg = config_message(Client::builder().app_id("app").base_url(bad).build());
            assert!(msg.contains("base URL"), "{bad}: {msg}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() -> Result<()> {
        let builder = Client::builder().app_id("app").access_token("super-secret-token");
        assert!(!format!("{builder:?}").contains("super-secret-token"));
        let c = builder.build()?;
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("super-secret-token"), "{dbg}");
        assert!(dbg.contains("Secret(***)"), "{dbg}");
        assert!(dbg.contains("app"), "{dbg}");
        let dbg = format!("{:?}", c.with_access_token("other-secret")?);
        assert!(!dbg.contains("other-secret"), "{dbg}");
        Ok(())
    }

    #[test]
    fn act_as_switches() -> Result<()> {
        let c = Client::builder().app_id("app").build()?;
        assert_eq!(c.act_as(), None);
        let u = c.as_user(7);
        assert_eq!(u.act_as(), Some(ActAs::User(7)));
        assert!(Arc::ptr_eq(&u.inner, &c.inner));
        let g = u.as_group_admin(9);
        assert_eq!(g.act_as(), Some(ActAs::GroupAdmin(9)));
        assert_eq!(g.without_act_as().act_as(), None);
        let t = g.with_access_token("t2")?;
        assert!(t.has_access_token());
        assert_eq!(t.act_as(), Some(ActAs::GroupAdmin(9)));
        assert!(!c.has_access_token());
        Ok(())
    }
}
