//! Stage: report — [`Corpus`] → files. The only stage that writes files.
//!
//! In: a [`Run`] and an output folder. Out: `documents.csv`, `sections.csv`, `duplicates.csv`,
//! `alignments.csv`, `coverage.csv` (UTF-8, header row) and `report.json` (the whole run model
//! with a `schema_version`), `targets.csv`, `findings.csv` and `report.html`, written
//! atomically: each file goes to a temporary file in the same folder and is renamed into place,
//! so a killed run leaves the previous report intact.
//! Rows are streamed, never a whole file in memory: each table is one job that writes its CSV
//! file and its part of `report.json` in one pass; jobs run in parallel and a helper thread
//! copies the JSON parts into `report.json` in order as they finish.
//! Rows are in a stable order (documents in input order, sections in document order), so two
//! runs on the same input give byte-identical files whatever the thread count.
//!
//! `inspect` renders one document for the terminal or as JSON; it returns a `String` and the
//! caller prints it.

mod csv_cells;
pub mod findings;
pub mod html;
pub mod inspect;
mod json;
mod staging;
mod tables;
pub mod terminal;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use tables::{
    alignment_rows, coverage_rows, document_row, document_rows, duplicate_rows, finding_rows,
    run_section_rows, section_rows, target_rows, AlignmentRow, CoverageRow, DocumentRow,
    DuplicateRow, FindingRow, SectionLabels, SectionRow, TargetRow,
};

use crate::model::Run;
use json::JSON_TABLES;
pub use json::SCHEMA_VERSION;
pub use staging::{interrupt, remove_staged_files, write_atomic, ReportError};
use staging::{write_all, Job, Output};

/// Every output format. `scan` writes the chosen ones into its report folder (`csv`: the
/// tables, `json`: `report.json`, `html`: `report.html`, the others: `findings.<ext>`, see
/// [`Format::findings_file`]); `lint` prints its findings in one of them. Flags name them as
/// written here in lower case (`--format sarif`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
    Html,
    Human,
    Line,
    Sarif,
    Github,
    Rdjson,
}

impl Format {
    /// The file a scan writes its findings to in this format, for the formats that are a list
    /// of findings only.
    pub fn findings_file(self) -> Option<&'static str> {
        match self {
            Format::Csv | Format::Json | Format::Html => None,
            Format::Human => Some("findings.human.txt"),
            Format::Line => Some("findings.txt"),
            Format::Sarif => Some("findings.sarif"),
            Format::Github => Some("findings.github.txt"),
            Format::Rdjson => Some("findings.rdjson"),
        }
    }
}

/// What a scan writes: its formats and the language of the HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    pub formats: std::collections::BTreeSet<Format>,
    pub lang: html::Lang,
}

impl ReportOptions {
    /// Whether `format` is asked for.
    pub fn has(&self, format: Format) -> bool {
        self.formats.contains(&format)
    }

    fn only(format: Format) -> Self {
        Self {
            formats: [format].into(),
            lang: html::Lang::Zh,
        }
    }
}

impl Default for ReportOptions {
    /// The tables, `report.json` and the Chinese `report.html`.
    fn default() -> Self {
        Self {
            formats: [Format::Csv, Format::Json, Format::Html].into(),
            lang: html::Lang::Zh,
        }
    }
}

/// Write `alignments.csv` and `coverage.csv` only (the `align` subcommand).
pub fn write_align_reports(run: &Run, out_dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let labels = &SectionLabels::new(run);
    let csv = &ReportOptions::only(Format::Csv);
    write_all(
        out_dir,
        vec![
            table_job("alignments.csv", csv, move || alignment_rows(run, labels)),
            table_job("coverage.csv", csv, move || coverage_rows(run, labels)),
        ],
        None,
    )
}

/// Write every report of a scan into `out_dir` (created if missing). Returns the files written.
pub fn write_reports(run: &Run, out_dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    write_reports_as(run, out_dir, &ReportOptions::default(), &[])
}

