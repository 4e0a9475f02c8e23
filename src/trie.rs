//! A byte trie of phrases, walked from each place of a text where a word may start.
//!
//! Phrases match whole words only, so a search needs to start at word starts only: from each,
//! the trie is walked along the text for as long as some phrase continues. Building it costs
//! about as much as sorting the phrases, a hundredth of building an Aho-Corasick automaton, so
//! a one-line draft pays little for it.

use crate::fold::is_word_char;

/// No node.
const NONE: u32 = u32::MAX;

/// The phrases (needles) as a trie.
#[derive(Debug)]
pub struct Trie {
    /// The node for each first byte of a needle.
    root: Box<[u32; 256]>,
    nodes: Vec<Node>,
    /// Needle numbers; those of a node are consecutive, in ascending order.
    ends: Vec<u32>,
    /// The children of nodes with many, by byte.
    tables: Vec<[u32; 256]>,
}

/// Nodes with at least this many children find them in a table, not along their links.
const TABLE_FROM: usize = 4;

#[derive(Debug, Clone, Copy)]
struct Node {
    byte: u8,
    /// The first child; children are linked in ascending order of their bytes.
    first_child: u32,
    next_sibling: u32,
    /// The node's table of children in `tables`, if it has one.
    table: u32,
    /// `ends[ends_from..ends_to]`: the needles that end at this node.
    ends_from: u32,
    ends_to: u32,
}

impl Trie {
    /// The trie of `needles` (empty needles are left out).
    pub fn new(needles: &[String]) -> Trie {
        let mut order: Vec<usize> = (0..needles.len())
            .filter(|&i| !needles[i].is_empty())
            .collect();
        // Stable: equal needles keep ascending numbers.
        order.sort_by(|&a, &b| needles[a].as_bytes().cmp(needles[b].as_bytes()));
        // Each needle adds a node per byte past what it shares with the one before: counted
        // first, the nodes are allocated once (a draft's start-up touches no memory twice).
        let common = |a: &[u8], b: &[u8]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let mut n_nodes = 0;
        let mut before: &[u8] = &[];
        for &i in &order {
            let needle = needles[i].as_bytes();
            n_nodes += needle.len() - common(needle, before);
            before = needle;
        }
        let mut trie = Trie {
            root: Box::new([NONE; 256]),
            nodes: Vec::with_capacity(n_nodes),
            ends: Vec::with_capacity(order.len()),
            tables: Vec::new(),
        };
        // The nodes of the needle before, by depth, and each node's last child so far.
        let mut path: Vec<u32> = Vec::new();
        let mut last_child: Vec<u32> = Vec::with_capacity(n_nodes);
        let mut before: &[u8] = &[];
        for i in order {
            let needle = needles[i].as_bytes();
            let shared = common(needle, before);
            path.truncate(shared);
            // In sorted order, a new child's byte is greater than its older siblings'.
            for &byte in &needle[shared..] {
                let id = u32::try_from(trie.nodes.len()).expect("fewer than 4 billion nodes");
                trie.nodes.push(Node {
                    byte,
                    first_child: NONE,
                    next_sibling: NONE,
                    table: NONE,
                    ends_from: 0,
                    ends_to: 0,
                });
                last_child.push(NONE);
                match path.last() {
                    None => trie.root[usize::from(byte)] = id,
                    Some(&parent) => {
                        let parent = parent as usize;
                        match last_child[parent] {
                            NONE => trie.nodes[parent].first_child = id,
                            older => trie.nodes[older as usize].next_sibling = id,
                        }
                        last_child[parent] = id;
                    }
                }
                path.push(id);
            }
            let end = &mut trie.nodes[*path.last().expect("needles are not empty") as usize];
            let at = u32::try_from(trie.ends.len()).expect("fewer than 4 billion needles");
            if end.ends_from == end.ends_to {
                end.ends_from = at;
            }
            end.ends_to = at + 1;
            trie.ends
                .push(u32::try_from(i).expect("fewer than 4 billion needles"));
            before = needle;
        }
        let tabled: Vec<usize> = (0..trie.nodes.len())
            .filter(|&node| trie.children(node).nth(TABLE_FROM - 1).is_some())
            .collect();
        trie.tables.reserve_exact(tabled.len());
        for node in tabled {
            let mut table = [NONE; 256];
            for c in trie.children(node) {
                table[usize::from(trie.nodes[c as usize].byte)] = c;
            }
            trie.nodes[node].table =
                u32::try_from(trie.tables.len()).expect("fewer than 4 billion nodes");
            trie.tables.push(table);
        }
        trie
    }

