//! Synthetic plan corpora for accuracy tests and benchmarks (used by `gen-corpus`, the tests and
//! the benches; not part of the user CLI).
//!
//! In: the texts of real plans (the seeds), a document count and a random seed. Out: a
//! [`SynthCorpus`]: plan-shaped documents (title, 一、/（一） headings, paragraphs, 专栏 boxes)
//! whose sentences come from a character bigram model trained on the seeds, plus copies of
//! passages injected across and within documents with recorded edits (numbers, words,
//! punctuation, Traditional characters, inserted spaces), and an answer key of every injected
//! copy with its byte spans in both files. Deterministic for a given seed (own PRNG).
//!
//! Generated filler never repeats a 16-character window of earlier filler (rejection sampling),
//! so the injected copies are the only duplicates of 20+ characters, up to rare accidents the
//! generator counts in [`SynthCorpus::filler_collisions`].

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;
use std::path::Path;

use anyhow::Context;

use crosscheck::model::Level;

/// SplitMix64: small, fast, and stable across crate versions.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Character bigram model of plan prose.
#[derive(Debug, Default)]
pub struct Bigrams {
    next: BTreeMap<char, Vec<char>>,
    starts: Vec<char>,
}

impl Bigrams {
    /// Train on sentences of `texts` (Han characters and Chinese punctuation only).
    pub fn train(texts: &[String]) -> Self {
        let mut m = Bigrams::default();
        for t in texts {
            let mut prev: Option<char> = None;
            for c in t.chars() {
                let keep = crosscheck::text::is_han(c) || "，、；".contains(c);
                if !keep {
                    prev = None;
                    continue;
                }
                match prev {
                    Some(p) => m.next.entry(p).or_default().push(c),
                    None if crosscheck::text::is_han(c) => m.starts.push(c),
                    None => {}
                }
                prev = Some(c);
            }
        }
        m
    }

    /// One sentence of `len` characters or so, ending with `。`.
    pub fn sentence(&self, rng: &mut Rng, len: usize) -> String {
        let mut s = String::new();
        let mut c = *rng.pick(&self.starts);
        let mut since_comma = 0;
        for _ in 0..len {
            s.push(c);
            since_comma += 1;
            c = match self.next.get(&c) {
                Some(v) if !v.is_empty() => *rng.pick(v),
                _ => *rng.pick(&self.starts),
            };
            if "，、；".contains(c) && since_comma < 4 {
                c = *rng.pick(&self.starts);
            }
            if "，、；".contains(c) {
                since_comma = 0;
            }
        }
        let trimmed = s.trim_end_matches(['，', '、', '；']).to_owned();
        trimmed + "。"
    }
}

/// One injected copy: where the source passage and its copy are in their files.
#[derive(Debug, Clone)]
pub struct Injected {
    pub source_doc: usize,
    pub source: std::ops::Range<usize>,
    pub copy_doc: usize,
    pub copy: std::ops::Range<usize>,
    /// What was changed in the copy (`number`, `word`, `punctuation`, `traditional`, `spaces`).
    pub mutations: Vec<&'static str>,
}

/// A generated document.
#[derive(Debug, Clone)]
pub struct SynthDoc {
    pub name: String,
    pub title: String,
    pub level: Level,
    pub region: String,
    pub parent_region: String,
    pub text: String,
}

/// A generated corpus and its answer key.
#[derive(Debug, Clone, Default)]
pub struct SynthCorpus {
    pub docs: Vec<SynthDoc>,
    pub injected: Vec<Injected>,
    /// Filler sentences accepted although they repeat a 16-character window (rejection gave up).
    pub filler_collisions: usize,
}

/// Generator settings.
#[derive(Debug, Clone)]
pub struct SynthConfig {
    pub docs: usize,
    pub seed: u64,
    /// Paragraphs per document (each 2–5 sentences).
    pub paragraphs: std::ops::Range<usize>,
    /// Chance that a paragraph is replaced by a copy of an earlier passage.
    pub copy_rate: f64,
    /// Share of copies taken from the same document.
    pub within_doc_share: f64,
}

impl Default for SynthConfig {
    fn default() -> Self {
        Self {
            docs: 40,
            seed: 42,
            paragraphs: 12..24,
            copy_rate: 0.08,
            within_doc_share: 0.3,
        }
    }
}

