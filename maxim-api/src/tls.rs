//! The TLS backend, chosen by the crate's features.
//!
//! - `rustls` (default): rustls with its ring crypto provider and the platform's certificate verifier. The provider
//!   is given to this client's own TLS configuration, so nothing process-wide is installed and no C build of
//!   aws-lc is needed.
//! - `native-tls`: the platform's TLS library (used when `rustls` is off).
//! - neither (`default-features = false`): no TLS at all. The client then speaks plain `http` only, for a service
//!   reached on loopback or through a local TLS-terminating proxy; an `https` base URL is a configuration error.

use crate::error::{Error, Result};

/// A `reqwest::ClientBuilder` set up as this crate sets up its own HTTP client: the TLS backend of the enabled
/// features, and no automatic redirects (downloads follow them themselves, sending credentials only to the API's
/// origin).
///
/// Start from it to customise the connection pool, proxy or timeouts, then pass the result to
/// [`ClientBuilder::http_client`](crate::ClientBuilder::http_client). With the `rustls` feature, a plain
/// `reqwest::Client::builder()` has no crypto provider and its `build` panics unless one was installed
/// process-wide; this builder carries one.
///
/// ```
/// use std::time::Duration;
///
/// let http = maxim_api::http_client_builder()?.pool_idle_timeout(Duration::from_secs(30)).build()?;
/// let client = maxim_api::Client::builder().app_id("my-app").http_client(http).build()?;
/// # let _ = client;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn http_client_builder() -> Result<reqwest::ClientBuilder> {
    let builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    with_tls(builder)
}

#[cfg(feature = "rustls")]
fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder> {
    use rustls_platform_verifier::BuilderVerifierExt;
    use std::sync::Arc;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|config| config.with_platform_verifier())
        .map_err(|e| Error::config(format!("cannot set up TLS: {e}")))?
        .with_no_client_auth();
    Ok(builder.tls_backend_preconfigured(config))
}

#[cfg(all(feature = "native-tls", not(feature = "rustls")))]
fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder> {
    Ok(builder.tls_backend_native())
}

#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder> {
    Ok(builder)
}

/// Whether this build can reach `https` URLs.
pub(crate) const HAS_TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

/// Refuses an `https` base URL when the crate was built without TLS, rather than failing on every request. (Not
/// applied to a caller's own `reqwest::Client`, whose TLS this crate's features do not tell.)
pub(crate) fn check_scheme(base_url: &str) -> Result<()> {
    if !HAS_TLS && base_url.starts_with("https:") {
        return Err(Error::config(format!(
            "base URL {base_url:?} needs TLS, but maxim-api was built without it: enable feature `rustls` or \
             `native-tls`"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_builds_a_client() -> Result<()> {
        let http = http_client_builder()?.build().map_err(|e| Error::config(e.to_string()))?;
        let client = crate::Client::builder().app_id("app").http_client(http).build()?;
        assert_eq!(client.app_id(), "app");
        Ok(())
    }

    #[test]
    fn https_needs_a_tls_feature() {
        let result = crate::Client::builder().app_id("app").base_url("https://api.maximtop.com").build();
        if HAS_TLS {
            assert!(result.is_ok());
        } else {
            let message = result.map(|_| ()).unwrap_err().to_string();
            assert!(message.contains("without it"), "{message}");
        }
        assert!(check_scheme("http://127.0.0.1:8080").is_ok());
    }
}
