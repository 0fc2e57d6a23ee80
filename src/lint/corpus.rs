//! The run a lint checks: the drafts appended to the corpus, read whole (`--against`) or taken
//! from a saved index (`--index`), where only the documents that can matter to the drafts are
//! loaded.
//!
//! In: the processed drafts, and a processed corpus or an opened [`Index`]. Out: a [`LintRun`]
//! whose documents from `first_draft` on are the drafts. Both ways give the drafts the same
//! findings (tested on the seeds and on a generated corpus).

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use crate::dedup::DedupConfig;
use crate::index::{Index, IndexError, Wanted};
use crate::model::InputError;
use crate::model::{Corpus, Run};
use crate::model::{DocId, Document};
use crate::pipeline::{self, AlignPairs, Scope, Settings, Unloaded, Unobserved};
use crate::rules::Rules;

/// A run ready for [`super::findings`].
pub struct LintRun {
    pub run: Run,
    /// Index of the first draft in `run.corpus.documents`: also how many corpus documents the
    /// run loaded (all of them with `--against`).
    pub first_draft: usize,
    /// Inputs that could not be read (corpus or drafts).
    pub errors: Vec<InputError>,
    /// Files of the draft and corpus folders that were not read, with the reason.
    pub skipped: Vec<InputError>,
}

fn canonical_paths(docs: &[Document]) -> HashSet<PathBuf> {
    docs.iter()
        .filter_map(|d| d.source.path.canonicalize().ok())
        .collect()
}

/// Which pairs a lint aligns: the drafts with their upper documents, and only when coverage
/// is asked for.
fn align_pairs(first_draft: usize, require_coverage: bool) -> AlignPairs {
    match require_coverage {
        true => AlignPairs::ByRegionFrom(first_draft),
        false => AlignPairs::Skip,
    }
}

/// Append the drafts; a draft whose id a corpus document (or an earlier draft) already has
/// becomes `draft:ID`.
fn append_drafts(documents: &mut Vec<Document>, taken: &mut HashSet<DocId>, drafts: Vec<Document>) {
    for mut d in drafts {
        if taken.contains(d.id()) {
            d.source.id = DocId(format!("draft:{}", d.id()));
        }
        taken.insert(d.id().clone());
        documents.push(d);
    }
}

/// Lint against a corpus read whole. A draft that also lies in the corpus folder is not
/// compared with itself.
pub fn against_corpus(
    corpus: Corpus,
    drafts: Corpus,
    rules: &Rules,
    require_coverage: bool,
) -> LintRun {
    let mut errors = corpus.errors;
    errors.extend(drafts.errors);
    let mut skipped = corpus.skipped;
    skipped.extend(drafts.skipped);
    let draft_files = canonical_paths(&drafts.documents);
    let mut documents: Vec<Document> = corpus
        .documents
        .into_iter()
        .filter(|d| {
            d.source
                .path
                .canonicalize()
                .map_or(true, |p| !draft_files.contains(&p))
        })
        .collect();
    let first_draft = documents.len();
    let mut taken: HashSet<DocId> = documents.iter().map(|d| d.id().clone()).collect();
    append_drafts(&mut documents, &mut taken, drafts.documents);
    let scope = Scope {
        align: align_pairs(first_draft, require_coverage),
        unloaded: Unloaded::default(),
    };
    let corpus = Corpus {
        documents,
        errors: vec![],
        skipped: vec![],
    };
    let run = pipeline::analyze(corpus, rules, &Settings::default(), &scope, &Unobserved);
    LintRun {
        run,
        first_draft,
        errors,
        skipped,
    }
}

