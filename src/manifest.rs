//! Corpus manifest (`manifest.toml`): what each document is — title, level, region, issuer,
//! period, parent region — and its SHA-256, so a bundled corpus can prove it is unchanged.
//!
//! In: a TOML file with `[[document]]` tables (unknown fields rejected). Out: [`Manifest`],
//! looked up by file name. Documents the manifest does not describe get their metadata
//! inferred from their text by [`infer_meta`], using the region list in `rules/regions.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{DocMeta, Level};
use crate::rules::{Region, Regions};

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

/// Infer title, level, region and period from a document's normalized text; with a note when
/// the region's name is ambiguous.
///
/// Level and region, from the opening 300 characters: a region named in the title line decides,
/// the most specific of a run like `上海市长宁区` or `山东省菏泽市`; failing that, a central
/// document (addressed to `各省、自治区、直辖市`, issued by 国务院/中共中央) is national; failing
/// that, the first region named in the opening. A name several regions hold (普陀区: 上海市,
/// 舟山市) is settled by how often the text names each one's parent and grandparent, and left
/// unset, with a note, when that does not settle it. With no region in the opening, the most
/// frequent short name (`浙江`) of the whole text, at the level `全省`/`全市`/`全县` points to.
pub fn infer_meta(text: &str, regions: &Regions) -> (DocMeta, Option<String>) {
    let head: String = text.chars().take(300).collect();
    let title_end = head.find('\n').unwrap_or(head.len());
    let found = regions.find(&head);
    let in_title = found.iter().position(|m| m.start < title_end);
    let (region, note) = match in_title {
        Some(i) => most_specific(&found[i..], text),
        None if is_central(&head) => (None, None),
        None if !found.is_empty() => most_specific(&found, text),
        None => (by_frequency(text, regions), None),
    };
    let national = region.is_none() && note.is_none() && is_central(&head);
    let title = text
        .lines()
        .map(|l| l.trim().trim_matches('|').trim())
        .find(|l| !l.is_empty())
        .map(|l| l.chars().take(60).collect())
        .unwrap_or_default();
    let meta = DocMeta {
        title,
        level: region
            .map(|r| r.level)
            .or(national.then_some(Level::National)),
        region: match region {
            Some(r) => r.name.clone(),
            None if national => "全国".to_owned(),
            None => String::new(),
        },
        issuer: String::new(),
        period: infer_period(&head),
        parent_region: region.map(|r| r.parent.clone()).unwrap_or_default(),
        meta_source: "inferred",
    };
    (meta, note)
}

/// A document of the central government: addressed to every province, or issued by 国务院 or
/// 中共中央 in its opening.
fn is_central(head: &str) -> bool {
    [
        "各省、自治区、直辖市",
        "国务院关于",
        "中共中央",
        "国发〔",
        "国办发〔",
    ]
    .iter()
    .any(|w| head.contains(w))
}

/// The region of the first match, made more specific by matches that follow it directly and
/// name one of its children (`上海市长宁区` → 长宁区), its ambiguity settled by `text`.
fn most_specific<'r>(
    found: &[crate::rules::RegionMatch<'r>],
    text: &str,
) -> (Option<&'r Region>, Option<String>) {
    let (mut chosen, mut note) = settle(&found[0], text);
    let mut end = found[0].end;
    for m in &found[1..] {
        let Some(current) = chosen else { break };
        if m.start > end + "、".len() {
            break;
        }
        match m.candidates.iter().find(|c| c.parent == current.name) {
            Some(child) => {
                chosen = Some(*child);
                note = None;
                end = m.end;
            }
            None => break,
        }
    }
    (chosen, note)
}

/// One region for a match: the only candidate, or the one whose parent and grandparent the
/// text names most often; none, with a note, when that is a tie.
fn settle<'r>(
    m: &crate::rules::RegionMatch<'r>,
    text: &str,
) -> (Option<&'r Region>, Option<String>) {
    if let [only] = m.candidates[..] {
        return (Some(only), None);
    }
    // The short form (`上海` of 上海市) also counts each full mention.
    let mentions = |r: &Region| {
        text.matches(r.parent.trim_end_matches(['省', '市']))
            .count()
    };
    let mut scored: Vec<(usize, &Region)> =
        m.candidates.iter().map(|r| (mentions(r), *r)).collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    let parents: Vec<&str> = m.candidates.iter().map(|r| r.parent.as_str()).collect();
    if scored[0].0 > scored[1].0 {
        return (Some(scored[0].1), None);
    }
    let name = &m.candidates[0].name;
    (
        None,
        Some(format!(
            "region {name} is ambiguous ({}) and the text names none of those more often: left unset",
            parents.join("、")
        )),
    )
}