    /// The children of `node`.
    fn children(&self, node: usize) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(
            Some(self.nodes[node].first_child).filter(|&c| c != NONE),
            |&c| Some(self.nodes[c as usize].next_sibling).filter(|&c| c != NONE),
        )
    }

    /// The child of `node` for `byte`.
    #[inline]
    fn child(&self, node: u32, byte: u8) -> u32 {
        let node = &self.nodes[node as usize];
        if node.table != NONE {
            return self.tables[node.table as usize][usize::from(byte)];
        }
        let mut c = node.first_child;
        while c != NONE {
            let n = &self.nodes[c as usize];
            if n.byte >= byte {
                return if n.byte == byte { c } else { NONE };
            }
            c = n.next_sibling;
        }
        NONE
    }

    /// Calls `found(start, end, needle)` for every needle that occurs in `hay` at a place where
    /// a word may start ([`crate::fold::word_starts_at`]): by start, then by end, then by needle
    /// number. Stops, returning `false`, once the walks have taken more than `steps` steps
    /// (long phrases of words repeated in the text can make each walk long).
    pub fn for_each_match(
        &self,
        hay: &str,
        steps: usize,
        mut found: impl FnMut(usize, usize, usize),
    ) -> bool {
        let bytes = hay.as_bytes();
        let mut taken = 0usize;
        // Whether a word may start at `i`: the character before is no word character, nor an
        // apostrophe after one ("can't": no word starts at the `t`).
        let mut may_start = true;
        let mut after_word = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if may_start && self.root[usize::from(b)] != NONE {
                taken += self.walk(bytes, i, &mut found);
                if taken > steps {
                    return false;
                }
            }
            if b < 0x80 {
                i += 1;
                if WORD_BYTE[usize::from(b)] {
                    // The rest of an ASCII word at once: no word starts inside it.
                    while bytes.get(i).is_some_and(|&b| WORD_BYTE[usize::from(b)]) {
                        i += 1;
                    }
                    (may_start, after_word) = (false, true);
                } else {
                    (may_start, after_word) = (!(after_word && b == b'\''), false);
                }
                continue;
            }
            let (len, word) = match b {
                // U+0400–U+047F: letters.
                0xD0 | 0xD1 => (2, true),
                _ => {
                    let c = hay[i..].chars().next().expect("at a character boundary");
                    (c.len_utf8(), is_word_char(c))
                }
            };
            (may_start, after_word) = (!word, word);
            i += len;
        }
        true
    }

    /// The needles that occur at `start`; the number of steps taken.
    #[inline]
    fn walk(
        &self,
        bytes: &[u8],
        start: usize,
        found: &mut impl FnMut(usize, usize, usize),
    ) -> usize {
        let mut node = self.root[usize::from(bytes[start])];
        let mut end = start + 1;
        while node != NONE {
            let n = &self.nodes[node as usize];
            for &needle in &self.ends[n.ends_from as usize..n.ends_to as usize] {
                found(start, end, needle as usize);
            }
            let Some(&b) = bytes.get(end) else {
                break;
            };
            node = self.child(node, b);
            end += 1;
        }
        end - start
    }
}

/// The bytes of ASCII word characters ([`is_word_char`]): letters, digits and `_`.
const WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::Trie;
    use crate::fold::word_starts_at;

    /// The nodes are counted before they are built: one per byte a needle does not share with
    /// the needle sorted before it, and none allocated twice.
    #[test]
    fn nodes_are_counted_before_they_are_built() {
        let trie = trie_of(&["abc", "b", "", "ab", "abd", "ab"]);
        // a, b, c, d under "ab", and b.
        assert_eq!(trie.nodes.len(), 5);
        assert_eq!(trie.nodes.capacity(), 5);
    }

    fn trie_of(needles: &[&str]) -> Trie {
        Trie::new(&needles.iter().map(|n| n.to_string()).collect::<Vec<_>>())
    }

    /// Every occurrence of every needle at a word start, found by comparing at every place.
    fn every_occurrence(needles: &[String], hay: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        for start in (0..hay.len()).filter(|&i| hay.is_char_boundary(i)) {
            if !word_starts_at(hay, start) {
                continue;
            }
            let mut here: Vec<(usize, usize, usize)> = needles
                .iter()
                .enumerate()
                .filter(|(_, n)| !n.is_empty() && hay[start..].starts_with(n.as_str()))
                .map(|(k, n)| (start, start + n.len(), k))
                .collect();
            here.sort_by_key(|&(_, end, k)| (end, k));
            found.extend(here);
        }
        found
    }

    fn matches(trie: &Trie, hay: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        assert!(trie.for_each_match(hay, usize::MAX, |s, e, k| found.push((s, e, k))));
        found
    }

    #[test]
    fn finds_needles_at_word_starts_in_order() {
        let trie = trie_of(&["calm", "calm down", "down", "calm", "", "n't"]);
        assert_eq!(
            matches(&trie, "calm down, downcalm can't don 'calm"),
            [
                (0, 4, 0),
                (0, 4, 3),
                (0, 9, 1),
                (5, 9, 2),
                (11, 15, 2),
                (31, 35, 0),
                (31, 35, 3)
            ]
        );
    }

    #[test]
    fn stops_once_the_walks_are_too_long() {
        let needles = vec!["a ".repeat(50).trim_end().to_string()];
        let trie = Trie::new(&needles);
        let hay = "a ".repeat(60);
        let mut found = 0;
        assert!(trie.for_each_match(&hay, usize::MAX, |_, _, _| found += 1));
        assert_eq!(found, 11);
        assert!(!trie.for_each_match(&hay, 500, |_, _, _| ()));
        assert!(trie.for_each_match("b a", 1, |_, _, _| ()));
    }

    proptest::proptest! {
        #[test]
        fn finds_what_comparing_everywhere_finds(
            needles in proptest::collection::vec("[ab' _щé]{0,4}", 0..12),
            hay in "[ab' _щé.\u{301}ж]{0,40}",
        ) {
            let trie = Trie::new(&needles);
            proptest::prop_assert_eq!(matches(&trie, &hay), every_occurrence(&needles, &hay));
        }
    }
}
