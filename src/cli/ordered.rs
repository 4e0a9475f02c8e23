//! Work shared out to a thread pool, its results taken in order on the calling thread.

use std::collections::BTreeMap;
use std::io;
use std::ops::ControlFlow;

/// A pool of `jobs` threads (0: one per core), or none when that is one thread: one thread's
/// work is done on the calling thread, which spares starting a thread and handing every
/// piece of work and its result between two threads.
pub fn pool(jobs: usize) -> io::Result<Option<rayon::ThreadPool>> {
    let threads = match jobs {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    if threads == 1 {
        return Ok(None);
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map(Some)
        .map_err(io::Error::other)
}

/// Run `work(0)`, `work(1)`, … `work(n - 1)` on `pool` (or, without one, on this thread), and
/// hand each result to `each` in order on this thread, while the pool goes on. Up to `ahead`
/// pieces per thread of the pool are started or done and not yet taken: enough that the pool
/// need not wait for this thread, few enough to bound what is held. No more work is started
/// once `each` breaks. A panic in `work` is resumed on this thread.
pub fn in_order<T: Send>(
    pool: Option<&rayon::ThreadPool>,
    n: usize,
    ahead: usize,
    work: impl Fn(usize) -> T + Sync,
    mut each: impl FnMut(usize, T) -> ControlFlow<()>,
) {
    let Some(pool) = pool else {
        for k in 0..n {
            if each(k, work(k)).is_break() {
                break;
            }
        }
        return;
    };
    pool.in_place_scope_fifo(|scope| {
        let (sender, receiver) = std::sync::mpsc::channel();
        let work = &work;
        let start = |k: usize| {
            let sender = sender.clone();
            scope.spawn_fifo(move |_| {
                // A panic is sent on too, so that the wait for this result ends. The receiver
                // is gone only when results are no longer wanted.
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(k)));
                let _ = sender.send((k, result));
            });
        };
        let mut started = (ahead.max(1) * pool.current_num_threads().max(1)).min(n);
        (0..started).for_each(start);
        let mut done = BTreeMap::new();
        for next in 0..n {
            let result = loop {
                if let Some(result) = done.remove(&next) {
                    break result;
                }
                let (k, result) = receiver
                    .recv()
                    .expect("every piece of work sends its result");
                done.insert(k, result);
            };
            let result = result.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            if each(next, result).is_break() {
                break;
            }
            if started < n {
                start(started);
                started += 1;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn pool(threads: usize) -> Option<rayon::ThreadPool> {
        super::pool(threads).expect("a pool")
    }

    #[test]
    fn results_come_in_order_whatever_finishes_first() {
        let mut seen = Vec::new();
        // Early pieces take longest, so that later ones finish first.
        let work = |k: usize| {
            std::thread::sleep(std::time::Duration::from_millis((20 - k as u64) / 4));
            k * 10
        };
        in_order(pool(3).as_ref(), 20, 2, work, |k, r| {
            seen.push((k, r));
            ControlFlow::Continue(())
        });
        assert_eq!(seen, (0..20).map(|k| (k, k * 10)).collect::<Vec<_>>());
    }

    #[test]
    fn no_work_starts_after_a_break() {
        let started = AtomicUsize::new(0);
        let work = |_| started.fetch_add(1, Ordering::SeqCst);
        let mut taken = 0;
        in_order(pool(2).as_ref(), 1000, 2, work, |_, _| {
            taken += 1;
            ControlFlow::Break(())
        });
        assert_eq!(taken, 1);
        assert!(
            started.into_inner() <= 2 * 2,
            "only the first pieces started"
        );
    }

    #[test]
    fn one_thread_works_here_in_order_until_a_break() {
        assert!(pool(1).is_none(), "one thread is this one");
        let (mut seen, worked) = (Vec::new(), AtomicUsize::new(0));
        let work = |k: usize| {
            worked.fetch_add(1, Ordering::SeqCst);
            (k, std::thread::current().id())
        };
        in_order(None, 10, 2, work, |k, r| {
            seen.push(r);
            if k == 4 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        let here = std::thread::current().id();
        assert_eq!(seen, (0..5).map(|k| (k, here)).collect::<Vec<_>>());
        assert_eq!(worked.into_inner(), 5, "no work after the break");
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let outcome = std::panic::catch_unwind(|| {
            in_order(
                pool(2).as_ref(),
                5,
                2,
                |k| assert_ne!(k, 3, "piece 3 fails"),
                |_, ()| ControlFlow::Continue(()),
            )
        });
        assert!(outcome.is_err());
    }
}
