//! Coverage of an upper document's tasks.
//!
//! In: the upper document, the unit vectors of both documents of a pair, and for each upper
//! unit its best-scoring lower unit (found while scoring the pair). Out: one [`Coverage`] per
//! task of the upper document ([`tasks`]: units with no unit below them): `covered` from
//! `covered` up, `partial` from `partial` up, else `missing`, with the best lower section.

use std::collections::HashSet;

use super::units::is_unit;
use super::vectors::UnitVec;
use super::AlignConfig;
use crate::model::{Coverage, CoverageStatus, Document};

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

/// The coverage of upper document `b`'s tasks by lower document `a`; `best_lower` holds, per
/// unit of `b`, the index in `units_a` of its best lower unit and their score.
pub(super) fn coverage(
    upper: &Document,
    (a, units_a): (usize, &[UnitVec]),
    (b, units_b): (usize, &[UnitVec]),
    best_lower: Vec<Option<(usize, f64)>>,
    cfg: &AlignConfig,
) -> Vec<Coverage> {
    let task_set: HashSet<usize> = tasks(upper).into_iter().collect();
    units_b
        .iter()
        .zip(best_lower)
        .filter(|(ub, _)| task_set.contains(&ub.section))
        .map(|(ub, best)| {
            let score = best.as_ref().map_or(0.0, |x| x.1);
            Coverage {
                upper_doc: b,
                section: ub.section,
                lower_doc: a,
                status: status(score, cfg),
                best_section: best.map(|x| units_a[x.0].section),
                score,
            }
        })
        .collect()
}

/// A task's status from the score of its best counterpart.
fn status(score: f64, cfg: &AlignConfig) -> CoverageStatus {
    if score >= cfg.covered {
        CoverageStatus::Covered
    } else if score >= cfg.partial {
        CoverageStatus::Partial
    } else {
        CoverageStatus::Missing
    }
}
