//! Users, tokens and rosters.

use serde_json::{Value, json};

use super::{Call, Caller, Emulator, Outcome, USER_TOKEN_PREFIX, ok, page, refuse, set};

impl Emulator {
    /// `POST /user/register/v2`: a new user, 10004 when the name is taken.
    pub(super) fn register(&mut self, call: &Call<'_>) -> Outcome {
        let (Some(username), Some(password)) = (call.str("username"), call.str("password")) else {
            return refuse(10002, "bad parameters: username and password");
        };
        if self.users.values().any(|user| user.username == username) {
            return refuse(10004, "user exists");
        }
        let id = self.add_user(username, password);
        let mut settings = self.example_data("user.register_v2");
        set(&mut settings, "user_id", json!(id));
        set(&mut settings, "id", json!(id));
        set(&mut settings, "auth_mode", json!(1));
        ok(settings)
    }

    /// `POST /user/register/batch`: one result per user, failures included.
    pub(super) fn register_batch(&mut self, caller: Caller, call: &Call<'_>) -> Outcome {
        if !caller.admin_token {
            return refuse(10010, "no permission");
        }
        let list = call.body.get("list").and_then(Value::as_array).cloned().unwrap_or_default();
        let results = list.iter().map(|entry| {
            let username = entry.get("username").and_then(Value::as_str).unwrap_or_default();
            let password = entry.get("password").and_then(Value::as_str).unwrap_or_default();
            if username.is_empty() || self.users.values().any(|user| user.username == username) {
                return json!({ "username": username, "success": false, "reason": "user exists" });
            }
            let id = self.add_user(username, password);
            json!({ "user_id": id, "username": username, "success": true, "reason": "" })
        });
        ok(Value::Array(results.collect()))
    }

    /// `POST /token/id`, `/token/user`, `/token/login`: a new token of the user; 10000 for an unknown user, 10008 for
    /// a wrong password, 10010 for a disabled user.
    pub(super) fn login(&mut self, id: &str, call: &Call<'_>) -> Outcome {
        let user = match id {
            "token.by_id" => {
                let user_id = call.i64("user_id")?;
                self.users.values().find(|user| user.id == user_id)
            }
            "token.by_name" => {
                let name = call.str("name").unwrap_or_default();
                self.users.values().find(|user| user.username == name)
            }
            _ => {
                let login = call.str("login_name").unwrap_or_default();
                self.users.values().find(|u| u.username == login || (!u.mobile.is_empty() && u.mobile == login))
            }
        };
        let Some(user) = user else { return refuse(10000, "user not found") };
        if call.str("password") != Some(user.password.as_str()) {
            return refuse(10008, "wrong password");
        }
        if user.disabled {
            return refuse(10010, "no permission: the user is disabled");
        }
        let user_id = user.id;
        let token = format!("{USER_TOKEN_PREFIX}-{}", self.next_token);
        self.next_token += 1;
        self.tokens.insert(token.clone(), user_id);
        let mut info = self.example_data(id);
        set(&mut info, "user_id", json!(user_id));
        set(&mut info, "token", json!(token));
        ok(info)
    }

    /// `GET /user/profile`.
    pub(super) fn profile(&self, caller: Caller) -> Outcome {
        let user = self.user(caller.user)?;
        ok(json!({
            "user_id": user.id,
            "username": user.username,
            "nick_name": user.nick_name,
            "avatar": user.avatar,
            "description": user.description,
            "mobile": user.mobile,
            "public_info": user.public_info,
            "private_info": user.private_info,
        }))
    }