const TRADITIONAL: &[(char, char)] = &[
    ('发', '發'),
    ('业', '業'),
    ('产', '產'),
    ('经', '經'),
    ('济', '濟'),
    ('质', '質'),
    ('务', '務'),
    ('标', '標'),
    ('设', '設'),
    ('区', '區'),
    ('国', '國'),
    ('动', '動'),
    ('进', '進'),
    ('实', '實'),
    ('现', '現'),
    ('术', '術'),
    ('创', '創'),
    ('级', '級'),
    ('强', '強'),
    ('体', '體'),
    ('优', '優'),
    ('网', '網'),
    ('联', '聯'),
    ('数', '數'),
    ('农', '農'),
    ('环', '環'),
    ('绿', '綠'),
    ('电', '電'),
    ('综', '綜'),
    ('护', '護'),
    ('监', '監'),
    ('县', '縣'),
    ('开', '開'),
    ('关', '關'),
    ('规', '規'),
    ('划', '劃'),
    ('营', '營'),
    ('养', '養'),
    ('药', '藥'),
    ('医', '醫'),
    ('种', '種'),
    ('应', '應'),
];

const METRICS: &[(&str, &str)] = &[
    ("培育“品字标”品牌企业", "家"),
    ("创建省级绿色工厂", "家"),
    ("新增规上工业企业", "家"),
    ("建成5G基站", "个"),
    ("制定“浙江制造”标准", "项"),
    ("实施重点技改项目", "个"),
    ("新建数字化车间", "个"),
    ("培育专精特新中小企业", "家"),
];

const HEADINGS: &[&str] = &["一", "二", "三", "四", "五", "六"];
const SUBHEADINGS: &[&str] = &["（一）", "（二）", "（三）", "（四）"];

/// Generate a corpus from seed texts.
pub fn generate(
    seed_texts: &[String],
    regions: &[(String, Level, String)],
    cfg: &SynthConfig,
) -> SynthCorpus {
    let model = Bigrams::train(seed_texts);
    let mut rng = Rng::new(cfg.seed);
    let mut out = SynthCorpus::default();
    let mut seen: HashSet<u64> = HashSet::new();
    // Paragraph spans of finished documents that may be copied (each copied at most once).
    let mut copyable: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut used_sources: HashSet<(usize, usize)> = HashSet::new();
    for i in 0..cfg.docs {
        let (region, level, parent) = regions[i % regions.len().max(1)].clone();
        let year = 2021 + rng.below(4);
        // Titles take unique filler words: templated title blocks would be real shared text
        // between documents and blur the answer key.
        let topic = filler(&model, &mut rng, &mut seen, &mut out, 6);
        let title = format!("{region}{}“十四五”规划", topic.trim_end_matches('。'));
        let mut text = String::new();
        let _ = writeln!(text, "{title}");
        let _ = writeln!(text, "（{year}—2025年）");
        let mut own: Vec<std::ops::Range<usize>> = Vec::new();
        let paragraphs = cfg.paragraphs.start + rng.below(cfg.paragraphs.len().max(1));
        let mut heading = 0;
        for p in 0..paragraphs {
            if p % 5 == 0 && heading < HEADINGS.len() {
                let _ = writeln!(
                    text,
                    "{}、{}",
                    HEADINGS[heading],
                    filler(&model, &mut rng, &mut seen, &mut out, 8).trim_end_matches('。')
                );
                heading += 1;
            } else if p % 5 == 2 {
                let _ = writeln!(
                    text,
                    "{}{}",
                    SUBHEADINGS[rng.below(SUBHEADINGS.len())],
                    filler(&model, &mut rng, &mut seen, &mut out, 10).trim_end_matches('。')
                );
            }
            let inject = rng.chance(cfg.copy_rate);
            let from_self = rng.chance(cfg.within_doc_share) && own.len() > 1;
            let source = if !inject {
                None
            } else if from_self {
                let r = own[rng.below(own.len())].clone();
                (!used_sources.contains(&(i, r.start))).then_some((i, r))
            } else if !copyable.is_empty() {
                let (d, r) = copyable[rng.below(copyable.len())].clone();
                (!used_sources.contains(&(d, r.start))).then_some((d, r))
            } else {
                None
            };
            if let Some((d, r)) = source {
                used_sources.insert((d, r.start));
                let paragraph = if d == i {
                    &text[r.clone()]
                } else {
                    &out.docs[d].text[r.clone()]
                };
                // A third of the copies are one sentence set into a new paragraph.
                let sentence = rng
                    .chance(0.35)
                    .then(|| one_long_sentence(paragraph, r.start, &mut rng))
                    .flatten();
                let (source_range, embedded) = match sentence {
                    Some(s) => (s, true),
                    None => (r, false),
                };
                let original = if d == i {
                    text[source_range.clone()].to_owned()
                } else {
                    out.docs[d].text[source_range.clone()].to_owned()
                };
                let (copy, mutations) = mutate(&original, &mut rng);
                if embedded {
                    text.push_str(&filler(&model, &mut rng, &mut seen, &mut out, 24));
                }
                let start = text.len();
                text.push_str(&copy);
                let end = text.len();
                if embedded {
                    text.push_str(&filler(&model, &mut rng, &mut seen, &mut out, 30));
                }
                text.push('\n');
                used_sources.insert((i, start));
                out.injected.push(Injected {
                    source_doc: d,
                    source: source_range,
                    copy_doc: i,
                    copy: start..end,
                    mutations,
                });
                continue;
            }
            let start = text.len();
            let sentences = 2 + rng.below(4);
            for s in 0..sentences {
                if s == 1 && rng.chance(0.5) {
                    let (metric, unit) = rng.pick(METRICS);
                    let n = 10 + rng.below(990);
                    text.push_str(&format!(
                        "到{}年，{metric}{n}{unit}以上。",
                        2022 + rng.below(4)
                    ));
                } else {
                    let len = 18 + rng.below(40);
                    text.push_str(&filler(&model, &mut rng, &mut seen, &mut out, len));
                }
            }
            let end = text.len();
            text.push('\n');
            own.push(start..end);
        }
        if rng.chance(0.3) {
            let _ = writeln!(
                text,
                "专栏1：{}工程 |",
                filler(&model, &mut rng, &mut seen, &mut out, 8).trim_end_matches('。')
            );
            let bullets: Vec<String> = (0..3)
                .map(|_| format!("¨ {}", filler(&model, &mut rng, &mut seen, &mut out, 40)))
                .collect();
            let _ = writeln!(text, "{} |", bullets.join(" "));
        }
        for r in &own {
            copyable.push((i, r.clone()));
        }
        out.docs.push(SynthDoc {
            name: format!("{i:05}"),
            title,
            level,
            region,
            parent_region: parent,
            text,
        });
    }
    out
}