/// Write the chosen report formats into `out_dir`; `rules` describe the rules in SARIF.
pub fn write_reports_as(
    run: &Run,
    out_dir: &Path,
    opts: &ReportOptions,
    rules: &[crate::rules::RuleDef],
) -> Result<Vec<PathBuf>, ReportError> {
    // Jobs render in parallel; the bytes depend on the run alone. A table's CSV file and its
    // part of report.json are written in one pass over its rows.
    let labels = &SectionLabels::new(run);
    // Resolved once, by the first findings job that needs them.
    let resolved = &std::sync::OnceLock::new();
    let mut jobs: Vec<Job<'_>> = Vec::new();
    if opts.has(Format::Csv) || opts.has(Format::Json) {
        jobs.extend([
            table_job("documents.csv", opts, move || document_rows(run)),
            table_job("sections.csv", opts, move || run_section_rows(run)),
            table_job("duplicates.csv", opts, move || duplicate_rows(run)),
            table_job("alignments.csv", opts, move || alignment_rows(run, labels)),
            table_job("coverage.csv", opts, move || coverage_rows(run, labels)),
            table_job("targets.csv", opts, move || target_rows(run)),
            table_job("findings.csv", opts, move || finding_rows(run)),
        ]);
    }
    if opts.has(Format::Html) {
        let lang = opts.lang;
        jobs.push(Job::file("report.html", move |w| {
            let page = html::render(run, lang)?;
            w.write_all(page.as_bytes()).map_err(|e| e.to_string())
        }));
    }
    for (format, name) in opts
        .formats
        .iter()
        .filter_map(|&f| Some((f, f.findings_file()?)))
    {
        jobs.push(Job::file(name, move |w| {
            let findings = resolved.get_or_init(|| crate::model::ResolvedFinding::all(run));
            let text = findings::render(format, findings, rules).unwrap_or(Ok(String::new()))?;
            w.write_all(text.as_bytes()).map_err(|e| e.to_string())
        }));
    }
    write_all(out_dir, jobs, opts.has(Format::Json).then_some(run))
}

/// The job of one table: its CSV file and/or its part of report.json, as `formats` asks, from
/// one pass over `rows()`.
fn table_job<'r, I, T>(
    name: &'static str,
    opts: &ReportOptions,
    rows: impl Fn() -> I + Send + Sync + 'r,
) -> Job<'r>
where
    I: Iterator<Item = T>,
    T: serde::Serialize + Default,
{
    let mut outputs = Vec::new();
    let csv = opts.has(Format::Csv);
    if csv {
        outputs.push(Output::File(name));
    }
    if opts.has(Format::Json) {
        let table = JSON_TABLES
            .iter()
            .position(|t| name.strip_suffix(".csv") == Some(t))
            .expect("every table is in report.json");
        outputs.push(Output::JsonPart(table));
    }
    Job {
        outputs,
        render: Box::new(move |ws| {
            let (csv, json): (Option<&mut dyn Write>, Option<&mut dyn Write>) = match ws {
                [c, j] => (Some(c), Some(j)),
                [w] if csv => (Some(w), None),
                [w] => (None, Some(w)),
                _ => (None, None),
            };
            write_table(csv, json, rows())
        }),
    }
}

