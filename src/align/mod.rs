//! Stage: align — a lower and an upper document → [`Alignment`]s and [`Coverage`] of the upper
//! document's tasks.
//!
//! In: documents (sections, normalized text), pairs to align (lower → upper), a [`Tokenizer`].
//! Out: for each unit of the lower document its best matches in the upper one (rank, score, the
//! shared key terms), and for each task of the upper document (its lowest-level units) whether
//! the lower document covers it.
//!
//! Units are headings, 专栏 boxes, table rows, titled paragraphs (lead phrases), titled bullets
//! and inline items (`一是…`). A unit's text is its whole subtree. Scoring:
//! - content terms from [`Tokenizer`] (policy dictionary kept whole, stop words dropped, terms
//!   of the boilerplate phrases dropped so `以习近平…为指导` never drives a match);
//! - TF-IDF weights learned from every unit of the run (`(1 + ln tf) · ln(1 + N/df)`; a title's
//!   terms count three times; a term found in more than half of all units weighs nothing);
//! - cosine similarity of the weight vectors, combined with the similarity of the two titles
//!   (Dice coefficient of character bigrams — character-aware, unlike byte-based measures):
//!   `score = 0.7·cosine + 0.3·title` when both units have titles, else the cosine;
//! - plus 0.1 when both units set targets for the same canonical metric (the targets stage).
//!
//! Ranks count distinct places: a section nested in (or containing) a better-ranked match is
//! folded into it, so a unit's top three are three different parts of the upper plan.
//!
//! Deterministic: units are visited in document order and ties are broken by section order.

use std::collections::{BTreeMap, HashSet};

// FxHash throughout: the keys are document indexes, term ids and short words, looked up
// millions of times per run; no map's iteration order reaches an output.
use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use crate::model::{AlignResult, Alignment, Coverage, CoverageStatus, Document, SectionKind};
use crate::text::{bigrams, is_han, matching_str, matching_string};
use crate::tokenize::Tokenizer;

/// Thresholds of alignment. Defaults are justified in the README.
#[derive(Debug, Clone)]
pub struct AlignConfig {
    /// Lowest score listed in `alignments.csv`.
    pub min_score: f64,
    /// Best matches listed per unit.
    pub top: usize,
    /// A task whose best counterpart scores at least this is `covered`.
    pub covered: f64,
    /// … at least this, `partial`; below, `missing`.
    pub partial: f64,
    /// Also align documents of the same level and region with each other.
    pub same_level: bool,
    /// Weight of title similarity when both units have titles (the rest is the cosine).
    pub title_weight: f64,
    /// Extra count given to each term of a unit's title.
    pub title_boost: f64,
    /// Added to the score when both units set targets for the same metric.
    pub metric_weight: f64,
    /// Each lower document is aligned with at most this many of its upper documents, the most
    /// similar as wholes. Keeps the cost linear in the corpus, where every county plan would
    /// otherwise be compared with every plan of its city and province.
    pub max_uppers: usize,
}

impl Default for AlignConfig {
    fn default() -> Self {
        Self {
            min_score: 0.15,
            top: 3,
            covered: 0.22,
            partial: 0.15,
            same_level: false,
            title_weight: 0.3,
            title_boost: 2.0,
            metric_weight: 0.1,
            max_uppers: 8,
        }
    }
}

/// Sections that can answer or be answered: headings, boxes, titled rows/paragraphs/bullets,
/// items.
pub fn is_unit(doc: &Document, i: usize) -> bool {
    let s = &doc.sections[i];
    match s.kind {
        SectionKind::Heading(_) | SectionKind::Box | SectionKind::Item => true,
        // A table row is a task when it describes one (003's appendix); rows of a metrics table
        // (name | unit | value) are targets, not tasks.
        SectionKind::TableRow => {
            s.title_range.is_some() && doc.sections.iter().any(|c| c.parent == Some(i))
        }
        SectionKind::Paragraph | SectionKind::Bullet => s.title_range.is_some(),
        _ => false,
    }
}

/// Units of a document with no unit below them: the tasks coverage is measured on.
pub fn tasks(doc: &Document) -> Vec<usize> {
    let units: Vec<usize> = (0..doc.sections.len())
        .filter(|&i| is_unit(doc, i))
        .collect();
    let mut has_unit_child = vec![false; doc.sections.len()];
    for &u in &units {
        let mut p = doc.sections[u].parent;
        while let Some(q) = p {
            has_unit_child[q] = true;
            p = doc.sections[q].parent;
        }
    }
    units.into_iter().filter(|&u| !has_unit_child[u]).collect()
}

