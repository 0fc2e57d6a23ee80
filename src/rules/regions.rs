//! `rules/regions.toml`: China's administrative divisions, and finding them in a document.
//!
//! In: the regions file — every province, prefecture-level city and county-level unit with its
//! code (generated from the Ministry of Civil Affairs' GB/T 2260 codes by
//! `dev/regions/make_regions.py`; see `dev/regions/README.md`) — and, to find regions, a
//! document's text. Out: [`Regions`] (each [`Region`] with its level, code and parent) and the
//! regions named at the start of a document ([`Regions::find`]), for inferring a document's
//! region when no manifest describes it.
//!
//! A city entry with its province's own code is a stand-in, not a prefecture (a 直辖市's
//! districts, or county-level units a province administers directly): its counties get the
//! province as parent. Names are matched whole (`普陀区`, `菏泽市`) and by the short forms
//! people write (`阿坝州` for 阿坝藏族羌族自治州); a name held by several regions (普陀区 in
//! 上海市 and 舟山市) comes back with every candidate, for the caller to choose by the
//! document's other mentions.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use super::{parse_toml, RulesError};
use crate::model::{DocMeta, Level};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionsFile {
    province: Vec<ProvinceEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvinceEntry {
    name: String,
    short: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    city: Vec<CityEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CityEntry {
    name: String,
    short: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    counties: Vec<String>,
    #[serde(default)]
    county_codes: Vec<String>,
}

/// One named region with its level, code and its parent's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub name: String,
    pub short: String,
    pub level: Level,
    pub parent: String,
    /// GB/T 2260 code (`310107`), empty when the file gives none.
    pub code: String,
}

/// The region list: provinces, their cities, and the cities' counties.
#[derive(Debug)]
pub struct Regions {
    pub all: Vec<Region>,
    /// Whole names and written short forms → the regions they name; built on first use.
    matcher: OnceLock<(AhoCorasick, Vec<Vec<usize>>)>,
    /// Short names (`浙江`, `湖州`) → the regions they name; built on first use.
    shorts: OnceLock<(AhoCorasick, Vec<Vec<usize>>)>,
}

/// A region name found in a text: where, and every region it may name.
#[derive(Debug, Clone)]
pub struct RegionMatch<'r> {
    pub start: usize,
    pub end: usize,
    pub candidates: Vec<&'r Region>,
}

/// Names shorter than this are not looked for in text: `城区`, `郊区`, `矿区` are words.
const MIN_NAME_CHARS: usize = 3;

impl Regions {
    pub(super) fn parse(path: &Path, text: &str) -> Result<Self, RulesError> {
        let file: RegionsFile = parse_toml(path, text)?;
        let mut all = Vec::new();
        for p in file.province {
            for c in &p.city {
                // A stand-in city (a 直辖市, or counties under the province directly).
                let stand_in = !c.code.is_empty() && c.code == p.code;
                let parent = if stand_in { &p.name } else { &c.name };
                for (i, county) in c.counties.iter().enumerate() {
                    all.push(Region {
                        name: county.clone(),
                        short: county_short(county),
                        level: Level::County,
                        parent: parent.clone(),
                        code: c.county_codes.get(i).cloned().unwrap_or_default(),
                    });
                }
                if !stand_in {
                    all.push(Region {
                        name: c.name.clone(),
                        short: c.short.clone(),
                        level: Level::City,
                        parent: p.name.clone(),
                        code: c.code.clone(),
                    });
                }
            }
            all.push(Region {
                name: p.name,
                short: p.short,
                level: Level::Province,
                parent: String::new(),
                code: p.code,
            });
        }
        Ok(Self {
            all,
            matcher: OnceLock::new(),
            shorts: OnceLock::new(),
        })
    }

    /// The region of this name or short name; with several (普陀区), a province before a city
    /// before a county, then file order.
    pub fn by_name(&self, name: &str) -> Option<&Region> {
        self.all
            .iter()
            .filter(|r| r.name == name || r.short == name)
            .min_by_key(|r| r.level)
    }

