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
//!    or made of a listed phrase, is boilerplate, listed separately and excluded from rates.
//!
//! Output order is a function of the input alone (sorted by cluster, then position), so reports
//! are byte-identical whatever the thread count.

mod candidates;
mod skeleton;
mod verify;

use std::collections::BTreeMap;
use std::ops::Range;
use std::time::Duration;

use rayon::prelude::*;

use crate::model::{DedupResult, Document, DupKind, Duplicate, Occurrence, SectionKind};
use crate::text::{count_chars, matching_string};
use candidates::{candidate_pairs, CandidateParams};
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

/// Union-find over occurrences.
struct Clusters {
    parent: Vec<usize>,
}

impl Clusters {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

fn build_result(
    docs: &[Document],
    pairs: Vec<Pair>,
    phrase_hits: Vec<(usize, Occurrence)>,
    cfg: &DedupConfig,
) -> DedupResult {
    // Nodes: both copies of every pair, then every phrase hit.
    let mut nodes: Vec<Occurrence> = Vec::new();
    for p in &pairs {
        nodes.push(p.a.clone());
        nodes.push(p.b.clone());
    }
    let phrase_start = nodes.len();
    nodes.extend(phrase_hits.iter().map(|(_, o)| o.clone()));
    let mut uf = Clusters::new(nodes.len());
    for i in 0..pairs.len() {
        uf.union(2 * i, 2 * i + 1);
    }
    // Same phrase → same cluster.
    let mut first_of_phrase: BTreeMap<usize, usize> = BTreeMap::new();
    for (k, (p, _)) in phrase_hits.iter().enumerate() {
        let node = phrase_start + k;
        let first = *first_of_phrase.entry(*p).or_insert(node);
        uf.union(first, node);
    }
    // Overlapping copies in one document → same cluster.
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by_key(|&i| (nodes[i].doc, nodes[i].range.start, nodes[i].range.end));
    for w in 0..order.len() {
        for v in order[w + 1..].iter().take(32) {
            let (x, y) = (&nodes[order[w]], &nodes[*v]);
            if x.doc != y.doc || y.range.start >= x.range.end {
                break;
            }
            let shorter = x.range.len().min(y.range.len()).max(1);
            if overlap(&x.range, &y.range) * 2 >= shorter {
                uf.union(order[w], *v);
            }
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..nodes.len() {
        let root = uf.find(i);
        members.entry(root).or_default().push(i);
    }
    // Clusters in order of their first copy.
    let mut clusters: Vec<Vec<usize>> = members.into_values().collect();
    for c in &mut clusters {
        c.sort_by_key(|&i| (nodes[i].doc, nodes[i].range.start, nodes[i].range.end));
    }
    clusters.sort_by_key(|c| {
        let n = &nodes[c[0]];
        (n.doc, n.range.start, n.range.end)
    });

    let mut duplicates = Vec::new();
    let mut duplicated: Vec<Vec<Range<usize>>> = vec![Vec::new(); docs.len()];
    for (ci, cluster) in clusters.iter().enumerate() {
        // Provisional id; clusters that yield rows are numbered C001… below.
        let cluster_id = ci.to_string();
        let doc_count = {
            let mut d: Vec<usize> = cluster.iter().map(|&i| nodes[i].doc).collect();
            d.dedup();
            d.len()
        };
        let listed = cluster.iter().any(|&i| i >= phrase_start);
        if listed || doc_count >= cfg.boilerplate_docs {
            duplicates.extend(boilerplate_rows(docs, &nodes, cluster, &cluster_id, cfg));
            continue;
        }
        let mut pair_ids: Vec<usize> = cluster
            .iter()
            .filter(|&&i| i < phrase_start && i % 2 == 0)
            .map(|&i| i / 2)
            .collect();
        pair_ids.sort_by_key(|&p| {
            let x = &pairs[p];
            (x.a.doc, x.a.range.start, x.b.doc, x.b.range.start)
        });
        for p in pair_ids {
            let pair = &pairs[p];
            duplicated[pair.a.doc].push(pair.a.range.clone());
            duplicated[pair.b.doc].push(pair.b.range.clone());
            let kind = if pair.cmp.identical && pair.whole {
                DupKind::Exact
            } else {
                DupKind::Near
            };
            duplicates.push(make_duplicate(docs, pair, kind, &cluster_id));
        }
    }
    let mut renumber: BTreeMap<String, String> = BTreeMap::new();
    for (i, d) in duplicates.iter_mut().enumerate() {
        d.id = format!("D{:04}", i + 1);
        let next = format!("C{:03}", renumber.len() + 1);
        d.cluster = renumber.entry(d.cluster.clone()).or_insert(next).clone();
    }
    for ranges in &mut duplicated {
        *ranges = merge_ranges(std::mem::take(ranges));
    }
    DedupResult {
        duplicates,
        duplicated,
    }
}

/// Boilerplate is listed as a star: the first copy paired with each other copy.
fn boilerplate_rows(
    docs: &[Document],
    nodes: &[Occurrence],
    cluster: &[usize],
    cluster_id: &str,
    cfg: &DedupConfig,
) -> Vec<Duplicate> {
    // One copy per overlapping group within a document.
    let mut copies: Vec<Occurrence> = Vec::new();
    for &i in cluster {
        let n = &nodes[i];
        match copies.last_mut() {
            Some(last) if last.doc == n.doc && n.range.start < last.range.end => {
                last.range.end = last.range.end.max(n.range.end);
            }
            _ => copies.push(n.clone()),
        }
    }
    let Some((first, rest)) = copies.split_first() else {
        return vec![];
    };
    rest.iter()
        .map(|other| {
            let cmp = compare(
                &docs[first.doc],
                first.range.clone(),
                &docs[other.doc],
                other.range.clone(),
                cfg.diff_timeout,
            );
            let pair = Pair {
                a: occurrence(&docs[first.doc], first.doc, first.range.clone()),
                b: occurrence(&docs[other.doc], other.doc, other.range.clone()),
                cmp,
                whole: false,
            };
            make_duplicate(docs, &pair, DupKind::Boilerplate, cluster_id)
        })
        .collect()
}

fn make_duplicate(docs: &[Document], pair: &Pair, kind: DupKind, cluster: &str) -> Duplicate {
    let (da, db) = (&docs[pair.a.doc], &docs[pair.b.doc]);
    let title_a = passage_title(da, &pair.a.range);
    let title_b = passage_title(db, &pair.b.range);
    let title_drift = match (&title_a, &title_b) {
        (Some(x), Some(y)) => x.1 != y.1,
        _ => false,
    };
    Duplicate {
        id: String::new(),
        cluster: cluster.to_owned(),
        kind,
        chars_a: count_chars(&da.text()[pair.a.range.clone()]),
        chars_b: count_chars(&db.text()[pair.b.range.clone()]),
        a: pair.a.clone(),
        b: pair.b.clone(),
        similarity: pair.cmp.similarity(),
        containment: pair.cmp.containment(),
        edits: pair.cmp.edits.clone(),
        title_a: title_a.map(|t| t.0),
        title_b: title_b.map(|t| t.0),
        title_drift,
        diff_timed_out: pair.cmp.timed_out,
    }
}

/// The title of the box, table row or heading a copy makes up (the copy covers at least 80%
/// of its body): the title as written, and its comparable form (normalized, label dropped).
fn passage_title(doc: &Document, range: &Range<usize>) -> Option<(String, String)> {
    let copy_chars = count_chars(&doc.text()[range.clone()]);
    let mut best: Option<usize> = None;
    for (i, s) in doc.sections.iter().enumerate() {
        let titled = matches!(
            s.kind,
            SectionKind::Box | SectionKind::TableRow | SectionKind::Heading(_)
        ) && s.title_range.is_some();
        if titled && s.range.start <= range.start && range.end <= s.range.end {
            best = Some(i);
        }
    }
    let i = best?;
    let s = &doc.sections[i];
    let body: usize = doc
        .sections
        .iter()
        .filter(|c| c.parent == Some(i))
        .map(|c| count_chars(&doc.text()[c.range.clone()]))
        .sum();
    if body == 0 || copy_chars * 5 < body * 4 {
        return None;
    }
    let written = doc.title_as_written(s)?.to_owned();
    let comparable = comparable_title(doc.title(s)?);
    Some((written, comparable))
}

/// `专栏11:“数智监管”推进工程` → `“数智监管”推进工程`; `（一）抓集群` → `抓集群`.
fn comparable_title(title: &str) -> String {
    let t = matching_string(title);
    let t = match t.strip_prefix("专栏") {
        Some(rest) => rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches([':', '：', ' '])
            .to_owned(),
        None => t,
    };
    match crate::segment::parse_marker(&t) {
        Some(m) => t[m.len..].to_owned(),
        None => t,
    }
}

fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}