/// A sentence of 24+ characters inside `paragraph` (which starts at byte `offset`), as a range.
fn one_long_sentence(
    paragraph: &str,
    offset: usize,
    rng: &mut Rng,
) -> Option<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, c) in paragraph.char_indices() {
        if c == '。' {
            let end = i + c.len_utf8();
            // Target sentences follow shared templates (boilerplate once numbers are masked).
            let templated = paragraph[start..end].starts_with('到');
            if !templated && paragraph[start..end].chars().count() >= 24 {
                spans.push(offset + start..offset + end);
            }
            start = end;
        }
    }
    (!spans.is_empty()).then(|| spans[rng.below(spans.len())].clone())
}

/// A filler sentence that repeats no 16-character window of earlier filler.
fn filler(
    model: &Bigrams,
    rng: &mut Rng,
    seen: &mut HashSet<u64>,
    out: &mut SynthCorpus,
    len: usize,
) -> String {
    const W: usize = 16;
    for attempt in 0..20 {
        let s = model.sentence(rng, len);
        let chars: Vec<char> = s.chars().collect();
        let hashes: Vec<u64> = chars.windows(W.min(chars.len())).map(window_hash).collect();
        if attempt < 19 && hashes.iter().any(|h| seen.contains(h)) {
            continue;
        }
        if hashes.iter().any(|h| seen.contains(h)) {
            out.filler_collisions += 1;
        }
        seen.extend(hashes);
        return s;
    }
    unreachable!("the last attempt always returns")
}

