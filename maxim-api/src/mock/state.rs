//! The emulator's state and who is calling: users, tokens, rosters, groups and messages in memory, and the
//! dispatch from an operation to its handler (`users`, `groups`, `messages`). A handler answers the service's
//! envelope, or a business error as the service sends it (HTTP 200, a documented code); operations without one
//! answer their example.

mod groups;
mod messages;
mod users;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use super::{
    EXAMPLE_GROUP_ID, EXAMPLE_GROUP_NAME, EXAMPLE_MESSAGE_ID, EXAMPLE_PASSWORD, EXAMPLE_USER_ID, EXAMPLE_USER_TOKEN,
    EXAMPLE_USERNAME, Operation, Received,
};
use crate::generated::mock_examples::OPERATIONS;

/// The operations the emulator keeps state for (`section.name`, as in errors and logs); every other one answers
/// its example data with header `x-maxim-emulated: false`.
pub const EMULATED_OPERATIONS: &[&str] = &[
    "user.register_v2",
    "user.register_batch",
    "user.profile",
    "user.update_profile",
    "user.set_nickname",
    "user.set_avatar",
    "user.set_auth_mode",
    "user.list",
    "user.delete",
    "user.disable",
    "user.enable",
    "user.change_password",
    "user.change_password_admin",
    "token.by_id",
    "token.by_name",
    "token.login",
    "roster.apply",
    "roster.accept",
    "roster.decline",
    "roster.apply_list",
    "roster.list",
    "roster.details",
    "roster.delete",
    "roster.block",
    "roster.unblock",
    "roster.blocked_list",
    "group.create",
    "group.info",
    "group.invite",
    "group.apply",
    "group.handle_application",
    "group.settings_require_admin_approval",
    "group.member_list",
    "group.kick",
    "group.leave",
    "group.add_admins",
    "group.remove_admins",
    "group.admin_list",
    "group.ban",
    "group.unban",
    "group.banned_list",
    "group.transfer",
    "group.destroy",
    "group.user_joined",
    "message.send",
    "message.history",
    "message.recall",
    "message.ack",
    "message.unread",
];

/// How long a `transaction_id` de-duplicates sends of the same sender.
const DEDUP_WINDOW_MS: i64 = 10 * 60 * 1000;
/// Where issued user tokens start; a token with this prefix the emulator does not know is invalid (10008).
const USER_TOKEN_PREFIX: &str = EXAMPLE_USER_TOKEN;

/// The whole in-memory MaxIM of one server.
#[derive(Debug)]
pub(super) struct Emulator {
    origin: String,
    users: BTreeMap<i64, User>,
    /// Issued user tokens: token → user.
    tokens: HashMap<String, i64>,
    revoked: BTreeSet<String>,
    groups: BTreeMap<i64, Group>,
    messages: Vec<Message>,
    /// `(sender, transaction_id)` → (when, the message IDs answered).
    sent: HashMap<(i64, i64), (i64, Vec<i64>)>,
    next_user_id: i64,
    next_group_id: i64,
    next_message_id: i64,
    next_token: u64,
}

#[derive(Debug, Clone)]
struct User {
    id: i64,
    username: String,
    password: String,
    nick_name: String,
    avatar: String,
    description: String,
    mobile: String,
    public_info: String,
    private_info: String,
    /// [`AuthMode`](crate::AuthMode) on the wire: 0 open, 1 needs approval, 2 needs an answer, 3 refuses all.
    auth_mode: i64,
    disabled: bool,
    friends: BTreeSet<i64>,
    blocked: BTreeSet<i64>,
    /// Friend requests received: from → reason.
    applications: BTreeMap<i64, String>,
}

