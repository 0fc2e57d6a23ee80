//! Corpus manifest (`manifest.toml`): what each document is — title, level, region, issuer,
//! period, parent region — and its SHA-256, so a bundled corpus can prove it is unchanged.
//!
//! In: a TOML file with `[[document]]` tables (unknown fields rejected). Out: [`Manifest`],
//! looked up by file name. Documents the manifest does not describe get their metadata
//! inferred from their text by [`infer_meta`], using the region list in `rules/regions.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{DocMeta, Level};
use crate::rules::Regions;

/// One `[[document]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// File name, relative to the manifest's folder.
    pub file: String,
    /// Short document id used in section ids and reports.
    pub id: Option<String>,
    pub title: String,
    pub level: Level,
    pub region: String,
    #[serde(default)]
    pub issuer: String,
    /// Year (`2023`) or period (`2021-2025`).
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub parent_region: String,
    /// Hex SHA-256 of the file as bundled.
    pub sha256: Option<String>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    document: Vec<ManifestEntry>,
}

/// A loaded manifest.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub path: PathBuf,
    pub dir: PathBuf,
    pub entries: Vec<ManifestEntry>,
    /// Canonical path of each existing entry's file → entry index, built once at load.
    by_path: std::collections::HashMap<PathBuf, usize>,
}

/// A manifest that could not be read or parsed.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ManifestError {
    pub path: PathBuf,
    pub message: String,
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Self, ManifestError> {
        let err = |message: String| ManifestError {
            path: path.to_owned(),
            message,
        };
        let text =
            crate::files::read_text_bounded(path, crate::files::MAX_SETTINGS_BYTES).map_err(err)?;
        Self::parse(path, &text)
    }

    /// Parse a manifest's text; `path` names it in errors and anchors its relative file names.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ManifestError> {
        let err = |message: String| ManifestError {
            path: path.to_owned(),
            message,
        };
        let file: ManifestFile =
            toml::from_str(text).map_err(|e| err(e.to_string().trim_end().to_owned()))?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_owned();
        let mut by_path = std::collections::HashMap::new();
        for (i, e) in file.document.iter().enumerate() {
            if let Ok(p) = std::fs::canonicalize(dir.join(&e.file)) {
                by_path.entry(p).or_insert(i);
            }
        }
        Ok(Self {
            path: path.to_owned(),
            dir,
            entries: file.document,
            by_path,
        })
    }

    /// The entry describing `file`, matched by path relative to the manifest folder.
    pub fn entry_for(&self, file: &Path) -> Option<&ManifestEntry> {
        let target = std::fs::canonicalize(file).ok()?;
        self.by_path.get(&target).map(|&i| &self.entries[i])
    }

    /// Entries whose file does not exist.
    pub fn missing_files(&self) -> Vec<PathBuf> {
        self.entries
            .iter()
            .map(|e| self.dir.join(&e.file))
            .filter(|p| !p.exists())
            .collect()
    }
}

impl ManifestEntry {
    pub fn meta(&self) -> DocMeta {
        DocMeta {
            title: self.title.clone(),
            level: Some(self.level),
            region: self.region.clone(),
            issuer: self.issuer.clone(),
            period: self.period.clone(),
            parent_region: self.parent_region.clone(),
            meta_source: "manifest",
        }
    }
}

/// The manifest of a run that names none: `manifest.toml` in the first input folder (or in the
/// folder of the first input file).
pub fn find_for(inputs: &[PathBuf]) -> Option<PathBuf> {
    let first = inputs.first()?;
    let dir = if first.is_dir() {
        first.as_path()
    } else {
        first.parent().unwrap_or(Path::new("."))
    };
    let candidate = dir.join("manifest.toml");
    candidate.is_file().then_some(candidate)
}

/// Infer title, level, region and period from a document's normalized text.
///
/// Level and region: the first full region name (`湖州市`, `浙江省`, `德清县`) in the opening
/// 300 characters decides; failing that, the most frequent short name (`浙江`) in the whole
/// text, at the level that `全省`/`全市`/`全县` points to.
pub fn infer_meta(text: &str, regions: &Regions) -> DocMeta {
    let head: String = text.chars().take(300).collect();
    let mut best: Option<(usize, &crate::rules::Region)> = None;
    for r in &regions.all {
        if let Some(pos) = head.find(&r.name) {
            let better = match best {
                None => true,
                Some((bp, br)) => pos < bp || (pos == bp && r.name.len() > br.name.len()),
            };
            if better {
                best = Some((pos, r));
            }
        }
    }
    let region = best.map(|(_, r)| r).or_else(|| {
        let level = [
            ("全县", Level::County),
            ("全市", Level::City),
            ("全省", Level::Province),
        ]
        .into_iter()
        .max_by_key(|(w, _)| text.matches(w).count())
        .filter(|(w, _)| text.contains(w))
        .map(|(_, l)| l)?;
        regions
            .all
            .iter()
            .filter(|r| r.level == level)
            .map(|r| (text.matches(&r.short).count(), r))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n)
            .map(|(_, r)| r)
    });
    let title = text
        .lines()
        .map(|l| l.trim().trim_matches('|').trim())
        .find(|l| !l.is_empty())
        .map(|l| l.chars().take(60).collect())
        .unwrap_or_default();
    DocMeta {
        title,
        level: region.map(|r| r.level),
        region: region.map(|r| r.name.clone()).unwrap_or_default(),
        issuer: String::new(),
        period: infer_period(&head),
        parent_region: region.map(|r| r.parent.clone()).unwrap_or_default(),
        meta_source: "inferred",
    }
}

fn infer_period(head: &str) -> String {
    let re = regex::Regex::new(r"(20\d\d)\s*[-—~～至]\s*(20\d\d)").expect("static regex");
    if let Some(c) = re.captures(head) {
        return format!("{}-{}", &c[1], &c[2]);
    }
    if head.contains("十四五") {
        return "2021-2025".into();
    }
    let year = regex::Regex::new(r"(20\d\d)年").expect("static regex");
    year.captures(head)
        .map(|c| c[1].to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;

    #[test]
    fn infers_city_and_province() {
        let rules = Rules::builtin();
        let m = infer_meta(
            "湖州市质量发展“十四五”规划\n(2021~2025年)\n",
            &rules.regions,
        );
        assert_eq!(m.level, Some(Level::City));
        assert_eq!(m.region, "湖州市");
        assert_eq!(m.parent_region, "浙江省");
        assert_eq!(m.period, "2021-2025");
        let m = infer_meta(
            "2021年是开局之年,全省经信系统……浙江制造……浙江",
            &rules.regions,
        );
        assert_eq!(m.level, Some(Level::Province));
        assert_eq!(m.region, "浙江省");
        let m = infer_meta("德清县2024年工作要点", &rules.regions);
        assert_eq!(
            (m.level, m.parent_region.as_str()),
            (Some(Level::County), "湖州市")
        );
    }
}
