//! Running one command: the call through `maxim-api` (or, with `--dry-run`, the curl command it would be), paging,
//! file transfers, `maxim configure`, and the exit code of each kind of failure.

use std::io::{IsTerminal, Read, Write};
use std::pin::pin;
use std::process::ExitCode;

use clap::ArgMatches;
use clap::error::ErrorKind;
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use maxim_api::{Client, Method, RawRequest, UploadFile, UploadUrl};
use serde_json::{Value, json};

use crate::cli::{self, Inputs};
use crate::config;
use crate::output::{self, Format};
use crate::table::{Command, Response};

/// Why a command failed; each kind has its exit code (listed in `maxim --help`).
#[derive(Debug)]
pub enum Failure {
    /// The command line is wrong (exit 2).
    Usage(clap::Error),
    /// Configuration, files, standard input or output (exit 1).
    Local(String),
    /// The call failed (exit 1, 3, 4, 5 or 6 by the error's kind).
    Call(maxim_api::Error),
    /// The answer is not what the document promises (exit 6).
    Answer(String),
}

impl From<clap::Error> for Failure {
    fn from(error: clap::Error) -> Self {
        Failure::Usage(error)
    }
}

impl From<maxim_api::Error> for Failure {
    fn from(error: maxim_api::Error) -> Self {
        Failure::Call(error)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Local(error.to_string())
    }
}

impl Failure {
    /// Prints the failure on stderr and returns its exit code.
    pub fn report(self) -> ExitCode {
        match self {
            Failure::Usage(error) => {
                let _ = error.print();
                ExitCode::from(if error.use_stderr() { 2 } else { 0 })
            }
            Failure::Local(message) => {
                eprintln!("maxim: {message}");
                ExitCode::from(1)
            }
            Failure::Answer(message) => {
                eprintln!("maxim: {message}");
                ExitCode::from(6)
            }
            Failure::Call(error) => {
                eprintln!("maxim: {error}");
                ExitCode::from(call_exit_code(&error))
            }
        }
    }
}

/// The exit code of a failed call.
fn call_exit_code(error: &maxim_api::Error) -> u8 {
    use maxim_api::Error;
    match error {
        Error::Api { .. } => 3,
        Error::Http { .. } => 4,
        Error::Transport { .. } | Error::Timeout { .. } => 5,
        Error::Decode { .. } | Error::TooLarge { .. } => 6,
        _ => 1,
    }
}

/// The command-line options every operation takes (clap's global arguments).
struct Options<'m> {
    format: Format,
    walk: bool,
    max_items: Option<u64>,
    dry_run: bool,
    show_secrets: bool,
    profile: Option<&'m String>,
}

impl<'m> Options<'m> {
    fn read(matches: &'m ArgMatches) -> Self {
        let max_items = matches.get_one::<u64>("max-items").copied();
        Options {
            format: Format::from_name(matches.get_one::<String>("output").map_or("json", String::as_str)),
            walk: matches.get_flag("all") || max_items.is_some(),
            max_items,
            dry_run: matches.get_flag("dry-run"),
            show_secrets: matches.get_flag("show-secrets"),
            profile: matches.get_one::<String>("profile"),
        }
    }
}

