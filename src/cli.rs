//! Command-line flags, parsed once into the library's frozen configurations.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crosscheck::align::AlignConfig;
use crosscheck::dedup::DedupConfig;
use crosscheck::pipeline::{Budget, Settings};
use crosscheck::report::html::Lang;
use crosscheck::report::{Format, ReportOptions};

/// Cross-check Chinese policy plans: structure, duplicates, alignment and targets, with exact
/// positions in the original files. With no subcommand: `crosscheck scan seeds --out reports`.
#[derive(Parser, Debug)]
#[command(name = "crosscheck", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read, normalize and segment documents, find duplicates, align plans; write the reports.
    Scan(ScanArgs),
    /// Align the documents of A (lower or left) with those of B (upper or right).
    Align(AlignArgs),
    /// Show how one file was read: format, encoding, normalization counts, section tree.
    Inspect(InspectArgs),
    /// Explain a rule (`CC403` or `table-disagrees-with-text`); with no rule, list them all.
    Explain(ExplainArgs),
    /// Check drafts against a corpus for CI: copies, contradicting targets, text problems.
    Lint(LintArgs),
    /// Save a corpus's processed documents, fingerprints and target metrics for `lint --index`.
    Index(IndexArgs),
}

#[derive(Args, Debug)]
pub struct IndexArgs {
    /// Corpus files and folders (folders recursively).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The index file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
    Never,
}

impl Level {
    /// The severity, or `None` for `never`.
    pub fn severity(self) -> Option<crosscheck::model::Severity> {
        use crosscheck::model::Severity;
        match self {
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
            Level::Never => None,
        }
    }
}

#[derive(Args, Debug)]
pub struct LintArgs {
    /// Draft documents (files or folders) to check.
    #[arg(value_name = "DRAFT", required = true)]
    pub drafts: Vec<PathBuf>,
    /// The corpus to check against (files or folders).
    #[arg(
        long,
        value_name = "PATH",
        num_args = 1..,
        required_unless_present = "index",
        conflicts_with = "index"
    )]
    pub against: Vec<PathBuf>,
    /// Manifest of the corpus (default: manifest.toml in its first folder).
    #[arg(long, value_name = "FILE", conflicts_with = "index")]
    pub manifest: Option<PathBuf>,
    /// Folder with rule files (default: ./rules if present, else the built-in rules).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Settings file (default: crosscheck.toml in this folder or the nearest above).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format: human, line, json, sarif, github, rdjson, csv (the findings), or html
    /// (the report page of the drafts and the corpus documents they were checked against).
    #[arg(long, value_name = "FORMAT", default_value = "human")]
    pub format: Format,
    /// Language of the HTML page (with --format html).
    #[arg(long, value_name = "LANG", default_value = "zh")]
    pub lang: Lang,
    /// Report findings at or above this level: info, warning or error (default info, or the config's).
    #[arg(long, value_name = "LEVEL")]
    pub min_level: Option<Level>,
    /// Exit 1 when a finding is at or above this level (default error, or the config's).
    #[arg(long, value_name = "LEVEL")]
    pub fail_level: Option<Level>,
    /// Report only findings not in this baseline.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the current findings as a baseline.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Also report each task of an upper document the draft leaves uncovered.
    #[arg(long)]
    pub require_coverage: bool,
    /// A saved corpus index (`crosscheck index`), instead of `--against`.
    #[arg(long, value_name = "FILE")]
    pub index: Option<PathBuf>,
    #[command(flatten)]
    pub budget: BudgetArgs,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule id or name.
    #[arg(value_name = "RULE")]
    pub rule: Option<String>,
    /// Folder with rule files (default: ./rules if present, else the built-in rules).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Manifest describing the documents (default: manifest.toml in the first input folder).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Folder with rule files (default: ./rules if present, else the built-in rules).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// The per-document budget: a document above it is refused with an error naming it, and the
/// others are processed as usual.
#[derive(Args, Debug, Clone)]
pub struct BudgetArgs {
    /// Refuse a document of more characters than this.
    #[arg(long, value_name = "N", default_value_t = Budget::DEFAULT.max_chars)]
    pub max_chars: usize,
    /// Refuse a document of more sections (headings, paragraphs, sentences, table rows) than this.
    #[arg(long, value_name = "N", default_value_t = Budget::DEFAULT.max_sections)]
    pub max_sections: usize,
    /// Refuse a document stating more targets and figures than this.
    #[arg(long, value_name = "N", default_value_t = Budget::DEFAULT.max_targets)]
    pub max_targets: usize,
}

impl BudgetArgs {
    pub fn budget(&self) -> Budget {
        Budget {
            max_chars: self.max_chars,
            max_sections: self.max_sections,
            max_targets: self.max_targets,
        }
    }
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Files and folders to scan (folders recursively).
    #[arg(value_name = "PATH", default_value = "seeds")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Folder for the reports.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Worker threads (default: one per core). Output is identical for any value.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar or summary on stderr (errors are still printed).
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the time of each stage and the peak memory on stderr.
    #[arg(long)]
    pub timings: bool,
    /// Report formats to write, comma-separated: csv (the tables), json (report.json), html
    /// (report.html); and the findings as sarif (findings.sarif), github (findings.github.txt),
    /// rdjson (findings.rdjson), line (findings.txt), human (findings.human.txt).
    #[arg(
        long,
        value_name = "LIST",
        default_value = "csv,json,html",
        value_delimiter = ','
    )]
    pub format: Vec<Format>,
    /// Language of the HTML report's labels.
    #[arg(long, value_name = "LANG", default_value = "zh")]
    pub lang: Lang,
    #[command(flatten)]
    pub dedup: DedupArgs,
    #[command(flatten)]
    pub align: AlignThresholds,
    /// Also align documents of the same level and region with each other.
    #[arg(long)]
    pub same_level: bool,
}

