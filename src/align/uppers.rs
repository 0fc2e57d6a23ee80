//! Choosing the upper documents each lower document is aligned with.
//!
//! In: the (lower, upper) pairs to align and the unit vectors of their documents. Out: the
//! pairs kept, in their input order: for each lower document, the `max` upper documents most
//! similar to it as a whole (cosine of the summed unit vectors; ties to the earlier upper). A
//! lower document with `max` candidates or fewer keeps them all.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::postings::Postings;
use super::vectors::UnitVec;

/// Keep, for each lower document, the `max` upper documents most similar to it as a whole
/// (summed task vectors, cosine); pairs keep their input order.
pub(super) fn closest_uppers(
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
    let mut keep: HashSet<(usize, usize)> = HashSet::new();
    for (uppers, lowers) in lowers_of {
        let group = CandidateUppers::new(uppers, &wholes, max);
        let chosen: Vec<(usize, usize)> = lowers
            .par_iter()
            .map_init(
                || Vec::with_capacity(uppers.len()),
                |dots: &mut Vec<f64>, &a| group.closest(a, dots),
            )
            .flatten_iter()
            .collect();
        keep.extend(chosen);
    }
    pairs.iter().copied().filter(|p| keep.contains(p)).collect()
}

/// A document as one vector: its units' vectors summed.
fn whole(units: &[UnitVec]) -> UnitVec {
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
}

/// The candidate upper documents shared by some lower documents, with one inverted index of
/// their whole-document vectors.
struct CandidateUppers<'w> {
    uppers: &'w [usize],
    /// Whole-document vectors by document.
    wholes: &'w HashMap<usize, UnitVec>,
    /// (term, position in `uppers`, weight) postings.
    postings: Postings,
    /// Uppers kept per lower document.
    max: usize,
    /// What summing no products gives (`-0.0`): an upper sharing no term scores as before.
    empty_sum: f64,
}

impl<'w> CandidateUppers<'w> {
    fn new(uppers: &'w [usize], wholes: &'w HashMap<usize, UnitVec>, max: usize) -> Self {
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
        Self {
            uppers,
            wholes,
            postings,
            max,
            empty_sum: std::iter::empty::<f64>().sum(),
        }
    }

    /// The pairs (`a`, upper) of the `max` uppers closest to lower document `a`, closest first
    /// (ties to the smaller upper index). `dots` is scratch space, reused from call to call.
    fn closest(&self, a: usize, dots: &mut Vec<f64>) -> Vec<(usize, usize)> {
        let wa = &self.wholes[&a];
        dots.clear();
        dots.resize(self.uppers.len(), self.empty_sum);
        for &(t, w) in &wa.weights {
            let (positions, weights) = self.postings.of(t);
            for (&pos, wb) in positions.iter().zip(weights) {
                dots[pos as usize] += w * wb;
            }
        }
        let mut ranked: Vec<(usize, f64)> = self
            .uppers
            .iter()
            .zip(dots.iter())
            .map(|(&b, &dot)| {
                let wb = &self.wholes[&b];
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
            .take(self.max)
            .map(|(b, _)| (a, b))
            .collect::<Vec<_>>()
    }
}
