//! Inputs as they arrive from offices: web scrapes, HTML pages, Word files, full-width text.
//! Fixtures are named after the problem they capture.

mod common;

use std::io::Write;

use common::*;
use crosscheck::model::{Format, HeadingStyle, SectionKind};

fn fixture(rel: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures").join(rel)
}

fn ids(d: &crosscheck::model::Document) -> Vec<&str> {
    d.sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Heading(_)))
        .map(|s| s.id.as_str())
        .collect()
}

#[test]
fn web_scrape_with_print_close_and_inline_headings() {
    let d = doc(&fixture("ingest/web-scrape-print-close/notice.txt"));
    assert_eq!(
        ids(&d),
        [
            "notice/一",
            "notice/二",
            "notice/二/(一)",
            "notice/二/(一)/1",
            "notice/二/(一)/2",
            "notice/二/(二)",
            "notice/二/(二)/3",
            "notice/三"
        ]
    );
    for clutter in ["索引号", "发布机构", "打印", "关闭", "---"] {
        assert!(!d.text().contains(clutter), "{clutter}");
    }
    assert_eq!(d.meta.region, "湖州市", "inferred from the title row");
    assert_eq!(d.meta.meta_source, "inferred");
    // `2.0版` and `1.5%` are not headings.
    assert_eq!(headings(&d, HeadingStyle::ArabicDot).len(), 3);
}

#[test]
fn html_page_blocks_entities_and_table() {
    let path = fixture("ingest/html-plan/plan.html");
    let d = doc(&path);
    assert_eq!(d.source.format, Format::Html);
    assert!(!d.text().contains("不是正文"), "script text is not content");
    assert!(!d.text().contains("margin"), "style is not content");
    assert!(d.text().contains("培育“品字标”企业 20家"), "{}", d.text());
    assert!(d.text().contains("R&D投入强度达到3.2%"));
    assert_eq!(ids(&d), ["plan/一", "plan/二", "plan/二/(一)"]);
    let bytes = std::fs::read(&path).unwrap();
    assert!(assert_titles_quoted_exactly(&d, &bytes) >= 5);
    let h = d.sections.iter().find(|s| s.id == "plan/二/(一)").unwrap();
    assert_eq!(
        d.locate(h.range.clone()).line_start,
        10,
        "line in the .html file"
    );
    let rows: Vec<_> = d
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::TableRow)
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[1].cells,
        ["产品质量", "优质企业", "40"],
        "rowspan cell filled down"
    );
}

fn write_docx(path: &std::path::Path, body: &str) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", opts).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
    .unwrap();
    zip.finish().unwrap();
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

#[test]
fn docx_paragraphs_and_tables_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.docx");
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", p(t));
    let body = [
        p("安吉县质量发展规划"),
        p("一、发展目标"),
        p("到2025年，培育“品字标”企业20家。"),
        format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("指标"),
            cell("目标值"),
            cell("绿色工厂"),
            cell("10")
        ),
        p("二、主要任务"),
    ]
    .concat();
    write_docx(&path, &body);
    let d = doc(&path);
    assert_eq!(d.source.format, Format::Docx);
    assert_eq!(ids(&d), ["draft/一", "draft/二"]);
    let rows: Vec<_> = d
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::TableRow)
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].cells, ["绿色工厂", "10"]);
    assert_eq!(d.meta.region, "安吉县");
    let two = d.sections.iter().find(|s| s.id == "draft/二").unwrap();
    assert_eq!(
        d.locate(two.range.clone()).line_start,
        6,
        "paragraph number in the extracted text"
    );
}

#[test]
fn broken_docx_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.docx");
    std::fs::write(&path, b"PK\x03\x04 not really a zip").unwrap();
    let rules = crosscheck::rules::Rules::builtin();
    let err = crosscheck::pipeline::process_file(
        &path,
        crosscheck::model::DocId("b".into()),
        None,
        &rules,
        &crosscheck::pipeline::Budget::DEFAULT,
    )
    .unwrap_err();
    assert!(err.to_string().contains("broken.docx"));
    assert!(err.reason.contains("zip"), "{}", err.reason);
}

#[test]
fn fullwidth_digits_fold_and_spaced_words_join_for_matching() {
    let d = doc(&fixture(
        "normalize/fullwidth-digits-and-spaced-words/spaced.txt",
    ));
    assert!(
        d.text()
            .contains("到2025年，创建AAA级景区10个，占比达到98%。"),
        "{}",
        d.text()
    );
    let m = crosscheck::text::matching_text(d.text());
    assert!(m.text.starts_with("重大工程："), "{}", m.text);
    assert!(m.text.contains("数字赋能制造业高质量发展工程"));
    // ２０２５ ＡＡＡ １０ ９８ ％
    assert_eq!(d.normalized.stats.fullwidth_folded, 12);
    assert_eq!(
        d.normalized.stats.cjk_spaces, 5,
        "重_大_工_程_： and 制造业_高质量"
    );
}

/// A table target points at its value's own cell, also in a one-cell-per-line table whose
/// category is filled down: the quote a reviewer sees is the figure, not the whole row.
#[test]
fn a_table_target_points_at_its_value_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.md");
    std::fs::write(
        &path,
        "表1 主要指标\n| 序号 | 指标 | 单位 | 2025年目标值 |\n| --- | --- | --- | --- |\n| 1 | 地区生产总值 | 亿元 | 1200 |\n| 2 | 研发经费投入强度 | % | 3.2 |\n",
    )
    .unwrap();
    let d = doc(&path);
    let rules = crosscheck::rules::Rules::builtin();
    let targets = crosscheck::targets::extract(0, &d, &rules.metrics);
    let quotes: Vec<&str> = targets
        .iter()
        .filter(|t| t.source == crosscheck::model::TargetSource::Table)
        .map(|t| d.quote(t.range.clone()))
        .collect();
    assert_eq!(quotes, ["1200", "3.2"]);
    // Each row keeps one range per cell, in the order of its cells.
    let row = d
        .sections
        .iter()
        .find(|s| s.kind == SectionKind::TableRow)
        .unwrap();
    let cells: Vec<&str> = row.cell_ranges.iter().map(|r| d.quote(r.clone())).collect();
    assert_eq!(cells, ["1", "地区生产总值", "亿元", "1200"]);
}
