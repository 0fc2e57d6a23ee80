//! Clusters and the listing of duplicates.
//!
//! In: the verified pairs of copies, the occurrences of listed boilerplate phrases, and the
//! documents. Out: [`DedupResult`]: copies that overlap (or are the same listed phrase) form
//! clusters; a cluster of a listed phrase or found in `boilerplate_docs` documents or more is
//! listed as boilerplate (a star: its first copy paired with each other copy), any other
//! cluster as its `exact`/`near` pairs. Rows are numbered `D0001…` and clusters `C001…` in
//! order of their first copy; the duplicated ranges of each document (boilerplate excluded)
//! are merged for the duplication rates.

use std::collections::BTreeMap;
use std::ops::Range;

use super::verify::compare;
use super::{occurrence, overlap, DedupConfig, Pair};
use crate::model::{DedupResult, Document, DupKind, Duplicate, Occurrence, SectionKind};
use crate::text::{count_chars, matching_string};

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

/// Cluster the verified pairs and the phrase hits, and list them.
pub(super) fn build_result(
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
    let clusters = clusters(&nodes, pairs.len(), &phrase_hits, phrase_start);
    let mut listing = Listing {
        docs,
        pairs: &pairs,
        nodes: &nodes,
        phrase_start,
        cfg,
        duplicates: Vec::new(),
        duplicated: vec![Vec::new(); docs.len()],
    };
    for (ci, cluster) in clusters.iter().enumerate() {
        // Provisional id; clusters that yield rows are numbered C001… below.
        listing.cluster(&ci.to_string(), cluster);
    }
    let Listing {
        mut duplicates,
        mut duplicated,
        ..
    } = listing;
    number_rows(&mut duplicates);
    for ranges in &mut duplicated {
        *ranges = merge_ranges(std::mem::take(ranges));
    }
    DedupResult {
        duplicates,
        duplicated,
    }
}

/// The clusters of `nodes` (both copies of each of the `pair_count` pairs, then the phrase hits
/// from `phrase_start`), each as node indexes in text order, in order of their first copy.
fn clusters(
    nodes: &[Occurrence],
    pair_count: usize,
    phrase_hits: &[(usize, Occurrence)],
    phrase_start: usize,
) -> Vec<Vec<usize>> {
    let mut uf = Clusters::new(nodes.len());
    for i in 0..pair_count {
        uf.union(2 * i, 2 * i + 1);
    }
    // Same phrase → same cluster.
    let mut first_of_phrase: BTreeMap<usize, usize> = BTreeMap::new();
    for (k, (p, _)) in phrase_hits.iter().enumerate() {
        let node = phrase_start + k;
        let first = *first_of_phrase.entry(*p).or_insert(node);
        uf.union(first, node);
    }
    union_overlapping(nodes, &mut uf);
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
    clusters
}

/// Overlapping copies in one document → same cluster.
fn union_overlapping(nodes: &[Occurrence], uf: &mut Clusters) {
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
}

/// The rows listed so far: duplicates in cluster order, and each document's duplicated ranges.
struct Listing<'d> {
    docs: &'d [Document],
    pairs: &'d [Pair],
    /// Both copies of every pair (pair `p` at `2p` and `2p + 1`), then every phrase hit.
    nodes: &'d [Occurrence],
    /// Index in `nodes` of the first phrase hit.
    phrase_start: usize,
    cfg: &'d DedupConfig,
    duplicates: Vec<Duplicate>,
    duplicated: Vec<Vec<Range<usize>>>,
}

impl Listing<'_> {
    /// List one cluster (node indexes in text order) under `cluster_id`.
    fn cluster(&mut self, cluster_id: &str, cluster: &[usize]) {
        let (docs, pairs, nodes, phrase_start) =
            (self.docs, self.pairs, self.nodes, self.phrase_start);
        let doc_count = {
            let mut d: Vec<usize> = cluster.iter().map(|&i| nodes[i].doc).collect();
            d.dedup();
            d.len()
        };
        let listed = cluster.iter().any(|&i| i >= phrase_start);
        if listed || doc_count >= self.cfg.boilerplate_docs {
            self.duplicates
                .extend(boilerplate_rows(docs, nodes, cluster, cluster_id, self.cfg));
            return;
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
            self.duplicated[pair.a.doc].push(pair.a.range.clone());
            self.duplicated[pair.b.doc].push(pair.b.range.clone());
            let kind = if pair.cmp.identical && pair.whole {
                DupKind::Exact
            } else {
                DupKind::Near
            };
            self.duplicates
                .push(make_duplicate(docs, pair, kind, cluster_id));
        }
    }
}

/// Number the rows `D0001…` and their clusters `C001…`, in listing order.
fn number_rows(duplicates: &mut [Duplicate]) {
    let mut renumber: BTreeMap<String, String> = BTreeMap::new();
    for (i, d) in duplicates.iter_mut().enumerate() {
        d.id = format!("D{:04}", i + 1);
        let next = format!("C{:03}", renumber.len() + 1);
        d.cluster = renumber.entry(d.cluster.clone()).or_insert(next).clone();
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
