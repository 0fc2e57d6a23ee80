//! Rule data loaded from `rules/*.toml`: scrape-clutter patterns, the region list,
//! boilerplate phrases, the policy dictionary and stop words.
//!
//! In: a rules folder (default `rules/`; when absent, the copies built into the binary).
//! Out: a frozen [`Rules`]. Every file is read with unknown fields rejected, so a typo in a rule
//! file is an error naming the file, line and field rather than a rule silently ignored.

use std::path::{Path, PathBuf};

mod regions;

pub use regions::{region_chain, region_parents, Region, RegionMatch, Regions};

use regex::Regex;
use serde::Deserialize;

#[cfg(test)]
use crate::model::Level;

const DEFAULT_CLUTTER: &str = include_str!("../../rules/clutter.toml");
const DEFAULT_REGIONS: &str = include_str!("../../rules/regions.toml");
const DEFAULT_BOILERPLATE: &str = include_str!("../../rules/boilerplate.toml");
const DEFAULT_DICTIONARY: &str = include_str!("../../rules/dictionary.toml");
const DEFAULT_STOPWORDS: &str = include_str!("../../rules/stopwords.toml");
const DEFAULT_METRICS: &str = include_str!("../../rules/metrics.toml");
const DEFAULT_CHECKS: &str = include_str!("../../rules/checks.toml");

/// Each rule file: its name in the rules folder and the copy built into the binary.
const RULE_FILES: [(&str, &str); 7] = [
    ("clutter.toml", DEFAULT_CLUTTER),
    ("regions.toml", DEFAULT_REGIONS),
    ("boilerplate.toml", DEFAULT_BOILERPLATE),
    ("dictionary.toml", DEFAULT_DICTIONARY),
    ("stopwords.toml", DEFAULT_STOPWORDS),
    ("metrics.toml", DEFAULT_METRICS),
    ("checks.toml", DEFAULT_CHECKS),
];

/// A rule file that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("{path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
}

/// All rule data, compiled.
#[derive(Debug)]
pub struct Rules {
    pub clutter: Clutter,
    pub regions: Regions,
    /// Stock phrases listed as boilerplate, never as duplicates (`rules/boilerplate.toml`).
    pub boilerplate: Vec<String>,
    /// Policy-domain words for the tokenizer (`rules/dictionary.toml`).
    pub dictionary: Vec<String>,
    /// Words dropped before alignment scoring (`rules/stopwords.toml`).
    pub stopwords: Vec<String>,
    /// Canonical metrics and the units that fit each kind of thing (`rules/metrics.toml`).
    pub metrics: Metrics,
    /// Rule instances of the check kinds (`rules/checks.toml`).
    pub checks: Vec<RuleDef>,
    /// Hex SHA-256 over every rule file's name and text: a saved index built with other rules
    /// is stale.
    pub digest: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecksFile {
    rule: Vec<RuleDef>,
}

/// One rule instance: a check kind with its id, name, severity, message and documentation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    pub name: String,
    pub kind: crate::model::CheckKind,
    pub severity: crate::model::Severity,
    pub message: String,
    pub what: String,
    pub why: String,
    pub example: String,
}

/// `rules/metrics.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metrics {
    #[serde(default)]
    pub metric: Vec<MetricEntry>,
    #[serde(default)]
    pub noun_units: Vec<NounUnits>,
    /// Each synonym's comparable form and sorted character bigrams, made once (every target's
    /// metric is matched against every synonym).
    #[serde(skip)]
    prepared: std::sync::OnceLock<Vec<PreparedSynonym>>,
}

/// A synonym ready for matching: its metric's key, comparable text and sorted bigrams.
#[derive(Debug, Clone)]
pub struct PreparedSynonym {
    pub key: String,
    pub comparable: String,
    pub bigrams: Vec<(char, char)>,
}

impl Metrics {
    /// The synonyms of every metric, in file order, prepared for matching.
    pub fn prepared_synonyms(&self) -> &[PreparedSynonym] {
        self.prepared.get_or_init(|| {
            self.metric
                .iter()
                .flat_map(|m| {
                    m.synonyms.iter().map(|syn| {
                        let comparable = comparable_metric(syn);
                        PreparedSynonym {
                            key: m.key.clone(),
                            bigrams: crate::text::bigrams(&comparable),
                            comparable,
                        }
                    })
                })
                .collect()
        })
    }
}