/// Keep, for each lower document, the `max` upper documents most similar to it as a whole
/// (summed task vectors, cosine); pairs keep their input order.
fn closest_uppers(
    pairs: &[(usize, usize)],
    vectors: &HashMap<usize, Vec<UnitVec>>,
    max: usize,
) -> Vec<(usize, usize)> {
    let mut uppers_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &(a, b) in pairs {
        uppers_of.entry(a).or_default().push(b);
    }
    if uppers_of.values().all(|bs| bs.len() <= max) {
        return pairs.to_vec();
    }
    let whole = |units: &[UnitVec]| -> UnitVec {
        // Each term's weights summed in unit order (a stable sort keeps that order).
        let mut all: Vec<(u32, f64)> = units
            .iter()
            .flat_map(|u| u.weights.iter().copied())
            .collect();
        all.sort_by_key(|&(t, _)| t);
        let mut weights: Vec<(u32, f64)> = Vec::new();
        for (t, w) in all {
            match weights.last_mut() {
                Some((last, sum)) if *last == t => *sum += w,
                _ => weights.push((t, w)),
            }
        }
        let norm = weights.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        UnitVec {
            weights,
            norm,
            ..UnitVec::default()
        }
    };
    // `vectors` holds exactly the documents of `pairs`.
    let wholes: HashMap<usize, UnitVec> = vectors
        .par_iter()
        .map(|(&d, units)| (d, whole(units)))
        .collect();
    // Lower documents of one region share their candidate uppers (the plans of the parent
    // regions), so each candidate set gets one inverted index of its whole-document vectors and
    // each of its lower documents walks only the postings of its own terms: the products a
    // term-by-term merge would add, in the same (term) order, without visiting the terms an
    // upper has and the lower lacks. (Comparing with every upper is still quadratic in the
    // plans per region; see BENCHMARKS.md.)
    let mut lowers_of: BTreeMap<&[usize], Vec<usize>> = BTreeMap::new();
    for (&a, bs) in &uppers_of {
        lowers_of.entry(bs.as_slice()).or_default().push(a);
    }
    // What summing no products gives (`-0.0`): an upper sharing no term scores as before.
    let empty_sum: f64 = std::iter::empty::<f64>().sum();
    let mut keep: HashSet<(usize, usize)> = HashSet::new();
    for (uppers, lowers) in lowers_of {
        let postings = Postings::new(
            uppers
                .iter()
                .enumerate()
                .flat_map(|(pos, b)| {
                    wholes[b]
                        .weights
                        .iter()
                        .map(move |&(t, w)| (t, pos as u32, w))
                })
                .collect(),
        );
        let chosen: Vec<(usize, usize)> = lowers
            .par_iter()
            .map_init(
                || Vec::with_capacity(uppers.len()),
                |dots: &mut Vec<f64>, &a| {
                    let wa = &wholes[&a];
                    dots.clear();
                    dots.resize(uppers.len(), empty_sum);
                    for &(t, w) in &wa.weights {
                        let (positions, weights) = postings.of(t);
                        for (&pos, wb) in positions.iter().zip(weights) {
                            dots[pos as usize] += w * wb;
                        }
                    }
                    let mut ranked: Vec<(usize, f64)> = uppers
                        .iter()
                        .zip(dots.iter())
                        .map(|(&b, &dot)| {
                            let wb = &wholes[&b];
                            let cos = if wa.norm == 0.0 || wb.norm == 0.0 {
                                0.0
                            } else {
                                dot / (wa.norm * wb.norm)
                            };
                            (b, cos)
                        })
                        .collect();
                    ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                    ranked
                        .into_iter()
                        .take(max)
                        .map(|(b, _)| (a, b))
                        .collect::<Vec<_>>()
                },
            )
            .flatten_iter()
            .collect();
        keep.extend(chosen);
    }
    pairs.iter().copied().filter(|p| keep.contains(p)).collect()
}

/// The term counts of one document's units. Term ids are local to the document (strings are
/// kept once per document, not once per unit: 900,000 units of term-keyed maps were most of a
/// 10,000-document run's memory).
struct DocUnits {
    doc: usize,
    /// Local id → term.
    terms: Vec<String>,
    /// (section index, (local term id, count) sorted by id) per unit.
    units: Vec<(usize, Vec<(u32, f64)>)>,
}

/// Weighted term vector of one unit, and its comparable title.
#[derive(Debug, Clone, Default)]
struct UnitVec {
    section: usize,
    weights: Vec<(u32, f64)>,
    norm: f64,
    title_bigrams: Vec<(char, char)>,
    /// Canonical metrics of the targets inside the unit, as ids of the run, sorted.
    metrics: Vec<u32>,
}

