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
//!
//! The steps, one file each:
//! - `units`: what a unit is, and the term counts of a document's units;
//! - `vectors`: the run's vocabulary and TF-IDF vectors, with the metrics each unit sets;
//! - `uppers`: the upper documents a lower document is aligned with (the closest as wholes);
//! - `postings`: inverted indexes of term and title-bigram postings;
//! - `scoring`: unit-pair scores, ranked matches and the terms that explain them;
//! - `coverage`: the tasks of the upper document and how well the lower one covers them.

mod coverage;
mod postings;
mod scoring;
mod units;
mod uppers;
mod vectors;

// FxHash throughout: the keys are document indexes, term ids and short words, looked up
// millions of times per run; no map's iteration order reaches an output.
use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use crate::model::{AlignResult, Alignment, Coverage, Document};
use crate::tokenize::Tokenizer;
use postings::UnitIndex;
use scoring::align_pair;
use units::{count_units, DocUnits};
use uppers::closest_uppers;
use vectors::{attach_metrics, unit_vectors, vocabulary, UnitVec};

pub use coverage::tasks;
pub use units::{is_ancestor, is_unit, nested};

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
    let involved = involved_docs(pairs);
    let banned = banned_terms(tokenizer, boilerplate);
    // Term counts of every unit of every involved document.
    let counted: Vec<DocUnits> = involved
        .par_iter()
        .map(|&d| count_units(d, &docs[d], tokenizer, &banned, cfg.title_boost))
        .collect();
    let vocab = vocabulary(&counted);
    let mut vectors = unit_vectors(docs, &counted, &vocab);
    // The counts are in the vectors now; at 10,000 documents they held ~400 MB.
    drop(counted);
    attach_metrics(docs, targets, &mut vectors);
    let pairs = &closest_uppers(pairs, &vectors, cfg.max_uppers);
    let indexes = upper_indexes(pairs, &vectors);
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

/// The documents of `pairs`, ascending, each once.
fn involved_docs(pairs: &[(usize, usize)]) -> Vec<usize> {
    let mut v: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The terms of the boilerplate phrases: they never count towards a match.
fn banned_terms(tokenizer: &Tokenizer, boilerplate: &[String]) -> rustc_hash::FxHashSet<String> {
    boilerplate
        .iter()
        .flat_map(|p| {
            tokenizer
                .terms(p)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// One index per document, shared by all its pairs.
fn upper_indexes(
    pairs: &[(usize, usize)],
    vectors: &HashMap<usize, Vec<UnitVec>>,
) -> HashMap<usize, UnitIndex> {
    // Only upper documents are looked up (the lower side is walked unit by unit).
    let mut used: Vec<usize> = pairs.iter().map(|&(_, b)| b).collect();
    used.sort_unstable();
    used.dedup();
    used.into_par_iter()
        .map(|d| (d, UnitIndex::new(&vectors[&d])))
        .collect()
}
