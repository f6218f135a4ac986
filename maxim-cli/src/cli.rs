//! The command line, built with clap's builder from the generated table, and the inputs of a call read back from
//! it as JSON values.
//!
//! `maxim <section> <command> [required args] [--optional …]`: each required input is a positional argument, in
//! the SDK's argument order, and may be given by its flag instead (`maxim message send --targets 1 --type user …`);
//! positional values then fill the required inputs not given by flag, in order. Lists take comma-separated values
//! or a repeated flag; objects and lists of objects take JSON text, or `@FILE` (`@-` for standard input).

use clap::builder::PossibleValuesParser;
use clap::error::ErrorKind;
use clap::{Arg as ClapArg, ArgAction, ArgMatches, Command as ClapCommand, value_parser};
use serde_json::{Map, Value};

use crate::generated::{COMMANDS, SECTIONS};
use crate::table::{Arg, ArgType, Command, Kind, Response};

/// What `maxim --help` says after the commands: the environment and the exit codes.
const AFTER_HELP: &str = "\
Configuration: `maxim configure` writes a profile (base URL, app ID, admin token) to config.toml in the user's config
directory (MAXIM_CONFIG_DIR overrides it), readable by the user only. MAXIM_BASE_URL, MAXIM_APP_ID and
MAXIM_ADMIN_TOKEN override the profile; --profile NAME (or MAXIM_PROFILE) picks one.

Exit codes:
  0  success
  1  a local failure: configuration, files, standard input or output
  2  usage: unknown command, missing or invalid argument
  3  the service refused the call: a business error (its code and message on stderr)
  4  the service answered with an HTTP error status
  5  transport: no connection, TLS, timeout
  6  the answer could not be read (not the documented JSON, or over the size limit)";

/// Whether help shows the Chinese text first (`LC_ALL`, `LC_MESSAGES` or `LANG` starting with `zh`).
pub fn chinese_first() -> bool {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
        .is_some_and(|locale| locale.starts_with("zh"))
}

/// English and Chinese text, the locale's language first; one of them where the other is empty or the same.
fn bilingual(english: &str, chinese: &str, zh_first: bool) -> String {
    match (english.trim(), chinese.trim()) {
        ("", text) | (text, "") => text.to_owned(),
        (en, zh) if en == zh => en.to_owned(),
        (en, zh) if zh_first => format!("{zh}\n\n{en}"),
        (en, zh) => format!("{en}\n\n{zh}"),
    }
}

/// One line of help: the locale's language, the other in parentheses.
fn bilingual_line(english: &str, chinese: &str, zh_first: bool) -> String {
    match (english.trim(), chinese.trim()) {
        ("", text) | (text, "") => text.to_owned(),
        (en, zh) if en == zh => en.to_owned(),
        (en, zh) if zh_first => format!("{zh} ({en})"),
        (en, zh) => format!("{en} ({zh})"),
    }
}

/// The whole command line.
pub fn command() -> ClapCommand {
    let zh_first = chinese_first();
    let mut root = ClapCommand::new("maxim")
        .version(env!("CARGO_PKG_VERSION"))
        .about("The MaxIM (美信拓扑 / Lanying IM) server REST API from the command line")
        .long_about(
            "The MaxIM (美信拓扑 / Lanying IM) server REST API from the command line: every operation of the API \
             document is a command, `maxim <section> <command> [required args] [--optional …]`, called through \
             the maxim-api SDK (retries, limits, secure defaults).",
        )
        .after_long_help(AFTER_HELP)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args());
    for section in &SECTIONS {
        let mut group = ClapCommand::new(section.name)
            .about(bilingual_line(section.title, section.title_zh, zh_first))
            .subcommand_required(true)
            .arg_required_else_help(true);
        for command in COMMANDS.iter().filter(|c| c.section == section.name) {
            group = group.subcommand(operation(section.name, command, zh_first));
        }
        root = root.subcommand(group);
    }
    root.subcommand(configure()).subcommand(completions()).subcommand(man())
}

fn global_args() -> [ClapArg; 8] {
    let global = |name: &'static str| ClapArg::new(name).long(name).global(true);
    [
        global("profile").value_name("NAME").help("The profile to use (default: MAXIM_PROFILE, or `default`)"),
        global("output")
            .short('o')
            .value_name("FORMAT")
            .value_parser(["json", "table", "ndjson"])
            .default_value("json")
            .help("json (pretty on a terminal, compact when piped), table, or ndjson (one value per line)"),
        global("all").action(ArgAction::SetTrue).help("Walk every page of a paged list, as a stream of its items"),
        global("max-items")
            .value_name("N")
            .value_parser(value_parser!(u64))
            .help("Stop after N items of a paged list (walks the pages like --all)"),
        global("dry-run").action(ArgAction::SetTrue).help("Print the request as a curl command and send nothing"),
        global("show-secrets")
            .action(ArgAction::SetTrue)
            .help("With --dry-run: show the token and passwords instead of ***"),
        global("as-user")
            .value_name("USER_ID")
            .value_parser(value_parser!(i64))
            .conflicts_with("as-group-admin")
            .help("Act as this user (header user_id; an admin token acts as any user)"),
        global("as-group-admin")
            .value_name("GROUP_ID")
            .value_parser(value_parser!(i64))
            .help("Act as this group's admin (header group_id)"),
    ]
}