/// Term ids and document frequencies over all units of the run.
struct Vocabulary {
    ids: HashMap<String, u32>,
    terms: Vec<String>,
    idf: Vec<f64>,
}

/// The document pairs a scan aligns: each document with the documents above it (its parent
/// region's, and that region's parent's), and with `same_level`, documents of the same level
/// and region with the earlier ones.
pub fn pairs_to_align(
    docs: &[Document],
    regions: &crate::rules::Regions,
    same_level: bool,
) -> Vec<(usize, usize)> {
    // Documents by region: each lower document looks at the plans of two or three regions, not
    // at the whole corpus.
    let mut by_region: HashMap<&str, Vec<usize>> = HashMap::default();
    for (j, d) in docs.iter().enumerate() {
        if !d.meta.region.is_empty() {
            by_region.entry(d.meta.region.as_str()).or_default().push(j);
        }
    }
    let mut out = Vec::new();
    for (i, lower) in docs.iter().enumerate() {
        let Some(level) = lower.meta.level else {
            continue;
        };
        let parent = lower.meta.parent_region.as_str();
        let grandparent = regions.by_name(parent).map_or("", |r| r.parent.as_str());
        let mut candidates: Vec<usize> = [parent, grandparent, lower.meta.region.as_str()]
            .iter()
            .filter(|r| !r.is_empty())
            .filter_map(|r| by_region.get(r))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for j in candidates {
            let upper = &docs[j];
            let Some(up) = upper.meta.level else { continue };
            let above = up < level
                && !upper.meta.region.is_empty()
                && (upper.meta.region == parent || upper.meta.region == grandparent);
            let peer = same_level && up == level && j < i && upper.meta.region == lower.meta.region;
            if above || peer {
                out.push((i, j));
            }
        }
    }
    out
}

