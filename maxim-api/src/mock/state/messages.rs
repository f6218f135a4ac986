//! Messages: sends to users or groups (with `transaction_id` de-duplication), histories paged backwards from
//! `msg_id_start`, recalls, read acknowledgements and unread counts.

use serde_json::{Value, json};

use super::{Call, Caller, DEDUP_WINDOW_MS, Emulator, Message, Outcome, now_ms, ok, refuse};

/// `TargetType::Group` on the wire.
const TO_GROUP: i64 = 2;

impl Emulator {
    /// `POST /message/send`: one message per target. A send that repeats a `transaction_id` of the same sender
    /// within the window answers the first send's IDs and sends nothing.
    pub(super) fn send(&mut self, caller: Caller, call: &Call<'_>) -> Outcome {
        let from = match call.body.get("from_user_id").and_then(Value::as_i64) {
            Some(from) if caller.admin_token => from,
            Some(from) if from != caller.user => return refuse(10010, "no permission: from_user_id"),
            _ => caller.user,
        };
        self.user(from)?;
        let now = now_ms();
        let transaction = call.body.get("transaction_id").and_then(Value::as_i64);
        if let Some(transaction) = transaction
            && let Some((at, ids)) = self.sent.get(&(from, transaction))
            && now - at < DEDUP_WINDOW_MS
        {
            return Ok(json!({ "code": 200, "message": null, "data": true, "msg_ids": ids }));
        }
        let to_group = call.i64("type")? == TO_GROUP;
        let targets = call.ids("targets");
        for &target in &targets {
            if to_group {
                let group = self.group(target)?;
                if !group.members.contains_key(&from) {
                    return refuse(20002, "not a group member");
                }
                if group.muted.get(&from).is_some_and(|until| *until > now) {
                    return refuse(10010, "no permission: muted in the group");
                }
            } else if self.user(target)?.blocked.contains(&from) {
                return refuse(10006, "in blacklist");
            }
        }
        let text = |name: &str| call.str(name).map(str::to_owned);
        let mut ids = Vec::with_capacity(targets.len());
        for to in targets {
            let id = self.next_message_id;
            self.next_message_id += 1;
            ids.push(id);
            self.messages.push(Message {
                id,
                from,
                to,
                to_group,
                content: text("content").unwrap_or_default(),
                content_type: call.body.get("content_type").and_then(Value::as_i64).unwrap_or(0),
                ext: text("ext"),
                config: text("config"),
                attachment: text("attachment"),
                timestamp: now,
                recalled: false,
                read_by: [from].into(),
            });
        }
        if let Some(transaction) = transaction {
            self.sent.insert((from, transaction), (now, ids.clone()));
        }
        Ok(json!({ "code": 200, "message": null, "data": true, "msg_ids": ids }))
    }

    /// `GET /message/conversation`: the conversation with `opposite_id` (a user or a group), newest first from
    /// `msg_id_start` (0: the newest), `limit` at a time; `next_msg_id` continues it.
    pub(super) fn history(&self, caller: Caller, call: &Call<'_>) -> Outcome {
        let opposite = call.query_i64("opposite_id")?;
        if let Some(group) = self.groups.get(&opposite)
            && !caller.app_admin
            && !group.members.contains_key(&caller.user)
        {
            return refuse(20002, "not a group member");
        }
        let start = call.query("msg_id_start").and_then(|s| s.parse::<i64>().ok()).filter(|&s| s > 0);
        let limit = call.query("limit").and_then(|l| l.parse::<usize>().ok()).filter(|&l| l > 0).unwrap_or(20);
        let mut older = self.messages.iter().rev().filter(|m| {
            !m.recalled && m.in_conversation(caller.user, opposite) && start.is_none_or(|start| m.id <= start)
        });
        let messages: Vec<Value> = older.by_ref().take(limit).map(history_message).collect();
        let next = older.next().map(|m| m.id);
        ok(json!({ "messages": messages, "is_last": next.is_none(), "next_msg_id": next.unwrap_or(0) }))
    }

    /// `POST /message/recall`: the sender (or a group admin) takes a message back; it leaves both histories.
    pub(super) fn recall(&mut self, caller: Caller, call: &Call<'_>) -> Outcome {
        let (conversation, id) = (call.i64("conversation_id")?, call.i64("msg_id")?);
        let Some(index) = self.messages.iter().position(|m| m.id == id && !m.recalled) else {
            return refuse(10002, "bad parameters: no such message");
        };
        let message = &self.messages[index];
        if !message.in_conversation(caller.user, conversation) && !caller.app_admin {
            return refuse(10002, "bad parameters: the message is not in this conversation");
        }
        let group_admin = message.to_group && self.groups.get(&message.to).is_some_and(|g| g.is_admin(caller.user));
        if message.from != caller.user && !group_admin && !caller.app_admin {
            return refuse(10010, "no permission: not the sender");
        }
        self.messages[index].recalled = true;
        ok(json!(true))
    }

    /// `GET /message/ack`: the caller has read the conversation up to `msg_id` (all of it without one).
    pub(super) fn ack(&mut self, caller: Caller, call: &Call<'_>) -> Outcome {
        let conversation = call.query_i64("conversation_id")?;
        let up_to = call.query("msg_id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(i64::MAX);
        let messages =
            self.messages.iter_mut().filter(|m| m.id <= up_to && m.in_conversation(caller.user, conversation));
        for message in messages {
            message.read_by.insert(caller.user);
        }
        ok(json!(true))
    }

    /// `GET /message/unread`: per conversation, the messages to the caller not acknowledged yet.
    pub(super) fn unread(&self, caller: Caller) -> Outcome {
        let mut counts = std::collections::BTreeMap::<i64, i64>::new();
        for message in self.messages.iter().filter(|m| !m.recalled && !m.read_by.contains(&caller.user)) {
            let conversation = match message.to_group {
                true if self.groups.get(&message.to).is_some_and(|g| g.members.contains_key(&caller.user)) => {
                    message.to
                }
                false if message.to == caller.user => message.from,
                _ => continue,
            };
            *counts.entry(conversation).or_default() += 1;
        }
        let items = counts.into_iter().map(|(id, num)| json!({ "conversation_id": { "uid": id }, "num": num }));
        ok(Value::Array(items.collect()))
    }
}

/// A `HistoryMessage`.
fn history_message(message: &Message) -> Value {
    let mut value = json!({
        "msg_id": message.id,
        "from_xid": { "uid": message.from, "device_sn": 0 },
        "to_xid": { "uid": message.to, "device_sn": 0 },
        "content": message.content,
        "ctype": message.content_type.to_string(),
        "timestamp": message.timestamp,
        "status": "normal",
    });
    for (key, text) in [("ext", &message.ext), ("config", &message.config), ("attachment", &message.attachment)] {
        if let (Some(text), Value::Object(members)) = (text, &mut value) {
            members.insert(key.to_owned(), json!(text));
        }
    }
    value
}
