//! Groups: membership, roles, mutes and paging of the member list. A non-member cannot read (20002), a non-admin
//! cannot change members (10010), a destroyed group is not found (20001).

use std::collections::btree_map::Entry;

use serde_json::{Value, json};

use super::{Call, Caller, Emulator, Group, Outcome, Refusal, now_ms, ok, page, refuse, set};

/// A `MemberResult`.
fn member_result(user: i64, failure: Option<&str>) -> Value {
    match failure {
        None => json!({ "user_id": user, "result": "success", "reason": "" }),
        Some(reason) => json!({ "user_id": user, "result": "failed", "reason": reason }),
    }
}

impl Emulator {
    /// The group operations: `group.create` and those on one existing group (`group_id` in the query or body).
    pub(super) fn group_operation(&mut self, id: &str, caller: Caller, call: &Call<'_>) -> Outcome {
        match id {
            "group.create" => return self.create_group(caller, call),
            "group.user_joined" => {
                let joined = self.groups.values().filter(|g| g.members.contains_key(&caller.user)).map(|g| g.id);
                return ok(json!(joined.collect::<Vec<_>>()));
            }
            _ => {}
        }
        let group_id = match call.query("group_id") {
            Some(_) => call.query_i64("group_id")?,
            None => call.i64("group_id")?,
        };
        let group = self.group(group_id)?;
        let is_member = caller.app_admin || group.members.contains_key(&caller.user);
        let is_admin = caller.app_admin || group.is_admin(caller.user);
        let is_owner = caller.app_admin || group.owner == caller.user;
        let needs = match id {
            "group.apply" => None,
            "group.handle_application"
            | "group.kick"
            | "group.ban"
            | "group.unban"
            | "group.settings_require_admin_approval" => (!is_admin).then_some((10010, "no permission: not an admin")),
            "group.add_admins" | "group.remove_admins" | "group.transfer" | "group.destroy" => {
                (!is_owner).then_some((10010, "no permission: not the owner"))
            }
            _ => (!is_member).then_some((20002, "not a group member")),
        };
        if let Some((code, message)) = needs {
            return refuse(code, message);
        }
        match id {
            "group.info" => ok(self.group_info(group)),
            "group.invite" => self.add_members(group_id, &call.ids("user_list")),
            "group.apply" => self.apply_to_group(group_id, caller, call),
            "group.handle_application" => self.handle_application(group_id, call),
            "group.settings_require_admin_approval" => {
                self.group_mut(group_id)?.apply_approval = call.i64("apply_approval")?;
                ok(json!(true))
            }
            "group.member_list" => {
                let members: Vec<(i64, i64)> = group.members.iter().map(|(&user, &joined)| (user, joined)).collect();
                self.member_page(&members, call)
            }
            "group.banned_list" => {
                let now = now_ms();
                let muted = group.muted.iter().filter(|(_, until)| **until > now);
                let members: Vec<(i64, i64)> = muted.map(|(&user, &until)| (user, until)).collect();
                self.member_page(&members, call)
            }
            "group.admin_list" => {
                let admins = group.admins.iter().map(|user| json!({ "user_id": user }));
                ok(Value::Array(admins.collect()))
            }
            "group.kick" => self.kick(group_id, caller, &call.ids("user_list")),
            "group.leave" => {
                if group.owner == caller.user {
                    return refuse(10010, "no permission: the owner transfers the group before leaving");
                }
                let group = self.group_mut(group_id)?;
                group.members.remove(&caller.user);
                group.admins.remove(&caller.user);
                ok(json!(true))
            }
            "group.add_admins" | "group.remove_admins" => {
                let add = id == "group.add_admins";
                let group = self.group_mut(group_id)?;
                let results = call.ids("user_list").into_iter().map(|user| {
                    if !group.members.contains_key(&user) {
                        return member_result(user, Some("not a group member"));
                    }
                    if add {
                        group.admins.insert(user)
                    } else {
                        group.admins.remove(&user)
                    };
                    member_result(user, None)
                });
                ok(Value::Array(results.collect()))
            }
            "group.ban" | "group.unban" => {
                // `duration` in minutes.
                let until = now_ms().saturating_add(call.i64("duration").unwrap_or(0).saturating_mul(60_000));
                let group = self.group_mut(group_id)?;
                let results = call.ids("user_list").into_iter().map(|user| {
                    if !group.members.contains_key(&user) {
                        return member_result(user, Some("not a group member"));
                    }
                    if id == "group.ban" {
                        group.muted.insert(user, until)
                    } else {
                        group.muted.remove(&user)
                    };
                    member_result(user, None)
                });
                ok(Value::Array(results.collect()))
            }
            "group.transfer" => {
                let new_owner = call.i64("new_owner")?;
                let group = self.group_mut(group_id)?;
                if !group.members.contains_key(&new_owner) {
                    return refuse(20002, "not a group member");
                }
                group.admins.remove(&new_owner);
                group.owner = new_owner;
                ok(member_result(new_owner, None))
            }
            "group.destroy" => {
                self.groups.remove(&group_id);
                ok(json!(true))
            }
            _ => refuse(10002, "bad parameters"),
        }
    }