/// Align every pair (lower, upper) of `pairs`.
pub fn align(
    docs: &[Document],
    pairs: &[(usize, usize)],
    tokenizer: &Tokenizer,
    boilerplate: &[String],
    targets: &[crate::model::Target],
    cfg: &AlignConfig,
) -> AlignResult {
    let involved: Vec<usize> = {
        let mut v: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let banned: rustc_hash::FxHashSet<String> = boilerplate
        .iter()
        .flat_map(|p| {
            tokenizer
                .terms(p)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    // Term counts of every unit of every involved document.
    let counted: Vec<DocUnits> = involved
        .par_iter()
        .map(|&d| count_units(d, &docs[d], tokenizer, &banned, cfg.title_boost))
        .collect();
    let vocab = vocabulary(&counted);
    let vectors: HashMap<usize, Vec<UnitVec>> = counted
        .par_iter()
        .map(|doc_units| {
            let global: Vec<u32> = doc_units.terms.iter().map(|t| vocab.ids[t]).collect();
            let doc = &docs[doc_units.doc];
            let units = doc_units
                .units
                .iter()
                .map(|(s, counts)| vectorize(doc, *s, counts, &global, &vocab))
                .collect();
            (doc_units.doc, units)
        })
        .collect();
    // The counts are in the vectors now; at 10,000 documents they held ~400 MB.
    drop(counted);
    let mut vectors = vectors;
    // Targets by document (each unit looks only at its own document's targets: a scan of every
    // target per unit grew with the square of the corpus).
    // Metrics are compared by id (only equality matters): a string comparison per scored unit
    // pair was 1% of a scan.
    let mut by_doc: HashMap<usize, Vec<(&crate::model::Target, u32)>> = HashMap::default();
    let mut metric_ids: HashMap<&str, u32> = HashMap::default();
    // A metric of one character is too vague to count as shared.
    for t in targets.iter().filter(|t| t.metric.chars().count() >= 2) {
        let next = metric_ids.len() as u32;
        let id = *metric_ids.entry(t.metric.as_str()).or_insert(next);
        by_doc.entry(t.doc).or_default().push((t, id));
    }
    vectors.par_iter_mut().for_each(|(d, units)| {
        let own = by_doc.get(d).map_or(&[][..], Vec::as_slice);
        for u in units.iter_mut() {
            let range = &docs[*d].sections[u.section].range;
            let mut m: Vec<u32> = own
                .iter()
                .filter(|(t, _)| range.start <= t.range.start && t.range.end <= range.end)
                .map(|&(_, id)| id)
                .collect();
            m.sort_unstable();
            m.dedup();
            u.metrics = m;
        }
    });
    let pairs = &closest_uppers(pairs, &vectors, cfg.max_uppers);
    // One index per document, shared by all its pairs.
    let indexes: HashMap<usize, UnitIndex> = {
        // Only upper documents are looked up (the lower side is walked unit by unit).
        let mut used: Vec<usize> = pairs.iter().map(|&(_, b)| b).collect();
        used.sort_unstable();
        used.dedup();
        used.into_par_iter()
            .map(|d| (d, UnitIndex::new(&vectors[&d])))
            .collect()
    };
    let results: Vec<(Vec<Alignment>, Vec<Coverage>)> = pairs
        .par_iter()
        .map(|&(a, b)| {
            let (ua, ub) = (&vectors[&a], &vectors[&b]);
            align_pair(docs, (a, ua), (b, ub, &indexes[&b]), &vocab, cfg)
        })
        .collect();
    let mut out = AlignResult {
        pairs: pairs.clone(),
        ..AlignResult::default()
    };
    for (al, cov) in results {
        out.alignments.extend(al);
        out.coverage.extend(cov);
    }
    out
}

fn count_units(
    doc_index: usize,
    doc: &Document,
    tokenizer: &Tokenizer,
    banned: &rustc_hash::FxHashSet<String>,
    title_boost: f64,
) -> DocUnits {
    // Every unit's text (its whole subtree) and title, in the matching view.
    let unit_sections: Vec<usize> = (0..doc.sections.len())
        .filter(|&i| is_unit(doc, i))
        .collect();
    let texts: Vec<(std::borrow::Cow<'_, str>, Option<std::borrow::Cow<'_, str>>)> = unit_sections
        .iter()
        .map(|&i| {
            let s = &doc.sections[i];
            (
                matching_str(&doc.text()[s.range.clone()]),
                doc.title(s).map(matching_str),
            )
        })
        .collect();
    // A unit's text is its whole subtree, so a document's clauses are seen once per enclosing
    // unit: each distinct clause is numbered (in first-seen order) and cut once per document,
    // all of them in one jieba call.
    let mut clause_number: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut distinct: Vec<&str> = Vec::new();
    let mut unit_clauses: Vec<(Vec<u32>, Vec<u32>)> = Vec::with_capacity(texts.len());
    for (body, title) in &texts {
        let mut numbered = [Vec::new(), Vec::new()];
        for (text, out) in [Some(body.as_ref()), title.as_deref()]
            .into_iter()
            .zip(&mut numbered)
        {
            for c in text.map(|t| tokenizer.clauses(t)).into_iter().flatten() {
                let n = *clause_number.entry(c).or_insert_with(|| {
                    distinct.push(c);
                    distinct.len() as u32 - 1
                });
                out.push(n);
            }
        }
        let [b, t] = numbered;
        unit_clauses.push((b, t));
    }
    // Each clause's terms as local ids, banned terms dropped; ids follow first sight.
    let mut local: rustc_hash::FxHashMap<String, u32> = Default::default();
    let mut terms: Vec<String> = Vec::new();
    let mut clause_terms: Vec<Vec<u32>> = vec![Vec::new(); distinct.len()];
    tokenizer.clause_terms(&distinct, |i, t| {
        if banned.contains(t) {
            return;
        }
        let id = match local.get(t) {
            Some(&id) => id,
            None => {
                let id = terms.len() as u32;
                local.insert(t.to_owned(), id);
                terms.push(t.to_owned());
                id
            }
        };
        clause_terms[i].push(id);
    });
    // A unit's counts are summed in a dense array over the document's term ids (a unit's text
    // is its whole subtree, so sorting every occurrence repeated the work at every level of
    // the tree); only the distinct ids met are sorted, then reset.
    let mut sums: Vec<f64> = vec![0.0; terms.len()];
    let mut seen: Vec<bool> = vec![false; terms.len()];
    let mut met: Vec<u32> = Vec::new();
    let units = unit_sections
        .into_iter()
        .zip(&unit_clauses)
        .map(|(i, (body, title))| {
            for (clauses, weight) in [(body, 1.0), (title, title_boost)] {
                for &c in clauses {
                    for &id in &clause_terms[c as usize] {
                        if !std::mem::replace(&mut seen[id as usize], true) {
                            met.push(id);
                        }
                        // Counts are whole numbers (1 per occurrence, the boost per title
                        // occurrence), so the order they are added in cannot change a sum.
                        sums[id as usize] += weight;
                    }
                }
            }
            met.sort_unstable();
            let counts: Vec<(u32, f64)> = met
                .iter()
                .map(|&id| {
                    seen[id as usize] = false;
                    (id, std::mem::take(&mut sums[id as usize]))
                })
                .collect();
            met.clear();
            (i, counts)
        })
        .collect();
    DocUnits {
        doc: doc_index,
        terms,
        units,
    }
}

fn vocabulary(counted: &[DocUnits]) -> Vocabulary {
    // Document frequencies counted per document in parallel, then merged; ids follow the
    // sorted terms, whatever the thread count.
    let n: usize = counted.iter().map(|d| d.units.len()).sum();
    let df: HashMap<&str, usize> = counted
        .par_iter()
        .fold(
            HashMap::default,
            |mut df: HashMap<&str, usize>, doc_units| {
                let mut local_df = vec![0usize; doc_units.terms.len()];
                for (_, counts) in &doc_units.units {
                    for &(id, _) in counts {
                        local_df[id as usize] += 1;
                    }
                }
                for (t, f) in doc_units.terms.iter().zip(local_df) {
                    if f > 0 {
                        *df.entry(t.as_str()).or_default() += f;
                    }
                }
                df
            },
        )
        .reduce(HashMap::default, |mut a, b| {
            for (t, f) in b {
                *a.entry(t).or_default() += f;
            }
            a
        });
    let mut df: Vec<(&str, usize)> = df.into_iter().collect();
    df.sort_unstable();
    let mut v = Vocabulary {
        ids: HashMap::default(),
        terms: Vec::new(),
        idf: Vec::new(),
    };
    for (t, f) in df {
        v.ids.insert(t.to_owned(), v.terms.len() as u32);
        v.terms.push(t.to_owned());
        // A term in more than half of all units is boilerplate by frequency: no weight.
        let idf = if f * 2 > n {
            0.0
        } else {
            (1.0 + n as f64 / f as f64).ln()
        };
        v.idf.push(idf);
    }
    v
}

fn vectorize(
    doc: &Document,
    section: usize,
    counts: &[(u32, f64)],
    global_ids: &[u32],
    vocab: &Vocabulary,
) -> UnitVec {
    let mut weights: Vec<(u32, f64)> = counts
        .iter()
        .filter_map(|&(local, tf)| {
            let id = global_ids[local as usize];
            let w = (1.0 + tf.ln()) * vocab.idf[id as usize];
            (w > 0.0).then_some((id, w))
        })
        .collect();
    weights.sort_unstable_by_key(|(id, _)| *id);
    let norm = weights.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    UnitVec {
        section,
        weights,
        norm,
        title_bigrams: doc
            .title(&doc.sections[section])
            .map(|t| bigrams(&comparable(t)))
            .unwrap_or_default(),
        metrics: vec![],
    }
}

/// A title without its label (`（一）`, `1.`, `专栏3:`, `一是`) and without punctuation.
fn comparable(title: &str) -> String {
    let t = matching_string(title);
    let t = match crate::segment::parse_marker(&t) {
        Some(m) => t[m.len..].to_owned(),
        None => t,
    };
    let t = t
        .strip_prefix("专栏")
        .map(|r| {
            r.trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '：')
                .to_owned()
        })
        .unwrap_or(t);
    let t = [
        "一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是",
    ]
    .iter()
    .find_map(|p| t.strip_prefix(p))
    .map(str::to_owned)
    .unwrap_or(t);
    t.chars()
        .filter(|&c| is_han(c) || c.is_alphanumeric())
        .collect()
}

/// The terms that explain a match: of the terms both units have, the (at most) five with the
/// largest product of their weights, largest first (ties to the earlier term id), joined by
/// spaces. `shared` is scratch space, reused from call to call.
///
/// Called once per alignment (870,000 times at 10,000 documents, on vectors of ~100 terms), so
/// the merge of the two sorted vectors has no branch that depends on the terms: every step
/// writes its candidate and advances by the comparison's outcome (a branching merge
/// mispredicted at most steps and took 1.7 µs per call).
fn top_shared_terms(
    a: &UnitVec,
    b: &UnitVec,
    vocab: &Vocabulary,
    shared: &mut Vec<(u32, f64)>,
) -> String {
    const TOP: usize = 5;
    let (wa, wb) = (&a.weights, &b.weights);
    let room = wa.len().min(wb.len()) + 1;
    if shared.len() < room {
        shared.resize(room, (0, 0.0));
    }
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < wa.len() && j < wb.len() {
        let (ta, xa) = wa[i];
        let (tb, xb) = wb[j];
        shared[n] = (ta, xa * xb);
        n += usize::from(ta == tb);
        i += usize::from(ta <= tb);
        j += usize::from(tb <= ta);
    }
    let mut shared = &mut shared[..n];
    // Larger product first, then smaller term id (ids are distinct: a total order).
    let first = |x: &(u32, f64), y: &(u32, f64)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
    if shared.len() > TOP {
        shared.select_nth_unstable_by(TOP - 1, first);
        shared = &mut shared[..TOP];
    }
    shared.sort_unstable_by(first);
    let mut joined = String::new();
    for (k, &(t, _)) in shared.iter().enumerate() {
        if k > 0 {
            joined.push(' ');
        }
        joined.push_str(&vocab.terms[t as usize]);
    }
    joined
}

/// An inverted index of one document's units: term → (unit, weight) and title bigram →
/// (unit, occurrences). A unit shares neither a term nor a title bigram with most units of the
/// other document, and scores exactly 0 against them; only the units it meets in the index are
/// scored.
struct UnitIndex {
    postings: Postings,
    // FxHash: the keys are char pairs, hashed millions of times per run.
    bigrams: rustc_hash::FxHashMap<(char, char), Vec<(u32, u32)>>,
    units: usize,
}

/// Term → (item, weight) postings in one flat list sorted by term then item, with each term's
/// range (a vector per term cost more than its entries).
struct Postings {
    ranges: HashMap<u32, (u32, u32)>,
    items: Vec<u32>,
    weights: Vec<f64>,
}

impl Postings {
    /// From (term, item, weight) entries; an item lists a term once.
    fn new(mut entries: Vec<(u32, u32, f64)>) -> Self {
        entries.sort_unstable_by_key(|&(t, item, _)| (t, item));
        let mut ranges: HashMap<u32, (u32, u32)> = HashMap::default();
        for (i, &(t, _, _)) in entries.iter().enumerate() {
            ranges
                .entry(t)
                .and_modify(|r| r.1 = i as u32 + 1)
                .or_insert((i as u32, i as u32 + 1));
        }
        Self {
            ranges,
            items: entries.iter().map(|e| e.1).collect(),
            weights: entries.iter().map(|e| e.2).collect(),
        }
    }

    /// The items holding `term`, ascending, and their weights.
    fn of(&self, term: u32) -> (&[u32], &[f64]) {
        match self.ranges.get(&term) {
            Some(&(start, end)) => {
                let r = start as usize..end as usize;
                (&self.items[r.clone()], &self.weights[r])
            }
            None => (&[], &[]),
        }
    }
}

/// Sorted bigrams as (bigram, occurrences).
fn grouped(bigrams: &[(char, char)]) -> impl Iterator<Item = ((char, char), u32)> + '_ {
    bigrams
        .chunk_by(|x, y| x == y)
        .map(|run| (run[0], run.len() as u32))
}

/// Per-unit sums of one lookup in a [`UnitIndex`], reused from unit to unit (only the entries
/// met are reset).
struct Meetings {
    dots: Vec<f64>,
    /// Title bigrams in common (a multiset intersection: the numerator of Dice).
    common: Vec<u32>,
    met: Vec<bool>,
    touched: Vec<usize>,
}

impl Meetings {
    fn new(units: usize) -> Self {
        Self {
            dots: vec![0.0; units],
            common: vec![0; units],
            met: vec![false; units],
            touched: Vec::new(),
        }
    }

    fn meet(&mut self, k: usize) {
        if !self.met[k] {
            self.met[k] = true;
            self.touched.push(k);
        }
    }

    fn reset(&mut self) {
        for &k in &self.touched {
            self.dots[k] = 0.0;
            self.common[k] = 0;
            self.met[k] = false;
        }
        self.touched.clear();
    }
}

impl UnitIndex {
    fn new(units: &[UnitVec]) -> Self {
        let postings = Postings::new(
            units
                .iter()
                .enumerate()
                .flat_map(|(k, u)| u.weights.iter().map(move |&(t, w)| (t, k as u32, w)))
                .collect(),
        );
        let mut bigrams: rustc_hash::FxHashMap<(char, char), Vec<(u32, u32)>> = Default::default();
        for (k, u) in units.iter().enumerate() {
            for (bg, n) in grouped(&u.title_bigrams) {
                bigrams.entry(bg).or_default().push((k as u32, n));
            }
        }
        Self {
            postings,
            bigrams,
            units: units.len(),
        }
    }

    /// Dot products of `a` with every unit and the title bigrams they share, and the units it
    /// meets (shares a term or a title bigram with), in first-met order. For each unit the
    /// products are added in increasing term order, as a merge of the two sorted vectors would
    /// add them.
    fn meet(&self, a: &UnitVec, m: &mut Meetings) {
        debug_assert_eq!(m.met.len(), self.units);
        m.reset();
        for &(t, wa) in &a.weights {
            let (units, weights) = self.postings.of(t);
            for (&k, wb) in units.iter().zip(weights) {
                m.dots[k as usize] += wa * wb;
                m.meet(k as usize);
            }
        }
        for (bg, na) in grouped(&a.title_bigrams) {
            for &(k, nb) in self.bigrams.get(&bg).map_or(&[][..], Vec::as_slice) {
                m.common[k as usize] += na.min(nb);
                m.meet(k as usize);
            }
        }
    }
}

/// Score of unit `a` against unit `b` given their dot product and title bigrams in common.
fn score(a: &UnitVec, b: &UnitVec, dot: f64, common: u32, cfg: &AlignConfig) -> f64 {
    let cos = if a.norm == 0.0 || b.norm == 0.0 {
        0.0
    } else {
        dot / (a.norm * b.norm)
    };
    let s = if a.title_bigrams.is_empty() || b.title_bigrams.is_empty() {
        cos
    } else {
        // Dice of the two bigram multisets (as [`dice`]), the intersection counted in the index.
        let dice = 2.0 * common as f64 / (a.title_bigrams.len() + b.title_bigrams.len()) as f64;
        (1.0 - cfg.title_weight) * cos + cfg.title_weight * dice
    };
    // Both set targets for the same metric: strong evidence they are about the same thing.
    let shared_metric = a.metrics.iter().any(|m| b.metrics.binary_search(m).is_ok());
    let bonus = if shared_metric && s > 0.0 {
        cfg.metric_weight
    } else {
        0.0
    };
    (s + bonus).min(1.0)
}

/// Scores of the units of `b` that `a` meets (units met in neither index score exactly 0: no
/// shared term, no shared title bigram, so no metric bonus either).
fn scores<'m>(
    a: &'m UnitVec,
    units_b: &'m [UnitVec],
    index_b: &UnitIndex,
    m: &'m mut Meetings,
    cfg: &'m AlignConfig,
) -> impl Iterator<Item = (usize, f64)> + 'm {
    index_b.meet(a, m);
    let m = &*m;
    m.touched
        .iter()
        .map(move |&k| (k, score(a, &units_b[k], m.dots[k], m.common[k], cfg)))
        .filter(|(_, s)| *s > 0.0)
}

