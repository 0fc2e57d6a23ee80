//! Candidate pairs: one fingerprint index over every document, seeds from shared fingerprints,
//! and seeds chained into regions that bridge small edits.
//!
//! In: skeletons and fingerprints of all documents. Out: [`RegionPair`]s in skeleton positions,
//! deduplicated and in a stable order. Never compares all pairs of documents: only positions that
//! share a fingerprint meet.

use rayon::prelude::*;

use super::skeleton::{Fingerprint, Skeleton};

/// Two regions (skeleton positions, half-open) that look like copies of each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RegionPair {
    pub doc_a: u32,
    pub a: (u32, u32),
    pub doc_b: u32,
    pub b: (u32, u32),
}

#[derive(Debug, Clone, Copy)]
struct Seed {
    doc_a: u32,
    pa: u32,
    doc_b: u32,
    pb: u32,
}

impl Seed {
    fn diag(&self) -> i64 {
        self.pb as i64 - self.pa as i64
    }

    /// (doc_a, doc_b, diag, pa) packed into one integer with the same order, for positions
    /// below 2^31 (a skeleton that long would not fit in memory): the diagonal is offset by
    /// 2^31 into 32 bits. Sorting 5 million seeds on one integer instead of a tuple.
    fn packed_key(&self) -> u128 {
        let diag = (self.diag() + (1 << 31)) as u32;
        (u128::from(self.doc_a) << 96)
            | (u128::from(self.doc_b) << 64)
            | (u128::from(diag) << 32)
            | u128::from(self.pa)
    }
}

/// Parameters of candidate generation.
#[derive(Debug, Clone, Copy)]
pub struct CandidateParams {
    pub k: usize,
    /// Fingerprints held by more positions than this are too common to pair (boilerplate).
    pub max_postings: usize,
    /// Largest gap, in skeleton characters, bridged between two matching stretches.
    pub max_gap: usize,
    /// Largest shift of the diagonal (insertions minus deletions) bridged in one gap.
    pub max_shift: usize,
    /// Shortest chained region worth verifying, in skeleton characters. A lone common k-gram
    /// shared by two places is a region of `k` characters and never becomes a copy.
    pub min_span: usize,
}

/// Build the index and return candidate region pairs.
///
/// Output order depends on the input only: the sorts are total orders over their keys.
pub fn candidate_pairs(
    prints: &[Vec<Fingerprint>],
    skeletons: &[Skeleton],
    p: CandidateParams,
    unloaded: &super::UnloadedPostings<'_>,
) -> Vec<RegionPair> {
    // The index: every fingerprint of every document, sorted by hash (a parallel sort groups
    // equal hashes faster than a hash map of ten million entries).
    // Filled in place, each document's share in parallel (collecting a flat map copied the
    // ten million entries twice).
    let mut postings: Vec<(u64, u32, u32)> =
        vec![(0, 0, 0); prints.iter().map(Vec::len).sum::<usize>()];
    let mut shares: Vec<&mut [(u64, u32, u32)]> = Vec::with_capacity(prints.len());
    let mut rest = postings.as_mut_slice();
    for fps in prints {
        let (share, tail) = rest.split_at_mut(fps.len());
        shares.push(share);
        rest = tail;
    }
    shares
        .into_par_iter()
        .zip(prints)
        .enumerate()
        .for_each(|(doc, (share, fps))| {
            for (slot, f) in share.iter_mut().zip(fps) {
                *slot = (f.hash, doc as u32, f.pos);
            }
        });
    postings.par_sort_unstable();
    let groups: Vec<&[(u64, u32, u32)]> = postings
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|g| g.len() >= 2 && g.len() <= p.max_postings)
        .filter(|g| g.len() + unloaded(g[0].0) <= p.max_postings)
        .collect();
    let mut seeds: Vec<Seed> = groups
        .par_iter()
        .flat_map_iter(|g| seeds_of(g, p.k))
        .collect();
    // Chains never bridge a barrier (an excluded title or table of contents).
    let open = |doc: u32, from: u32, to: u32| {
        !skeletons[doc as usize].has_barrier(from as usize, to as usize)
    };
    if seeds.iter().all(|s| s.pa < 1 << 31 && s.pb < 1 << 31) {
        seeds.par_sort_unstable_by_key(Seed::packed_key);
    } else {
        seeds.par_sort_unstable_by_key(|s| (s.doc_a, s.doc_b, s.diag(), s.pa));
    }
    let mut fragments = per_first_document(
        &seeds,
        |s| s.doc_a,
        |share| chain_diagonals(share, p, &open),
    );
    fragments.par_sort_unstable();
    let mut regions = per_first_document(
        &fragments,
        |f| f.doc_a,
        |share| merge_fragments(share, p, &open),
    );
    regions.par_sort_unstable();
    regions.dedup();
    regions
}

