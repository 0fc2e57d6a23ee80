//! The `crosscheck` command line: parse flags once, call the library, map the result to an
//! exit code (0 clean, 2 usage/config/input error; 1 is reserved for findings at or above the
//! fail level once checks exist). A closed stdout pipe exits quietly.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crosscheck::dedup::DedupConfig;
use crosscheck::manifest::Manifest;
use crosscheck::pipeline::{self, Run};
use crosscheck::report::{self, inspect};
use crosscheck::rules::Rules;

/// Cross-check Chinese policy plans: structure, duplicates, alignment and targets, with exact
/// positions in the original files. With no subcommand: `crosscheck scan seeds --out reports`.
#[derive(Parser, Debug)]
#[command(name = "crosscheck", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read, normalize and segment documents, find duplicates; write the reports.
    Scan(ScanArgs),
    /// Show how one file was read: format, encoding, normalization counts, section tree.
    Inspect(InspectArgs),
}

#[derive(Args, Debug, Clone)]
struct CommonArgs {
    /// Manifest describing the documents (default: manifest.toml in the first input folder).
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
    /// Folder with rule files (default: ./rules if present, else the built-in rules).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct ScanArgs {
    /// Files and folders to scan (folders recursively).
    #[arg(value_name = "PATH", default_value = "seeds")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
    /// Folder for the reports.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    out: PathBuf,
    /// Worker threads (default: one per core). Output is identical for any value.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// No progress bar or summary on stderr (errors are still printed).
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    dedup: DedupArgs,
    /// Print the time of each stage and the peak memory on stderr.
    #[arg(long)]
    timings: bool,
}

/// Duplicate detection thresholds (defaults explained in the README).
#[derive(Args, Debug, Clone)]
struct DedupArgs {
    /// Shortest copy reported, in Han characters, letters and numbers.
    #[arg(long, value_name = "N", default_value_t = 20)]
    min_chars: usize,
    /// Lowest token similarity (0–1) for a near-duplicate.
    #[arg(long, value_name = "X", default_value_t = 0.7)]
    min_similarity: f64,
    /// Text shared by this many documents or more is boilerplate.
    #[arg(long, value_name = "N", default_value_t = 3)]
    boilerplate_docs: usize,
    /// Fingerprint k-gram length (tuning; see the README before changing).
    #[arg(long, value_name = "K", default_value_t = DedupConfig::default().kgram, hide = true)]
    kgram: usize,
    /// Winnowing window (tuning; see the README before changing).
    #[arg(long, value_name = "W", default_value_t = DedupConfig::default().window, hide = true)]
    window: usize,
    /// Fingerprints held by more places are not paired (tuning; see the README).
    #[arg(long, value_name = "N", default_value_t = DedupConfig::default().max_postings, hide = true)]
    max_postings: usize,
}