    pub(super) fn group(&self, id: i64) -> Result<&Group, Refusal> {
        match self.groups.get(&id) {
            Some(group) => Ok(group),
            None => refuse(20001, "group not found"),
        }
    }

    fn group_mut(&mut self, id: i64) -> Result<&mut Group, Refusal> {
        match self.groups.get_mut(&id) {
            Some(group) => Ok(group),
            None => refuse(20001, "group not found"),
        }
    }

    /// `POST /group/create`: the caller owns it; members of `user_list` that exist join.
    fn create_group(&mut self, caller: Caller, call: &Call<'_>) -> Outcome {
        self.user(caller.user)?;
        let name = call.str("name").unwrap_or_default();
        let description = call.str("description").unwrap_or_default();
        let group_type = call.body.get("type").and_then(Value::as_i64).unwrap_or(0);
        let id = self.add_group(caller.user, name, description, group_type, &call.ids("user_list"));
        if let Some(avatar) = call.str("avatar") {
            self.group_mut(id)?.avatar = avatar.to_owned();
        }
        ok(self.group_info(self.group(id)?))
    }

    /// A `GroupInfo`: the example's settings with the emulator's members over them.
    fn group_info(&self, group: &Group) -> Value {
        let mut info = self.example_data("group.info");
        let members = [
            ("group_id", json!(group.id)),
            ("name", json!(group.name)),
            ("description", json!(group.description)),
            ("avatar", json!(group.avatar)),
            ("owner_id", json!(group.owner)),
            ("type", json!(group.group_type)),
            ("count", json!(group.members.len())),
            ("apply_approval", json!(group.apply_approval)),
            ("status", json!(0)),
            ("created_at", json!(group.created_at)),
            ("updated_at", json!(group.updated_at)),
        ];
        for (key, value) in members {
            set(&mut info, key, value);
        }
        info
    }

    /// `POST /group/invite` (invited users join at once): one result per user.
    fn add_members(&mut self, group_id: i64, users: &[i64]) -> Outcome {
        let now = now_ms();
        let known: Vec<bool> = users.iter().map(|user| self.users.contains_key(user)).collect();
        let group = self.group_mut(group_id)?;
        let results = users.iter().zip(known).map(|(&user, known)| {
            if !known {
                return member_result(user, Some("user not found"));
            }
            match group.members.entry(user) {
                Entry::Occupied(_) => member_result(user, Some("already a group member")),
                Entry::Vacant(joined) => {
                    joined.insert(now);
                    group.applications.remove(&user);
                    member_result(user, None)
                }
            }
        });
        ok(Value::Array(results.collect()))
    }

    /// `POST /group/apply`: joins at once when the group accepts all, waits for an admin when it needs approval.
    fn apply_to_group(&mut self, group_id: i64, caller: Caller, call: &Call<'_>) -> Outcome {
        let group = self.group_mut(group_id)?;
        if group.members.contains_key(&caller.user) {
            return refuse(20017, "already a group member");
        }
        match group.apply_approval {
            0 => {
                group.members.insert(caller.user, now_ms());
            }
            2 => return refuse(10010, "no permission: the group accepts no requests"),
            _ => {
                let reason = call.str("reason").unwrap_or_default().to_owned();
                group.applications.insert(caller.user, reason);
            }
        }
        ok(member_result(caller.user, None))
    }

    /// `POST /group/apply/handle`: approves or declines a pending request (10002 when there is none).
    fn handle_application(&mut self, group_id: i64, call: &Call<'_>) -> Outcome {
        let user = call.i64("user_id")?;
        let approval = call.body.get("approval").and_then(Value::as_bool).unwrap_or(false);
        let group = self.group_mut(group_id)?;
        if group.applications.remove(&user).is_none() {
            return refuse(10002, "bad parameters: no request from this user");
        }
        if approval {
            group.members.insert(user, now_ms());
        }
        ok(member_result(user, None))
    }

    /// `POST /group/kick`: admins kick members, the owner kicks admins too; nobody kicks the owner.
    fn kick(&mut self, group_id: i64, caller: Caller, users: &[i64]) -> Outcome {
        let group = self.group_mut(group_id)?;
        let by_owner = caller.app_admin || group.owner == caller.user;
        let results = users.iter().map(|&user| {
            if !group.members.contains_key(&user) {
                member_result(user, Some("not a group member"))
            } else if user == group.owner || (group.admins.contains(&user) && !by_owner) {
                member_result(user, Some("no permission"))
            } else {
                group.members.remove(&user);
                group.admins.remove(&user);
                group.muted.remove(&user);
                member_result(user, None)
            }
        });
        ok(Value::Array(results.collect()))
    }

    /// A `GroupMemberPage` of `(user, time)` pairs (joined at, or muted until), paged by cursor.
    fn member_page(&self, members: &[(i64, i64)], call: &Call<'_>) -> Outcome {
        let limit = call.query("limit").and_then(|l| l.parse().ok());
        let (items, cursor) = page(members, call.query("cursor"), limit);
        let data = items.iter().map(|(user, time)| json!({ "user_id": user, "join_time": time, "expired_time": time }));
        let data: Vec<Value> = data.collect();
        Ok(
            json!({ "code": 200, "message": null, "data": data, "cursor": cursor, "total": members.len(), "version": 1 }),
        )
    }
}
