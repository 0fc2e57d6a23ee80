//! PDF as portals publish it: a text layer read through PDFium, pages laid out into lines,
//! running headers, footers and page numbers left out, positions as page:line:col, and a
//! clear error (never a skip) for scanned pages, damaged files and a missing library.
//!
//! The library comes from [`common::pdfium_library`], which installs it with pip when the
//! machine has none: these tests never pass without reading a PDF.

mod common;

use assert_cmd::Command;
use common::*;
use crosscheck::model::Format;

/// seeds/002 printed to PDF by headless Chromium (dev/pdf/make_fixture.py), with Chromium's
/// running header (date, title) and footer (file URL, `1/5`) on each of its 5 pages.
fn printed_seed() -> std::path::PathBuf {
    repo().join("tests/fixtures/formats/pdf-print-of-seed-002.pdf")
}

/// `crosscheck scan` of a folder holding `files` (name, bytes), PDFium taken from `library`:
/// the exit code, stderr, and `documents.csv`.
fn scan_folder(files: &[(&str, Vec<u8>)], library: &std::path::Path) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for (name, bytes) in files {
        std::fs::write(input.join(name), bytes).unwrap();
    }
    let out = dir.path().join("out");
    let run = Command::cargo_bin("crosscheck")
        .unwrap()
        .env("CROSSCHECK_PDFIUM", library)
        .args(["scan", "--out"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    let docs = std::fs::read_to_string(out.join("documents.csv")).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    (run.status.code().unwrap_or(-1), stderr, docs)
}

fn good_plan() -> (&'static str, Vec<u8>) {
    let seed = std::fs::read(repo().join("seeds/004_137a58ff13e322c8.txt")).unwrap();
    ("good.txt", seed)
}

fn han(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect()
}

#[test]
fn a_printed_plan_reads_back_with_its_han_characters_in_order() {
    use_pdfium();
    let pdf = doc(&printed_seed());
    assert_eq!(pdf.source.format, Format::Pdf);
    let source = doc(&repo().join("seeds/002_d737fd697cccd43c.txt"));
    let (want, got) = (han(source.text()), han(pdf.text()));
    let diff = similar::capture_diff_slices(similar::Algorithm::Myers, &want, &got);
    let in_order: usize = diff
        .iter()
        .filter_map(|op| match op {
            similar::DiffOp::Equal { len, .. } => Some(*len),
            _ => None,
        })
        .sum();
    let recall = in_order as f64 / want.len() as f64;
    let extra = got.len() - in_order;
    assert!(
        recall >= 0.99,
        "{in_order} of {} Han characters in order",
        want.len()
    );
    assert_eq!(
        extra, 0,
        "Han characters not in the source (a header left in?)"
    );
    // Chromium's header and footer are gone from the text, kept in the laid-out original.
    for running in ["file://", "浙江省经信系统2021年工作要点", "1/5"] {
        assert!(!pdf.text().contains(running), "{running} left in the text");
    }
    assert!(pdf.source.raw.contains("1/5"));
    assert_eq!(pdf.source.page_starts.len(), 5);
}

#[test]
fn positions_in_a_pdf_are_page_line_column_and_quote_the_laid_out_text() {
    use_pdfium();
    let pdf = doc(&printed_seed());
    let heading = pdf
        .sections
        .iter()
        .find(|s| pdf.title(s).is_some_and(|t| t.starts_with("(四)")))
        .expect("heading (四)");
    let loc = pdf.locate(heading.title_range.clone().unwrap());
    assert_eq!(loc.page, Some(2), "{loc:?}");
    let page_text = &pdf.source.raw[pdf.source.page_starts[1]..];
    let line = page_text.lines().nth(loc.line_start - 1).unwrap();
    assert!(line.starts_with("(四)围绕创建传统制造业"), "{line}");
    assert!(loc.start_label().starts_with("p2:"));
}

#[test]
fn a_printed_plan_pairs_as_an_exact_copy_of_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        repo().join("seeds/002_d737fd697cccd43c.txt"),
        input.join("002_source.txt"),
    )
    .unwrap();
    std::fs::copy(printed_seed(), input.join("printed.pdf")).unwrap();
    let out = dir.path().join("out");
    Command::cargo_bin("crosscheck")
        .unwrap()
        .env("CROSSCHECK_PDFIUM", pdfium_library())
        .args(["scan", "--quiet", "--out"])
        .arg(&out)
        .arg(&input)
        .assert()
        .code(0);
    let dups = std::fs::read_to_string(out.join("duplicates.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(dups.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let exact_whole = rows.records().map(Result::unwrap).any(|r| {
        r[col("kind")] == *"exact"
            && r[col("doc_a")] == *"002"
            && r[col("doc_b")] == *"printed"
            && r[col("chars_a")].parse::<usize>().unwrap() > 7000
            && !r[col("page_b")].is_empty()
    });
    assert!(exact_whole, "no whole-document exact pair:\n{dups}");
}