#[derive(Debug, Clone)]
struct Group {
    id: i64,
    name: String,
    description: String,
    avatar: String,
    group_type: i64,
    owner: i64,
    admins: BTreeSet<i64>,
    /// Member → joined at (ms).
    members: BTreeMap<i64, i64>,
    /// Muted member → until (ms).
    muted: BTreeMap<i64, i64>,
    /// Membership requests: user → reason.
    applications: BTreeMap<i64, String>,
    /// 0 accept all, 1 an admin approves, 2 reject all.
    apply_approval: i64,
    created_at: i64,
    updated_at: i64,
}

impl Group {
    fn is_admin(&self, user: i64) -> bool {
        self.owner == user || self.admins.contains(&user)
    }
}

#[derive(Debug, Clone)]
struct Message {
    id: i64,
    from: i64,
    /// A user, or a group when `to_group`.
    to: i64,
    to_group: bool,
    content: String,
    content_type: i64,
    ext: Option<String>,
    config: Option<String>,
    attachment: Option<String>,
    timestamp: i64,
    recalled: bool,
    read_by: BTreeSet<i64>,
}

impl Message {
    /// True when `user` sees the message in the conversation with `opposite` (a user or a group).
    fn in_conversation(&self, user: i64, opposite: i64) -> bool {
        if self.to_group {
            self.to == opposite
        } else {
            (self.from == user && self.to == opposite) || (self.from == opposite && self.to == user)
        }
    }
}

/// A business error as the service answers it.
#[derive(Debug)]
struct Refusal {
    code: i64,
    message: String,
}

fn refuse<T>(code: i64, message: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal { code, message: message.into() })
}

type Outcome = Result<Value, Refusal>;

/// The success envelope around `data`.
fn ok(data: Value) -> Outcome {
    Ok(json!({ "code": 200, "message": null, "data": data }))
}

/// Who is calling.
#[derive(Debug, Clone, Copy)]
struct Caller {
    /// The user the call acts as.
    user: i64,
    /// The app's admin token without `user_id` or `group_id`: it may read and change anything.
    app_admin: bool,
    /// An admin token (acting as a user or not), which may use the admin-only operations.
    admin_token: bool,
}

/// One request, decoded for the handlers.
struct Call<'a> {
    request: &'a Received,
    body: Value,
}

impl Call<'_> {
    fn query(&self, name: &str) -> Option<&str> {
        self.request.query_param(name)
    }

    fn query_i64(&self, name: &str) -> Result<i64, Refusal> {
        match self.query(name).and_then(|value| value.parse().ok()) {
            Some(value) => Ok(value),
            None => refuse(10002, format!("bad parameters: query {name}")),
        }
    }

    fn str(&self, name: &str) -> Option<&str> {
        self.body.get(name).and_then(Value::as_str)
    }

    fn i64(&self, name: &str) -> Result<i64, Refusal> {
        match self.body.get(name).and_then(Value::as_i64) {
            Some(value) => Ok(value),
            None => refuse(10002, format!("bad parameters: body.{name}")),
        }
    }

    fn ids(&self, name: &str) -> Vec<i64> {
        let items = self.body.get(name).and_then(Value::as_array);
        items.map(|items| items.iter().filter_map(Value::as_i64).collect()).unwrap_or_default()
    }
}

