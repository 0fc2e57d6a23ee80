//! Saved corpus index: `crosscheck index PATH... --out FILE`, read by `lint --index FILE`.
//!
//! In (build): a processed [`Corpus`] with the inputs, manifest and rules it came from. Out: the
//! bytes of one file holding, per corpus document, its processed form (decoded source and offset
//! maps, normalized text, sections, metadata), the metrics of its comparable targets, its file's
//! size, time and SHA-256; and every dedup fingerprint posting of the corpus, sorted by hash.
//!
//! In (lint): the file and this run's rules. Out: an [`Index`] that has been checked for
//! corruption (magic, format version, CRC-32 of the header, the postings and each document) and
//! staleness (tool version, rules, manifest, every indexed file's size/time/SHA-256, files added
//! to the indexed folders). [`Index::select`] names the documents that can matter to a set of
//! drafts — those sharing a pairable fingerprint with a draft, setting a target on a metric a
//! draft sets, or (for coverage) standing above a draft's region — and [`Index::load`] decodes
//! just those. With [`Index::unloaded_postings`] and [`Index::region_parents`] a run over that
//! part gives the drafts the findings a run over the whole corpus would.
//!
//! Layout, little-endian: `CCINDEX\n` | format version `u32` | header length `u64` | header
//! (postcard) | header CRC-32 `u32` | postings: `n` × `u64` hash, then `n` × `u32` document |
//! document records (postcard), each at the offset its header entry gives.

mod reseal;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::dedup::DedupConfig;
use crate::model::Corpus;
use crate::model::InputError;
use crate::model::{
    DocMeta, Document, HeadingStyle, Level, NormalizeStats, NormalizedDoc, Removal, Section,
    SectionKind, SourceDoc,
};
use crate::offsets::MappedText;
use crate::rules::Rules;

#[doc(hidden)]
pub use reseal::reseal;

const MAGIC: &[u8; 8] = b"CCINDEX\n";
/// Bumped whenever the layout or a stored type changes.
pub const FORMAT_VERSION: u32 = 5;
const PREAMBLE: usize = MAGIC.len() + 4 + 8;

/// Why an index cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{0}: not a crosscheck index (build one with `crosscheck index PATH... --out FILE`)")]
    NotAnIndex(PathBuf),
    #[error(
        "{path}: index format {found}, but this crosscheck reads format {FORMAT_VERSION}; \
         rebuild it with `crosscheck index`"
    )]
    Version { path: PathBuf, found: u32 },
    #[error("{path}: corrupt index ({what}); rebuild it with `crosscheck index`")]
    Corrupt { path: PathBuf, what: String },
    #[error("{path}: stale index: {why}; rebuild it with `crosscheck index`")]
    Stale { path: PathBuf, why: String },
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
}

/// What the index knows about one corpus document without loading it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexedDoc {
    /// The file as given to `crosscheck index` (relative paths are relative to where it ran).
    pub path: PathBuf,
    pub id: String,
    pub file_len: u64,
    /// Modification time (seconds, nanoseconds since the epoch), when the system gives one.
    pub modified: Option<(u64, u32)>,
    pub sha256: String,
    pub level: Option<Level>,
    pub region: String,
    pub parent_region: String,
    /// Metrics of the document's comparable targets, sorted.
    pub metrics: Vec<String>,
    record_offset: u64,
    record_len: u64,
    record_crc: u32,
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    tool_version: String,
    rules_digest: String,
    kgram: u32,
    window: u32,
    /// The paths given to `crosscheck index`.
    inputs: Vec<PathBuf>,
    /// The manifest used and its SHA-256.
    manifest: Option<(PathBuf, String)>,
    documents: Vec<IndexedDoc>,
    /// Inputs that could not be read when the index was built, with the reason.
    input_errors: Vec<(PathBuf, String)>,
    postings: u64,
    postings_crc: u32,
}

/// One document as stored: everything [`Document::new`] needs.
#[derive(Serialize, Deserialize)]
struct StoredDoc {
    source: SourceDoc,
    normalized: MappedText,
    stats: NormalizeStats,
    removed: Vec<Removal>,
    sections: Vec<StoredSection>,
    meta: StoredMeta,
}

#[derive(Serialize, Deserialize)]
struct StoredSection {
    id: String,
    parent: Option<usize>,
    kind: StoredKind,
    depth: u8,
    range: Range<usize>,
    title_range: Option<Range<usize>>,
    cells: Vec<String>,
    cell_ranges: Vec<Range<usize>>,
}