/// A document of a pair: its index, unit vectors and their inverted index.
type Side<'x> = (usize, &'x [UnitVec], &'x UnitIndex);

fn align_pair(
    docs: &[Document],
    (a, units_a): (usize, &[UnitVec]),
    (b, units_b, index_b): Side<'_>,
    vocab: &Vocabulary,
    cfg: &AlignConfig,
) -> (Vec<Alignment>, Vec<Coverage>) {
    let mut alignments = Vec::new();
    let mut meetings_b = Meetings::new(units_b.len());
    // Scores are symmetric (the same products added in the same term order, the same Dice and
    // metric bonus), so one pass over the lower units also gives each upper unit its best
    // lower unit: the highest score, ties to the earlier unit (the units are visited in order
    // and only a higher score replaces the best).
    let mut best_lower: Vec<Option<(usize, f64)>> = vec![None; units_b.len()];
    let mut scored: Vec<(usize, f64)> = Vec::new();
    let mut shared: Vec<(u32, f64)> = Vec::new();
    for (ka, ua) in units_a.iter().enumerate() {
        scored.clear();
        scored.extend(scores(ua, units_b, index_b, &mut meetings_b, cfg));
        for &(kb, s) in &scored {
            let best = &mut best_lower[kb];
            if best.is_none_or(|(_, top)| s.total_cmp(&top).is_gt()) {
                *best = Some((ka, s));
            }
        }
        scored.retain(|&(_, s)| s >= cfg.min_score);
        scored.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        // Ranks count distinct places: a section nested in (or containing) a better-ranked
        // match is the same place at another zoom level, and is folded into it.
        let mut places: Vec<usize> = Vec::new();
        for &(k, s) in &scored {
            if places.len() >= cfg.top {
                break;
            }
            let section_b = units_b[k].section;
            if places.iter().any(|&p| nested(&docs[b], p, section_b)) {
                continue;
            }
            places.push(section_b);
            alignments.push(Alignment {
                doc_a: a,
                section_a: ua.section,
                doc_b: b,
                section_b,
                score: s,
                rank: places.len(),
                shared_terms: top_shared_terms(ua, &units_b[k], vocab, &mut shared),
            });
        }
    }
    let task_set: HashSet<usize> = tasks(&docs[b]).into_iter().collect();
    let coverage = units_b
        .iter()
        .zip(best_lower)
        .filter(|(ub, _)| task_set.contains(&ub.section))
        .map(|(ub, best)| {
            let score = best.as_ref().map_or(0.0, |x| x.1);
            let status = if score >= cfg.covered {
                CoverageStatus::Covered
            } else if score >= cfg.partial {
                CoverageStatus::Partial
            } else {
                CoverageStatus::Missing
            };
            Coverage {
                upper_doc: b,
                section: ub.section,
                lower_doc: a,
                status,
                best_section: best.map(|x| units_a[x.0].section),
                score,
            }
        })
        .collect();
    (alignments, coverage)
}

