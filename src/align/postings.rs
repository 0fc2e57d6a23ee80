//! Inverted indexes over unit vectors.
//!
//! In: [`UnitVec`]s (or any (term, item, weight) entries). Out: [`Postings`], term → the items
//! holding it with their weights, and [`UnitIndex`], one document's units by term and by title
//! bigram. Looking a unit up in a [`UnitIndex`] fills [`Meetings`]: the dot product with every
//! unit it shares a term with and the title bigrams in common, so only the units it meets are
//! scored (it scores exactly 0 against the others).

use rustc_hash::FxHashMap as HashMap;

use super::vectors::UnitVec;

/// An inverted index of one document's units: term → (unit, weight) and title bigram →
/// (unit, occurrences). A unit shares neither a term nor a title bigram with most units of the
/// other document, and scores exactly 0 against them; only the units it meets in the index are
/// scored.
pub(super) struct UnitIndex {
    postings: Postings,
    // FxHash: the keys are char pairs, hashed millions of times per run.
    bigrams: rustc_hash::FxHashMap<(char, char), Vec<(u32, u32)>>,
    units: usize,
}

/// Term → (item, weight) postings in one flat list sorted by term then item, with each term's
/// range (a vector per term cost more than its entries).
pub(super) struct Postings {
    ranges: HashMap<u32, (u32, u32)>,
    items: Vec<u32>,
    weights: Vec<f64>,
}

impl Postings {
    /// From (term, item, weight) entries; an item lists a term once.
    pub(super) fn new(mut entries: Vec<(u32, u32, f64)>) -> Self {
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
    pub(super) fn of(&self, term: u32) -> (&[u32], &[f64]) {
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
pub(super) struct Meetings {
    pub(super) dots: Vec<f64>,
    /// Title bigrams in common (a multiset intersection: the numerator of Dice).
    pub(super) common: Vec<u32>,
    met: Vec<bool>,
    /// The units met, in first-met order.
    pub(super) touched: Vec<usize>,
}

impl Meetings {
    pub(super) fn new(units: usize) -> Self {
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
    pub(super) fn new(units: &[UnitVec]) -> Self {
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
    pub(super) fn meet(&self, a: &UnitVec, m: &mut Meetings) {
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