/// Runs `maxim <section> <command>` with the command's matches.
pub async fn call(command: &'static Command, matches: &ArgMatches) -> Result<(), Failure> {
    let options = Options::read(matches);
    if options.walk && command.paging.is_none() {
        let message =
            format!("--all and --max-items walk paged lists; `{} {}` is not paged", command.section, command.name);
        return Err(cli::usage_error(ErrorKind::ArgumentConflict, message).into());
    }
    let inputs = cli::inputs(command, matches, options.dry_run && !options.show_secrets)?;
    let settings = config::settings(options.profile.map(String::as_str)).map_err(Failure::Local)?;
    let mut builder = Client::builder().app_id(&settings.app_id);
    builder = builder.user_agent(concat!("maxim/", env!("CARGO_PKG_VERSION")));
    if let Some(base_url) = &settings.base_url {
        builder = builder.base_url(base_url);
    }
    if let Some(token) = &settings.admin_token {
        builder = builder.access_token(token.as_str());
    }
    let mut client = builder.build().map_err(|e| Failure::Local(e.to_string()))?;
    if let Some(user) = matches.get_one::<i64>("as-user") {
        client = client.as_user(*user);
    } else if let Some(group) = matches.get_one::<i64>("as-group-admin") {
        client = client.as_group_admin(*group);
    }
    let method = match matches.try_get_one::<String>("via").ok().flatten() {
        Some(verb) => {
            *command.methods.iter().find(|m| m.as_str().eq_ignore_ascii_case(verb)).unwrap_or(&command.methods[0])
        }
        None => command.methods[0],
    };
    let request = request(&client, command, method, &inputs);
    if options.dry_run {
        let token = settings.admin_token.as_deref().map(|token| if options.show_secrets { token } else { "***" });
        let save = matches.try_get_one::<String>("save").ok().flatten();
        let mut out = std::io::stdout().lock();
        write!(out, "{}", curl(&request, &client, token, command, save.map(String::as_str)))?;
        if command.response == Response::UploadTarget && inputs.file.is_some() {
            writeln!(
                out,
                "# then the file goes to the answer's upload_url (multipart/form-data with its oss_body_param)"
            )?;
        }
        return Ok(());
    }
    let pretty = std::io::stdout().is_terminal();
    let mut out = std::io::stdout().lock();
    match command.response {
        Response::File => {
            let save = matches.try_get_one::<String>("save").ok().flatten().filter(|path| *path != "-");
            download(request, save.map(String::as_str)).await
        }
        Response::UploadTarget => {
            let data = request.send().await?.get("data").cloned().unwrap_or(Value::Null);
            let result = match &inputs.file {
                Some(path) => upload(&client, &data, path).await?,
                None => data,
            };
            Ok(output::print(&mut out, options.format, pretty, &result)?)
        }
        _ if options.walk => {
            let paging = command.paging.map(|paging| paging.raw()).ok_or_else(|| Failure::Local("not paged".into()))?;
            let mut items = pin!(request.items(paging));
            let mut collected = Vec::new();
            let mut count = 0;
            while options.max_items.is_none_or(|max| count < max) {
                let Some(item) = items.next().await else { break };
                let item = item?;
                count += 1;
                if options.format == Format::Ndjson {
                    // Streamed: each item as it arrives.
                    writeln!(out, "{item}")?;
                    out.flush()?;
                } else {
                    collected.push(item);
                }
            }
            if options.format != Format::Ndjson {
                output::print(&mut out, options.format, pretty, &Value::Array(collected))?;
            }
            Ok(())
        }
        Response::Data => {
            let data = request.send().await?.get("data").cloned().unwrap_or(Value::Null);
            Ok(output::print(&mut out, options.format, pretty, &data)?)
        }
        Response::Envelope => {
            let mut envelope = request.send().await?;
            if let Value::Object(members) = &mut envelope {
                members.remove("code");
                members.remove("message");
            }
            Ok(output::print(&mut out, options.format, pretty, &envelope)?)
        }
    }
}

/// The call of `command` with `inputs`.
fn request<'c>(client: &'c Client, command: &'static Command, method: Method, inputs: &Inputs) -> RawRequest<'c> {
    let mut request = client.raw_call(command.operation, method, command.path);
    for (name, value) in &inputs.query {
        request = request.query(*name, value.clone());
    }
    if let Some(body) = &inputs.body {
        request = request.body(body.clone());
    }
    match command.dedup {
        Some(key) => request.deduplicated_by(key),
        None => request,
    }
}

/// The request as a curl command: the URL and body as sent, the credential and identity headers (the token as
/// given, `***` unless `--show-secrets`).
fn curl(
    request: &RawRequest<'_>,
    client: &Client,
    token: Option<&str>,
    command: &Command,
    save: Option<&str>,
) -> String {
    let mut parts = vec![format!("curl -X {} {}", request.method(), quote(&request.url()))];
    if command.response == Response::File {
        parts.push("-L".to_owned());
        if let Some(path) = save.filter(|path| *path != "-") {
            parts.push(format!("-o {}", quote(path)));
        }
    }
    parts.push(format!("-H {}", quote(&format!("app_id: {}", client.app_id()))));
    if let Some(token) = token {
        parts.push(format!("-H {}", quote(&format!("access-token: {token}"))));
    }
    match client.act_as() {
        Some(maxim_api::ActAs::User(id)) => parts.push(format!("-H {}", quote(&format!("user_id: {id}")))),
        Some(maxim_api::ActAs::GroupAdmin(id)) => parts.push(format!("-H {}", quote(&format!("group_id: {id}")))),
        _ => {}
    }
    if command.response != Response::File {
        parts.push(format!("-H {}", quote("Accept: application/json")));
    }
    if let Some(body) = request.body_text() {
        parts.push(format!("-H {}", quote("Content-Type: application/json")));
        parts.push(format!("--data-raw {}", quote(&body)));
    }
    format!("{}\n", parts.join(" \\\n  "))
}

/// A word for a POSIX shell, in single quotes.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// A progress bar on stderr when it is a terminal; hidden otherwise.
fn progress(total: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(total) => ProgressBar::new(total),
        None => ProgressBar::new_spinner(),
    };
    let style = ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec}");
    if let (Some(_), Ok(style)) = (total, style) {
        bar.set_style(style);
    }
    bar
}