/// [`SectionKind`] as postcard can read it back (it has no self-describing maps, and the report
/// form of `SectionKind` is an adjacently tagged map).
#[derive(Serialize, Deserialize)]
enum StoredKind {
    Document,
    Heading(HeadingStyle),
    Box,
    Table,
    TableRow,
    Toc,
    TocEntry,
    Paragraph,
    Item,
    Bullet,
    Sentence,
}

impl From<SectionKind> for StoredKind {
    fn from(k: SectionKind) -> Self {
        match k {
            SectionKind::Document => Self::Document,
            SectionKind::Heading(h) => Self::Heading(h),
            SectionKind::Box => Self::Box,
            SectionKind::Table => Self::Table,
            SectionKind::TableRow => Self::TableRow,
            SectionKind::Toc => Self::Toc,
            SectionKind::TocEntry => Self::TocEntry,
            SectionKind::Paragraph => Self::Paragraph,
            SectionKind::Item => Self::Item,
            SectionKind::Bullet => Self::Bullet,
            SectionKind::Sentence => Self::Sentence,
        }
    }
}

impl From<StoredKind> for SectionKind {
    fn from(k: StoredKind) -> Self {
        match k {
            StoredKind::Document => Self::Document,
            StoredKind::Heading(h) => Self::Heading(h),
            StoredKind::Box => Self::Box,
            StoredKind::Table => Self::Table,
            StoredKind::TableRow => Self::TableRow,
            StoredKind::Toc => Self::Toc,
            StoredKind::TocEntry => Self::TocEntry,
            StoredKind::Paragraph => Self::Paragraph,
            StoredKind::Item => Self::Item,
            StoredKind::Bullet => Self::Bullet,
            StoredKind::Sentence => Self::Sentence,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct StoredMeta {
    title: String,
    level: Option<Level>,
    region: String,
    issuer: String,
    period: String,
    parent_region: String,
    from_manifest: bool,
}

impl StoredDoc {
    fn of(d: &Document) -> Self {
        Self {
            source: d.source.clone(),
            normalized: d.normalized.text.clone(),
            stats: d.normalized.stats.clone(),
            removed: d.normalized.removed.clone(),
            sections: d
                .sections
                .iter()
                .map(|s| StoredSection {
                    id: s.id.clone(),
                    parent: s.parent,
                    kind: s.kind.into(),
                    depth: s.depth,
                    range: s.range.clone(),
                    title_range: s.title_range.clone(),
                    cells: s.cells.clone(),
                    cell_ranges: s.cell_ranges.clone(),
                })
                .collect(),
            meta: StoredMeta {
                title: d.meta.title.clone(),
                level: d.meta.level,
                region: d.meta.region.clone(),
                issuer: d.meta.issuer.clone(),
                period: d.meta.period.clone(),
                parent_region: d.meta.parent_region.clone(),
                from_manifest: d.meta.meta_source == "manifest",
            },
        }
    }

    /// The document, if the record holds one this version could have written: every map,
    /// range and parent checked (a record with a recomputed checksum can still hold any
    /// bytes), so that nothing later indexes out of bounds.
    fn into_checked_document(self) -> Result<Document, String> {
        crate::invariants::maps(&self.source, &self.normalized)?;
        crate::invariants::removals(&self.source.content.text, &self.removed)?;
        let doc = self.into_document();
        crate::invariants::assembled(&doc)?;
        Ok(doc)
    }

    fn into_document(self) -> Document {
        let sections = self
            .sections
            .into_iter()
            .map(|s| Section {
                id: s.id,
                parent: s.parent,
                kind: s.kind.into(),
                depth: s.depth,
                range: s.range,
                title_range: s.title_range,
                cells: s.cells,
                cell_ranges: s.cell_ranges,
            })
            .collect();
        let m = self.meta;
        let meta = DocMeta {
            title: m.title,
            level: m.level,
            region: m.region,
            issuer: m.issuer,
            period: m.period,
            parent_region: m.parent_region,
            meta_source: if m.from_manifest {
                "manifest"
            } else {
                "inferred"
            },
        };
        let normalized = NormalizedDoc {
            text: self.normalized,
            stats: self.stats,
            removed: self.removed,
        };
        Document::new(self.source, normalized, sections, meta)
    }
}

fn modified_of(meta: &std::fs::Metadata) -> Option<(u64, u32)> {
    let t = meta
        .modified()
        .ok()?
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?;
    Some((t.as_secs(), t.subsec_nanos()))
}

/// What `crosscheck index` was given.
pub struct BuildInputs<'a> {
    pub inputs: &'a [PathBuf],
    pub manifest: Option<&'a Path>,
    pub rules: &'a Rules,
    pub dedup: &'a DedupConfig,
}

/// Serialize a processed corpus into index bytes.
pub fn build(corpus: &Corpus, given: &BuildInputs<'_>) -> Result<Vec<u8>, IndexError> {
    let docs = &corpus.documents;
    let per_doc: Vec<DocParts> = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let prints = crate::dedup::document_fingerprints(d, given.dedup);
            let metrics: BTreeSet<String> = crate::targets::extract(i, d, &given.rules.metrics)
                .into_iter()
                .filter(crate::check::is_comparable)
                .map(|t| t.metric)
                .collect();
            let record = postcard::to_stdvec(&StoredDoc::of(d)).expect("documents serialize");
            (prints, metrics.into_iter().collect(), record)
        })
        .collect();
    let (postings, postings_bytes) = postings_of(&per_doc);
    let documents = indexed_docs(docs, &per_doc, postings_bytes.len() as u64);
    let offset = documents.last().map_or(postings_bytes.len() as u64, |d| {
        d.record_offset + d.record_len
    });
    let manifest = match given.manifest {
        Some(p) => {
            let bytes = crate::files::read_bounded(p, crate::files::MAX_SETTINGS_BYTES).map_err(
                |message| IndexError::Io {
                    path: p.to_owned(),
                    message,
                },
            )?;
            Some((p.to_owned(), crate::text::sha256_hex(&bytes)))
        }
        None => None,
    };
    let header = Header {
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        rules_digest: given.rules.digest.clone(),
        kgram: given.dedup.kgram as u32,
        window: given.dedup.window as u32,
        inputs: given.inputs.to_vec(),
        manifest,
        documents,
        input_errors: corpus
            .errors
            .iter()
            .map(|e| (e.path.clone(), e.reason.clone()))
            .collect(),
        postings,
        postings_crc: crc32fast::hash(&postings_bytes),
    };
    let header_bytes = postcard::to_stdvec(&header).expect("the header serializes");
    let mut out = Vec::with_capacity(PREAMBLE + header_bytes.len() + 4 + offset as usize);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(header_bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(&header_bytes);
    out.extend_from_slice(&crc32fast::hash(&header_bytes).to_le_bytes());
    out.extend_from_slice(&postings_bytes);
    for (_, _, record) in &per_doc {
        out.extend_from_slice(record);
    }
    Ok(out)
}

/// Per document of an index: its fingerprints, its comparable metrics and its record.
type DocParts = (Vec<u64>, Vec<String>, Vec<u8>);

/// The postings block: every (fingerprint, document) sorted, hashes then documents, little
/// endian; and how many postings it holds.
fn postings_of(per_doc: &[DocParts]) -> (u64, Vec<u8>) {
    let mut postings: Vec<(u64, u32)> = per_doc
        .iter()
        .enumerate()
        .flat_map(|(doc, (prints, _, _))| prints.iter().map(move |&h| (h, doc as u32)))
        .collect();
    postings.par_sort_unstable();
    let mut bytes = Vec::with_capacity(postings.len() * 12);
    bytes.extend(postings.iter().flat_map(|p| p.0.to_le_bytes()));
    bytes.extend(postings.iter().flat_map(|p| p.1.to_le_bytes()));
    (postings.len() as u64, bytes)
}

/// The header entries of the documents, whose records follow the postings (from `offset` on).
fn indexed_docs(docs: &[Document], per_doc: &[DocParts], mut offset: u64) -> Vec<IndexedDoc> {
    let mut documents = Vec::with_capacity(docs.len());
    for (d, (_, metrics, record)) in docs.iter().zip(per_doc) {
        let modified = std::fs::metadata(&d.source.path)
            .ok()
            .and_then(|m| modified_of(&m));
        documents.push(IndexedDoc {
            path: d.source.path.clone(),
            id: d.id().0.clone(),
            file_len: d.source.file_len as u64,
            modified,
            sha256: d.source.sha256.clone(),
            level: d.meta.level,
            region: d.meta.region.clone(),
            parent_region: d.meta.parent_region.clone(),
            metrics: metrics.clone(),
            record_offset: offset,
            record_len: record.len() as u64,
            record_crc: crc32fast::hash(record),
        });
        offset += record.len() as u64;
    }
    documents
}

/// What drafts can meet in the corpus (see [`Index::select`]).
pub struct Wanted<'a> {
    /// The drafts' fingerprint hashes, with repeats.
    pub prints: &'a [u64],
    /// Metrics of the drafts' comparable targets.
    pub metrics: &'a BTreeSet<String>,
    /// The drafts' regions and every region above them.
    pub target_regions: &'a BTreeSet<String>,
    /// Regions whose plans a draft's coverage is measured against.
    pub upper_regions: &'a BTreeSet<String>,
}