/// Milliseconds since the Unix epoch.
fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl Emulator {
    /// The state the server starts with: the example user, their token, and the example group.
    pub(super) fn new(origin: &str) -> Emulator {
        let mut emulator = Emulator {
            origin: origin.to_owned(),
            users: BTreeMap::new(),
            tokens: HashMap::new(),
            revoked: BTreeSet::new(),
            groups: BTreeMap::new(),
            messages: Vec::new(),
            sent: HashMap::new(),
            next_user_id: EXAMPLE_USER_ID,
            next_group_id: EXAMPLE_GROUP_ID,
            next_message_id: EXAMPLE_MESSAGE_ID + 1,
            next_token: 1,
        };
        let alice = emulator.add_user(EXAMPLE_USERNAME, EXAMPLE_PASSWORD);
        emulator.tokens.insert(EXAMPLE_USER_TOKEN.to_owned(), alice);
        emulator.add_group(alice, EXAMPLE_GROUP_NAME, "", 0, &[]);
        emulator
    }

    /// Revokes an issued token.
    pub(super) fn revoke_token(&mut self, token: &str) {
        self.revoked.insert(token.to_owned());
    }

    /// The envelope the emulator answers `request` with, or `None` when it does not emulate the operation.
    pub(super) fn handle(&mut self, operation: &Operation, request: &Received) -> Option<Value> {
        if !EMULATED_OPERATIONS.contains(&operation.id) {
            return None;
        }
        let body = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let call = Call { request, body };
        let outcome = self.dispatch(operation.id, &call);
        Some(
            outcome.unwrap_or_else(|refusal| json!({ "code": refusal.code, "message": refusal.message, "data": null })),
        )
    }

    fn dispatch(&mut self, id: &str, call: &Call<'_>) -> Outcome {
        // Registration and logins need only `app_id`.
        match id {
            "user.register_v2" => return self.register(call),
            "token.by_id" | "token.by_name" | "token.login" => return self.login(id, call),
            _ => {}
        }
        let caller = self.caller(call.request)?;
        match id {
            "user.register_batch" => self.register_batch(caller, call),
            "user.profile" => self.profile(caller),
            "user.update_profile" | "user.set_nickname" | "user.set_avatar" | "user.set_auth_mode" => {
                self.update_profile(id, caller, call)
            }
            "user.list" => self.list_users(caller, call),
            "user.delete" => self.delete_user(caller, call),
            "user.disable" | "user.enable" => self.set_disabled(caller, call, id == "user.disable"),
            "user.change_password" | "user.change_password_admin" => self.change_password(id, caller, call),
            "roster.apply" => self.roster_apply(caller, call),
            "roster.accept" | "roster.decline" => self.roster_answer(caller, call, id == "roster.accept"),
            "roster.apply_list" => self.roster_applications(caller, call),
            "roster.list" => self.roster_list(caller, call),
            "roster.details" => self.roster_details(call),
            "roster.delete" => self.roster_delete(caller, call),
            "roster.block" | "roster.unblock" => self.roster_block(caller, call, id == "roster.block"),
            "roster.blocked_list" => self.roster_blocked(caller),
            "message.send" => self.send(caller, call),
            "message.history" => self.history(caller, call),
            "message.recall" => self.recall(caller, call),
            "message.ack" => self.ack(caller, call),
            "message.unread" => self.unread(caller),
            group => self.group_operation(group, caller, call),
        }
    }

    /// The caller of a request that needs a token: an issued user token, or the admin's (see the module docs of
    /// `mock`).
    fn caller(&self, request: &Received) -> Result<Caller, Refusal> {
        let token = request.header("access-token").unwrap_or_default();
        let header_id = |name: &str| request.header(name).and_then(|value| value.parse::<i64>().ok());
        if let Some(&user) = self.tokens.get(token) {
            if self.revoked.contains(token) || self.users.get(&user).is_none_or(|u| u.disabled) {
                return refuse(10008, "access-token invalid");
            }
            if header_id("user_id").is_some_and(|id| id != user) {
                return refuse(10010, "no permission: a user token acts as its own user only");
            }
            return Ok(Caller { user, app_admin: false, admin_token: false });
        }
        if token.is_empty() {
            return refuse(10003, "access-token missing");
        }
        if token.starts_with(USER_TOKEN_PREFIX) {
            return refuse(10008, "access-token invalid");
        }
        let (user, app_admin) = match (header_id("user_id"), header_id("group_id")) {
            (Some(user), _) => (user, false),
            (None, Some(group)) => match self.groups.get(&group) {
                Some(group) => (group.owner, false),
                None => return refuse(20001, "group not found"),
            },
            (None, None) => (EXAMPLE_USER_ID, true),
        };
        if !self.users.contains_key(&user) && !app_admin {
            return refuse(10000, "user not found");
        }
        Ok(Caller { user, app_admin, admin_token: true })
    }

    fn add_user(&mut self, username: &str, password: &str) -> i64 {
        let id = self.next_user_id;
        self.next_user_id += 1;
        let user = User {
            id,
            username: username.to_owned(),
            password: password.to_owned(),
            nick_name: String::new(),
            avatar: String::new(),
            description: String::new(),
            mobile: String::new(),
            public_info: String::new(),
            private_info: String::new(),
            auth_mode: 1,
            disabled: false,
            friends: BTreeSet::new(),
            blocked: BTreeSet::new(),
            applications: BTreeMap::new(),
        };
        self.users.insert(id, user);
        id
    }

    fn add_group(&mut self, owner: i64, name: &str, description: &str, group_type: i64, members: &[i64]) -> i64 {
        let id = self.next_group_id;
        self.next_group_id += 1;
        let now = now_ms();
        let mut joined = BTreeMap::from([(owner, now)]);
        joined.extend(members.iter().filter(|m| self.users.contains_key(m)).map(|&m| (m, now)));
        let group = Group {
            id,
            name: name.to_owned(),
            description: description.to_owned(),
            avatar: String::new(),
            group_type,
            owner,
            admins: BTreeSet::new(),
            members: joined,
            muted: BTreeMap::new(),
            applications: BTreeMap::new(),
            apply_approval: 1,
            created_at: now,
            updated_at: now,
        };
        self.groups.insert(id, group);
        id
    }

    fn user(&self, id: i64) -> Result<&User, Refusal> {
        match self.users.get(&id) {
            Some(user) => Ok(user),
            None => refuse(10000, "user not found"),
        }
    }

    fn user_mut(&mut self, id: i64) -> Result<&mut User, Refusal> {
        match self.users.get_mut(&id) {
            Some(user) => Ok(user),
            None => refuse(10000, "user not found"),
        }
    }

    /// The `data` of an operation's example (for the members the emulator does not keep).
    fn example_data(&self, id: &str) -> Value {
        let example = OPERATIONS.iter().find(|op| op.id == id).and_then(|op| op.example(&self.origin));
        example.and_then(|mut envelope| envelope.get_mut("data").map(Value::take)).unwrap_or(Value::Null)
    }
}