/// Metric phrase cleaned for comparison: quotes, brackets, spaces and scope words removed.
pub fn comparable_metric(raw: &str) -> String {
    let mut t = crate::text::matching_string(raw);
    for w in [
        "(新增)",
        "(累计)",
        "(建议)",
        "(培育)",
        "（新增）",
        "（累计）",
        "数量",
        "总数",
    ] {
        t = t.replace(w, "");
    }
    t.chars()
        .filter(|c| crate::text::is_han(*c) || c.is_ascii_alphanumeric())
        .collect()
}

/// A canonical metric and the phrases that name it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricEntry {
    pub key: String,
    pub synonyms: Vec<String>,
}

/// The units that fit a metric whose head noun is `noun`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NounUnits {
    pub noun: String,
    pub units: Vec<String>,
}

impl Rules {
    /// The rules built into the binary (the repository's `rules/` at build time).
    pub fn builtin() -> Self {
        let sources: Vec<(PathBuf, String)> = RULE_FILES
            .iter()
            .map(|(name, text)| (Path::new("<builtin>").join(name), (*text).to_owned()))
            .collect();
        Self::from_sources(&sources).expect("built-in rules are valid (checked by tests)")
    }

    /// Load every rule file from `dir`; a file missing there falls back to the built-in copy.
    pub fn load(dir: &Path) -> Result<Self, RulesError> {
        let mut sources = Vec::new();
        for (name, fallback) in RULE_FILES {
            let path = dir.join(name);
            if crate::files::is_missing(&path) {
                sources.push((path, fallback.to_owned()));
                continue;
            }
            match crate::files::read_text_bounded(&path, crate::files::MAX_SETTINGS_BYTES) {
                Ok(s) => sources.push((path, s)),
                Err(reason) => return Err(RulesError::Read { path, reason }),
            }
        }
        Self::from_sources(&sources)
    }

    /// Parse one rule file's text in place of its built-in copy (`name` as in `rules/`, e.g.
    /// `checks.toml`); the error names `path`. Used by fuzzing and tests.
    pub fn with_file(name: &str, path: &Path, text: &str) -> Result<Self, RulesError> {
        let sources: Vec<(PathBuf, String)> = RULE_FILES
            .iter()
            .map(|(n, builtin)| {
                if *n == name {
                    (path.to_owned(), text.to_owned())
                } else {
                    (Path::new("<builtin>").join(n), (*builtin).to_owned())
                }
            })
            .collect();
        Self::from_sources(&sources)
    }

