//! TF-IDF vectors of units.
//!
//! In: the [`DocUnits`] of every involved document (term counts with document-local ids), the
//! documents' sections and the run's targets. Out: the run's [`Vocabulary`] (global term ids,
//! inverse document frequencies over all units) and a [`UnitVec`] per unit: weights
//! `(1 + ln tf) · idf` sorted by term id, their norm, the comparable title's character bigrams
//! and the ids of the canonical metrics the unit sets targets for.

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::units::DocUnits;
use crate::model::Document;
use crate::text::{bigrams, is_han, matching_string};

/// Weighted term vector of one unit, and its comparable title.
#[derive(Debug, Clone, Default)]
pub(super) struct UnitVec {
    pub(super) section: usize,
    pub(super) weights: Vec<(u32, f64)>,
    pub(super) norm: f64,
    pub(super) title_bigrams: Vec<(char, char)>,
    /// Canonical metrics of the targets inside the unit, as ids of the run, sorted.
    pub(super) metrics: Vec<u32>,
}

/// Term ids and document frequencies over all units of the run.
pub(super) struct Vocabulary {
    pub(super) ids: HashMap<String, u32>,
    pub(super) terms: Vec<String>,
    pub(super) idf: Vec<f64>,
}

pub(super) fn vocabulary(counted: &[DocUnits]) -> Vocabulary {
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

/// The vectors of every unit of the counted documents, by document (metrics not set yet).
pub(super) fn unit_vectors(
    docs: &[Document],
    counted: &[DocUnits],
    vocab: &Vocabulary,
) -> HashMap<usize, Vec<UnitVec>> {
    counted
        .par_iter()
        .map(|doc_units| {
            let global: Vec<u32> = doc_units.terms.iter().map(|t| vocab.ids[t]).collect();
            let doc = &docs[doc_units.doc];
            let units = doc_units
                .units
                .iter()
                .map(|(s, counts)| vectorize(doc, *s, counts, &global, vocab))
                .collect();
            (doc_units.doc, units)
        })
        .collect()
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

/// Set each unit's `metrics`: the canonical metrics of the targets inside it.
pub(super) fn attach_metrics(
    docs: &[Document],
    targets: &[crate::model::Target],
    vectors: &mut HashMap<usize, Vec<UnitVec>>,
) {
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
}