impl ScanArgs {
    pub fn report_options(&self) -> ReportOptions {
        ReportOptions {
            formats: self.format.iter().copied().collect(),
            lang: self.lang,
        }
    }

    pub fn settings(&self) -> anyhow::Result<Settings> {
        Ok(Settings {
            dedup: self.dedup.config()?,
            align: self.align.config(self.same_level)?,
        })
    }
}

/// Duplicate detection thresholds (defaults explained in the README).
#[derive(Args, Debug, Clone)]
pub struct DedupArgs {
    /// Shortest copy reported, in Han characters, letters and numbers.
    #[arg(long, value_name = "N", default_value_t = DedupConfig::default().min_chars)]
    pub min_chars: usize,
    /// Lowest token similarity (0–1) for a near-duplicate.
    #[arg(long, value_name = "X", default_value_t = DedupConfig::default().min_similarity)]
    pub min_similarity: f64,
    /// Text shared by this many documents or more is boilerplate.
    #[arg(long, value_name = "N", default_value_t = DedupConfig::default().boilerplate_docs)]
    pub boilerplate_docs: usize,
    /// Fingerprint k-gram length (tuning; see the README before changing).
    #[arg(long, value_name = "K", default_value_t = DedupConfig::default().kgram, hide = true)]
    pub kgram: usize,
    /// Winnowing window (tuning; see the README before changing).
    #[arg(long, value_name = "W", default_value_t = DedupConfig::default().window, hide = true)]
    pub window: usize,
    /// Fingerprints held by more places are not paired (tuning; see the README).
    #[arg(long, value_name = "N", default_value_t = DedupConfig::default().max_postings, hide = true)]
    pub max_postings: usize,
}

impl DedupArgs {
    pub fn config(&self) -> anyhow::Result<DedupConfig> {
        anyhow::ensure!(self.min_chars >= 8, "--min-chars must be at least 8");
        anyhow::ensure!(
            (0.0..=1.0).contains(&self.min_similarity),
            "--min-similarity must be between 0 and 1"
        );
        anyhow::ensure!(
            self.boilerplate_docs >= 2,
            "--boilerplate-docs must be at least 2"
        );
        anyhow::ensure!(
            (3..=self.min_chars).contains(&self.kgram) && self.window >= 1,
            "--kgram must be between 3 and --min-chars, --window at least 1"
        );
        Ok(DedupConfig {
            min_chars: self.min_chars,
            min_similarity: self.min_similarity,
            boilerplate_docs: self.boilerplate_docs,
            kgram: self.kgram,
            window: self.window,
            max_postings: self.max_postings,
            ..DedupConfig::default()
        })
    }
}

/// Alignment thresholds (defaults explained in the README).
#[derive(Args, Debug, Clone)]
pub struct AlignThresholds {
    /// Lowest alignment score listed in alignments.csv (0–1).
    #[arg(long, value_name = "X", default_value_t = AlignConfig::default().min_score)]
    pub align_min_score: f64,
    /// Best matches listed per section.
    #[arg(long, value_name = "N", default_value_t = AlignConfig::default().top)]
    pub align_top: usize,
    /// A task whose best counterpart scores at least this is covered.
    #[arg(long, value_name = "X", default_value_t = AlignConfig::default().covered)]
    pub covered: f64,
    /// A task whose best counterpart scores at least this (but below --covered) is partial.
    #[arg(long, value_name = "X", default_value_t = AlignConfig::default().partial)]
    pub partial: f64,
    /// In scan: align each document with at most N of its upper documents (the most similar).
    #[arg(long, value_name = "N", default_value_t = AlignConfig::default().max_uppers)]
    pub align_max_uppers: usize,
}

impl AlignThresholds {
    pub fn config(&self, same_level: bool) -> anyhow::Result<AlignConfig> {
        anyhow::ensure!(
            0.0 <= self.partial && self.partial <= self.covered && self.covered <= 1.0,
            "need 0 <= --partial <= --covered <= 1"
        );
        anyhow::ensure!(self.align_top >= 1, "--align-top must be at least 1");
        Ok(AlignConfig {
            min_score: self.align_min_score,
            top: self.align_top,
            covered: self.covered,
            partial: self.partial,
            same_level,
            max_uppers: self.align_max_uppers.max(1),
            ..AlignConfig::default()
        })
    }
}

#[derive(Args, Debug)]
pub struct AlignArgs {
    /// The lower (or left) document or folder.
    #[arg(value_name = "A")]
    pub a: PathBuf,
    /// The upper (or right) document or folder.
    #[arg(value_name = "B")]
    pub b: PathBuf,
    /// Folder for alignments.csv and coverage.csv.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Folder with rule files (default: ./rules if present, else the built-in rules).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    #[command(flatten)]
    pub align: AlignThresholds,
    #[command(flatten)]
    pub budget: BudgetArgs,
    /// Tasks listed per document pair in the terminal summary (all are in coverage.csv).
    #[arg(long, value_name = "N", default_value_t = 40)]
    pub show: usize,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// The file to inspect.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Print JSON (all sections, with spans) instead of the tree.
    #[arg(long)]
    pub json: bool,
    /// Also list sentences in the tree.
    #[arg(long)]
    pub sentences: bool,
}