    /// The rule file names, as in `rules/`.
    pub fn file_names() -> impl Iterator<Item = &'static str> {
        RULE_FILES.iter().map(|(n, _)| *n)
    }

    /// Parse the sources, in the order of `RULE_FILES`.
    fn from_sources(sources: &[(PathBuf, String)]) -> Result<Self, RulesError> {
        let [clutter, regions, boilerplate, dictionary, stopwords, metrics, checks] = sources
        else {
            unreachable!("one source per rule file");
        };
        let phrases: BoilerplateFile = parse_toml(&boilerplate.0, &boilerplate.1)?;
        let terms: DictionaryFile = parse_toml(&dictionary.0, &dictionary.1)?;
        let stop: StopwordsFile = parse_toml(&stopwords.0, &stopwords.1)?;
        let digest = {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            for ((name, _), (_, text)) in RULE_FILES.iter().zip(sources) {
                h.update(name.as_bytes());
                h.update([0]);
                h.update((text.len() as u64).to_le_bytes());
                h.update(text.as_bytes());
            }
            h.finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        Ok(Self {
            digest,
            clutter: Clutter::parse(&clutter.0, &clutter.1)?,
            regions: Regions::parse(&regions.0, &regions.1)?,
            boilerplate: phrases.phrases,
            dictionary: terms.terms,
            stopwords: stop.words,
            metrics: parse_toml(&metrics.0, &metrics.1)?,
            checks: parse_toml::<ChecksFile>(&checks.0, &checks.1)?.rule,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DictionaryFile {
    terms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StopwordsFile {
    words: Vec<String>,
}

fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, RulesError> {
    toml::from_str(text).map_err(|e| RulesError::Parse {
        path: path.to_owned(),
        message: e.to_string().trim_end().replace('\n', "\n  "),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoilerplateFile {
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClutterFile {
    line_patterns: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
}

/// Longest line a clutter line pattern can remove, in characters.
pub const MAX_CLUTTER_LINE_CHARS: usize = 300;

/// Patterns for lines and phrases that are page furniture, not content.
#[derive(Debug)]
pub struct Clutter {
    line_patterns: Vec<Regex>,
    phrases: Vec<Regex>,
}

impl Clutter {
    fn parse(path: &Path, text: &str) -> Result<Self, RulesError> {
        let file: ClutterFile = parse_toml(path, text)?;
        let compile = |p: &str| {
            Regex::new(p).map_err(|e| RulesError::Parse {
                path: path.to_owned(),
                message: format!("invalid pattern {p:?}: {e}"),
            })
        };
        let line_patterns = file
            .line_patterns
            .iter()
            .map(|p| compile(p))
            .collect::<Result<_, _>>()?;
        let phrases = file
            .phrases
            .iter()
            .map(|p| {
                let parts: Vec<String> = p.split_whitespace().map(regex::escape).collect();
                compile(&parts.join(r"\s*"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            line_patterns,
            phrases,
        })
    }

    /// Whether a whole line is clutter. Patterns are tried on the line and on the line
    /// without the `|` borders scraped tables leave (`打印 关闭 |`); a line of pipes only is
    /// clutter.
    /// Whether a whole line is page furniture (lines longer than
    /// [`MAX_CLUTTER_LINE_CHARS`] never are).
    pub fn is_clutter_line(&self, line: &str) -> bool {
        let t = line.trim();
        if t.is_empty() {
            return false;
        }
        let inner = t.trim_matches(|c: char| c == '|' || c.is_whitespace());
        if inner.is_empty() {
            return true;
        }
        // A long line is content whatever it starts with: a scrape that put its metadata and
        // its whole body on one line must not lose the body.
        if t.chars().count() > MAX_CLUTTER_LINE_CHARS {
            return false;
        }
        self.line_patterns
            .iter()
            .any(|re| re.is_match(t) || re.is_match(inner))
    }

    /// Byte ranges of clutter phrases inside a line.
    pub fn phrase_ranges(&self, line: &str) -> Vec<std::ops::Range<usize>> {
        let mut out: Vec<_> = self
            .phrases
            .iter()
            .flat_map(|re| re.find_iter(line).map(|m| m.range()))
            .collect();
        out.sort_by_key(|r| r.start);
        out.dedup_by(|b, a| b.start < a.end);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        let r = Rules::builtin();
        assert!(r
            .clutter
            .is_clutter_line("索引号: | 002482031/2019-770699 | 主题分类: | 政务综合类 |"));
        assert!(r.clutter.is_clutter_line("---|---|---|---|"));
        assert!(r.clutter.is_clutter_line("打印 关闭"));
        assert!(r.clutter.is_clutter_line("打印 关闭 |"));
        assert!(r.clutter.is_clutter_line("|"));
        assert!(!r.clutter.is_clutter_line("一、总体要求"));
        assert_eq!(r.clutter.phrase_ranges("正文。 打印  关闭").len(), 1);
        let huzhou = r.regions.by_name("湖州市").unwrap();
        assert_eq!(huzhou.level, Level::City);
        assert_eq!(huzhou.parent, "浙江省");
        assert!(
            r.regions
                .all
                .iter()
                .filter(|r| r.level == Level::City && r.parent == "浙江省")
                .count()
                == 11
        );
    }

    #[test]
    fn typo_field_names_file_and_line() {
        let err = Clutter::parse(
            Path::new("rules/clutter.toml"),
            "line_patterns = []\nphrazes = []\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("rules/clutter.toml"), "{err}");
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("phrazes"), "{err}");
    }
}