fn window_hash(w: &[char]) -> u64 {
    w.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &c| {
        (h ^ c as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// Apply 0–4 random edits to a copy; returns the copy and what was changed.
fn mutate(original: &str, rng: &mut Rng) -> (String, Vec<&'static str>) {
    let mut chars: Vec<char> = original.chars().collect();
    let mut done = Vec::new();
    let edits = rng.below(5);
    for _ in 0..edits {
        match rng.below(5) {
            0 => {
                // change a number, or the first run of digits
                if let Some(p) = chars.iter().position(|c| c.is_ascii_digit()) {
                    let end = p + chars[p..].iter().take_while(|c| c.is_ascii_digit()).count();
                    let n: String = (10 + rng.below(990)).to_string();
                    chars.splice(p..end, n.chars());
                    done.push("number");
                }
            }
            1 => {
                // replace a two-character word
                let p = 2 + rng.below(chars.len().saturating_sub(6).max(1));
                if p + 2 < chars.len()
                    && chars[p..p + 2].iter().all(|c| crosscheck::text::is_han(*c))
                {
                    let repl = [
                        *rng.pick(&['推', '深', '加', '完', '提', '建']),
                        *rng.pick(&['进', '化', '快', '善', '升', '设']),
                    ];
                    chars.splice(p..p + 2, repl);
                    done.push("word");
                }
            }
            2 => {
                if let Some(p) = chars.iter().position(|&c| c == '，') {
                    chars[p] = '。';
                    done.push("punctuation");
                }
            }
            3 => {
                let mut changed = false;
                for c in chars.iter_mut() {
                    if let Some(&(_, t)) = TRADITIONAL.iter().find(|(s, _)| s == c) {
                        *c = t;
                        changed = true;
                    }
                }
                if changed {
                    done.push("traditional");
                }
            }
            _ => {
                let p = 1 + rng.below(chars.len().saturating_sub(2).max(1));
                if p < chars.len()
                    && crosscheck::text::is_han(chars[p - 1])
                    && crosscheck::text::is_han(chars[p])
                {
                    chars.insert(p, ' ');
                    done.push("spaces");
                }
            }
        }
    }
    (chars.into_iter().collect(), done)
}

/// Zhejiang's regions from the rules, as (name, level, parent) for generated documents.
pub fn regions_of(rules: &crosscheck::rules::Rules) -> Vec<(String, Level, String)> {
    let mut out: Vec<(String, Level, String)> = rules
        .regions
        .all
        .iter()
        .filter(|r| {
            r.name == "浙江省"
                || r.parent == "浙江省"
                || rules
                    .regions
                    .by_name(&r.parent)
                    .is_some_and(|p| p.parent == "浙江省")
        })
        .map(|r| (r.name.clone(), r.level, r.parent.clone()))
        .collect();
    out.sort_by_key(|r| r.1);
    out
}

/// The manifest (`manifest.toml`) of a generated corpus.
pub fn manifest_toml(corpus: &SynthCorpus) -> String {
    let mut s =
        String::from("# Generated by gen-corpus; see answers.csv for the injected copies.\n");
    for d in &corpus.docs {
        let _ = write!(
            s,
            "\n[[document]]\nfile = \"{}.txt\"\nid = \"{}\"\ntitle = \"{}\"\nlevel = \"{}\"\nregion = \"{}\"\nparent_region = \"{}\"\n",
            d.name,
            d.name,
            d.title.replace('"', "\\\""),
            d.level.as_str(),
            d.region,
            d.parent_region
        );
    }
    s
}

/// The answer key as CSV: one row per injected copy, byte spans in both files.
pub fn answers_csv(corpus: &SynthCorpus) -> String {
    let mut s =
        String::from("source_doc,source_start,source_end,copy_doc,copy_start,copy_end,mutations\n");
    for a in &corpus.injected {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{}",
            corpus.docs[a.source_doc].name,
            a.source.start,
            a.source.end,
            corpus.docs[a.copy_doc].name,
            a.copy.start,
            a.copy.end,
            a.mutations.join("+")
        );
    }
    s
}

/// What `gen-corpus` does: read the plans in `seeds` (built-in rules), generate a corpus from
/// their text with `cfg`, and write it to `out` (created): `NNNNN.txt`, `manifest.toml` and
/// `answers.csv`. Existing `.txt` files in `out` are left alone. Returns the generated corpus.
pub fn write_corpus(out: &Path, seeds: &Path, cfg: &SynthConfig) -> anyhow::Result<SynthCorpus> {
    let rules = crosscheck::rules::Rules::builtin();
    let corpus = crosscheck::pipeline::build_corpus(
        &[seeds.to_path_buf()],
        None,
        &rules,
        &crosscheck::pipeline::Budget::DEFAULT,
        &crosscheck::pipeline::Unobserved,
    );
    anyhow::ensure!(
        !corpus.documents.is_empty(),
        "no readable seed documents in {}",
        seeds.display()
    );
    let texts: Vec<String> = corpus
        .documents
        .iter()
        .map(|d| d.text().to_owned())
        .collect();
    let generated = generate(&texts, &regions_of(&rules), cfg);
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    for d in &generated.docs {
        let path = out.join(format!("{}.txt", d.name));
        std::fs::write(&path, &d.text).with_context(|| format!("writing {}", path.display()))?;
    }
    std::fs::write(out.join("manifest.toml"), manifest_toml(&generated))?;
    std::fs::write(out.join("answers.csv"), answers_csv(&generated))?;
    Ok(generated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_for_a_seed() {
        let seeds = vec![
            "推进制造业高质量发展，加快建设先进制造业基地。培育专精特新企业，提升产业链水平。"
                .repeat(20),
        ];
        let regions = vec![("湖州市".to_owned(), Level::City, "浙江省".to_owned())];
        let cfg = SynthConfig {
            docs: 5,
            ..SynthConfig::default()
        };
        let a = generate(&seeds, &regions, &cfg);
        let b = generate(&seeds, &regions, &cfg);
        assert_eq!(
            a.docs.iter().map(|d| &d.text).collect::<Vec<_>>(),
            b.docs.iter().map(|d| &d.text).collect::<Vec<_>>()
        );
        assert_eq!(answers_csv(&a), answers_csv(&b));
    }
}