/// One pass over a table's rows: each row to the CSV writer and as a JSON array element to the
/// JSON writer (either may be absent). An empty table still gets its CSV header row (from
/// `T::default()`), so a reader can tell "no duplicates" from "no file".
fn write_table<T: serde::Serialize + Default>(
    csv_out: Option<&mut dyn Write>,
    mut json_out: Option<&mut dyn Write>,
    rows: impl Iterator<Item = T>,
) -> Result<(), String> {
    let e = |e: &dyn std::fmt::Display| e.to_string();
    let mut csv = csv_out.map(csv_cells::CsvCells::new);
    let mut any = false;
    // JSON is serialized into this buffer and handed to the writer in large pieces: a
    // serializer writes token by token, and each token through `dyn Write` was most of the
    // JSON's cost. sonic-rs, not serde_json, for the rows: it escapes strings with SIMD (2.8
    // million rows, 17 keys and strings each, at 10,000 documents) and writes the same bytes
    // (tested below: every field kind, edge floats, control characters, property test).
    let mut json_buf: Vec<u8> = Vec::with_capacity(1 << 17);
    json_buf.push(b'[');
    for row in rows {
        if let Some(j) = json_out.as_mut() {
            if any {
                json_buf.push(b',');
            }
            sonic_rs::to_writer(&mut json_buf, &row).map_err(|x| e(&x))?;
            if json_buf.len() >= 1 << 16 {
                j.write_all(&json_buf).map_err(|x| e(&x))?;
                json_buf.clear();
            }
        }
        if let Some(c) = csv.as_mut() {
            c.serialize(&row)?;
        }
        any = true;
    }
    if let Some(j) = json_out.as_mut() {
        json_buf.push(b']');
        j.write_all(&json_buf).map_err(|x| e(&x))?;
    }
    if let Some(c) = csv {
        let w = c.into_output();
        if !any {
            let mut probe = csv::Writer::from_writer(Vec::new());
            probe.serialize(T::default()).map_err(|x| e(&x))?;
            let bytes = probe.into_inner().map_err(|x| e(&x))?;
            let header_end = bytes
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| i + 1);
            w.write_all(&bytes[..header_end]).map_err(|x| e(&x))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// A row with every kind of field the report tables hold.
    #[derive(serde::Serialize)]
    struct Row<'a> {
        text: &'a str,
        owned: String,
        count: usize,
        signed: i64,
        score: f64,
        rate: Option<f64>,
        missing: Option<usize>,
        flag: bool,
    }

    fn both(row: &Row<'_>) -> (Vec<u8>, Vec<u8>) {
        let mut sonic = Vec::new();
        sonic_rs::to_writer(&mut sonic, row).unwrap();
        (serde_json::to_vec(row).unwrap(), sonic)
    }

    /// report.json is written with sonic-rs (faster string escaping) but documented, tested
    /// and read back as serde_json writes it: the two must give the same bytes.
    #[test]
    fn json_rows_are_written_as_serde_json_writes_them() {
        let texts = [
            "",
            "消费品 100项以上",
            "quote \" backslash \\ slash / tab \t newline \n nul \0 bell \u{7} del \u{7f}",
            "\u{2028}\u{2029} emoji 🙂 ideographic\u{3000}space",
        ];
        let floats = [
            0.0,
            -0.0,
            0.0001,
            0.0005,
            0.1,
            0.2068,
            0.5,
            1.0,
            1e-5,
            1e-7,
            123456.0,
            1e16,
            1e21,
            -3.25,
            f64::NAN,
            f64::INFINITY,
            f64::MIN_POSITIVE,
            f64::MAX,
        ];
        for text in texts {
            for &score in &floats {
                let row = Row {
                    text,
                    owned: text.repeat(3),
                    count: usize::MAX,
                    signed: -42,
                    score,
                    rate: Some(score),
                    missing: None,
                    flag: true,
                };
                let (serde, sonic) = both(&row);
                assert_eq!(
                    String::from_utf8_lossy(&sonic),
                    String::from_utf8_lossy(&serde)
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_row_is_written_as_serde_json_writes_it(
            text in "\\PC*|[\\x00-\\x1f\"\\\\a品]*",
            bits in proptest::num::u64::ANY,
            rounded in -100_000i64..100_000,
        ) {
            for score in [f64::from_bits(bits), rounded as f64 / 10_000.0] {
                let row = Row {
                    text: &text,
                    owned: text.clone(),
                    count: bits as usize,
                    signed: rounded,
                    score,
                    rate: Some(score),
                    missing: Some(7),
                    flag: false,
                };
                let (serde, sonic) = both(&row);
                proptest::prop_assert_eq!(sonic, serde);
            }
        }
    }
}