/// `f` on each first document's share of sorted `items`, in parallel, the results joined in
/// order. Chaining and merging only ever look at regions of one document pair, so a share
/// never needs the next.
fn per_first_document<T: Sync>(
    items: &[T],
    doc_a: impl Fn(&T) -> u32,
    f: impl Fn(&[T]) -> Vec<RegionPair> + Sync,
) -> Vec<RegionPair> {
    let shares: Vec<&[T]> = items.chunk_by(|x, y| doc_a(x) == doc_a(y)).collect();
    shares.par_iter().flat_map_iter(|share| f(share)).collect()
}

/// All pairs of places sharing one fingerprint, earlier place first.
fn seeds_of(group: &[(u64, u32, u32)], k: usize) -> Vec<Seed> {
    let mut out = Vec::with_capacity(group.len() * (group.len() - 1) / 2);
    for (i, &(_, da, pa)) in group.iter().enumerate() {
        for &(_, db, pb) in &group[i + 1..] {
            // Sorted by (hash, doc, pos): the first of a pair is the earlier place.
            // A text overlapping itself (`全覆盖、全天候…`) is not a copy.
            if da == db && pb - pa < k as u32 {
                continue;
            }
            out.push(Seed {
                doc_a: da,
                pa,
                doc_b: db,
                pb,
            });
        }
    }
    out
}

/// Seeds on one diagonal, close together, form a fragment.
fn chain_diagonals(
    seeds: &[Seed],
    p: CandidateParams,
    open: &(dyn Fn(u32, u32, u32) -> bool + Sync),
) -> Vec<RegionPair> {
    let k = p.k as u32;
    let mut out = Vec::new();
    let mut cur: Option<RegionPair> = None;
    let mut cur_diag = 0i64;
    for &s in seeds {
        let extends = cur.is_some_and(|c| {
            c.doc_a == s.doc_a
                && c.doc_b == s.doc_b
                && cur_diag == s.diag()
                && s.pa <= c.a.1 + p.max_gap as u32
                && open(c.doc_a, c.a.1.min(s.pa), s.pa.max(c.a.1))
                && open(c.doc_b, c.b.1.min(s.pb), s.pb.max(c.b.1))
        });
        if extends {
            if let Some(c) = cur.as_mut() {
                c.a.1 = c.a.1.max(s.pa + k);
                c.b.1 = c.b.1.max(s.pb + k);
            }
        } else {
            out.extend(cur.take());
            cur = Some(RegionPair {
                doc_a: s.doc_a,
                a: (s.pa, s.pa + k),
                doc_b: s.doc_b,
                b: (s.pb, s.pb + k),
            });
            cur_diag = s.diag();
        }
    }
    out.extend(cur);
    out
}

