//! The skeleton of a text for candidate matching, and its winnowed fingerprints.
//!
//! The skeleton keeps what carries meaning and drops what copy-editing changes freely:
//! Han characters and letters (lower-cased) stay, each run of digits (with decimal points) becomes
//! one `#` so that copies whose numbers changed still pair up, and punctuation, whitespace,
//! bullets and table pipes disappear. Each skeleton character remembers the normalized byte range
//! it came from.
//!
//! Fingerprints are hashes of `k` consecutive skeleton characters, winnowed (Schleimer, Wilkerson
//! and Aiken, 2003): in every window of `w` consecutive hashes the minimum is kept, which
//! guarantees that any shared run of at least `w + k - 1` skeleton characters shares a
//! fingerprint, while storing only about `2 / (w + 1)` of the positions.

use crate::text::is_han;

/// Skeleton characters of one document with their normalized byte ranges.
#[derive(Debug, Default, Clone)]
pub struct Skeleton {
    pub chars: Vec<u32>,
    pub starts: Vec<u32>,
    pub ends: Vec<u32>,
}

/// Placeholder for a masked number.
pub const NUMBER: u32 = '#' as u32;
/// Marks excluded text (titles, tables of contents): no k-gram spans it and no chain crosses it.
pub const BARRIER: u32 = 0x11_0000;

impl Skeleton {
    /// Skeleton of `text`, leaving out the sorted, disjoint byte ranges in `excluded`, each of
    /// which becomes one [`BARRIER`].
    pub fn new(text: &str, excluded: &[std::ops::Range<usize>]) -> Self {
        let mut s = Skeleton::default();
        let mut iter = text.char_indices().peekable();
        let mut next_excluded = excluded.iter().peekable();
        while let Some((i, c)) = iter.next() {
            while next_excluded.peek().is_some_and(|r| r.end <= i) {
                next_excluded.next();
            }
            if let Some(r) = next_excluded.peek().filter(|r| r.start <= i) {
                if s.chars.last() != Some(&BARRIER) {
                    s.push(BARRIER, r.start, r.end);
                }
                continue;
            }
            if c.is_ascii_digit() {
                let mut end = i + 1;
                while let Some(&(j, d)) = iter.peek() {
                    let decimal_point = d == '.'
                        && text[j + 1..]
                            .chars()
                            .next()
                            .is_some_and(|n| n.is_ascii_digit());
                    if d.is_ascii_digit() || decimal_point {
                        end = j + d.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                s.push(NUMBER, i, end);
            } else if is_han(c) || c.is_alphabetic() {
                let lower = c.to_ascii_lowercase();
                s.push(lower as u32, i, i + c.len_utf8());
            }
        }
        s
    }

    fn push(&mut self, c: u32, start: usize, end: usize) {
        self.chars.push(c);
        self.starts.push(start as u32);
        self.ends.push(end as u32);
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether a barrier lies in skeleton positions `[from, to)`.
    pub fn has_barrier(&self, from: usize, to: usize) -> bool {
        let to = to.min(self.len());
        from < to && self.chars[from..to].contains(&BARRIER)
    }

    /// Normalized byte range of skeleton positions `[from, to)`.
    pub fn byte_range(&self, from: usize, to: usize) -> std::ops::Range<usize> {
        if from >= to || to > self.len() {
            let at = self.starts.get(from).copied().unwrap_or(0) as usize;
            return at..at;
        }
        self.starts[from] as usize..self.ends[to - 1] as usize
    }

    /// First skeleton position whose character starts at or after byte `offset`.
    pub fn position_at(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| (s as usize) < offset)
    }
}

/// A selected fingerprint: the hash of the `k`-gram starting at skeleton position `pos`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u64,
    pub pos: u32,
}

/// Winnowed fingerprints of a skeleton.
pub fn fingerprints(chars: &[u32], k: usize, w: usize) -> Vec<Fingerprint> {
    if chars.len() < k || k == 0 {
        return vec![];
    }
    let mut hashes = kgram_hashes(chars, k);
    // k-grams that span a barrier never match: give them the largest hash, never selected.
    let mut last_barrier: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        if c == BARRIER {
            last_barrier = Some(i);
        }
        if i + 1 >= k && last_barrier.is_some_and(|b| b + k > i) {
            hashes[i + 1 - k] = u64::MAX;
        }
    }
    let w = w.max(1);
    let mut out: Vec<Fingerprint> = Vec::with_capacity(hashes.len() * 2 / (w + 1) + 1);
    if hashes.len() <= w {
        let (pos, &hash) = hashes
            .iter()
            .enumerate()
            .rev()
            .min_by_key(|(_, h)| **h)
            .unwrap_or((0, &u64::MAX));
        if hash != u64::MAX {
            out.push(Fingerprint {
                hash,
                pos: pos as u32,
            });
        }
        return out;
    }
    let mut last: Option<usize> = None;
    for start in 0..=hashes.len() - w {
        // rightmost minimum in the window
        let mut best = start;
        for i in start..start + w {
            if hashes[i] <= hashes[best] {
                best = i;
            }
        }
        if last != Some(best) && hashes[best] != u64::MAX {
            out.push(Fingerprint {
                hash: hashes[best],
                pos: best as u32,
            });
            last = Some(best);
        }
    }
    out
}

