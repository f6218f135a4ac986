//! Calls by method and path with JSON inputs, for tools that read the operations from a table at run time (the
//! `maxim` command-line tool) instead of calling the generated request builders.
//!
//! A [`RawRequest`] runs through the same core as a generated call (credentials, act-as headers, retries, limits,
//! tracing): it only replaces the typed encode and decode with JSON values. Paged operations are walked by the
//! generated builders' rules ([`RawPaging`]) with the same guards (a repeated cursor, empty pages in a row).

use futures::Stream;
use serde_json::Value;

use crate::client::Client;
use crate::download::DownloadStream;
use crate::error::Result;
use crate::request::{Call, CallOptions};
use crate::values::Method;

/// How a paged operation asks for the page after this one: the rules of the generated `pages()` streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RawPaging {
    /// Sends the answer's top-level `cursor` back as query `cursor` until a page has none (or an empty one); the
    /// items are the answer's `data` list.
    Cursor,
    /// Sends `data.next_msg_id` back as query `msg_id_start` until `data.is_last` is true; the items are
    /// `data.messages`.
    MessageId,
    /// Asks for query `page_num` 1, 2, 3, … until a page (the `data` list) is empty or shorter than query
    /// `page_size`; the items are `data`.
    PageNumber,
}

/// A call of one operation by method and path, with JSON inputs; made by [`Client::raw_call`].
///
/// ```no_run
/// use maxim_api::{Client, Method, RawPaging};
/// use futures::TryStreamExt;
/// use serde_json::json;
///
/// # async fn demo(client: Client) -> Result<(), maxim_api::Error> {
/// let envelope = client.raw_call("group.info", Method::Get, "/group/info").query("group_id", json!(2306414607729_i64)).send().await?;
/// println!("{}", envelope["data"]);
/// let members: Vec<_> = client
///     .raw_call("group.member_list", Method::Get, "/group/member_list")
///     .query("group_id", json!(2306414607729_i64))
///     .items(RawPaging::Cursor)
///     .try_collect()
///     .await?;
/// # let _ = members;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest<'a> {
    client: &'a Client,
    operation: &'static str,
    method: Method,
    path: &'static str,
    query: Vec<(String, Value)>,
    body: Option<Value>,
    deduplicated: bool,
}

impl Client {
    /// A call of the operation `operation` (its id in errors and logs, e.g. `"group.info"`) as `method path`, with
    /// query and body given as JSON. The generated operations are the typed way to call the same entries; this is
    /// for tools driven by a table of operations.
    pub fn raw_call(&self, operation: &'static str, method: Method, path: &'static str) -> RawRequest<'_> {
        RawRequest { client: self, operation, method, path, query: Vec::new(), body: None, deduplicated: false }
    }
}

impl<'a> RawRequest<'a> {
    /// Sets query parameter `name` (replacing an earlier value); `null` leaves it out. Only a string, number or
    /// boolean fits a query parameter: anything else fails the call with [`crate::Error::Encode`].
    pub fn query(mut self, name: impl Into<String>, value: Value) -> Self {
        let name = name.into();
        self.query.retain(|(existing, _)| *existing != name);
        self.query.push((name, value));
        self
    }

    /// Sends `body` as the JSON body.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Marks the call as one the service de-duplicates by the body member `key` (`transaction_id`), which makes it
    /// safe to retry: when the body object lacks `key`, a random one is set now, and every attempt sends it
    /// unchanged (the generated send operations do the same).
    pub fn deduplicated_by(mut self, key: &str) -> Self {
        let body = self.body.get_or_insert_with(|| Value::Object(Default::default()));
        if let Value::Object(members) = body {
            members.entry(key).or_insert_with(|| Value::from(crate::retry::dedup_id()));
            self.deduplicated = true;
        }
        self
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The URL the request goes to, query string included, exactly as it is sent.
    pub fn url(&self) -> String {
        let call = self.call();
        let mut url = format!("{}{}", self.client.base_url(), self.path);
        if !call.query_string().is_empty() {
            url.push('?');
            url.push_str(call.query_string());
        }
        url
    }

    /// The JSON body as it is sent, if there is one.
    pub fn body_text(&self) -> Option<String> {
        self.body.as_ref().map(Value::to_string)
    }

    /// The call, encoded.
    fn call(&self) -> Call<'a> {
        let mut call = Call::new(self.client, self.operation, self.method, self.path, CallOptions::default());
        for (name, value) in &self.query {
            call = call.param(name, value);
        }
        if let Some(body) = &self.body {
            call = call.json(body);
        }
        // The key is fixed in the request once set: sending the same request again sends it again, so that is safe too.
        if self.deduplicated { call.deduplicated(true) } else { call }
    }

