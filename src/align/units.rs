//! Units and their term counts.
//!
//! In: one [`Document`] (sections, normalized text), the [`Tokenizer`] and the banned
//! (boilerplate) terms. Out: which sections are units ([`is_unit`]), how sections nest
//! ([`nested`], [`is_ancestor`]), and [`DocUnits`]: each unit's term counts, with term ids local
//! to the document. A unit's text is its whole subtree; the terms of its title count
//! `title_boost` more times.

use std::borrow::Cow;

use crate::model::{Document, SectionKind};
use crate::text::matching_str;
use crate::tokenize::Tokenizer;

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

/// The term counts of one document's units. Term ids are local to the document (strings are
/// kept once per document, not once per unit: 900,000 units of term-keyed maps were most of a
/// 10,000-document run's memory).
pub(super) struct DocUnits {
    pub(super) doc: usize,
    /// Local id → term.
    pub(super) terms: Vec<String>,
    /// (section index, (local term id, count) sorted by id) per unit.
    pub(super) units: Vec<(usize, Vec<(u32, f64)>)>,
}

/// A unit's text (its whole subtree) and its title, in the matching view.
type UnitText<'d> = (Cow<'d, str>, Option<Cow<'d, str>>);

/// Count the terms of every unit of `doc`.
pub(super) fn count_units(
    doc_index: usize,
    doc: &Document,
    tokenizer: &Tokenizer,
    banned: &rustc_hash::FxHashSet<String>,
    title_boost: f64,
) -> DocUnits {
    let unit_sections: Vec<usize> = (0..doc.sections.len())
        .filter(|&i| is_unit(doc, i))
        .collect();
    let texts = unit_texts(doc, &unit_sections);
    let clauses = number_clauses(tokenizer, &texts);
    let (terms, clause_terms) = clause_terms(tokenizer, &clauses.distinct, banned);
    let mut sums = TermSums::new(terms.len());
    let units = unit_sections
        .into_iter()
        .zip(&clauses.units)
        .map(|(i, (body, title))| {
            let counts = sums.count([(body, 1.0), (title, title_boost)], &clause_terms);
            (i, counts)
        })
        .collect();
    DocUnits {
        doc: doc_index,
        terms,
        units,
    }
}

/// Every unit's text (its whole subtree) and title, in the matching view.
fn unit_texts<'d>(doc: &'d Document, unit_sections: &[usize]) -> Vec<UnitText<'d>> {
    unit_sections
        .iter()
        .map(|&i| {
            let s = &doc.sections[i];
            (
                matching_str(&doc.text()[s.range.clone()]),
                doc.title(s).map(matching_str),
            )
        })
        .collect()
}

/// The distinct clauses of a document's units and, per unit, the numbers of its clauses.
struct NumberedClauses<'t> {
    /// Clause number → clause, in first-seen order.
    distinct: Vec<&'t str>,
    /// (body clause numbers, title clause numbers) per unit.
    units: Vec<(Vec<u32>, Vec<u32>)>,
}

/// A unit's text is its whole subtree, so a document's clauses are seen once per enclosing
/// unit: each distinct clause is numbered (in first-seen order) and cut once per document,
/// all of them in one jieba call.
fn number_clauses<'t>(tokenizer: &Tokenizer, texts: &'t [UnitText<'_>]) -> NumberedClauses<'t> {
    let mut clause_number: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut distinct: Vec<&str> = Vec::new();
    let mut unit_clauses: Vec<(Vec<u32>, Vec<u32>)> = Vec::with_capacity(texts.len());
    for (body, title) in texts {
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
    NumberedClauses {
        distinct,
        units: unit_clauses,
    }
}

/// Each clause's terms as local ids, banned terms dropped; ids follow first sight. Returns the
/// terms by id and each clause's term ids.
fn clause_terms(
    tokenizer: &Tokenizer,
    distinct: &[&str],
    banned: &rustc_hash::FxHashSet<String>,
) -> (Vec<String>, Vec<Vec<u32>>) {
    let mut local: rustc_hash::FxHashMap<String, u32> = Default::default();
    let mut terms: Vec<String> = Vec::new();
    let mut clause_terms: Vec<Vec<u32>> = vec![Vec::new(); distinct.len()];
    tokenizer.clause_terms(distinct, |i, t| {
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
    (terms, clause_terms)
}

/// A unit's counts are summed in a dense array over the document's term ids (a unit's text
/// is its whole subtree, so sorting every occurrence repeated the work at every level of
/// the tree); only the distinct ids met are sorted, then reset.
struct TermSums {
    sums: Vec<f64>,
    seen: Vec<bool>,
    met: Vec<u32>,
}

impl TermSums {
    fn new(terms: usize) -> Self {
        Self {
            sums: vec![0.0; terms],
            seen: vec![false; terms],
            met: Vec::new(),
        }
    }

    /// (term id, count) of one unit, sorted by id, from its (clause numbers, weight) groups;
    /// the sums are left reset for the next unit.
    fn count(
        &mut self,
        groups: [(&Vec<u32>, f64); 2],
        clause_terms: &[Vec<u32>],
    ) -> Vec<(u32, f64)> {
        for (clauses, weight) in groups {
            for &c in clauses {
                for &id in &clause_terms[c as usize] {
                    if !std::mem::replace(&mut self.seen[id as usize], true) {
                        self.met.push(id);
                    }
                    // Counts are whole numbers (1 per occurrence, the boost per title
                    // occurrence), so the order they are added in cannot change a sum.
                    self.sums[id as usize] += weight;
                }
            }
        }
        self.met.sort_unstable();
        let counts: Vec<(u32, f64)> = self
            .met
            .iter()
            .map(|&id| {
                self.seen[id as usize] = false;
                (id, std::mem::take(&mut self.sums[id as usize]))
            })
            .collect();
        self.met.clear();
        counts
    }
}