/// Polynomial rolling hash of every `k`-gram, mixed so that the minimum is well distributed.
fn kgram_hashes(chars: &[u32], k: usize) -> Vec<u64> {
    const BASE: u64 = 0x100_0000_01b3;
    let mut pow = 1u64;
    for _ in 1..k {
        pow = pow.wrapping_mul(BASE);
    }
    let mut h = 0u64;
    let mut out = Vec::with_capacity(chars.len() + 1 - k);
    for (i, &c) in chars.iter().enumerate() {
        if i >= k {
            h = h.wrapping_sub((chars[i - k] as u64 + 1).wrapping_mul(pow));
        }
        h = h.wrapping_mul(BASE).wrapping_add(c as u64 + 1);
        if i + 1 >= k {
            out.push(mix(h));
        }
    }
    out
}

/// splitmix64 finalizer.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeleton_masks_numbers_and_drops_punctuation() {
        let s = Skeleton::new("到2025年，创建 1.5万个 (AAA级)！", &[]);
        let text: String = s.chars.iter().filter_map(|&c| char::from_u32(c)).collect();
        assert_eq!(text, "到#年创建#万个aaa级");
        let r = s.byte_range(1, 2);
        assert_eq!(&"到2025年，创建 1.5万个 (AAA级)！"[r], "2025");
    }

    #[test]
    fn excluded_ranges_become_one_barrier() {
        let t = "专栏1:标题文字 |\n正文内容";
        let title = 0..t.find('\n').unwrap();
        let s = Skeleton::new(t, &[title]);
        assert_eq!(s.chars[0], BARRIER);
        let rest: String = s.chars[1..]
            .iter()
            .filter_map(|&c| char::from_u32(c))
            .collect();
        assert_eq!(rest, "正文内容");
        let fps = fingerprints(&[BARRIER, 1, 2, 3], 2, 1);
        assert!(
            fps.iter().all(|f| f.pos >= 1),
            "no k-gram spans the barrier: {fps:?}"
        );
    }

    #[test]
    fn shared_runs_share_a_fingerprint() {
        let a: Vec<u32> = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
            .chars()
            .map(|c| c as u32)
            .collect();
        let mut b: Vec<u32> = "天地玄黄宇宙洪荒".chars().map(|c| c as u32).collect();
        b.extend_from_slice(&a[3..16]); // 13 shared chars >= w + k - 1 = 11
        let fa = fingerprints(&a, 8, 4);
        let fb = fingerprints(&b, 8, 4);
        assert!(fa.iter().any(|x| fb.iter().any(|y| x.hash == y.hash)));
        assert!(fa.len() < a.len() - 7, "winnowing keeps a subset");
    }
}