    /// `POST /user/profile`, `/user/nickname`, `/user/avatar`, `/user/authmode`.
    pub(super) fn update_profile(&mut self, id: &str, caller: Caller, call: &Call<'_>) -> Outcome {
        let user = self.user_mut(caller.user)?;
        let text = |name: &str| call.str(name).map(str::to_owned);
        match id {
            "user.set_nickname" => user.nick_name = call.query("nick_name").unwrap_or_default().to_owned(),
            "user.set_avatar" => user.avatar = text("avatar").unwrap_or_default(),
            "user.set_auth_mode" => user.auth_mode = call.query_i64("value")?,
            _ => {
                let fields = [
                    (&mut user.nick_name, text("nick_name")),
                    (&mut user.description, text("description")),
                    (&mut user.public_info, text("public_info")),
                    (&mut user.private_info, text("private_info")),
                ];
                for (field, value) in fields {
                    if let Some(value) = value {
                        *field = value;
                    }
                }
            }
        }
        ok(json!(true))
    }

    /// `GET /user/list`: pages by `page_num` (from 1) and `page_size`; the admin's only.
    pub(super) fn list_users(&self, caller: Caller, call: &Call<'_>) -> Outcome {
        if !caller.admin_token {
            return refuse(10010, "no permission");
        }
        let number = call.query("page_num").and_then(|n| n.parse::<usize>().ok()).unwrap_or(1).max(1);
        let size = call.query("page_size").and_then(|n| n.parse::<usize>().ok()).filter(|&n| n > 0).unwrap_or(10);
        let users = self.users.values().skip((number - 1).saturating_mul(size)).take(size);
        let items = users.map(|u| json!({ "user_id": u.id, "username": u.username, "status": i64::from(u.disabled) }));
        ok(Value::Array(items.collect()))
    }

    /// `POST /user/delete`: the caller is gone, with their tokens, friendships and memberships.
    pub(super) fn delete_user(&mut self, caller: Caller, call: &Call<'_>) -> Outcome {
        let user = self.user(caller.user)?;
        if call.str("password").is_some_and(|password| password != user.password) {
            return refuse(10008, "wrong password");
        }
        let id = caller.user;
        self.users.remove(&id);
        self.tokens.retain(|_, user| *user != id);
        for user in self.users.values_mut() {
            user.friends.remove(&id);
            user.applications.remove(&id);
        }
        for group in self.groups.values_mut() {
            group.members.remove(&id);
            group.admins.remove(&id);
        }
        ok(json!(true))
    }

    /// `PUT /user/disable` and `/user/enable`: a disabled user's tokens answer 10008 and logins 10010.
    pub(super) fn set_disabled(&mut self, caller: Caller, call: &Call<'_>, disabled: bool) -> Outcome {
        if !caller.admin_token {
            return refuse(10010, "no permission");
        }
        for id in call.ids("list") {
            self.user_mut(id)?.disabled = disabled;
        }
        ok(json!(true))
    }

    /// `POST /user/change_password` (the old one must match: 10008) and `/user/change_password_admin`.
    pub(super) fn change_password(&mut self, id: &str, caller: Caller, call: &Call<'_>) -> Outcome {
        let admin = id == "user.change_password_admin";
        if admin && !caller.admin_token {
            return refuse(10010, "no permission");
        }
        let user = self.user_mut(caller.user)?;
        if !admin && call.str("old_password") != Some(user.password.as_str()) {
            return refuse(10008, "wrong password");
        }
        let new = if admin { call.str("password") } else { call.str("new_password") };
        user.password = new.unwrap_or_default().to_owned();
        ok(json!(true))
    }

    /// `POST /roster/apply`: friends at once when the other user's auth mode is open, a pending request otherwise.
    pub(super) fn roster_apply(&mut self, caller: Caller, call: &Call<'_>) -> Outcome {
        let to = call.i64("user_id")?;
        let target = self.user(to)?;
        if to == caller.user {
            return refuse(10002, "bad parameters: cannot befriend oneself");
        }
        if target.friends.contains(&caller.user) {
            return refuse(10005, "already a friend");
        }
        if target.blocked.contains(&caller.user) {
            return refuse(10006, "in blacklist");
        }
        match target.auth_mode {
            0 => self.befriend(caller.user, to),
            3 => return refuse(10010, "no permission: the user accepts no friend requests"),
            _ => {
                let reason = call.str("reason").unwrap_or_default().to_owned();
                self.user_mut(to)?.applications.insert(caller.user, reason);
            }
        }
        ok(json!(true))
    }