/// Lint against a saved index (already opened and checked fresh).
pub fn against_index(
    index: &Index,
    drafts: Corpus,
    rules: &Rules,
    require_coverage: bool,
) -> Result<LintRun, IndexError> {
    let dedup = DedupConfig::default();
    let mut errors = index.input_errors();
    errors.extend(drafts.errors);
    let skipped = drafts.skipped;
    let excluded = drafts_in_index(index, &drafts.documents);
    let region_parents = index.region_parents(&excluded, drafts.documents.iter().map(|d| &d.meta));
    let wanted = what_drafts_meet(
        &drafts.documents,
        rules,
        &dedup,
        &region_parents,
        require_coverage,
    );
    let selected = index.select(&wanted.as_wanted(), &excluded, dedup.max_postings);
    let mut documents = index.load(&selected)?;
    let mut counted: Vec<bool> = excluded.iter().map(|e| !e).collect();
    for &i in &selected {
        counted[i] = false;
    }
    let first_draft = documents.len();
    let mut taken: HashSet<DocId> = index
        .documents()
        .iter()
        .zip(&excluded)
        .filter(|(_, &e)| !e)
        .map(|(d, _)| DocId(d.id.clone()))
        .collect();
    append_drafts(&mut documents, &mut taken, drafts.documents);
    let unloaded_postings = |h: u64| index.unloaded_postings(h, &counted, dedup.max_postings);
    let scope = Scope {
        align: align_pairs(first_draft, require_coverage),
        unloaded: Unloaded {
            postings: Some(&unloaded_postings),
            region_parents: Some(region_parents),
        },
    };
    let corpus = Corpus {
        documents,
        errors: vec![],
        skipped: vec![],
    };
    let run = pipeline::analyze(corpus, rules, &Settings::default(), &scope, &Unobserved);
    Ok(LintRun {
        run,
        first_draft,
        errors,
        skipped,
    })
}

/// Per indexed document: whether it is one of the drafts (the same file), and so left out.
fn drafts_in_index(index: &Index, drafts: &[Document]) -> Vec<bool> {
    let draft_files = canonical_paths(drafts);
    let draft_lens: HashSet<u64> = drafts.iter().map(|d| d.source.file_len as u64).collect();
    index
        .documents()
        .iter()
        .map(|d| {
            draft_lens.contains(&d.file_len)
                && d.path
                    .canonicalize()
                    .is_ok_and(|p| draft_files.contains(&p))
        })
        .collect()
}

/// What the drafts can meet in the index: their fingerprints, their comparable metrics, the
/// regions their targets are compared with and (for coverage) the regions above them.
struct DraftReach {
    prints: Vec<u64>,
    metrics: BTreeSet<String>,
    target_regions: BTreeSet<String>,
    upper_regions: BTreeSet<String>,
}

impl DraftReach {
    fn as_wanted(&self) -> Wanted<'_> {
        Wanted {
            prints: &self.prints,
            metrics: &self.metrics,
            target_regions: &self.target_regions,
            upper_regions: &self.upper_regions,
        }
    }
}

fn what_drafts_meet(
    drafts: &[Document],
    rules: &Rules,
    dedup: &DedupConfig,
    region_parents: &std::collections::BTreeMap<String, String>,
    require_coverage: bool,
) -> DraftReach {
    let prints: Vec<u64> = drafts
        .iter()
        .flat_map(|d| crate::dedup::document_fingerprints(d, dedup))
        .collect();
    let metrics: BTreeSet<String> = drafts
        .iter()
        .enumerate()
        .flat_map(|(i, d)| crate::targets::extract(i, d, &rules.metrics))
        .filter(crate::check::is_comparable)
        .map(|t| t.metric)
        .collect();
    let parent = |r: &str| -> String {
        region_parents
            .get(r)
            .cloned()
            .or_else(|| rules.regions.by_name(r).map(|x| x.parent.clone()))
            .unwrap_or_default()
    };
    let mut target_regions = BTreeSet::new();
    let mut upper_regions = BTreeSet::new();
    for d in drafts {
        target_regions.extend(crate::rules::region_chain(&d.meta, &parent));
        if require_coverage {
            // As `align::pairs_to_align`: the parent region and its parent in regions.toml.
            let up = &d.meta.parent_region;
            upper_regions.insert(up.clone());
            if let Some(r) = rules.regions.by_name(up) {
                upper_regions.insert(r.parent.clone());
            }
        }
    }
    target_regions.remove("");
    upper_regions.remove("");
    DraftReach {
        prints,
        metrics,
        target_regions,
        upper_regions,
    }
}