/// The positional argument of a required input.
fn positional_id(arg: &Arg) -> String {
    format!("{}:positional", arg.name)
}

fn value_name(arg: &Arg) -> String {
    arg.name.to_uppercase().replace('-', "_")
}

fn operation(section: &str, command: &'static Command, zh_first: bool) -> ClapCommand {
    let methods: Vec<&str> = command.methods.iter().map(|m| m.as_str()).collect();
    let long_about = format!(
        "{}\n\n{} {}",
        bilingual(
            &bilingual(command.about, command.help, false).replace("\n\n", "\n"),
            &bilingual(command.about_zh, command.help_zh, false).replace("\n\n", "\n"),
            zh_first
        ),
        methods.join("|"),
        command.path
    );
    let mut clap_command = ClapCommand::new(command.name)
        .about(bilingual_line(command.about, command.about_zh, zh_first))
        .long_about(long_about);
    let mut usage = format!("maxim {section} {}", command.name);
    let mut index = 1;
    for arg in command.args {
        let help = bilingual(arg.help, arg.help_zh, zh_first);
        let short_help = help.lines().next().unwrap_or_default().to_owned();
        let mut flag = ClapArg::new(arg.name).long(arg.name).value_name(value_name(arg)).help(short_help.clone());
        flag = flag.long_help(format!("{help}{}", type_note(arg)));
        flag = if arg.list { flag.action(ArgAction::Append).value_delimiter(',') } else { flag.action(ArgAction::Set) };
        if let Some(names) = enum_names(arg.ty) {
            flag = flag.value_parser(PossibleValuesParser::new(names));
        }
        if arg.required {
            usage.push_str(&format!(" <{}>", value_name(arg)));
            let positional = ClapArg::new(positional_id(arg))
                .index(index)
                .value_name(value_name(arg))
                .help(format!("{short_help} (or --{})", arg.name))
                .long_help(format!("{help}{}\nMay be given as --{} instead.", type_note(arg), arg.name));
            clap_command = clap_command.arg(positional);
            index += 1;
        }
        clap_command = clap_command.arg(flag);
    }
    if command.response == Response::UploadTarget {
        usage.push_str(" [FILE]");
        clap_command = clap_command.arg(
            ClapArg::new("file")
                .index(index)
                .value_name("FILE")
                .help("Upload this file to the target the call returns (`-`: standard input)"),
        );
    }
    if command.response == Response::File {
        clap_command = clap_command.arg(
            ClapArg::new("save")
                .long("save")
                .value_name("PATH")
                .help("Write the file there (default: standard output)"),
        );
    }
    if command.methods.len() > 1 {
        let verbs: Vec<String> = command.methods.iter().map(|m| m.as_str().to_lowercase()).collect();
        clap_command = clap_command.arg(
            ClapArg::new("via")
                .long("via")
                .value_name("METHOD")
                .value_parser(PossibleValuesParser::new(verbs))
                .help(format!("Send it with another verb the document lists (default {})", methods[0])),
        );
    }
    clap_command.override_usage(format!("{usage} [OPTIONS]"))
}

/// What a value looks like, for the long help.
fn type_note(arg: &Arg) -> String {
    let kind = match arg.ty {
        ArgType::Bool => "true or false".to_owned(),
        ArgType::Integer => "an integer".to_owned(),
        ArgType::Number => "a number".to_owned(),
        ArgType::String | ArgType::Secret => "text".to_owned(),
        ArgType::JsonString => "a JSON document, sent as a string".to_owned(),
        ArgType::Json => "JSON text, or @FILE to read it from a file (@- for standard input)".to_owned(),
        ArgType::IntEnum(_) | ArgType::StrEnum(_) => {
            format!("one of {}", enum_names(arg.ty).unwrap_or_default().join(", "))
        }
    };
    let list = if arg.list { "; a list: comma-separated, or the flag repeated" } else { "" };
    format!("\n[{kind}{list}]")
}