    /// Sends the call; the whole envelope (`code`, `message`, `data` and any `cursor`, `total`, …). A `code` other
    /// than 200 is [`crate::Error::Api`], as for every call.
    pub async fn send(self) -> Result<Value> {
        self.call().envelope::<Value>().await
    }

    /// Sends the call of a file download; the file as a stream (see [`DownloadStream`]).
    pub async fn download(self) -> Result<DownloadStream> {
        self.call().stream().await
    }

    /// Sends this request, then follows the pages by `paging`'s rule, yielding every envelope. The walk ends on a
    /// cursor seen before, on a page whose items repeat an earlier page's, after 3 empty pages in a row, and at the
    /// first error (yielded).
    pub fn pages(self, paging: RawPaging) -> impl Stream<Item = Result<Value>> + Send + 'a {
        let start = match paging {
            RawPaging::Cursor => self.query_value("cursor").map(Value::to_string),
            RawPaging::MessageId => self.query_value("msg_id_start").map(Value::to_string),
            RawPaging::PageNumber => None,
        };
        crate::paging::pages(
            self,
            start,
            CallOptions::default().max_empty_pages(),
            RawRequest::send,
            move |request: &RawRequest<'a>, page: &Value| request.following(paging, page),
            move |page: &Value| crate::paging::list_digest(Some(page_items(paging, page))),
        )
    }

    /// Walks the pages like [`Self::pages`] and yields the items of every page.
    pub fn items(self, paging: RawPaging) -> impl Stream<Item = Result<Value>> + Send + 'a {
        crate::paging::items(self.pages(paging), move |page: Value| page_items(paging, &page).to_vec())
    }

    fn query_value(&self, name: &str) -> Option<&Value> {
        self.query.iter().find(|(existing, _)| existing == name).map(|(_, value)| value).filter(|v| !v.is_null())
    }

    /// The request for the page after `page`, and the cursor that identifies it; `None` when `page` is the last.
    fn following(&self, paging: RawPaging, page: &Value) -> Option<(RawRequest<'a>, String)> {
        match paging {
            RawPaging::Cursor => {
                let cursor = page.get("cursor")?.as_str().filter(|cursor| !cursor.is_empty())?;
                Some((self.clone().query("cursor", Value::from(cursor)), cursor.to_owned()))
            }
            RawPaging::MessageId => {
                let data = page.get("data")?;
                if data.get("is_last").and_then(Value::as_bool) == Some(true) {
                    return None;
                }
                let next = data.get("next_msg_id")?.as_i64()?;
                Some((self.clone().query("msg_id_start", Value::from(next)), next.to_string()))
            }
            RawPaging::PageNumber => {
                let items = page_items(paging, page);
                let size = self.query_value("page_size").and_then(Value::as_i64);
                if items.is_empty() || size.is_some_and(|size| (items.len() as i64) < size) {
                    return None;
                }
                let next = self.query_value("page_num").and_then(Value::as_i64).unwrap_or(1).checked_add(1)?;
                Some((self.clone().query("page_num", Value::from(next)), page["data"].to_string()))
            }
        }
    }
}

/// The items of a page (empty when it has none, or they are not a list).
fn page_items(paging: RawPaging, page: &Value) -> &[Value] {
    let items = match paging {
        RawPaging::Cursor | RawPaging::PageNumber => page.get("data"),
        RawPaging::MessageId => page.get("data").and_then(|data| data.get("messages")),
    };
    items.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}