    fn befriend(&mut self, a: i64, b: i64) {
        for (one, other) in [(a, b), (b, a)] {
            if let Some(user) = self.users.get_mut(&one) {
                user.friends.insert(other);
                user.applications.remove(&other);
            }
        }
    }

    /// `POST /roster/accept` and `/roster/decline` of a pending request (10002 when there is none).
    pub(super) fn roster_answer(&mut self, caller: Caller, call: &Call<'_>, accept: bool) -> Outcome {
        let from = if accept { call.query_i64("user_id")? } else { call.i64("user_id")? };
        if self.user_mut(caller.user)?.applications.remove(&from).is_none() {
            return refuse(10002, "bad parameters: no friend request from this user");
        }
        if accept {
            self.befriend(caller.user, from);
        }
        ok(json!(true))
    }

    /// `GET /roster/apply/list`: the requests the caller received.
    pub(super) fn roster_applications(&self, caller: Caller, call: &Call<'_>) -> Outcome {
        let user = self.user(caller.user)?;
        let items: Vec<Value> = user
            .applications
            .iter()
            .map(|(from, reason)| json!({ "user_id": from, "reason": reason, "status": 0, "expired_time": 0 }))
            .collect();
        let limit = call.query("limit").and_then(|l| l.parse().ok());
        let (items, cursor) = page(&items, call.query("cursor"), limit);
        Ok(json!({ "code": 200, "message": null, "data": items, "cursor": cursor, "version": 1 }))
    }

    /// `GET /roster/list`: the caller's friends' IDs, paged.
    pub(super) fn roster_list(&self, caller: Caller, call: &Call<'_>) -> Outcome {
        let friends: Vec<i64> = self.user(caller.user)?.friends.iter().copied().collect();
        let limit = call.query("limit").and_then(|l| l.parse().ok());
        let (items, cursor) = page(&friends, call.query("cursor"), limit);
        Ok(json!({ "code": 200, "message": null, "data": items, "cursor": cursor, "version": 1 }))
    }

    /// `POST /roster/list`: the users of `list` that exist.
    pub(super) fn roster_details(&self, call: &Call<'_>) -> Outcome {
        let users = call.ids("list").into_iter().filter_map(|id| self.users.get(&id));
        let items = users.map(|u| {
            json!({ "user_id": u.id, "username": u.username, "nick_name": u.nick_name, "avatar": u.avatar,
                    "auth_mode": u.auth_mode, "public_info": u.public_info, "description": u.description })
        });
        ok(Value::Array(items.collect()))
    }

    /// `POST /roster/delete`: no longer friends, both ways (10002 when they were not).
    pub(super) fn roster_delete(&mut self, caller: Caller, call: &Call<'_>) -> Outcome {
        let other = call.query_i64("user_id")?;
        if !self.user_mut(caller.user)?.friends.remove(&other) {
            return refuse(10002, "bad parameters: not a friend");
        }
        if let Some(user) = self.users.get_mut(&other) {
            user.friends.remove(&caller.user);
        }
        ok(json!(true))
    }

    /// `POST /roster/block` and `/roster/unblock`: a blocked user cannot send to the caller (10006).
    pub(super) fn roster_block(&mut self, caller: Caller, call: &Call<'_>, block: bool) -> Outcome {
        let other = call.query_i64("user_id")?;
        self.user(other)?;
        let blocked = &mut self.user_mut(caller.user)?.blocked;
        if block {
            blocked.insert(other);
        } else {
            blocked.remove(&other);
        }
        ok(json!(true))
    }

    /// `GET /roster/blocked_list`.
    pub(super) fn roster_blocked(&self, caller: Caller) -> Outcome {
        ok(json!(self.user(caller.user)?.blocked))
    }
}