/// Writes a downloaded file to `save` or standard output.
async fn download(request: RawRequest<'_>, save: Option<&str>) -> Result<(), Failure> {
    let stream = request.download().await?;
    let bar = progress(stream.content_length());
    let mut out: Box<dyn Write> = match save {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| Failure::Local(format!("{path}: {e}")))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut chunks = stream.bytes_stream();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk?;
        out.write_all(&chunk)?;
        bar.inc(chunk.len() as u64);
    }
    out.flush()?;
    bar.finish_and_clear();
    Ok(())
}

/// Uploads the file at `path` (`-`: standard input) to the target in `data`; what storage answered, as JSON.
async fn upload(client: &Client, data: &Value, path: &str) -> Result<Value, Failure> {
    let target: UploadUrl = serde_json::from_value(data.clone())
        .map_err(|e| Failure::Answer(format!("the upload target is not an UploadUrl: {e}")))?;
    let file = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        UploadFile::bytes(bytes, "stdin", "application/octet-stream")
    } else {
        let file = tokio::fs::File::open(path).await.map_err(|e| Failure::Local(format!("{path}: {e}")))?;
        let len = file.metadata().await.map_err(|e| Failure::Local(format!("{path}: {e}")))?.len();
        let name = std::path::Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let content_type = content_type(&name);
        UploadFile::reader(progress(Some(len)).wrap_async_read(file), len, name, content_type)
    };
    let uploaded = client.upload(&target, file).await?;
    Ok(json!({
        "download_url": uploaded.download_url,
        "object_name": uploaded.object_name,
        "status": uploaded.status,
    }))
}

/// The content type of a file by its extension (`application/octet-stream` when unknown).
fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "amr" => "audio/amr",
        "txt" => "text/plain",
        "pdf" => "application/pdf",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// `maxim configure`: writes a profile.
pub fn configure(matches: &ArgMatches) -> Result<(), Failure> {
    let path = config::config_path().map_err(Failure::Local)?;
    let mut file = config::read(&path).map_err(Failure::Local)?;
    let name = matches.get_one::<String>("profile").map_or(config::DEFAULT_PROFILE, String::as_str).to_owned();
    let mut profile = file.profiles.get(&name).cloned().unwrap_or_default();
    let interactive = std::io::stdin().is_terminal();
    let token_stdin = matches.get_flag("token-stdin");
    if let Some(url) = matches.get_one::<String>("base-url") {
        profile.base_url = Some(url.clone());
    } else if interactive {
        profile.base_url = prompt("Base URL (the app's API endpoint)", profile.base_url.take())?;
    }
    if let Some(app_id) = matches.get_one::<String>("app-id") {
        profile.app_id = Some(app_id.clone());
    } else if interactive && !token_stdin {
        profile.app_id = prompt("App ID", profile.app_id.take())?;
    }
    if token_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        profile.admin_token = Some(line.trim().to_owned()).filter(|token| !token.is_empty());
    } else if interactive {
        let token = rpassword::prompt_password("Admin token (not shown; empty keeps the current one): ")?;
        if !token.trim().is_empty() {
            profile.admin_token = Some(token.trim().to_owned());
        }
    }
    // The SDK's own checks: an https base URL (or loopback), an app ID and a token that fit in a header.
    let mut check = Client::builder().app_id(profile.app_id.clone().unwrap_or_default());
    if let Some(url) = &profile.base_url {
        check = check.base_url(url);
    }
    if let Some(token) = &profile.admin_token {
        check = check.access_token(token.as_str());
    }
    check.build().map_err(|e| Failure::Local(e.to_string()))?;
    let has_token = profile.admin_token.is_some();
    file.profiles.insert(name.clone(), profile);
    config::write(&path, &file).map_err(Failure::Local)?;
    let token = if has_token { "set, not shown" } else { "not set" };
    eprintln!("profile `{name}` written to {} (admin token {token})", path.display());
    Ok(())
}

/// Asks for a value on the terminal; an empty answer keeps `current`.
fn prompt(question: &str, current: Option<String>) -> Result<Option<String>, Failure> {
    let shown = current.as_deref().map(|value| format!(" [{value}]")).unwrap_or_default();
    eprint!("{question}{shown}: ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let answer = line.trim();
    Ok(if answer.is_empty() { current } else { Some(answer.to_owned()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting_survives_single_quotes() {
        assert_eq!(quote("it's"), "'it'\\''s'");
    }

    #[test]
    fn exit_codes_follow_the_error_kind() {
        let api = maxim_api::Error::Api {
            code: maxim_api::ErrorCode::from_code(20001),
            message: None,
            http_status: 200,
            operation: "group.info",
            method: Method::Get,
            url_path: "/group/info",
            body: String::new(),
            body_truncated: false,
        };
        assert_eq!(call_exit_code(&api), 3);
    }
}
