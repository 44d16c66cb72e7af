//! Spreads independent tasks over the machine's cores with scoped standard threads.
//!
//! Only tasks whose results do not depend on how they are spread go through here (each task
//! gets its own pre-drawn random generator), so results stay the same on any number of cores.

use std::{num::NonZeroUsize, thread};

/// `task(0), …, task(count - 1)`, computed on up to as many threads as there are cores, returned
/// in order. The calling thread takes a share of the work too.
pub(crate) fn map<T: Send>(count: usize, task: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(count);
    if threads <= 1 {
        return (0..count).map(task).collect();
    }
    let task = &task;
    // Thread `t` takes tasks t, t + threads, t + 2 × threads…: tasks of one kind often grow with
    // their index, and interleaving shares the big ones out.
    let shares: Vec<Vec<(usize, T)>> = thread::scope(|scope| {
        let handles: Vec<_> = (1..threads)
            .map(|thread| scope.spawn(move || share(thread, threads, count, task)))
            .collect();
        let mut shares = vec![share(0, threads, count, task)];
        // A panic in a task is a bug; let it surface on the calling thread.
        shares.extend(handles.into_iter().map(|handle| match handle.join() {
            Ok(share) => share,
            Err(panic) => std::panic::resume_unwind(panic),
        }));
        shares
    });
    let mut results: Vec<(usize, T)> = shares.into_iter().flatten().collect();
    results.sort_by_key(|&(index, _)| index);
    results.into_iter().map(|(_, result)| result).collect()
}

fn share<T>(
    first: usize,
    step: usize,
    count: usize,
    task: &(impl Fn(usize) -> T + Sync),
) -> Vec<(usize, T)> {
    (first..count)
        .step_by(step)
        .map(|index| (index, task(index)))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_order() {
        assert_eq!(
            super::map(7, |index| index * index),
            [0, 1, 4, 9, 16, 25, 36]
        );
        assert!(super::map(0, |index| index).is_empty());
    }
}