fn enum_names(ty: ArgType) -> Option<Vec<&'static str>> {
    match ty {
        ArgType::IntEnum(values) => Some(values.iter().map(|(name, _)| *name).collect()),
        ArgType::StrEnum(values) => Some(values.iter().map(|(name, _)| *name).collect()),
        _ => None,
    }
}

fn configure() -> ClapCommand {
    ClapCommand::new("configure")
        .about("Write a profile: base URL, app ID and admin token (prompted for what is not given)")
        .long_about(
            "Write a profile: base URL, app ID and admin token, to config.toml in the user's config directory, \
             readable by the user only. Values not given as flags are prompted for on a terminal; the token is \
             read without echo, or from standard input with --token-stdin. The token is never printed.",
        )
        .arg(ClapArg::new("base-url").long("base-url").value_name("URL").help("The app's API endpoint"))
        .arg(ClapArg::new("app-id").long("app-id").value_name("APP_ID").help("The app ID"))
        .arg(
            ClapArg::new("token-stdin")
                .long("token-stdin")
                .action(ArgAction::SetTrue)
                .help("Read the admin token from standard input (first line)"),
        )
}

fn completions() -> ClapCommand {
    ClapCommand::new("completions").about("Print a shell completion script").arg(
        ClapArg::new("shell")
            .required(true)
            .value_parser(value_parser!(clap_complete::Shell))
            .help("bash, zsh, fish, powershell or elvish"),
    )
}

fn man() -> ClapCommand {
    ClapCommand::new("man").about("Print the man page (roff)")
}

/// The operation a command line names.
pub fn find(section: &str, name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|command| command.section == section && command.name == name)
}

/// The query parameters and body of a call, read from its matches.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Query parameters by wire name.
    pub query: Vec<(&'static str, Value)>,
    /// The JSON body, if the operation sends one.
    pub body: Option<Value>,
    /// The file to upload to an upload target.
    pub file: Option<String>,
}

/// Reads the inputs of `command` from `matches`: flags first, then positional values for the required inputs not
/// given by flag, in order. `redact` replaces secrets by `***` (for `--dry-run`).
pub fn inputs(command: &Command, matches: &ArgMatches, redact: bool) -> Result<Inputs, clap::Error> {
    let mut positional: Vec<String> = command
        .args
        .iter()
        .filter(|arg| arg.required)
        .filter_map(|arg| matches.get_one::<String>(&positional_id(arg)).cloned())
        .collect();
    if let Some(file) = matches.try_get_one::<String>("file").ok().flatten() {
        positional.push(file.clone());
    }
    let mut positional = positional.into_iter();
    let mut inputs = Inputs::default();
    let mut members = Map::new();
    for arg in command.args {
        let given: Option<Vec<String>> = matches.get_many::<String>(arg.name).map(|values| values.cloned().collect());
        let given = match given {
            Some(values) => values,
            None if arg.required => match positional.next() {
                Some(value) if arg.list => value.split(',').map(str::to_owned).collect(),
                Some(value) => vec![value],
                None => {
                    return Err(usage_error(
                        ErrorKind::MissingRequiredArgument,
                        format!("missing <{}> (or --{})", value_name(arg), arg.name),
                    ));
                }
            },
            None => continue,
        };
        let mut value = if arg.list {
            Value::Array(given.iter().map(|text| parse(arg, text)).collect::<Result<_, _>>()?)
        } else {
            parse(arg, given.first().map(String::as_str).unwrap_or_default())?
        };
        if redact && arg.ty == ArgType::Secret {
            value = Value::from("***");
        }
        match arg.kind {
            Kind::Query => inputs.query.push((arg.wire, value)),
            Kind::Body => {
                members.insert(arg.wire.to_owned(), value);
            }
            Kind::BareBody => inputs.body = Some(value),
        }
    }
    inputs.file = positional.next();
    if let Some(extra) = positional.next() {
        return Err(usage_error(ErrorKind::UnknownArgument, format!("unexpected argument {extra:?}")));
    }
    // Like the SDK: an operation with body members sends an object, even an empty one.
    if command.args.iter().any(|arg| arg.kind == Kind::Body) {
        inputs.body = Some(Value::Object(members));
    }
    Ok(inputs)
}

/// A usage error, printed and exited with like clap's own (exit code 2).
pub fn usage_error(kind: ErrorKind, message: String) -> clap::Error {
    clap::Error::raw(kind, format!("{message}\n"))
}

