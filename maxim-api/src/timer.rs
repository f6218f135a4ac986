//! Deadlines on reused timers: [`before`] is `tokio::time::timeout_at` whose timer is taken from, and given back
//! to, a small per-thread set of idle timers.
//!
//! Why: registering a fresh tokio timer for every attempt and removing it again cost a call about 3% of its median
//! time against a loopback server (the benchmark `typed_call`). A timer that stays registered and is only moved to a
//! later deadline costs tokio no work in its timer wheel (`Sleep::reset` to a later instant just records it), so
//! calls made one after another on a runtime reuse one timer. The timers are tokio's own: paused time
//! (`tokio::time::pause`) still drives every deadline.
//!
//! A timer belongs to the runtime that made it, and is only reused by a call running on that runtime (by
//! [`tokio::runtime::Id`]), so a deadline never waits on the timer driver of another runtime, or of one that has shut
//! down. Each call holds its own timer for as long as it runs: no call is ever without its deadline. An idle timer
//! still fires at the last deadline it was given, waking the task that last used it once (a spurious wake-up, which
//! futures allow).

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::runtime::{self, Handle};
use tokio::time::{Instant, Sleep};

/// How many idle timers a thread keeps; calls running at once on a thread beyond this make timers of their own.
const IDLE_PER_THREAD: usize = 16;

thread_local! {
    static IDLE: RefCell<Vec<Timer>> = const { RefCell::new(Vec::new()) };
}

/// A tokio timer and the runtime whose timer driver it is registered with.
struct Timer {
    runtime: runtime::Id,
    sleep: Pin<Box<Sleep>>,
}

/// Runs `future` until it is done (`Some` of its output) or `deadline` passes first (`None`).
pub(crate) fn before<F: Future>(deadline: Instant, future: F) -> Before<F> {
    Before { future, deadline, timer: None }
}

pin_project_lite::pin_project! {
    /// The future of [`before`]. It takes its timer when the future it bounds is first pending, so an answer that is
    /// ready at once needs none.
    pub(crate) struct Before<F> {
        #[pin]
        future: F,
        deadline: Instant,
        timer: Option<Timer>,
    }

    impl<F> PinnedDrop for Before<F> {
        fn drop(this: Pin<&mut Self>) {
            if let Some(timer) = this.project().timer.take() {
                give_back(timer);
            }
        }
    }
}

impl<F: Future> Future for Before<F> {
    type Output = Option<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.future.poll(cx) {
            return Poll::Ready(Some(output));
        }
        let timer = this.timer.get_or_insert_with(|| take(*this.deadline));
        timer.sleep.as_mut().poll(cx).map(|()| None)
    }
}

/// A timer set to `deadline`: an idle one of the current runtime if this thread has one, else a new one. Outside a
/// tokio runtime this panics as `tokio::time::sleep_until` does (reqwest cannot send there either).
fn take(deadline: Instant) -> Timer {
    let runtime = Handle::current().id();
    let idle = IDLE.try_with(|idle| {
        let mut idle = idle.borrow_mut();
        let at = idle.iter().rposition(|timer| timer.runtime == runtime)?;
        Some(idle.swap_remove(at))
    });
    match idle {
        Ok(Some(mut timer)) => {
            timer.sleep.as_mut().reset(deadline);
            timer
        }
        _ => Timer { runtime, sleep: Box::pin(tokio::time::sleep_until(deadline)) },
    }
}

/// Keeps `timer` for the next call on this thread; when the thread already keeps as many as it may, the oldest goes
/// (it may be of a runtime that is gone).
fn give_back(timer: Timer) {
    // During the thread's teardown the set is gone, and the timer is simply dropped.
    let evicted = IDLE.try_with(|idle| {
        let mut idle = idle.borrow_mut();
        let evicted = (idle.len() == IDLE_PER_THREAD).then(|| idle.remove(0));
        idle.push(timer);
        evicted
    });
    // Dropped once the set is no longer borrowed: dropping a timer drops the waker it holds, which runs a
    // waker's own code.
    drop(evicted);
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn idle_timers() -> usize {
        IDLE.with(|idle| idle.borrow().len())
    }

    #[tokio::test(flavor = "current_thread")]
    async fn calls_one_after_another_reuse_one_timer() {
        let pending = || std::future::pending::<()>();
        let soon = || Instant::now() + Duration::from_millis(20);
        assert_eq!(before(soon(), pending()).await, None);
        assert_eq!(idle_timers(), 1);
        assert_eq!(before(soon(), pending()).await, None, "a reused timer still fires at its new deadline");
        assert_eq!(idle_timers(), 1);
        // A future ready at once never takes a timer.
        assert_eq!(before(soon(), async { 7 }).await, Some(7));
        assert_eq!(idle_timers(), 1);
    }

    #[tokio::test(flavor = "current_thread", start_paused = true)]
    async fn a_reused_timer_moved_earlier_fires_at_the_earlier_deadline() {
        let started = Instant::now();
        // Pending once, so it takes a timer, and gives it back set one hour ahead.
        assert_eq!(before(started + Duration::from_secs(3600), tokio::task::yield_now()).await, Some(()));
        assert_eq!(idle_timers(), 1);
        assert_eq!(before(started + Duration::from_secs(5), std::future::pending::<()>()).await, None);
        assert_eq!(idle_timers(), 1, "the same timer, moved earlier");
        assert_eq!(Instant::now() - started, Duration::from_secs(5), "paused time drives the deadline");
    }

    #[test]
    fn a_timer_is_never_reused_on_another_runtime() {
        let first = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime");
        first.block_on(before(Instant::now() + Duration::from_millis(1), std::future::pending::<()>()));
        let first_id = first.handle().id();
        drop(first);
        assert!(IDLE.with(|idle| idle.borrow().iter().all(|t| t.runtime == first_id)));
        // The first runtime's driver is gone: reusing its timer would panic in `Sleep::poll`.
        let second = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime");
        let output = second.block_on(before(Instant::now() + Duration::from_millis(1), std::future::pending::<()>()));
        assert_eq!(output, None);
        let second_id = second.handle().id();
        let kept: Vec<runtime::Id> = IDLE.with(|idle| idle.borrow().iter().map(|t| t.runtime).collect());
        assert_eq!(kept, [first_id, second_id]);
    }

    #[test]
    fn a_thread_keeps_a_bounded_number_of_idle_timers() {
        for _ in 0..IDLE_PER_THREAD + 3 {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime");
            runtime.block_on(before(Instant::now() + Duration::from_millis(1), std::future::pending::<()>()));
        }
        assert_eq!(idle_timers(), IDLE_PER_THREAD);
    }
}
