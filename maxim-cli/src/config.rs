//! Profiles: the base URL, app ID and admin token `maxim` calls with, kept in `config.toml` in the user's config
//! directory (`~/.config/maxim/` on Linux; `MAXIM_CONFIG_DIR` overrides it), readable by the user only.
//!
//! `MAXIM_BASE_URL`, `MAXIM_APP_ID` and `MAXIM_ADMIN_TOKEN` override the profile's values one by one; `--profile NAME`
//! (or `MAXIM_PROFILE`) picks the profile, `default` otherwise. The token is never printed.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The profile used without `--profile`.
pub const DEFAULT_PROFILE: &str = "default";

/// The file's contents.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ConfigFile {
    /// The profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One profile. Every value is optional in the file: the environment may supply it.
#[derive(Clone, Default, Deserialize, Serialize)]
pub struct Profile {
    /// The app's API endpoint (the console's `api_endpoint`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The app ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// The admin token from the console.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_token: Option<String>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .field("admin_token", &self.admin_token.as_ref().map(|_| "***"))
            .finish()
    }
}

/// The config directory: `MAXIM_CONFIG_DIR`, else `maxim/` in the platform's config directory.
pub fn config_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("MAXIM_CONFIG_DIR").filter(|dir| !dir.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir()
        .map(|dir| dir.join("maxim"))
        .ok_or_else(|| "no config directory on this system; set MAXIM_CONFIG_DIR".to_owned())
}

/// The config file's path.
pub fn config_path() -> Result<PathBuf, String> {
    Ok(config_dir()?.join("config.toml"))
}

/// Reads the config file; a missing file is an empty configuration.
pub fn read(path: &Path) -> Result<ConfigFile, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
        Err(e) => Err(format!("{}: cannot read: {e}", path.display())),
    }
}

/// Writes the config file, readable and writable by the user only (mode 0600 on Unix), through a temporary file
/// in the same directory so that a failed write leaves the old file whole.
pub fn write(path: &Path, config: &ConfigFile) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let text = toml::to_string_pretty(config).map_err(|e| format!("cannot encode the configuration: {e}"))?;
    let temporary = dir.join(".config.toml.tmp");
    let mut file = private_file(&temporary).map_err(|e| format!("{}: cannot write: {e}", temporary.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("{}: cannot write: {e}", temporary.display()))?;
    std::fs::rename(&temporary, path).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    // `mode` applies only to a new file: a leftover one gets the same permissions.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new().write(true).create(true).truncate(true).open(path)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.exists() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| format!("{}: cannot create: {e}", dir.display()))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))
}

/// What a call needs, after the environment has overridden the profile.
#[derive(Clone)]
pub struct Settings {
    /// The base URL (the SDK's default when neither sets one).
    pub base_url: Option<String>,
    /// The app ID.
    pub app_id: String,
    /// The admin token, if any.
    pub admin_token: Option<String>,
}

/// The settings of profile `name` (or `MAXIM_PROFILE`, or `default`) with the environment's overrides.
pub fn settings(profile: Option<&str>) -> Result<Settings, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let name = profile.map(str::to_owned).or_else(|| env("MAXIM_PROFILE"));
    let path = config_path()?;
    let file = read(&path)?;
    let stored = match &name {
        Some(name) => file.profiles.get(name).cloned().ok_or_else(|| {
            format!("no profile `{name}` in {}; create it with `maxim configure --profile {name}`", path.display())
        })?,
        None => file.profiles.get(DEFAULT_PROFILE).cloned().unwrap_or_default(),
    };
    let app_id = env("MAXIM_APP_ID").or(stored.app_id).ok_or_else(|| {
        format!("no app ID: run `maxim configure` or set MAXIM_APP_ID (profiles are read from {})", path.display())
    })?;
    Ok(Settings {
        base_url: env("MAXIM_BASE_URL").or(stored.base_url),
        app_id,
        admin_token: env("MAXIM_ADMIN_TOKEN").or(stored.admin_token),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_token() {
        let profile = Profile { admin_token: Some("super-secret".into()), ..Profile::default() };
        let shown = format!("{profile:?}");
        assert!(!shown.contains("super-secret") && shown.contains("***"), "{shown}");
    }

    #[test]
    fn a_written_file_reads_back_and_is_private() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("nested/config.toml");
        let mut config = ConfigFile::default();
        config.profiles.insert("ops".into(), Profile { app_id: Some("app".into()), ..Profile::default() });
        write(&path, &config).expect("writes");
        let read_back = read(&path).expect("reads");
        assert_eq!(read_back.profiles["ops"].app_id.as_deref(), Some("app"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