/// An opened, verified index.
pub struct Index {
    path: PathBuf,
    header: Header,
    /// Posting hashes, sorted; `posting_docs[i]` holds `hashes[i]`.
    hashes: Vec<u64>,
    posting_docs: Vec<u32>,
    /// File offset of the posting table; record offsets count from here.
    postings_at: u64,
}

impl Index {
    /// Read and verify an index (corruption and version; see [`Index::check_fresh`] for
    /// staleness).
    pub fn open(path: &Path) -> Result<Self, IndexError> {
        let corrupt = |what: &str| IndexError::Corrupt {
            path: path.to_owned(),
            what: what.to_owned(),
        };
        let io = |e: std::io::Error| IndexError::Io {
            path: path.to_owned(),
            message: e.to_string(),
        };
        let (mut file, file_len) =
            crate::files::open_regular(path).map_err(|message| IndexError::Io {
                path: path.to_owned(),
                message,
            })?;
        let mut preamble = [0u8; PREAMBLE];
        if file.read_exact(&mut preamble).is_err() || &preamble[..8] != MAGIC {
            return Err(IndexError::NotAnIndex(path.to_owned()));
        }
        let version = u32::from_le_bytes(preamble[8..12].try_into().expect("4 bytes"));
        if version != FORMAT_VERSION {
            return Err(IndexError::Version {
                path: path.to_owned(),
                found: version,
            });
        }
        let header_len = u64::from_le_bytes(preamble[12..20].try_into().expect("8 bytes"));
        if header_len.saturating_add(PREAMBLE as u64 + 4) > file_len {
            return Err(corrupt("truncated header"));
        }
        let mut header_bytes = vec![0u8; header_len as usize + 4];
        file.read_exact(&mut header_bytes).map_err(io)?;
        let (header_bytes, crc) = header_bytes.split_at(header_len as usize);
        if crc32fast::hash(header_bytes).to_le_bytes() != crc {
            return Err(corrupt("header checksum mismatch"));
        }
        let header: Header =
            postcard::from_bytes(header_bytes).map_err(|e| corrupt(&format!("header: {e}")))?;
        let postings_at = PREAMBLE as u64 + header_len + 4;
        let n = match header.postings.checked_mul(12) {
            Some(bytes) if bytes <= file_len - postings_at => header.postings as usize,
            _ => return Err(corrupt("fingerprint table longer than the file")),
        };
        let records_end = header
            .documents
            .iter()
            .map(|d| d.record_offset.saturating_add(d.record_len))
            .max()
            .unwrap_or(n as u64 * 12);
        if postings_at + records_end != file_len {
            return Err(corrupt(&format!(
                "{file_len} bytes, expected {}",
                postings_at + records_end
            )));
        }
        let mut postings = vec![0u8; n * 12];
        file.read_exact(&mut postings).map_err(io)?;
        if crc32fast::hash(&postings) != header.postings_crc {
            return Err(corrupt("fingerprint table checksum mismatch"));
        }
        let (hash_bytes, doc_bytes) = postings.split_at(n * 8);
        let hashes: Vec<u64> = hash_bytes
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect();
        let posting_docs: Vec<u32> = doc_bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
            .collect();
        let docs = header.documents.len() as u32;
        if hashes.windows(2).any(|w| w[0] > w[1]) || posting_docs.iter().any(|&d| d >= docs) {
            return Err(corrupt("fingerprint table out of order"));
        }
        Ok(Self {
            path: path.to_owned(),
            header,
            hashes,
            posting_docs,
            postings_at,
        })
    }