/// Whether one section contains the other.
pub fn nested(doc: &Document, x: usize, y: usize) -> bool {
    is_ancestor(doc, x, y) || is_ancestor(doc, y, x)
}

/// Whether `ancestor` is `section` or one of its ancestors.
pub fn is_ancestor(doc: &Document, ancestor: usize, section: usize) -> bool {
    let mut cur = Some(section);
    while let Some(c) = cur {
        if c == ancestor {
            return true;
        }
        cur = doc.sections[c].parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::dice;

    #[test]
    fn char_bigram_dice_is_character_aware() {
        let a = bigrams(&comparable("（四）绿色化改造工程"));
        let b = bigrams(&comparable("实施绿色制造工程"));
        let d = dice(&a, &b);
        assert!(d > 0.3 && d < 0.7, "{d}");
        assert_eq!(
            comparable("专栏3:“浙江制造”品牌培育工程"),
            "浙江制造品牌培育工程"
        );
        assert_eq!(comparable("四是发展服务型制造"), "发展服务型制造");
        assert_eq!(dice(&bigrams("数智监管"), &bigrams("数智监管")), 1.0);
    }

    /// A unit vector from (term id, weight) pairs, sorted by id as the vectors are.
    fn unit(mut weights: Vec<(u32, f64)>) -> UnitVec {
        weights.sort_by_key(|&(t, _)| t);
        weights.dedup_by_key(|&mut (t, _)| t);
        UnitVec {
            weights,
            ..UnitVec::default()
        }
    }

    fn vocabulary_of(size: u32) -> Vocabulary {
        let terms: Vec<String> = (0..size).map(|t| format!("t{t}")).collect();
        Vocabulary {
            ids: terms.iter().cloned().zip(0..).collect(),
            idf: vec![1.0; terms.len()],
            terms,
        }
    }

    #[test]
    fn shared_terms_are_the_heaviest_products_first_with_ties_to_the_earlier_term() {
        let vocab = vocabulary_of(10);
        let a = unit(vec![
            (1, 2.0),
            (2, 1.0),
            (3, 1.0),
            (5, 3.0),
            (7, 1.0),
            (8, 1.0),
            (9, 4.0),
        ]);
        let b = unit(vec![
            (0, 9.0),
            (2, 1.0),
            (3, 1.0),
            (5, 1.0),
            (7, 1.0),
            (8, 1.0),
            (9, 0.5),
        ]);
        // Products: 2→1, 3→1, 5→3, 7→1, 8→1, 9→2; 1 and 0 are not shared.
        let mut scratch = Vec::new();
        assert_eq!(
            top_shared_terms(&a, &b, &vocab, &mut scratch),
            "t5 t9 t2 t3 t7"
        );
        assert_eq!(
            top_shared_terms(&b, &a, &vocab, &mut scratch),
            "t5 t9 t2 t3 t7"
        );
        assert_eq!(
            top_shared_terms(&a, &unit(vec![(4, 1.0)]), &vocab, &mut scratch),
            ""
        );
    }

    proptest::proptest! {
        /// The branch-free merge and partial selection give what collecting every shared term
        /// and sorting them gives.
        #[test]
        fn shared_terms_match_a_full_sort(
            a in proptest::collection::vec((0u32..60, 1u32..6), 0..50),
            b in proptest::collection::vec((0u32..60, 1u32..6), 0..50),
        ) {
            let vocab = vocabulary_of(60);
            let a = unit(a.into_iter().map(|(t, w)| (t, f64::from(w) * 0.5)).collect());
            let b = unit(b.into_iter().map(|(t, w)| (t, f64::from(w) * 0.25)).collect());
            let mut all: Vec<(u32, f64)> = a
                .weights
                .iter()
                .filter_map(|&(t, x)| {
                    b.weights.iter().find(|&&(u, _)| u == t).map(|&(_, y)| (t, x * y))
                })
                .collect();
            all.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            let expected: Vec<String> =
                all.iter().take(5).map(|&(t, _)| format!("t{t}")).collect();
            let mut scratch = vec![(7, 7.0); 3];
            proptest::prop_assert_eq!(
                top_shared_terms(&a, &b, &vocab, &mut scratch),
                expected.join(" ")
            );
        }
    }
}