/// The most frequent short name of the whole text, at the level `全省`/`全市`/`全县` points to.
fn by_frequency<'r>(text: &str, regions: &'r Regions) -> Option<&'r Region> {
    let level = [
        ("全县", Level::County),
        ("全市", Level::City),
        ("全省", Level::Province),
    ]
    .into_iter()
    .max_by_key(|(w, _)| text.matches(w).count())
    .filter(|(w, _)| text.contains(w))
    .map(|(_, l)| l)?;
    regions.most_named(text, level)
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
        let (m, _) = infer_meta(
            "湖州市质量发展“十四五”规划\n(2021~2025年)\n",
            &rules.regions,
        );
        assert_eq!(m.level, Some(Level::City));
        assert_eq!(m.region, "湖州市");
        assert_eq!(m.parent_region, "浙江省");
        assert_eq!(m.period, "2021-2025");
        let (m, _) = infer_meta(
            "2021年是开局之年,全省经信系统……浙江制造……浙江",
            &rules.regions,
        );
        assert_eq!(m.level, Some(Level::Province));
        assert_eq!(m.region, "浙江省");
        let (m, _) = infer_meta("德清县2024年工作要点", &rules.regions);
        assert_eq!(
            (m.level, m.parent_region.as_str()),
            (Some(Level::County), "湖州市")
        );
    }

    /// Districts of every province come from the GB/T 2260 data (rules/regions.toml), a run of
    /// names in the title gives the most specific, and a name two regions hold is settled by
    /// the text's other mentions, or left unset with a note.
    #[test]
    fn a_district_plan_without_a_manifest_gets_its_district_and_city() {
        let rules = crate::rules::Rules::builtin();
        let infer = |text: &str| infer_meta(text, &rules.regions);
        let (m, note) = infer("上海市长宁区国民经济和社会发展第十五个五年规划纲要\n");
        assert_eq!(
            (m.level, m.region.as_str(), m.parent_region.as_str()),
            (Some(Level::County), "长宁区", "上海市")
        );
        assert_eq!(note, None);
        let (m, _) = infer("山东省菏泽市城乡规划条例\n");
        assert_eq!(
            (m.region.as_str(), m.parent_region.as_str()),
            ("菏泽市", "山东省")
        );
        let (m, _) = infer("阿坝州人民政府办公室关于印发管理办法的通知\n");
        assert_eq!(m.region, "阿坝藏族羌族自治州");
        // 普陀区 is a district of 上海市 and of 舟山市.
        let (m, _) = infer("普陀区国土空间近期规划\n对接上海大都市圈，服务上海市发展。");
        assert_eq!(
            (m.region.as_str(), m.parent_region.as_str()),
            ("普陀区", "上海市")
        );
        let (m, _) = infer("普陀区海洋经济发展规划\n建设舟山群岛新区，舟山市委部署。");
        assert_eq!(
            (m.region.as_str(), m.parent_region.as_str()),
            ("普陀区", "舟山市")
        );
        let (m, note) = infer("普陀区工作要点\n");
        assert_eq!((m.level, m.region.as_str()), (None, ""));
        assert!(note
            .unwrap()
            .contains("普陀区 is ambiguous (上海市、舟山市)"));
    }

    #[test]
    fn a_central_document_is_national_and_a_province_forwarding_one_is_not() {
        let rules = crate::rules::Rules::builtin();
        let (m, _) = infer_meta(
            "国务院关于印发“十四五”数字经济发展规划的通知\n国发〔2021〕29号\n各省、自治区、直辖市人民政府：",
            &rules.regions,
        );
        assert_eq!(
            (m.level, m.region.as_str()),
            (Some(Level::National), "全国")
        );
        let (m, _) = infer_meta(
            "浙江省人民政府关于贯彻落实国务院关于数字经济发展规划的实施意见\n",
            &rules.regions,
        );
        assert_eq!(
            (m.level, m.region.as_str()),
            (Some(Level::Province), "浙江省")
        );
    }
}