    /// The indexed documents, in corpus order.
    pub fn documents(&self) -> &[IndexedDoc] {
        &self.header.documents
    }

    /// Where document `i`'s record lies in the index file. The lint verifies the records it
    /// loads (and the header and fingerprint table always); a record it does not load cannot
    /// change its findings.
    pub fn record_span(&self, i: usize) -> Range<u64> {
        let d = &self.header.documents[i];
        let start = self.postings_at + d.record_offset;
        start..start + d.record_len
    }

    /// Inputs that could not be read when the index was built.
    pub fn input_errors(&self) -> Vec<InputError> {
        self.header
            .input_errors
            .iter()
            .map(|(path, reason)| InputError {
                path: path.clone(),
                reason: format!("{reason} (when the index was built)"),
            })
            .collect()
    }

    /// Reject an index that no longer describes its corpus: another crosscheck version or other
    /// rules, a changed manifest, an indexed file changed or gone, a file added to an indexed
    /// folder. A file whose time changed but whose bytes did not is still fresh.
    pub fn check_fresh(&self, rules: &Rules, dedup: &DedupConfig) -> Result<(), IndexError> {
        let stale = |why: String| IndexError::Stale {
            path: self.path.clone(),
            why,
        };
        let h = &self.header;
        if h.tool_version != env!("CARGO_PKG_VERSION") {
            return Err(stale(format!(
                "built by crosscheck {}, this is {}",
                h.tool_version,
                env!("CARGO_PKG_VERSION")
            )));
        }
        if h.rules_digest != rules.digest {
            return Err(stale("built with other rules files".into()));
        }
        if h.kgram as usize != dedup.kgram || h.window as usize != dedup.window {
            return Err(stale("built with other fingerprint settings".into()));
        }
        if let Some((manifest, sha)) = &h.manifest {
            match crate::files::read_bounded(manifest, crate::files::MAX_SETTINGS_BYTES) {
                Ok(bytes) if &crate::text::sha256_hex(&bytes) == sha => {}
                Ok(_) => return Err(stale(format!("{} changed", manifest.display()))),
                Err(e) => return Err(stale(format!("{}: {e}", manifest.display()))),
            }
        } else if let Some(found) = crate::manifest::find_for(&h.inputs) {
            return Err(stale(format!("{} appeared", found.display())));
        }
        let changed: Option<String> = h.documents.par_iter().find_map_first(|d| {
            let meta = match std::fs::metadata(&d.path) {
                Ok(m) => m,
                Err(_) => return Some(format!("{} is gone", d.path.display())),
            };
            if meta.len() != d.file_len {
                return Some(format!("{} changed", d.path.display()));
            }
            if d.modified.is_some() && modified_of(&meta) == d.modified {
                return None;
            }
            // The index names these paths: read them as the corpus was read (regular files
            // under the input cap), so that an index naming a device cannot hang the check.
            match crate::files::read_bounded(&d.path, crate::ingest::MAX_FILE_BYTES) {
                Ok(bytes) if crate::text::sha256_hex(&bytes) == d.sha256 => None,
                _ => Some(format!("{} changed", d.path.display())),
            }
        });
        if let Some(why) = changed {
            return Err(stale(why));
        }
        let known: HashSet<&Path> = h
            .documents
            .iter()
            .map(|d| d.path.as_path())
            .chain(h.input_errors.iter().map(|(p, _)| p.as_path()))
            .collect();
        let files = crate::ingest::collect_inputs(&h.inputs).files;
        if let Some(new) = files.iter().find(|f| !known.contains(f.as_path())) {
            return Err(stale(format!("{} is not in it", new.display())));
        }
        Ok(())
    }

