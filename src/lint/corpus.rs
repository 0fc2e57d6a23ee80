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
use crate::pipeline::{self, AnalyzeConfig, StageTimes, Unloaded};
use crate::rules::Rules;

/// A run ready for [`super::findings`].
pub struct LintRun {
    pub run: Run,
    /// Index of the first draft in `run.corpus.documents`: also how many corpus documents the
    /// run loaded (all of them with `--against`).
    pub first_draft: usize,
    /// Inputs that could not be read (corpus or drafts).
    pub errors: Vec<InputError>,
}

fn canonical_paths(docs: &[Document]) -> HashSet<PathBuf> {
    docs.iter()
        .filter_map(|d| d.source.path.canonicalize().ok())
        .collect()
}

fn analyze_config(first_draft: usize, require_coverage: bool) -> AnalyzeConfig {
    AnalyzeConfig {
        skip_align: !require_coverage,
        align_lowers_from: first_draft,
        ..Default::default()
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
    let run = pipeline::analyze(
        Corpus {
            documents,
            errors: vec![],
        },
        rules,
        &analyze_config(first_draft, require_coverage),
    );
    LintRun {
        run,
        first_draft,
        errors,
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
    let indexed = index.documents();
    let draft_files = canonical_paths(&drafts.documents);
    let draft_lens: HashSet<u64> = drafts
        .documents
        .iter()
        .map(|d| d.source.file_len as u64)
        .collect();
    let excluded: Vec<bool> = indexed
        .iter()
        .map(|d| {
            draft_lens.contains(&d.file_len)
                && d.path
                    .canonicalize()
                    .is_ok_and(|p| draft_files.contains(&p))
        })
        .collect();
    // What the drafts can meet: their fingerprints, their comparable metrics, their uppers.
    let draft_prints: Vec<u64> = drafts
        .documents
        .iter()
        .flat_map(|d| crate::dedup::document_fingerprints(d, &dedup))
        .collect();
    let metrics: BTreeSet<String> = drafts
        .documents
        .iter()
        .enumerate()
        .flat_map(|(i, d)| crate::targets::extract(i, d, &rules.metrics))
        .filter(crate::check::is_comparable)
        .map(|t| t.metric)
        .collect();
    let region_parents = index.region_parents(&excluded, drafts.documents.iter().map(|d| &d.meta));
    let parent = |r: &str| -> String {
        region_parents
            .get(r)
            .cloned()
            .or_else(|| rules.regions.by_name(r).map(|x| x.parent.clone()))
            .unwrap_or_default()
    };
    let mut target_regions = BTreeSet::new();
    let mut upper_regions = BTreeSet::new();
    for d in &drafts.documents {
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
    let wanted = Wanted {
        prints: &draft_prints,
        metrics: &metrics,
        target_regions: &target_regions,
        upper_regions: &upper_regions,
    };
    let selected = index.select(&wanted, &excluded, dedup.max_postings);
    let mut documents = index.load(&selected)?;
    let mut counted: Vec<bool> = excluded.iter().map(|e| !e).collect();
    for &i in &selected {
        counted[i] = false;
    }
    let first_draft = documents.len();
    let mut taken: HashSet<DocId> = indexed
        .iter()
        .zip(&excluded)
        .filter(|(_, &e)| !e)
        .map(|(d, _)| DocId(d.id.clone()))
        .collect();
    append_drafts(&mut documents, &mut taken, drafts.documents);
    let unloaded_postings = |h: u64| index.unloaded_postings(h, &counted, dedup.max_postings);
    let run = pipeline::analyze_part(
        Corpus {
            documents,
            errors: vec![],
        },
        rules,
        &analyze_config(first_draft, require_coverage),
        &StageTimes::default(),
        &Unloaded {
            postings: Some(&unloaded_postings),
            region_parents: Some(region_parents),
        },
    );
    Ok(LintRun {
        run,
        first_draft,
        errors,
    })
}