/// Fragments of the same document pair that follow each other in both documents, with small
/// gaps and a small shift, are one region (a copy with edits in between).
fn merge_fragments(
    frags: &[RegionPair],
    p: CandidateParams,
    open: &(dyn Fn(u32, u32, u32) -> bool + Sync),
) -> Vec<RegionPair> {
    debug_assert!(frags.is_sorted());
    let gap = p.max_gap as i64;
    let shift = p.max_shift as i64;
    let mut out: Vec<RegionPair> = Vec::new();
    for &f in frags {
        let mut merged = false;
        // Look back over the recent regions of the same document pair.
        for c in out.iter_mut().rev().take(8) {
            if c.doc_a != f.doc_a || c.doc_b != f.doc_b {
                break;
            }
            let ga = f.a.0 as i64 - c.a.1 as i64;
            let gb = f.b.0 as i64 - c.b.1 as i64;
            // Overlaps of up to k are normal: seeds on neighbouring diagonals share k-grams.
            let k = p.k as i64;
            let follows = (-k..=gap).contains(&ga) && (-k..=gap).contains(&gb);
            let bridged = open(c.doc_a, c.a.1.min(f.a.0), f.a.0.max(c.a.1))
                && open(c.doc_b, c.b.1.min(f.b.0), f.b.0.max(c.b.1));
            // Three copies in a row (A, B, C) give fragments A–B and B–C that follow each
            // other; merged they would be one region overlapping its own copy, and every
            // copy but the outer two would be lost.
            let overlaps_itself = c.doc_a == c.doc_b && c.a.1.max(f.a.1) > c.b.0.min(f.b.0);
            if follows && (ga - gb).abs() <= shift && bridged && !overlaps_itself {
                c.a.1 = c.a.1.max(f.a.1);
                c.b.1 = c.b.1.max(f.b.1);
                c.b.0 = c.b.0.min(f.b.0);
                merged = true;
                break;
            }
        }
        if !merged {
            out.push(f);
        }
    }
    // Regions of one document must not overlap their own copy; short regions are noise.
    let min = p.min_span as u32;
    out.retain(|r| {
        (r.doc_a != r.doc_b || r.a.1 <= r.b.0) && r.a.1 - r.a.0 >= min && r.b.1 - r.b.0 >= min
    });
    // The caller sorts and deduplicates the regions of all documents together.
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::skeleton::{fingerprints, Skeleton};

    fn chars(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    /// Candidate regions of plain texts (no barriers), with k = 8 and small-test parameters.
    fn regions_of(texts: &[Vec<u32>]) -> Vec<RegionPair> {
        let p = CandidateParams {
            k: 8,
            max_postings: 64,
            max_gap: 24,
            max_shift: 8,
            min_span: 10,
        };
        let skeletons: Vec<Skeleton> = texts
            .iter()
            .map(|chars| Skeleton {
                starts: vec![0; chars.len()],
                ends: vec![0; chars.len()],
                chars: chars.clone(),
            })
            .collect();
        let prints: Vec<_> = texts.iter().map(|t| fingerprints(t, 8, 4)).collect();
        candidate_pairs(&prints, &skeletons, p, &|_| 0)
    }

    proptest::proptest! {
        /// The packed sort key orders seeds as the (doc_a, doc_b, diagonal, pa) tuple does.
        #[test]
        fn packed_seed_key_keeps_the_tuple_order(
            raw in proptest::collection::vec((0u32..4, 0u32..4, 0u32..(1 << 31), 0u32..(1 << 31)), 0..60),
        ) {
            let seeds: Vec<Seed> = raw
                .into_iter()
                .map(|(doc_a, doc_b, pa, pb)| Seed { doc_a, pa, doc_b, pb })
                .collect();
            let tuple = |s: &Seed| (s.doc_a, s.doc_b, s.diag(), s.pa);
            let mut by_tuple = seeds.clone();
            by_tuple.sort_by_key(tuple);
            let mut by_packed = seeds;
            by_packed.sort_by_key(Seed::packed_key);
            proptest::prop_assert_eq!(
                by_tuple.iter().map(tuple).collect::<Vec<_>>(),
                by_packed.iter().map(tuple).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn copy_with_an_edit_is_one_region() {
        let base = "按照全覆盖全天候全过程全检索的要求高标准建设湖州市特种设备安全综合管理平台构建体系即特种设备数据中心即智慧码即八大类特种设备物联智控";
        let edited = base.replace("高标准建设湖州市", "助力构建市级");
        let a = chars(&format!("前言一段无关的文字内容{base}后记"));
        let b = chars(&format!("另一个开头{edited}结尾"));
        let pairs = regions_of(&[a, b]);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        let r = pairs[0];
        let len_a = (r.a.1 - r.a.0) as usize;
        assert!(
            len_a > base.chars().count() - 12,
            "region covers most of the copy: {r:?}"
        );
    }

    #[test]
    fn three_copies_in_one_document_give_every_pair() {
        // A county draft repeating one paragraph under three short headings.
        let para = "加强县域质量基础设施建设推进计量标准检验检测认证认可一站式服务打造县域质量服务综合体提升中小企业质量管理水平";
        let a = chars(&format!("二夯实质量基础{para}三保障措施{para}四附件{para}"));
        let pairs = regions_of(&[a]);
        let len = para.chars().count() as u32;
        // After the headings 二夯实质量基础 (7), 三保障措施 (5) and 四附件 (3).
        let copies: Vec<u32> = [7, 7 + len + 5, 7 + 2 * len + 5 + 3].to_vec();
        let near = |x: u32, y: u32| x.abs_diff(y) <= 2;
        for (i, j) in [(0, 1), (0, 2), (1, 2)] {
            assert!(
                pairs
                    .iter()
                    .any(|r| near(r.a.0, copies[i]) && near(r.b.0, copies[j])),
                "copies {i} and {j} not paired: {pairs:?}"
            );
        }
    }
}