    /// Postings of `hash` in the corpus, as a range of the posting table.
    fn postings_of(&self, hash: u64) -> Range<usize> {
        let start = self.hashes.partition_point(|&h| h < hash);
        let end = start + self.hashes[start..].partition_point(|&h| h == hash);
        start..end
    }

    /// Postings of `hash` held by documents for which `counted` is true, stopping past `cap`.
    pub fn unloaded_postings(&self, hash: u64, counted: &[bool], cap: usize) -> usize {
        self.posting_docs[self.postings_of(hash)]
            .iter()
            .filter(|&&d| counted[d as usize])
            .take(cap + 1)
            .count()
    }

    /// The documents that can matter to drafts: every document holding a fingerprint of
    /// `draft_prints` that a whole-corpus run would pair (at most `max_postings` places in corpus
    /// and drafts together); every document of a region in `target_regions` (the drafts' own
    /// regions and those above them: peers and uppers, the only documents a target check
    /// compares a draft with) that sets a target on one of `metrics`; and every document of a
    /// region in `upper_regions` (for coverage). `excluded` documents (the drafts' own files) are
    /// never selected. Sorted, in corpus order.
    pub fn select(
        &self,
        wanted: &Wanted<'_>,
        excluded: &[bool],
        max_postings: usize,
    ) -> Vec<usize> {
        let mut pick = vec![false; self.header.documents.len()];
        let mut prints = wanted.prints.to_vec();
        prints.sort_unstable();
        for group in prints.chunk_by(|a, b| a == b) {
            let range = self.postings_of(group[0]);
            let holders: Vec<u32> = self.posting_docs[range]
                .iter()
                .copied()
                .filter(|&d| !excluded[d as usize])
                .collect();
            if !holders.is_empty() && holders.len() + group.len() <= max_postings {
                for d in holders {
                    pick[d as usize] = true;
                }
            }
        }
        for (i, d) in self.header.documents.iter().enumerate() {
            if excluded[i] {
                continue;
            }
            let compared = wanted.target_regions.contains(&d.region)
                && d.metrics.iter().any(|m| wanted.metrics.contains(m));
            if compared || wanted.upper_regions.contains(&d.region) {
                pick[i] = true;
            }
        }
        pick.iter()
            .enumerate()
            .filter(|(_, &w)| w)
            .map(|(i, _)| i)
            .collect()
    }

