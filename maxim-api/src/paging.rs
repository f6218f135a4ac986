//! Following paged endpoints as streams.
//!
//! [`pages`] is a generic unfold: fetch a page for the current request, yield it, ask the
//! caller-supplied `next` for the following request and its cursor (`None` ends the stream). The
//! generated operations supply `next` (cursor → next cursor, `next_msg_id` until `is_last`, page
//! number + 1) and `content`, a fixed-size digest of a page's items. A hostile or broken server cannot
//! make the walk endless: it ends when a cursor comes back that was seen before, when a page's items
//! repeat an earlier page's (that page is not yielded: a server ignoring the page number, or the same
//! items under ever new cursors), and after `max_empty` consecutive pages without items.
//!
//! Memory stays the same however long the walk: repeats are found among digests ([`Repeats`]), never by
//! keeping pages or cursors. [`items`] flattens a stream of pages into items.

use std::fmt;
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};

use futures::{Stream, TryStreamExt, stream};

use crate::error::Result;

/// Follows a paged endpoint: starting from `first` (whose cursor, if the caller set one, is
/// `first_cursor`), fetches a page with `fetch`, yields it, and asks `next(&request, &page)` for the
/// next request and its cursor (`None` = done). `content(&page)` is the digest of the page's items, `None`
/// for a page without any. Ends after an error (yielded), on a cursor seen before, on a page whose
/// items were seen before (not yielded), and after `max_empty` consecutive empty pages (at least one).
///
/// The stream is `Send` when `Req`, `Cursor`, the closures and the futures of `fetch` are.
pub(crate) fn pages<Req, Page, Cursor, Fut, F, N, C>(
    first: Req,
    first_cursor: Option<Cursor>,
    max_empty: u32,
    fetch: F,
    next: N,
    content: C,
) -> impl Stream<Item = Result<Page>>
where
    Req: Clone,
    Cursor: Hash,
    F: FnMut(Req) -> Fut,
    N: FnMut(&Req, &Page) -> Option<(Req, Cursor)>,
    C: Fn(&Page) -> Option<u64>,
    Fut: Future<Output = Result<Page>>,
{
    let mut cursors = Repeats::default();
    if let Some(cursor) = &first_cursor {
        cursors.seen_before(hash_digest(cursor));
    }
    let walk = Walk { fetch, next, content, cursors, contents: Repeats::default(), empty_run: 0, max_empty };
    stream::unfold(Some((first, walk)), |state| async move {
        let (request, mut walk) = state?;
        match (walk.fetch)(request.clone()).await {
            Ok(page) => {
                let digest = (walk.content)(&page);
                if digest.is_some_and(|digest| walk.contents.seen_before(digest)) {
                    tracing::debug!("paging ends: the server repeated the items of an earlier page");
                    return None;
                }
                let following = walk.following(&request, &page, digest.is_none()).map(|r| (r, walk));
                Some((Ok(page), following))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
}

/// The state of a walk between pages.
struct Walk<F, N, C> {
    fetch: F,
    next: N,
    content: C,
    cursors: Repeats,
    contents: Repeats,
    empty_run: u32,
    max_empty: u32,
}

impl<F, N, C> Walk<F, N, C> {
    /// The request after `page`, unless the walk ends here.
    fn following<Req, Page, Cursor: Hash>(&mut self, request: &Req, page: &Page, empty: bool) -> Option<Req>
    where
        N: FnMut(&Req, &Page) -> Option<(Req, Cursor)>,
    {
        self.empty_run = if empty { self.empty_run + 1 } else { 0 };
        if self.empty_run >= self.max_empty.max(1) {
            tracing::debug!(pages = self.empty_run, "paging ends after consecutive empty pages");
            return None;
        }
        let (request, cursor) = (self.next)(request, page)?;
        if self.cursors.seen_before(hash_digest(&cursor)) {
            tracing::debug!("paging ends: the server repeated an earlier cursor");
            return None;
        }
        Some(request)
    }
}

/// How many of the latest digests [`Repeats`] compares exactly.
const RECENT: usize = 128;

/// Repeats in a sequence of digests, in fixed memory. The latest [`RECENT`] digests are compared exactly, so a
/// cycle up to that length ends at its first repeat; a longer cycle is found by Brent's cycle detection (one
/// digest kept, moved at steps 1, 2, 4, 8, …), within a few times its length.
#[derive(Debug)]
struct Repeats {
    recent: [u64; RECENT],
    filled: usize,
    /// Where the next digest goes in `recent`.
    slot: usize,
    /// Brent's anchor: the digest at the last power-of-two step.
    anchor: Option<u64>,
    /// Steps since the anchor moved, and the count at which it moves next.
    steps: u64,
    power: u64,
}

impl Default for Repeats {
    fn default() -> Self {
        Repeats { recent: [0; RECENT], filled: 0, slot: 0, anchor: None, steps: 0, power: 1 }
    }
}

impl Repeats {
    /// Whether `digest` was seen before (as far as this detector can tell); notes it either way.
    fn seen_before(&mut self, digest: u64) -> bool {
        if self.anchor == Some(digest) || self.recent[..self.filled].contains(&digest) {
            return true;
        }
        self.steps += 1;
        if self.steps == self.power {
            self.anchor = Some(digest);
            self.power = self.power.saturating_mul(2);
            self.steps = 0;
        }
        self.recent[self.slot] = digest;
        self.slot = (self.slot + 1) % RECENT;
        self.filled = (self.filled + 1).min(RECENT);
        false
    }
}

/// A 64-bit digest of a value by its `Hash`.
fn hash_digest<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A 64-bit digest of a value by its `Debug` text, hashed as it is written (the text is never kept). Every
/// generated type has `Debug`; secrets show as a placeholder there, which only makes two pages that differ in a
/// secret alone look alike.
pub(crate) fn digest<T: fmt::Debug + ?Sized>(value: &T) -> u64 {
    struct HashWriter(DefaultHasher);
    impl fmt::Write for HashWriter {
        fn write_str(&mut self, text: &str) -> fmt::Result {
            self.0.write(text.as_bytes());
            Ok(())
        }
    }
    let mut writer = HashWriter(DefaultHasher::new());
    // Writing into a hasher cannot fail; a `Debug` impl that fails only leaves a shorter digest.
    let _ = fmt::write(&mut writer, format_args!("{value:?}"));
    writer.0.finish()
}

/// The digest of a page's item list, `None` when it has no items.
pub(crate) fn list_digest<T: fmt::Debug>(items: Option<&[T]>) -> Option<u64> {
    items.filter(|items| !items.is_empty()).map(digest)
}

/// The digest of an undescribed JSON `data`, `None` when it holds nothing (see [`is_empty_json`]).
#[allow(dead_code)] // Emitted for a paged operation whose `data` is undescribed JSON; the current document has none.
pub(crate) fn json_digest(data: &Option<serde_json::Value>) -> Option<u64> {
    if is_empty_json(data) { None } else { data.as_ref().map(digest) }
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

    fn content(page: &Page) -> Option<u64> {
        list_digest(Some(&page.items))
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
        let stream = assert_send(pages(Req { cursor: None }, None, 3, fetch, follow, content));
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
        let got: Vec<Result<Page>> = pages(Req { cursor: None }, None, 3, fetch, next, content).collect().await;
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
            pages(Req { cursor: None }, None, 3, fetch, follow, content).try_collect().await.expect("ok");
        assert_eq!(got.iter().map(|p| p.items[0]).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        // A cursor the caller started from counts as seen.
        let fetch = |_req: Req| async { Ok(Page { items: vec![1], cursor: Some(7) }) };
        let got: Vec<Page> =
            pages(Req { cursor: Some(7) }, Some(7), 3, fetch, follow, content).try_collect().await.expect("ok");
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
            let walk = pages(Req { cursor: None }, None, max_empty, fetch, follow, content);
            let got: Vec<Page> = walk.try_collect().await.expect("ok");
            assert_eq!(got.len(), expected_pages, "max_empty {max_empty}");
        }
    }

    #[tokio::test]
    async fn ends_on_repeated_items_under_new_cursors() {
        // Two empty pages, then the same item under each new cursor: the repeat is not yielded.
        let fetch = |req: Req| async move {
            let c = req.cursor.unwrap_or(0);
            Ok(Page { items: if c < 2 { vec![] } else { vec![7] }, cursor: Some(c + 1) })
        };
        let got: Vec<Page> =
            pages(Req { cursor: None }, None, 3, fetch, follow, content).try_collect().await.expect("ok");
        assert_eq!(got.iter().map(|p| p.items.clone()).collect::<Vec<_>>(), vec![vec![], vec![], vec![7]]);
    }

    #[tokio::test]
    async fn a_cycle_longer_than_the_recent_digests_ends_too() {
        // Items 0..1000 under ever new cursors, then 0..1000 again, forever: found by Brent's detector.
        let fetch = |req: Req| async move {
            let c = req.cursor.unwrap_or(0);
            Ok(Page { items: vec![c % 1000], cursor: Some(c + 1) })
        };
        let walk = pages(Req { cursor: None }, None, 3, fetch, follow, content);
        let got: Vec<Page> = walk.try_collect().await.expect("ok");
        assert!((1000..5000).contains(&got.len()), "{} pages", got.len());
    }

    #[tokio::test]
    async fn a_long_walk_of_distinct_pages_runs_to_its_end() {
        let fetch = |req: Req| async move {
            let c = req.cursor.unwrap_or(0);
            Ok(Page { items: vec![c], cursor: (c < 99_999).then_some(c + 1) })
        };
        let walk = pages(Req { cursor: None }, None, 3, fetch, follow, content);
        let count = walk.try_fold(0u32, |n, _| async move { Ok(n + 1) }).await.expect("ok");
        assert_eq!(count, 100_000);
    }

    #[test]
    fn repeats_are_found_in_fixed_memory() {
        let mut repeats = Repeats::default();
        assert!((0..10_000).all(|n| !repeats.seen_before(n)), "distinct digests are new");
        assert!(repeats.seen_before(9_999), "a recent one");
        assert_eq!(std::mem::size_of::<Repeats>(), std::mem::size_of::<[u64; RECENT]>() + 6 * 8);
    }

    #[tokio::test]
    async fn items_flattens_pages() {
        let fetch = |req: Req| async move { Ok(fake_page(&req)) };
        let stream = pages(Req { cursor: None }, None, 3, fetch, follow, content);
        let all: Vec<u32> = items(stream, |p: Page| p.items).try_collect().await.expect("no error");
        assert_eq!(all, vec![0, 1, 10, 11, 20, 21]);
    }

    #[tokio::test]
    async fn items_passes_errors_through() {
        let fetch = |_req: Req| async { Err::<Page, _>(Error::config("down")) };
        let stream = pages(Req { cursor: None }, None, 3, fetch, follow, content);
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
