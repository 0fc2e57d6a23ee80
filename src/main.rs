//! The `crosscheck` command line: parse flags once, call the library, map the result to an
//! exit code (0 clean, 2 usage/config/input error; 1 is reserved for findings at or above the
//! fail level once checks exist). A closed stdout pipe exits quietly.

mod cli;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use cli::{AlignArgs, Cli, Command, ExplainArgs, IndexArgs, InspectArgs, LintArgs, ScanArgs};
use crosscheck::manifest::Manifest;
use crosscheck::model::{Corpus, Run};
use crosscheck::pipeline;
use crosscheck::report::{self, inspect};
use crosscheck::rules::Rules;

/// mimalloc: allocation and freeing were ~10% of a large scan's CPU under glibc malloc
/// (millions of short strings and vectors across two threads); with mimalloc a 4,000-document
/// scan used 3–13% less CPU in three alternated runs, for ~250 MB more peak memory at 10,000
/// documents (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Interrupted (Ctrl-C, SIGTERM, SIGHUP): remove half-written report files, keep the old ones.
    let _ = ctrlc::set_handler(|| {
        report::interrupt();
        std::process::exit(130);
    });
    let command = Cli::parse().command.unwrap_or_else(|| {
        // No subcommand: the main job, `crosscheck scan seeds --out reports`, with its defaults.
        match Cli::parse_from(["crosscheck", "scan"]).command {
            Some(c) => c,
            None => unreachable!("`scan` parses to a command"),
        }
    });
    let result = match command {
        Command::Scan(args) => scan(args),
        Command::Align(args) => align_cmd(args),
        Command::Inspect(args) => inspect_cmd(args),
        Command::Explain(args) => explain_cmd(args),
        Command::Lint(args) => lint_cmd(args),
        Command::Index(args) => index_cmd(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            // The message may quote file names: escaped, it stays one line.
            eprintln!("error: {}", crosscheck::text::printable(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

/// Write to stdout; a closed pipe surfaces as an error `main` turns into a quiet exit.
fn print_out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .context("writing to stdout")
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
        None => crosscheck::manifest::find_for(inputs),
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
    let settings = args.settings()?;
    let rules = load_rules(args.common.rules.as_deref())?;
    let manifest = load_manifest(args.common.manifest.as_deref(), &args.paths)?;
    let quiet = args.quiet || std::env::var_os("CI").is_some();
    let bar = if quiet {
        indicatif::ProgressBar::hidden()
    } else {
        let files = crosscheck::ingest::collect_inputs(&args.paths).files;
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} reading {pos}/{len} documents {wide_bar}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    };
    let observer = ScanObserver {
        bar,
        times: pipeline::StageTimes::default(),
    };
    let started = std::time::Instant::now();
    let budget = args.common.budget.budget();
    let corpus = pipeline::build_corpus(&args.paths, manifest.as_ref(), &rules, &budget, &observer);
    observer.bar.finish_and_clear();
    print_inputs_not_read(&corpus.errors, &corpus.skipped);
    if corpus.documents.is_empty() {
        anyhow::bail!(
            "no document read from {} ({} unreadable, {} skipped: see above)",
            paths_text(&args.paths),
            corpus.errors.len(),
            corpus.skipped.len()
        );
    }
    let scope = pipeline::Scope::default();
    let run = pipeline::analyze(corpus, &rules, &settings, &scope, &observer);
    let times = &observer.times;
    let report_started = std::time::Instant::now();
    let written = report::write_reports_as(&run, &args.out, &args.report_options(), &rules.checks)?;
    let report_time = report_started.elapsed();
    if !quiet {
        print_summary(&run, &written);
    }
    if args.timings {
        print_timings(&run, times, report_time, started.elapsed());
    }
    let status = if run.corpus.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    };
    // The process ends next: freeing a 10,000-document run piece by piece took most of a
    // second, and the operating system reclaims it at once.
    std::mem::forget(run);
    Ok(status)
}

/// A scan's progress bar (a tick per file) and stage times.
struct ScanObserver {
    bar: indicatif::ProgressBar,
    times: pipeline::StageTimes,
}

impl pipeline::Observer for ScanObserver {
    fn file_done(&self) {
        self.bar.inc(1);
    }

    fn stage_done(&self, stage: pipeline::Stage, elapsed: std::time::Duration) {
        self.times.stage_done(stage, elapsed);
    }
}

/// `error: PATH: reason` for each input that could not be read, `skipped: PATH: reason` for
/// each file of a folder that is not read: nothing is passed over without a word.
fn print_inputs_not_read(
    errors: &[crosscheck::model::InputError],
    skipped: &[crosscheck::model::InputError],
) {
    for e in errors {
        eprintln!("error: {e}");
    }
    for s in skipped {
        eprintln!("skipped: {s}");
    }
}

/// The input paths, for a message.
fn paths_text(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

fn print_summary(run: &Run, written: &[PathBuf]) {
    let corpus = &run.corpus;
    let sections: usize = corpus.documents.iter().map(|d| d.sections.len()).sum();
    eprintln!(
        "scanned {} documents ({} sections), {} unreadable, {} skipped (not a format read, a lock file, a report folder)",
        corpus.documents.len(),
        sections,
        corpus.errors.len(),
        corpus.skipped.len()
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
    let severity =
        |s: crosscheck::model::Severity| run.findings.iter().filter(|f| f.severity == s).count();
    use crosscheck::model::Severity;
    eprintln!(
        "targets: {}; findings: {} error, {} warning, {} info",
        run.targets.len(),
        severity(Severity::Error),
        severity(Severity::Warning),
        severity(Severity::Info)
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
    use pipeline::Stage;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let bytes: usize = run.corpus.documents.iter().map(|d| d.source.file_len).sum();
    eprintln!(
        "timings ({} documents, {:.1} MB):",
        run.corpus.documents.len(),
        bytes as f64 / 1e6
    );
    for (label, stage, how) in [
        ("ingest    ", Stage::Ingest, "cpu"),
        ("normalize ", Stage::Normalize, "cpu"),
        ("segment   ", Stage::Segment, "cpu"),
        (
            "documents ",
            Stage::Documents,
            "wall (the three above, in parallel)",
        ),
        ("dedup     ", Stage::Dedup, "wall"),
    ] {
        eprintln!("  {label} {:>10.1} ms {how}", ms(times.get(stage)));
    }
    eprintln!(
        "  tokenize+align {:>6.1} ms wall",
        ms(times.get(Stage::Align))
    );
    eprintln!(
        "  targets    {:>10.1} ms wall",
        ms(times.get(Stage::Targets))
    );
    eprintln!("  check      {:>10.1} ms wall", ms(times.get(Stage::Check)));
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

fn align_cmd(args: AlignArgs) -> anyhow::Result<ExitCode> {
    let cfg = args.align.config(false)?;
    let rules = load_rules(args.rules.as_deref())?;
    let read = |path: &PathBuf| -> anyhow::Result<Corpus> {
        let inputs = [path.clone()];
        let manifest = load_manifest(None, &inputs)?;
        Ok(pipeline::build_corpus(
            &inputs,
            manifest.as_ref(),
            &rules,
            &args.budget.budget(),
            &pipeline::Unobserved,
        ))
    };
    let lower = read(&args.a)?;
    let upper = read(&args.b)?;
    for c in [&lower, &upper] {
        print_inputs_not_read(&c.errors, &c.skipped);
    }
    let code = if lower.errors.is_empty() && upper.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    };
    anyhow::ensure!(
        !lower.documents.is_empty() && !upper.documents.is_empty(),
        "nothing to align: no readable document in {}",
        if lower.documents.is_empty() {
            args.a.display()
        } else {
            args.b.display()
        }
    );
    let run = pipeline::align_explicit(lower, upper, &rules, &cfg);
    let summary = report::terminal::align_summary(&run, args.show);
    print_out(&summary)?;
    let written = report::write_align_reports(&run, &args.out)?;
    for p in written {
        eprintln!("wrote {}", p.display());
    }
    Ok(code)
}

fn lint_cmd(args: LintArgs) -> anyhow::Result<ExitCode> {
    use crosscheck::lint::{self, LintConfig, LintOptions};
    use crosscheck::model::Severity;
    let rules = load_rules(args.rules.as_deref())?;
    let cwd = std::env::current_dir().context("finding the working folder")?;
    let (_, config) = LintConfig::find(args.config.as_deref(), &cwd)?;
    let min_level = match args.min_level {
        Some(l) => l
            .severity()
            .context("--min-level: use info, warning or error (never is for --fail-level)")?,
        None => config.min_level.unwrap_or(Severity::Info),
    };
    let fail_level = match (args.fail_level, config.fail_level) {
        (Some(l), _) => l.severity(),
        (None, Some(l)) => l.severity(),
        (None, None) => Some(Severity::Error),
    };
    let lint_run = lint_run(&args, &rules)?;
    let errors = &lint_run.errors;
    print_inputs_not_read(errors, &lint_run.skipped);
    anyhow::ensure!(
        lint_run.run.corpus.documents.len() > lint_run.first_draft,
        "no readable draft"
    );
    let (run, first_draft) = (&lint_run.run, lint_run.first_draft);
    let opts = LintOptions {
        min_level,
        fail_level,
        require_coverage: args.require_coverage,
        config,
    };
    let found = apply_baseline(
        &args,
        lint::findings(run, first_draft, &rules.checks, &opts),
    )?;
    let format = args.format;
    let out = match report::findings::render(format, &found, &rules.checks) {
        Some(text) => text.map_err(anyhow::Error::msg)?,
        // Not a list of findings: the report page of the lint run.
        None => report::html::render(run, args.lang).map_err(anyhow::Error::msg)?,
    };
    print_out(&out)?;
    Ok(if !errors.is_empty() {
        ExitCode::from(2)
    } else if lint::fails(&found, fail_level) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The drafts appended to the corpus they are checked against: read whole, or the part of a
/// saved index that can matter to them.
fn lint_run(
    args: &LintArgs,
    rules: &crosscheck::rules::Rules,
) -> anyhow::Result<crosscheck::lint::LintRun> {
    use crosscheck::lint;
    let budget = args.budget.budget();
    let drafts = pipeline::build_corpus(&args.drafts, None, rules, &budget, &pipeline::Unobserved);
    Ok(match &args.index {
        Some(path) => {
            let index = crosscheck::index::Index::open(path)?;
            index.check_fresh(rules, &crosscheck::dedup::DedupConfig::default())?;
            let lint_run = lint::against_index(&index, drafts, rules, args.require_coverage)?;
            eprintln!(
                "{}: loaded {} of {} indexed documents (those that share text, metrics or regions with the drafts)",
                path.display(),
                lint_run.first_draft,
                index.documents().len()
            );
            lint_run
        }
        None => {
            let manifest = load_manifest(args.manifest.as_deref(), &args.against)?;
            let corpus = pipeline::build_corpus(
                &args.against,
                manifest.as_ref(),
                rules,
                &budget,
                &pipeline::Unobserved,
            );
            // A lint against nothing passes whatever the draft says: refuse it instead.
            if corpus.documents.is_empty() {
                print_inputs_not_read(&corpus.errors, &corpus.skipped);
                anyhow::bail!(
                    "no corpus document read from --against {} (see the lines above): nothing to check against",
                    paths_text(&args.against)
                );
            }
            lint::against_corpus(corpus, drafts, rules, args.require_coverage)
        }
    })
}

/// `--write-baseline`: save the findings as accepted; `--baseline`: keep only new findings.
fn apply_baseline(
    args: &LintArgs,
    found: Vec<crosscheck::model::ResolvedFinding>,
) -> anyhow::Result<Vec<crosscheck::model::ResolvedFinding>> {
    use crosscheck::lint::Baseline;
    if let Some(path) = &args.write_baseline {
        let bytes =
            serde_json::to_vec_pretty(&Baseline::of(&found)).context("serializing the baseline")?;
        report::write_atomic(path, &bytes)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    let Some(path) = &args.baseline else {
        return Ok(found);
    };
    let text = crosscheck::files::read_text_bounded(path, crosscheck::files::MAX_SETTINGS_BYTES)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", path.display()))?;
    let baseline: Baseline = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a crosscheck baseline", path.display()))?;
    Ok(baseline.new_findings(found))
}

fn index_cmd(args: IndexArgs) -> anyhow::Result<ExitCode> {
    use crosscheck::index::{self, BuildInputs};
    let rules = load_rules(args.common.rules.as_deref())?;
    let manifest_path = args
        .common
        .manifest
        .clone()
        .or_else(|| crosscheck::manifest::find_for(&args.paths));
    let manifest = manifest_path.as_deref().map(Manifest::load).transpose()?;
    let corpus = pipeline::build_corpus(
        &args.paths,
        manifest.as_ref(),
        &rules,
        &args.common.budget.budget(),
        &pipeline::Unobserved,
    );
    print_inputs_not_read(&corpus.errors, &corpus.skipped);
    let dedup = crosscheck::dedup::DedupConfig::default();
    let bytes = index::build(
        &corpus,
        &BuildInputs {
            inputs: &args.paths,
            manifest: manifest_path.as_deref(),
            rules: &rules,
            dedup: &dedup,
        },
    )?;
    report::write_atomic(&args.out, &bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.out.display()))?;
    eprintln!(
        "wrote {} ({} documents, {:.1} MB)",
        args.out.display(),
        corpus.documents.len(),
        bytes.len() as f64 / 1e6
    );
    Ok(if corpus.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn explain_cmd(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let rules = load_rules(args.rules.as_deref())?;
    let mut out = String::new();
    match args.rule {
        None => {
            for r in &rules.checks {
                out.push_str(&format!(
                    "{}  {:<28} {:<8} {}\n",
                    r.id,
                    r.name,
                    r.severity.as_str(),
                    r.what
                ));
            }
        }
        Some(wanted) => {
            let Some(r) = rules
                .checks
                .iter()
                .find(|r| r.id.eq_ignore_ascii_case(&wanted) || r.name == wanted)
            else {
                eprintln!("error: no rule {wanted:?}; `crosscheck explain` lists them");
                return Ok(ExitCode::from(2));
            };
            out.push_str(&format!(
                "{} {} ({}, {:?} check)\n\nWhat it does: {}\nWhy it matters: {}\nExample: {}\nMessage: {}\n",
                r.id,
                r.name,
                r.severity.as_str(),
                r.kind,
                r.what,
                r.why,
                r.example,
                r.message
            ));
        }
    }
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
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
    let doc = match pipeline::process_file(
        &args.file,
        id,
        manifest.as_ref(),
        &rules,
        &args.common.budget.budget(),
    ) {
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
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}