    /// Decode the given documents (checking each record's CRC-32).
    pub fn load(&self, which: &[usize]) -> Result<Vec<Document>, IndexError> {
        let corrupt = |what: String| IndexError::Corrupt {
            path: self.path.clone(),
            what,
        };
        let (mut file, _) =
            crate::files::open_regular(&self.path).map_err(|message| IndexError::Io {
                path: self.path.clone(),
                message,
            })?;
        let mut records = Vec::with_capacity(which.len());
        for &i in which {
            let d = &self.header.documents[i];
            let mut bytes = vec![0u8; d.record_len as usize];
            file.seek(SeekFrom::Start(self.postings_at + d.record_offset))
                .and_then(|_| file.read_exact(&mut bytes))
                .map_err(|e| corrupt(format!("record of {}: {e}", d.path.display())))?;
            if crc32fast::hash(&bytes) != d.record_crc {
                return Err(corrupt(format!(
                    "record of {}: checksum mismatch",
                    d.path.display()
                )));
            }
            records.push((d, bytes));
        }
        records
            .into_par_iter()
            .map(|(d, bytes)| {
                postcard::from_bytes::<StoredDoc>(&bytes)
                    .map_err(|e| e.to_string())
                    .and_then(StoredDoc::into_checked_document)
                    .map_err(|e| corrupt(format!("record of {}: {e}", d.path.display())))
            })
            .collect()
    }

    /// Region → parent region over the indexed documents except `excluded`, then `extra`
    /// (a later document's word wins, as in a whole-corpus run).
    pub fn region_parents<'m>(
        &self,
        excluded: &[bool],
        extra: impl Iterator<Item = &'m DocMeta>,
    ) -> BTreeMap<String, String> {
        let indexed = self
            .header
            .documents
            .iter()
            .zip(excluded)
            .filter(|(_, &e)| !e)
            .map(|(d, _)| (d.region.as_str(), d.parent_region.as_str()));
        let drafts = extra.map(|m| (m.region.as_str(), m.parent_region.as_str()));
        crate::rules::region_parents(indexed.chain(drafts))
            .into_iter()
            .map(|(r, p)| (r.to_owned(), p.to_owned()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_document_comes_back_with_the_same_text_sections_and_positions() {
        let rules = Rules::builtin();
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for entry in std::fs::read_dir(&seeds).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                continue;
            }
            let id = crate::ingest::default_doc_id(&path);
            let d = crate::pipeline::process_file(
                &path,
                id,
                None,
                &rules,
                &crate::pipeline::Budget::DEFAULT,
            )
            .unwrap();
            let bytes = postcard::to_stdvec(&StoredDoc::of(&d)).unwrap();
            let back = postcard::from_bytes::<StoredDoc>(&bytes)
                .unwrap()
                .into_document();
            assert_eq!(back.text(), d.text());
            assert_eq!(back.source.raw, d.source.raw);
            assert_eq!(back.meta.region, d.meta.region);
            assert_eq!(back.meta.meta_source, d.meta.meta_source);
            assert_eq!(back.sections.len(), d.sections.len());
            for (a, b) in d.sections.iter().zip(&back.sections) {
                assert_eq!(
                    (&a.id, a.parent, a.kind, &a.range, &a.title_range, &a.cells),
                    (&b.id, b.parent, b.kind, &b.range, &b.title_range, &b.cells)
                );
                assert_eq!(d.locate(a.range.clone()), back.locate(b.range.clone()));
            }
        }
    }
}