/// One command-line value of `arg` as JSON.
fn parse(arg: &Arg, text: &str) -> Result<Value, clap::Error> {
    let invalid = |expected: &str| {
        usage_error(ErrorKind::InvalidValue, format!("invalid value {text:?} for --{}: expected {expected}", arg.name))
    };
    Ok(match arg.ty {
        ArgType::Bool => match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Value::Bool(true),
            "false" | "no" | "0" => Value::Bool(false),
            _ => return Err(invalid("true or false")),
        },
        ArgType::Integer => Value::from(text.parse::<i64>().map_err(|_| invalid("an integer"))?),
        ArgType::Number => {
            let number = text.parse::<f64>().map_err(|_| invalid("a number"))?;
            serde_json::Number::from_f64(number).map(Value::Number).ok_or_else(|| invalid("a finite number"))?
        }
        ArgType::String | ArgType::Secret | ArgType::JsonString => Value::from(text),
        ArgType::Json => {
            let json = read_json_text(text).map_err(|e| invalid(&e))?;
            serde_json::from_str(&json).map_err(|e| invalid(&format!("JSON ({e})")))?
        }
        ArgType::IntEnum(values) => {
            let found = values.iter().find(|(name, _)| name.eq_ignore_ascii_case(text));
            Value::from(found.ok_or_else(|| invalid(&one_of(arg.ty)))?.1)
        }
        ArgType::StrEnum(values) => {
            let found = values.iter().find(|(name, _)| name.eq_ignore_ascii_case(text));
            Value::from(found.ok_or_else(|| invalid(&one_of(arg.ty)))?.1)
        }
    })
}

fn one_of(ty: ArgType) -> String {
    format!("one of {}", enum_names(ty).unwrap_or_default().join(", "))
}

/// JSON text as given, or read from `@FILE` (`@-`: standard input).
fn read_json_text(text: &str) -> Result<String, String> {
    match text.strip_prefix('@') {
        Some("-") => std::io::read_to_string(std::io::stdin()).map_err(|e| format!("JSON on standard input ({e})")),
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("a readable JSON file ({path}: {e})")),
        None => Ok(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        // clap's own checks: unique ids and flags, positional order, conflicts naming existing arguments.
        command().debug_assert();
    }

    #[test]
    fn every_operation_of_the_model_has_a_command() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let api = codegen::load_api(&root).expect("the spec resolves");
        let leaves: Vec<(String, String)> = command()
            .get_subcommands()
            .flat_map(|section| {
                section.get_subcommands().map(move |op| (section.get_name().to_owned(), op.get_name().to_owned()))
            })
            .collect();
        assert_eq!(leaves.len(), api.operations.len(), "one command per operation");
        for op in &api.operations {
            let path_matches =
                COMMANDS.iter().any(|c| c.path == op.path && c.operation.ends_with(&format!(".{}", op.name)));
            assert!(path_matches, "{} {} has no command", op.method(), op.path);
        }
        let root = command();
        let sections: Vec<&str> = root.get_subcommands().map(|c| c.get_name()).collect();
        assert_eq!(
            sections,
            ["user", "token", "roster", "group", "message", "file", "push", "ai", "configure", "completions", "man"]
        );
    }

    #[test]
    fn help_puts_the_locale_language_first() {
        assert_eq!(bilingual("Ban", "禁言", false), "Ban\n\n禁言");
        assert_eq!(bilingual("Ban", "禁言", true), "禁言\n\nBan");
        assert_eq!(bilingual("", "禁言", false), "禁言");
        assert_eq!(bilingual_line("Ban", "禁言", false), "Ban (禁言)");
    }

    #[test]
    fn required_inputs_come_from_flags_or_positions() {
        let send = find("message", "send").expect("message send");
        let by_flags = [
            "maxim",
            "message",
            "send",
            "--targets",
            "1,2",
            "--type",
            "group",
            "--content-type",
            "text",
            "--content",
            "hi",
        ];
        let matches = command().try_get_matches_from(by_flags).expect("parses");
        let (_, section) = matches.subcommand().expect("section");
        let (_, operation) = section.subcommand().expect("operation");
        let body = inputs(send, operation, false).expect("inputs").body.expect("a body");
        assert_eq!(body["targets"], serde_json::json!([1, 2]));
        assert_eq!(body["type"], serde_json::json!(2));
        assert_eq!(body["content_type"], serde_json::json!(0));
        assert_eq!(body["content"], "hi");
        let mixed = ["maxim", "message", "send", "--targets", "7", "user", "text", "hello"];
        let matches = command().try_get_matches_from(mixed).expect("parses");
        let (_, section) = matches.subcommand().expect("section");
        let (_, operation) = section.subcommand().expect("operation");
        let body = inputs(send, operation, false).expect("inputs").body.expect("a body");
        assert_eq!(body["targets"], serde_json::json!([7]));
        assert_eq!((body["type"].clone(), body["content"].clone()), (serde_json::json!(1), serde_json::json!("hello")));
    }
}
