//! Following paged endpoints as streams.
//!
//! [`pages`] is a generic unfold: fetch a page for the current request, yield it, ask the
//! caller-supplied `next` for the following request (`None` ends the stream). The generated
//! operations supply `next` (cursor → next cursor, `next_msg_id` until `is_last`, and a check that
//! the server did not repeat the cursor). [`items`] flattens a stream of pages into items.

use std::future::Future;

use futures::{Stream, TryStreamExt, stream};

use crate::error::Result;

/// Follows a paged endpoint: starting from `first`, fetches a page with `fetch`, yields it, and
/// asks `next(&request, &page)` for the next request (`None` = done). After an error the error is
/// yielded and the stream ends.
///
/// The stream is `Send` when `Req`, `fetch`, `next` and the futures of `fetch` are.
pub(crate) fn pages<Req, Page, Fut, F, N>(first: Req, fetch: F, next: N) -> impl Stream<Item = Result<Page>>
where
    Req: Clone,
    F: FnMut(Req) -> Fut,
    N: FnMut(&Req, &Page) -> Option<Req>,
    Fut: Future<Output = Result<Page>>,
{
    stream::unfold(Some((first, fetch, next)), |state| async move {
        let (request, mut fetch, mut next) = state?;
        match fetch(request.clone()).await {
            Ok(page) => {
                let following = next(&request, &page).map(|r| (r, fetch, next));
                Some((Ok(page), following))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
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

    #[tokio::test]
    async fn follows_cursor_until_next_returns_none() {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&calls);
        let stream = pages(
            Req { cursor: None },
            move |req: Req| {
                let seen = Arc::clone(&seen);
                async move {
                    seen.lock().map_err(|_| Error::config("poisoned"))?.push(req.cursor);
                    Ok(fake_page(&req))
                }
            },
            |_req, page: &Page| page.cursor.map(|c| Req { cursor: Some(c) }),
        );
        let stream = assert_send(stream);
        let got: Vec<Page> = stream.try_collect().await.expect("no error");
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].items, vec![20, 21]);
        let calls = calls.lock().map(|c| c.clone()).unwrap_or_default();
        assert_eq!(calls, vec![None, Some(1), Some(2)]);
    }

    #[tokio::test]
    async fn stops_after_the_first_error() {
        let mut fetched = 0;
        let stream = pages(
            Req { cursor: None },
            |req: Req| {
                fetched += 1;
                let n = fetched;
                async move { if n == 2 { Err(Error::config("boom")) } else { Ok(fake_page(&req)) } }
            },
            // Would go on forever if the stream did not stop at the error.
            |req: &Req, _page: &Page| Some(Req { cursor: Some(req.cursor.unwrap_or(0) + 1) }),
        );
        let got: Vec<Result<Page>> = stream.collect().await;
        assert_eq!(got.len(), 2);
        assert!(got[0].is_ok());
        assert!(matches!(&got[1], Err(Error::Config { message }) if message == "boom"));
    }

    #[tokio::test]
    async fn next_sees_the_request_and_page() {
        // `next` may stop on a repeated cursor: here the fake server always returns cursor 1.
        let stream = pages(
            Req { cursor: None },
            |_req: Req| async { Ok(Page { items: vec![1], cursor: Some(1) }) },
            |req: &Req, page: &Page| (page.cursor != req.cursor).then_some(Req { cursor: page.cursor }),
        );
        let got: Vec<Page> = stream.try_collect().await.expect("no error");
        assert_eq!(got.len(), 2);
    }

    #[tokio::test]
    async fn items_flattens_pages() {
        let stream = pages(
            Req { cursor: None },
            |req: Req| async move { Ok(fake_page(&req)) },
            |_req, page: &Page| page.cursor.map(|c| Req { cursor: Some(c) }),
        );
        let all: Vec<u32> = items(stream, |p: Page| p.items).try_collect().await.expect("no error");
        assert_eq!(all, vec![0, 1, 10, 11, 20, 21]);
    }

    #[tokio::test]
    async fn items_passes_errors_through() {
        let stream = pages(
            Req { cursor: None },
            |_req: Req| async { Err::<Page, _>(Error::config("down")) },
            |_req, _page: &Page| None,
        );
        let got: Vec<Result<u32>> = items(stream, |p: Page| p.items).collect().await;
        assert_eq!(got.len(), 1);
        assert!(got[0].is_err());
    }
}