impl DedupArgs {
    fn config(&self) -> anyhow::Result<DedupConfig> {
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

#[derive(Args, Debug)]
struct InspectArgs {
    /// The file to inspect.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    common: CommonArgs,
    /// Print JSON (all sections, with spans) instead of the tree.
    #[arg(long)]
    json: bool,
    /// Also list sentences in the tree.
    #[arg(long)]
    sentences: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Scan(args)) => scan(args),
        Some(Command::Inspect(args)) => inspect_cmd(args),
        None => scan(ScanArgs {
            paths: vec![PathBuf::from("seeds")],
            common: CommonArgs {
                manifest: None,
                rules: None,
            },
            out: PathBuf::from("reports"),
            threads: None,
            quiet: false,
            dedup: DedupArgs {
                min_chars: 20,
                min_similarity: 0.7,
                boilerplate_docs: 3,
                kgram: DedupConfig::default().kgram,
                window: DedupConfig::default().window,
                max_postings: DedupConfig::default().max_postings,
            },
            timings: false,
        }),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn load_rules(dir: Option<&Path>) -> anyhow::Result<Rules> {
    match dir {
        Some(d) => {
            anyhow::ensure!(d.is_dir(), "{}: rules folder does not exist", d.display());
            Ok(Rules::load(d)?)
        }
        None if Path::new("rules").is_dir() => Ok(Rules::load(Path::new("rules"))?),
        None => Ok(Rules::builtin()),
    }
}

fn load_manifest(given: Option<&Path>, inputs: &[PathBuf]) -> anyhow::Result<Option<Manifest>> {
    let path = match given {
        Some(p) => Some(p.to_owned()),
        None => pipeline::find_manifest(inputs),
    };
    path.map(|p| Manifest::load(&p))
        .transpose()
        .map_err(Into::into)
}

fn scan(args: ScanArgs) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let dedup = args.dedup.config()?;
    let rules = load_rules(args.common.rules.as_deref())?;
    let manifest = load_manifest(args.common.manifest.as_deref(), &args.paths)?;
    let quiet = args.quiet || std::env::var_os("CI").is_some();
    let bar = if quiet {
        indicatif::ProgressBar::hidden()
    } else {
        let (files, _) = crosscheck::ingest::collect_inputs(&args.paths);
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} reading {pos}/{len} documents {wide_bar}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    };
    let times = pipeline::StageTimes::default();
    let started = std::time::Instant::now();
    let corpus = pipeline::build_corpus_timed(
        &args.paths,
        manifest.as_ref(),
        &rules,
        &|| bar.inc(1),
        &times,
    );
    bar.finish_and_clear();
    for e in &corpus.errors {
        eprintln!("error: {e}");
    }
    let run = pipeline::analyze_timed(corpus, &rules, &dedup, &times);
    let report_started = std::time::Instant::now();
    let written = report::write_reports(&run, &args.out)?;
    let report_time = report_started.elapsed();
    if !quiet {
        print_summary(&run, &written);
    }
    if args.timings {
        print_timings(&run, &times, report_time, started.elapsed());
    }
    Ok(if run.corpus.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn print_summary(run: &Run, written: &[PathBuf]) {
    let corpus = &run.corpus;
    let sections: usize = corpus.documents.iter().map(|d| d.sections.len()).sum();
    eprintln!(
        "scanned {} documents ({} sections), {} unreadable",
        corpus.documents.len(),
        sections,
        corpus.errors.len()
    );
    let count =
        |k: crosscheck::model::DupKind| run.dedup.duplicates.iter().filter(|d| d.kind == k).count();
    use crosscheck::model::DupKind;
    eprintln!(
        "duplicates: {} exact, {} near, {} boilerplate pairs",
        count(DupKind::Exact),
        count(DupKind::Near),
        count(DupKind::Boilerplate)
    );
    for p in written {
        eprintln!("  wrote {}", p.display());
    }
}

fn print_timings(
    run: &Run,
    times: &pipeline::StageTimes,
    report: std::time::Duration,
    total: std::time::Duration,
) {
    use pipeline::StageTimes as T;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let bytes: usize = run.corpus.documents.iter().map(|d| d.source.file_len).sum();
    eprintln!(
        "timings ({} documents, {:.1} MB):",
        run.corpus.documents.len(),
        bytes as f64 / 1e6
    );
    eprintln!("  ingest     {:>10.1} ms cpu", ms(T::get(&times.ingest)));
    eprintln!("  normalize  {:>10.1} ms cpu", ms(T::get(&times.normalize)));
    eprintln!("  segment    {:>10.1} ms cpu", ms(T::get(&times.segment)));
    eprintln!(
        "  documents  {:>10.1} ms wall (the three above, in parallel)",
        ms(T::get(&times.documents_wall))
    );
    eprintln!("  dedup      {:>10.1} ms wall", ms(T::get(&times.dedup)));
    eprintln!("  report     {:>10.1} ms wall", ms(report));
    eprintln!("  total      {:>10.1} ms wall", ms(total));
    match peak_rss_kb() {
        Some(kb) => eprintln!("  peak RSS   {:>10.1} MB", kb as f64 / 1024.0),
        None => eprintln!("  peak RSS   unavailable on this system"),
    }
}

/// Peak resident set size from /proc (Linux), in KiB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn inspect_cmd(args: InspectArgs) -> anyhow::Result<ExitCode> {
    let rules = load_rules(args.common.rules.as_deref())?;
    let inputs = [args.file.clone()];
    let manifest = load_manifest(args.common.manifest.as_deref(), &inputs)?;
    anyhow::ensure!(
        !args.file.is_dir(),
        "{}: inspect takes one file; use `crosscheck scan` for folders",
        args.file.display()
    );
    let id = crosscheck::ingest::default_doc_id(&args.file);
    let id = manifest
        .as_ref()
        .and_then(|m| m.entry_for(&args.file))
        .and_then(|e| e.id.clone())
        .map(crosscheck::model::DocId)
        .unwrap_or(id);
    let doc = match pipeline::process_file(&args.file, id, manifest.as_ref(), &rules) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let out = if args.json {
        inspect::to_json(&doc)
    } else {
        inspect::to_text(
            &doc,
            inspect::InspectOptions {
                sentences: args.sentences,
            },
        )
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        .context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}