/// A page of `items` from the cursor (an index, as text) on: the items, and the cursor of the next page if any.
fn page<T: Clone>(items: &[T], cursor: Option<&str>, limit: Option<i64>) -> (Vec<T>, Option<String>) {
    let start = cursor.and_then(|c| c.parse::<usize>().ok()).unwrap_or(0).min(items.len());
    let limit = limit.and_then(|l| usize::try_from(l).ok()).filter(|&l| l > 0).unwrap_or(20);
    let end = start.saturating_add(limit).min(items.len());
    let next = (end < items.len()).then(|| end.to_string());
    (items[start..end].to_vec(), next)
}

/// Sets `key` of an object to `value` (for merging the emulator's members over an example).
fn set(object: &mut Value, key: &str, value: Value) {
    if let Value::Object(members) = object {
        members.insert(key.to_owned(), value);
    } else {
        *object = json!({ key: value });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_emulated_operation_is_in_the_document() {
        for id in EMULATED_OPERATIONS {
            assert!(OPERATIONS.iter().any(|op| op.id == *id), "{id}");
        }
    }

    #[test]
    fn pages_follow_the_cursor_to_the_end() {
        let items: Vec<i64> = (1..=5).collect();
        assert_eq!(page(&items, None, Some(2)), (vec![1, 2], Some("2".to_owned())));
        assert_eq!(page(&items, Some("4"), Some(2)), (vec![5], None));
        assert_eq!(page(&items, Some("99"), Some(2)), (vec![], None));
    }
}
