//! Following paged endpoints as streams.
//!
//! [`pages`] is a generic unfold: fetch a page for the current request, yield it, ask the
//! caller-supplied `next` for the following request and its cursor (`None` ends the stream). The
//! generated operations supply `next` (cursor → next cursor, `next_msg_id` until `is_last`). A hostile
//! or broken server cannot make the walk endless: it ends when a cursor comes back that was seen
//! before (any earlier one, not only the last), and after `max_empty` consecutive pages without items.
//! [`items`] flattens a stream of pages into items.

use std::collections::HashSet;
use std::future::Future;
use std::hash::Hash;

use futures::{Stream, TryStreamExt, stream};

use crate::error::Result;

/// Follows a paged endpoint: starting from `first` (whose cursor, if the caller set one, is
/// `first_cursor`), fetches a page with `fetch`, yields it, and asks `next(&request, &page)` for the
/// next request and its cursor (`None` = done). Ends after an error (yielded), on a cursor seen
/// before, and after `max_empty` consecutive pages for which `is_empty` holds (at least one).
///
/// The stream is `Send` when `Req`, `Cursor`, the closures and the futures of `fetch` are.
pub(crate) fn pages<Req, Page, Cursor, Fut, F, N, E>(
    first: Req,
    first_cursor: Option<Cursor>,
    max_empty: u32,
    fetch: F,
    next: N,
    is_empty: E,
) -> impl Stream<Item = Result<Page>>
where
    Req: Clone,
    Cursor: Eq + Hash,
    F: FnMut(Req) -> Fut,
    N: FnMut(&Req, &Page) -> Option<(Req, Cursor)>,
    E: Fn(&Page) -> bool,
    Fut: Future<Output = Result<Page>>,
{
    let walk = Walk { fetch, next, is_empty, seen: first_cursor.into_iter().collect(), empty_run: 0, max_empty };
    stream::unfold(Some((first, walk)), |state| async move {
        let (request, mut walk) = state?;
        match (walk.fetch)(request.clone()).await {
            Ok(page) => {
                let following = walk.following(&request, &page).map(|r| (r, walk));
                Some((Ok(page), following))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
}

/// The state of a walk between pages.
struct Walk<F, N, E, Cursor> {
    fetch: F,
    next: N,
    is_empty: E,
    seen: HashSet<Cursor>,
    empty_run: u32,
    max_empty: u32,
}

impl<F, N, E, Cursor: Eq + Hash> Walk<F, N, E, Cursor> {
    /// The request after `page`, unless the walk ends here.
    fn following<Req, Page>(&mut self, request: &Req, page: &Page) -> Option<Req>
    where
        N: FnMut(&Req, &Page) -> Option<(Req, Cursor)>,
        E: Fn(&Page) -> bool,
    {
        self.empty_run = if (self.is_empty)(page) { self.empty_run + 1 } else { 0 };
        if self.empty_run >= self.max_empty.max(1) {
            tracing::debug!(pages = self.empty_run, "paging ends after consecutive empty pages");
            return None;
        }
        let (request, cursor) = (self.next)(request, page)?;
        if !self.seen.insert(cursor) {
            tracing::debug!("paging ends: the server repeated an earlier cursor");
            return None;
        }
        Some(request)
    }
}

/// Whether an undescribed JSON `data` holds nothing: absent, `null`, `[]`, `{}` or `""`.
#[allow(dead_code)] // Emitted for a paged operation whose `data` is undescribed JSON; the current document has none.
pub(crate) fn is_empty_json(data: &Option<serde_json::Value>) -> bool {
    use serde_json::Value;
    match data {
        None | Some(Value::Null) => true,
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Bool(_) | Value::Number(_)) => false,
    }
}

/// Flattens a stream of pages into a stream of items, using `extract` to take the items out of
/// each page. Errors are passed through (and, with [`pages`], end the stream).
pub(crate) fn items<S, Page, I, X>(pages: S, mut extract: X) -> impl Stream<Item = Result<I::Item>>
where
    S: Stream<Item = Result<Page>>,
    I: IntoIterator,
    X: FnMut(Page) -> I,
{
    pages.map_ok(move |page| stream::iter(extract(page).into_iter().map(Ok))).try_flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use futures::StreamExt;
    use std::sync::{Arc, Mutex};

    #[derive(Debug, Clone, PartialEq)]
    struct Req {
        cursor: Option<u32>,
    }

    #[derive(Debug, PartialEq)]
    struct Page {
        items: Vec<u32>,
        cursor: Option<u32>,
    }

    fn assert_send<T: Send>(t: T) -> T {
        t
    }

    /// A fake server of 3 pages: cursor None -> 1 -> 2 -> end.
    fn fake_page(req: &Req) -> Page {
        let c = req.cursor.unwrap_or(0);
        Page { items: vec![c * 10, c * 10 + 1], cursor: (c < 2).then_some(c + 1) }
    }

    fn follow(_req: &Req, page: &Page) -> Option<(Req, u32)> {
        page.cursor.map(|c| (Req { cursor: Some(c) }, c))
    }

    fn no_items(page: &Page) -> bool {
        page.items.is_empty()
    }

    #[tokio::test]
    async fn follows_cursor_until_next_returns_none() {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&calls);
        let fetch = move |req: Req| {
            let seen = Arc::clone(&seen);
            async move {
                seen.lock().map_err(|_| Error::config("poisoned"))?.push(req.cursor);
                Ok(fake_page(&req))
            }
        };
        let stream = assert_send(pages(Req { cursor: None }, None, 3, fetch, follow, no_items));
        let got: Vec<Page> = stream.try_collect().await.expect("no error");
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].items, vec![20, 21]);
        let calls = calls.lock().map(|c| c.clone()).unwrap_or_default();
        assert_eq!(calls, vec![None, Some(1), Some(2)]);
    }

    #[tokio::test]
    async fn stops_after_the_first_error() {
        let mut fetched = 0;
        let fetch = |req: Req| {
            fetched += 1;
            let n = fetched;
            async move { if n == 2 { Err(Error::config("boom")) } else { Ok(fake_page(&req)) } }
        };
        // Would go on forever if the stream did not stop at the error.
        let next = |req: &Req, _page: &Page| {
            let c = req.cursor.unwrap_or(0) + 1;
            Some((Req { cursor: Some(c) }, c))
        };
        let got: Vec<Result<Page>> = pages(Req { cursor: None }, None, 3, fetch, next, no_items).collect().await;
        assert_eq!(got.len(), 2);
        assert!(got[0].is_ok());
        assert!(matches!(&got[1], Err(Error::Config { message }) if message == "boom"));
    }

    #[tokio::test]
    async fn ends_on_any_earlier_cursor() {
        // The server cycles 1 -> 2 -> 3 -> 1 …: the walk ends when 1 comes back, after three pages.
        let fetch = |req: Req| async move {
            let c = req.cursor.unwrap_or(0);
            Ok(Page { items: vec![c], cursor: Some(c % 3 + 1) })
        };
        let got: Vec<Page> =
            pages(Req { cursor: None }, None, 3, fetch, follow, no_items).try_collect().await.expect("ok");
        assert_eq!(got.iter().map(|p| p.items[0]).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        // A cursor the caller started from counts as seen.
        let fetch = |_req: Req| async { Ok(Page { items: vec![1], cursor: Some(7) }) };
        let got: Vec<Page> =
            pages(Req { cursor: Some(7) }, Some(7), 3, fetch, follow, no_items).try_collect().await.expect("ok");
        assert_eq!(got.len(), 1);
    }

    #[tokio::test]
    async fn ends_after_consecutive_empty_pages() {
        // Empty pages with ever new cursors: the walk ends after `max_empty` of them in a row.
        let fetch = |req: Req| async move {
            let c = req.cursor.unwrap_or(0);
            Ok(Page { items: if c == 1 { vec![1] } else { vec![] }, cursor: Some(c + 1) })
        };
        for (max_empty, expected_pages) in [(1, 1), (2, 4), (3, 5), (0, 1)] {
            let walk = pages(Req { cursor: None }, None, max_empty, fetch, follow, no_items);
            let got: Vec<Page> = walk.try_collect().await.expect("ok");
            assert_eq!(got.len(), expected_pages, "max_empty {max_empty}");
        }
    }

    #[tokio::test]
    async fn items_flattens_pages() {
        let fetch = |req: Req| async move { Ok(fake_page(&req)) };
        let stream = pages(Req { cursor: None }, None, 3, fetch, follow, no_items);
        let all: Vec<u32> = items(stream, |p: Page| p.items).try_collect().await.expect("no error");
        assert_eq!(all, vec![0, 1, 10, 11, 20, 21]);
    }

    #[tokio::test]
    async fn items_passes_errors_through() {
        let fetch = |_req: Req| async { Err::<Page, _>(Error::config("down")) };
        let stream = pages(Req { cursor: None }, None, 3, fetch, follow, no_items);
        let got: Vec<Result<u32>> = items(stream, |p: Page| p.items).collect().await;
        assert_eq!(got.len(), 1);
        assert!(got[0].is_err());
    }

    #[test]
    fn empty_json() {
        use serde_json::json;
        for empty in [None, Some(json!(null)), Some(json!([])), Some(json!({})), Some(json!(""))] {
            assert!(is_empty_json(&empty), "{empty:?}");
        }
        for full in [json!([1]), json!({"a": 1}), json!("x"), json!(0), json!(false)] {
            assert!(!is_empty_json(&Some(full.clone())), "{full}");
        }
    }
}
