//! Stage: dedup — all documents of a run → [`Duplicate`] pairs, clusters and duplication rates.
//!
//! In: every [`Document`] (normalized text and sections) and the boilerplate phrases of
//! `rules/boilerplate.toml`. Out: [`DedupResult`]: pairs of copies, each with its cluster, kind
//! (`exact`, `near`, `boilerplate`), symmetric similarity, containment and the token edits
//! between the copies, plus the duplicated ranges of every document for duplication rates.
//!
//! How:
//! 1. each document's skeleton (Han characters and letters, numbers masked as `#`, punctuation
//!    dropped) is fingerprinted by winnowing `k`-grams ([`skeleton`]);
//! 2. one index over all fingerprints yields seeds wherever two places share one, inside a
//!    document or across documents; seeds are chained along diagonals and across small gaps
//!    into candidate regions ([`candidates`]) — never an all-pairs diff;
//! 3. each candidate is extended to a maximal span (exact agreement), snapped to passage
//!    boundaries, diffed token by token with a time limit, and kept when long and similar
//!    enough ([`verify`]);
//! 4. copies that overlap form clusters; a cluster found in `boilerplate_docs` documents or more,
//!    or made of a listed phrase, is boilerplate, listed separately and excluded from rates
//!    ([`clusters`]).
//!
//! Output order is a function of the input alone (sorted by cluster, then position), so reports
//! are byte-identical whatever the thread count.

mod candidates;
mod clusters;
mod skeleton;
mod verify;

use std::ops::Range;
use std::time::Duration;

use rayon::prelude::*;

use crate::model::{DedupResult, Document, Occurrence};
use candidates::{candidate_pairs, CandidateParams};
use clusters::build_result;
use skeleton::{fingerprints, Skeleton};
use verify::{compare, extend_and_snap, Comparison, Layout};

pub use verify::tokens;

/// Thresholds of duplicate detection. Defaults are justified in the README.
#[derive(Debug, Clone)]
pub struct DedupConfig {
    /// Shortest copy reported, in skeleton characters (Han characters, letters, numbers).
    pub min_chars: usize,
    /// Lowest symmetric token similarity for a near-duplicate.
    pub min_similarity: f64,
    /// Text shared by this many documents or more is boilerplate.
    pub boilerplate_docs: usize,
    /// k-gram length of fingerprints, in skeleton characters.
    pub kgram: usize,
    /// Winnowing window (fingerprints kept per window).
    pub window: usize,
    /// Largest edit gap bridged inside one copy, in skeleton characters.
    pub max_gap: usize,
    /// Fingerprints held by more places than this are not paired: a k-gram found in 17+
    /// places is a common phrase, and pairing all its places would make the cost grow with
    /// the square of the corpus.
    pub max_postings: usize,
    /// Time limit of one diff.
    pub diff_timeout: Duration,
}

impl Default for DedupConfig {
    fn default() -> Self {
        Self {
            min_chars: 20,
            min_similarity: 0.7,
            boilerplate_docs: 3,
            kgram: 6,
            window: 3,
            max_gap: 24,
            max_postings: 16,
            diff_timeout: Duration::from_secs(2),
        }
    }
}

/// A verified pair before clustering.
#[derive(Debug, Clone)]
struct Pair {
    a: Occurrence,
    b: Occurrence,
    cmp: Comparison,
    whole: bool,
}

/// Find duplicated passages in and across `docs`.
pub fn find_duplicates(docs: &[Document], phrases: &[String], cfg: &DedupConfig) -> DedupResult {
    find_duplicates_in_part(docs, phrases, cfg, &|_| 0)
}

/// Postings of a fingerprint hash held by documents of the corpus that are not loaded.
pub type UnloadedPostings<'a> = dyn Fn(u64) -> usize + Sync + 'a;

/// The fingerprint hashes of one document, in text order: what a saved index stores so that
/// `lint --index` can find the corpus documents sharing text with a draft without loading them.
pub fn document_fingerprints(doc: &Document, cfg: &DedupConfig) -> Vec<u64> {
    let layout = Layout::of(doc);
    let skeleton = Skeleton::new(doc.text(), &layout.excluded);
    fingerprints(&skeleton.chars, cfg.kgram, cfg.window)
        .into_iter()
        .map(|f| f.hash)
        .collect()
}