/// A page with a drawn line and no text: what a scanner produces.
const SCANNED_PAGE: &[u8] = b"%PDF-1.4
1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj
2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj
3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>> endobj
4 0 obj <</Length 18>> stream
0 0 m 100 100 l S
endstream endobj
trailer <</Root 1 0 R>>
%%EOF
";

#[test]
fn scanned_damaged_and_unreadable_pdfs_are_named_and_the_rest_is_read() {
    let files = [
        ("scanned.pdf", SCANNED_PAGE.to_vec()),
        ("damaged.pdf", b"%PDF-1.7\n\x00\x01garbage".to_vec()),
        good_plan(),
    ];
    let (code, stderr, docs) = scan_folder(&files, &pdfium_library());
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("scanned.pdf: no usable text layer: needs OCR"),
        "{stderr}"
    );
    assert!(stderr.contains("damaged.pdf: "), "{stderr}");
    assert!(docs.contains("good"), "{docs}");
}

#[test]
fn without_the_pdfium_library_a_pdf_is_an_error_naming_it_and_how_to_install_it() {
    let files = [
        ("printed.pdf", std::fs::read(printed_seed()).unwrap()),
        good_plan(),
    ];
    let nowhere = std::env::temp_dir().join("crosscheck-no-such-folder/libpdfium.so");
    let (code, stderr, docs) = scan_folder(&files, &nowhere);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("printed.pdf: PDF needs the PDFium library (libpdfium.so)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("python3 -m pip install pypdfium2"),
        "{stderr}"
    );
    assert!(docs.contains("good"), "{docs}");
}

/// A bordered indicator table as Word, WPS and browsers print it: the borders give the cells,
/// so a category written once for two rows fills both, and a metric name that wraps onto two
/// lines stays one cell (033's 主要指标 table, read line by line, broke every such row).
#[test]
fn a_ruled_table_reads_as_rows_with_merged_cells_filled_and_wrapped_cells_joined() {
    use_pdfium();
    let d = doc(&repo().join("tests/fixtures/formats/pdf-ruled-table-rowspan-wrapped.pdf"));
    let rows: Vec<Vec<&str>> = d
        .sections
        .iter()
        .filter(|s| s.kind == crosscheck::model::SectionKind::TableRow)
        .map(|s| s.cells.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec![
                "产业规模",
                "数字经济核心产业增加值占地区生产总值比重（%）",
                "10.2",
                "15",
                "预期性"
            ],
            vec![
                "产业规模",
                "规模以上电子信息制造业营业收入（亿元）",
                "1200",
                "2000",
                "预期性"
            ],
            vec![
                "创新能力",
                "数字经济领域有效发明专利拥有量（件）",
                "3500",
                "8000",
                "约束性"
            ],
        ]
    );
    // The paragraph after the table is text again.
    assert!(d
        .text()
        .contains("\n到2025年，数字经济核心产业增加值占比达到15%。"));
}

/// Damaged PDFs as downloads truncate or corrupt them: the printed seed cut short and with
/// bytes changed at 60 seeded places. Each reads or is refused with a message; none panics.
#[test]
fn truncated_and_corrupted_pdfs_are_read_or_refused_never_a_crash() {
    use_pdfium();
    let bytes = std::fs::read(printed_seed()).unwrap();
    let path = std::path::Path::new("damaged.pdf");
    let read = |b: &[u8]| {
        crosscheck::ingest::source_from_bytes(
            path,
            crosscheck::model::DocId("d".into()),
            Format::Pdf,
            b,
        )
    };
    for cut in [bytes.len() / 2, bytes.len() / 10, 100] {
        if let Err(e) = read(&bytes[..cut]) {
            assert!(!e.reason.is_empty());
        }
    }
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..60 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let mut damaged = bytes.clone();
        let at = (state % damaged.len() as u64) as usize;
        damaged[at] = (state >> 32) as u8;
        if let Ok(source) = read(&damaged) {
            assert!(source
                .content
                .map
                .check(source.content.text.len(), source.raw.len())
                .is_ok());
        }
    }
}
