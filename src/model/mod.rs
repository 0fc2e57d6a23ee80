//! Types that cross stage boundaries.
//!
//! `ingest` makes [`SourceDoc`]s, `normalize` makes [`NormalizedDoc`]s, `segment` makes
//! [`Section`]s; a [`Document`] bundles the three for later stages and reports. Every position a
//! report shows is a [`Location`] resolved through [`Document::locate`], so it points into the
//! ORIGINAL file: 1-based line, 1-based column counted in Unicode code points, and the byte span
//! in the file's own encoding.
//!
//! One file per subject: `document` (a file as read, normalized and segmented), `duplicates`
//! (copies, alignments, coverage), `targets`, `findings`, `run` (everything a run produced).
//! Everything is re-exported here: `use crate::model::Document`.

mod document;
mod duplicates;
mod findings;
mod run;
mod targets;

pub use document::*;
pub use duplicates::*;
pub use findings::*;
pub use run::*;
pub use targets::*;
