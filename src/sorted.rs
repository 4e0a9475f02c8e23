//! Lookups in sorted lists that are mostly asked in order.

/// The index of the last item of `sorted` (ascending by `key`) whose key is at most `pos`,
/// searched from index `from`: forward in growing steps, or (for an earlier `pos`) by
/// bisection. Asked in order, each lookup costs the logarithm of the distance moved.
/// The first item's key must be at most `pos`.
pub fn last_at_or_before<T>(
    sorted: &[T],
    key: impl Fn(&T) -> usize,
    pos: usize,
    from: usize,
) -> usize {
    if key(&sorted[from]) > pos {
        return sorted[..from].partition_point(|x| key(x) <= pos) - 1;
    }
    // The items from `from` on whose keys are at most `pos` are `from..from + n`.
    let rest = &sorted[from..];
    let mut known = 1;
    let mut step = 1;
    while known + step <= rest.len() && key(&rest[known + step - 1]) <= pos {
        known += step;
        step *= 2;
    }
    let end = (known + step).min(rest.len());
    from + known + rest[known..end].partition_point(|x| key(x) <= pos) - 1
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// Whatever the starting index, the answer is the bisection's.
        #[test]
        fn agrees_with_bisection(
            mut keys in proptest::collection::vec(0..200usize, 1..60),
            asks in proptest::collection::vec((0..220usize, 0..60usize), 1..20),
        ) {
            keys.sort();
            keys[0] = 0;
            for (pos, from) in asks {
                let from = from % keys.len();
                let expected = keys.partition_point(|&k| k <= pos) - 1;
                prop_assert_eq!(super::last_at_or_before(&keys, |&k| k, pos, from), expected);
            }
        }
    }
}