    /// Every region named in `text`, in order (leftmost-longest, not overlapping).
    pub fn find<'r>(&'r self, text: &str) -> Vec<RegionMatch<'r>> {
        let (ac, targets) = self.matcher.get_or_init(|| self.build_matcher());
        ac.find_iter(text)
            .map(|m| RegionMatch {
                start: m.start(),
                end: m.end(),
                candidates: targets[m.pattern().as_usize()]
                    .iter()
                    .map(|&i| &self.all[i])
                    .collect(),
            })
            .collect()
    }

    /// The region of `level` whose short name `text` holds most often (one pass over the text).
    pub fn most_named(&self, text: &str, level: Level) -> Option<&Region> {
        let (ac, targets) = self.shorts.get_or_init(|| {
            automaton(
                self.all
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.short.chars().count() >= 2)
                    .map(|(i, r)| (r.short.clone(), i)),
            )
        });
        let mut counts = vec![0usize; self.all.len()];
        for m in ac.find_iter(text) {
            for &i in &targets[m.pattern().as_usize()] {
                counts[i] += 1;
            }
        }
        (0..self.all.len())
            .filter(|&i| self.all[i].level == level && counts[i] > 0)
            .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
            .map(|i| &self.all[i])
    }

    fn build_matcher(&self) -> (AhoCorasick, Vec<Vec<usize>>) {
        automaton(self.all.iter().enumerate().flat_map(|(i, r)| {
            written_forms(r)
                .into_iter()
                .filter(|f| f.chars().count() >= MIN_NAME_CHARS)
                .map(move |f| (f, i))
        }))
    }
}

/// A leftmost-longest automaton over names, and for each pattern the regions it names.
fn automaton(names: impl Iterator<Item = (String, usize)>) -> (AhoCorasick, Vec<Vec<usize>>) {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (name, i) in names {
        let regions = by_name.entry(name).or_default();
        if !regions.contains(&i) {
            regions.push(i);
        }
    }
    let (patterns, targets): (Vec<String>, Vec<Vec<usize>>) = by_name.into_iter().unzip();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .expect("region names build an automaton");
    (ac, targets)
}

/// `黄浦区` → `黄浦`; a one-character remainder keeps the whole name (`城区`).
fn county_short(county: &str) -> String {
    let short: String = county.trim_end_matches(['县', '区', '市', '旗']).to_owned();
    if short.chars().count() >= 2 {
        short
    } else {
        county.to_owned()
    }
}

/// The whole name and the short forms documents write for it: `阿坝州` for an autonomous
/// prefecture (阿坝藏族羌族自治州), `长阳县` for an autonomous county (长阳土家族自治县).
fn written_forms(r: &Region) -> Vec<String> {
    let mut forms = vec![r.name.clone()];
    if r.name.ends_with("自治州") && r.short.chars().count() >= 2 {
        forms.push(format!("{}州", r.short));
    }
    if r.name.ends_with("自治县") {
        let place: String = r.name.chars().take(2).collect();
        forms.push(format!("{place}县"));
    }
    forms
}

/// Region → parent region from (region, parent) links of document metadata, in corpus order
/// (a later document's word wins; links with an empty side are no links).
pub fn region_parents<'m>(
    links: impl Iterator<Item = (&'m str, &'m str)>,
) -> BTreeMap<&'m str, &'m str> {
    links
        .filter(|(region, parent)| !region.is_empty() && !parent.is_empty())
        .collect()
}

/// A document's region and the regions above it, nearest first (at most six; a cycle in the
/// metadata ends the chain). `parent` names a region's parent ("" for none).
pub fn region_chain(meta: &DocMeta, parent: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut chain = vec![meta.region.clone()];
    let mut next = meta.parent_region.clone();
    while !next.is_empty() && !chain.contains(&next) && chain.len() < 6 {
        let after = parent(&next);
        chain.push(next);
        next = after;
    }
    chain
}