/// [`find_duplicates`] over some documents of a larger corpus (a saved index's documents that
/// share text with a draft). `unloaded(h)` counts the postings of hash `h` in the documents left
/// out, so a phrase too common to pair in the whole corpus stays unpaired here too.
pub fn find_duplicates_in_part(
    docs: &[Document],
    phrases: &[String],
    cfg: &DedupConfig,
    unloaded: &UnloadedPostings<'_>,
) -> DedupResult {
    let bounds: Vec<Layout> = docs.par_iter().map(Layout::of).collect();
    let skeletons: Vec<Skeleton> = docs
        .par_iter()
        .zip(&bounds)
        .map(|(d, l)| Skeleton::new(d.text(), &l.excluded))
        .collect();
    let prints: Vec<_> = skeletons
        .par_iter()
        .map(|s| fingerprints(&s.chars, cfg.kgram, cfg.window))
        .collect();
    let params = CandidateParams {
        k: cfg.kgram,
        max_postings: cfg.max_postings,
        max_gap: cfg.max_gap,
        max_shift: cfg.max_gap / 2,
        // Half the shortest copy: edits split a copy into fragments, but any copy worth
        // reporting has a chained stretch this long.
        min_span: (cfg.min_chars / 2).max(cfg.kgram + 2),
    };
    let candidates = candidate_pairs(&prints, &skeletons, params, unloaded);
    let mut pairs: Vec<Pair> = candidates
        .par_iter()
        .filter_map(|c| {
            let (da, db) = (c.doc_a as usize, c.doc_b as usize);
            let ra = skeletons[da].byte_range(c.a.0 as usize, c.a.1 as usize);
            let rb = skeletons[db].byte_range(c.b.0 as usize, c.b.1 as usize);
            let (ra, rb) = extend_and_snap(
                docs[da].text(),
                ra,
                &bounds[da],
                docs[db].text(),
                rb,
                &bounds[db],
            );
            if da == db && ra.end > rb.start {
                return None;
            }
            let long_enough = |d: usize, r: &Range<usize>| {
                let s = &skeletons[d];
                s.position_at(r.end) - s.position_at(r.start) >= cfg.min_chars
            };
            if !long_enough(da, &ra) || !long_enough(db, &rb) {
                return None;
            }
            let cmp = compare(
                &docs[da],
                ra.clone(),
                &docs[db],
                rb.clone(),
                cfg.diff_timeout,
            );
            if cmp.similarity() < cfg.min_similarity {
                return None;
            }
            let whole = bounds[da].is_start(ra.start)
                && bounds[da].is_end(ra.end)
                && bounds[db].is_start(rb.start)
                && bounds[db].is_end(rb.end);
            Some(Pair {
                a: occurrence(&docs[da], da, ra),
                b: occurrence(&docs[db], db, rb),
                cmp,
                whole,
            })
        })
        .collect();
    drop_contained_pairs(&mut pairs);

    let phrase_hits = phrase_occurrences(docs, &skeletons, phrases);
    build_result(docs, pairs, phrase_hits, cfg)
}

fn occurrence(doc: &Document, doc_index: usize, range: Range<usize>) -> Occurrence {
    Occurrence {
        doc: doc_index,
        section: smallest_section(doc, &range),
        range,
    }
}

/// Deepest section containing `range` (sections come parents first, in document order).
fn smallest_section(doc: &Document, range: &Range<usize>) -> usize {
    let mut best = 0;
    for (i, s) in doc.sections.iter().enumerate() {
        if s.range.start <= range.start
            && range.end <= s.range.end
            && s.depth >= doc.sections[best].depth
        {
            best = i;
        }
    }
    best
}

/// Candidates reached the same copy from different seeds: keep one pair per copy.
fn drop_contained_pairs(pairs: &mut Vec<Pair>) {
    pairs.sort_by(|x, y| {
        (
            x.a.doc,
            x.b.doc,
            x.a.range.start,
            std::cmp::Reverse(x.a.range.end),
        )
            .cmp(&(
                y.a.doc,
                y.b.doc,
                y.a.range.start,
                std::cmp::Reverse(y.a.range.end),
            ))
            .then(x.b.range.start.cmp(&y.b.range.start))
    });
    let mut kept: Vec<Pair> = Vec::with_capacity(pairs.len());
    for p in pairs.drain(..) {
        let inside = kept.iter().rev().take(16).any(|k| {
            k.a.doc == p.a.doc
                && k.b.doc == p.b.doc
                && overlap(&k.a.range, &p.a.range) * 2 > p.a.range.len()
                && overlap(&k.b.range, &p.b.range) * 2 > p.b.range.len()
        });
        if !inside {
            kept.push(p);
        }
    }
    *pairs = kept;
}

fn overlap(x: &Range<usize>, y: &Range<usize>) -> usize {
    x.end.min(y.end).saturating_sub(x.start.max(y.start))
}

/// Where listed boilerplate phrases occur (compared on skeletons: punctuation ignored).
fn phrase_occurrences(
    docs: &[Document],
    skeletons: &[Skeleton],
    phrases: &[String],
) -> Vec<(usize, Occurrence)> {
    let phrase_skeletons: Vec<Vec<u32>> = phrases
        .iter()
        .map(|p| Skeleton::new(&crate::text::matching_string(p), &[]).chars)
        .filter(|c| c.len() >= 4)
        .collect();
    // Documents in parallel, occurrences in document order.
    skeletons
        .par_iter()
        .enumerate()
        .flat_map_iter(|(d, s)| {
            let mut out = Vec::new();
            for (p, needle) in phrase_skeletons.iter().enumerate() {
                let mut i = 0;
                while i + needle.len() <= s.chars.len() {
                    if s.chars[i] == needle[0] && s.chars[i..i + needle.len()] == needle[..] {
                        let r = s.byte_range(i, i + needle.len());
                        out.push((p, occurrence(&docs[d], d, r)));
                        i += needle.len();
                    } else {
                        i += 1;
                    }
                }
            }
            out
        })
        .collect()
}
