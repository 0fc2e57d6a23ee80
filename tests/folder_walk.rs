//! What a folder scan reads, and that it names everything else: a picture, a spreadsheet, a
//! Word lock file and its own report folder beside plans are each named on stderr with the
//! reason and listed in `report.json`'s `skipped`; the plans — text, PDF, OFD, `.doc` and
//! `.wps` — are read; a lint against a folder where nothing could be read fails instead of
//! passing having checked nothing.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{pdfium_library, repo, seed_path};

fn crosscheck() -> Command {
    let mut c = Command::cargo_bin("crosscheck").unwrap();
    c.env_remove("CI");
    c.env("CROSSCHECK_PDFIUM", pdfium_library());
    c
}

/// A folder as reviewers' folders are: one plan among files that are not plans.
fn mixed_folder(dir: &Path) -> std::path::PathBuf {
    let d = dir.join("plans");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::copy(seed_path("004"), d.join("plan.txt")).unwrap();
    std::fs::write(d.join("scan.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(d.join("indicators.xlsx"), b"PK\x03\x04").unwrap();
    for (fixture, name) in [
        ("pdf-print-of-seed-002.pdf", "printed.pdf"),
        ("two_pages_with_template.ofd", "layout.ofd"),
        ("plan_libreoffice.doc", "legacy.doc"),
        ("plan_libreoffice.wps", "kingsoft.wps"),
    ] {
        let from = repo().join("tests/fixtures/formats").join(fixture);
        std::fs::copy(from, d.join(name)).unwrap();
    }
    // Word's owner file beside an open document: 162 bytes, not a zip.
    std::fs::write(d.join("~$plan.docx"), [0u8; 162]).unwrap();
    d
}

fn skipped_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("skipped: "))
        .collect()
}

#[test]
fn every_file_not_read_is_named_with_its_reason_and_listed_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let plans = mixed_folder(dir.path());
    let out = plans.join("reports");
    // Twice: the second run finds its own reports inside the folder it scans.
    for run in 0..2 {
        let a = crosscheck()
            .args(["scan", "--quiet", "--out"])
            .arg(&out)
            .arg(&plans)
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        let lines = skipped_lines(&stderr);
        for (name, reason) in [
            ("scan.png", "an image"),
            ("indicators.xlsx", "a spreadsheet"),
            ("~$plan.docx", "an Office lock file"),
        ] {
            assert!(
                lines.iter().any(|l| l.contains(name) && l.contains(reason)),
                "run {run}: {name} not named with {reason:?}: {stderr}"
            );
        }
        assert_eq!(
            lines.iter().any(|l| l.contains("report folder")),
            run == 1,
            "the report folder is named once it exists: {stderr}"
        );
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
        let mut read: Vec<&str> = json["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["format"].as_str().unwrap())
            .collect();
        read.sort();
        assert_eq!(
            read,
            ["doc", "doc", "ofd", "pdf", "text"],
            "the plans are read"
        );
        for name in ["printed.pdf", "layout.ofd", "legacy.doc", "kingsoft.wps"] {
            assert!(!stderr.contains(name), "{name} named: {stderr}");
        }
        assert_eq!(json["skipped"].as_array().unwrap().len(), 3 + run);
        assert_eq!(json["errors"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn a_lint_against_a_folder_with_nothing_readable_fails() {
    let dir = tempfile::tempdir().unwrap();
    let pdfs = dir.path().join("scans");
    std::fs::create_dir_all(&pdfs).unwrap();
    std::fs::write(pdfs.join("page1.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let a = crosscheck()
        .arg("lint")
        .arg(seed_path("004"))
        .arg("--against")
        .arg(&pdfs)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        stderr.contains("skipped: ") && stderr.contains("page1.png"),
        "{stderr}"
    );
    assert!(
        stderr.contains("no corpus document read from --against"),
        "{stderr}"
    );
    // And a scan that reads nothing says so and exits 2.
    let a = crosscheck()
        .args(["scan", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(&pdfs)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(stderr.contains("no document read from"), "{stderr}");
}
