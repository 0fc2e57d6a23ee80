//! Stage: targets — a document → its quantitative statements ([`Target`]).
//!
//! In: one [`Document`] (normalized text, sections, manifest period) and the metric rules.
//! Out: every quantity with the phrase it measures, its unit, comparator, year or period,
//! scope (new / cumulative / annual / rate) and kind (target / achieved / baseline).
//!
//! Text is read sentence by sentence (`。！？；` and line ends). Within one passage (paragraph,
//! bullet, item) a year or a `十三五期间` said once holds for the following sentences, as
//! plans write it (`到2022年，…15个左右。…年均增长7%左右。`). A sentence without a year takes the
//! document's period from the manifest. Tables whose header names an indicator and a unit
//! (003's 表1: 类别 | 主要指标 | 单位 | 2025年规划目标值) give one target per row, unit from its
//! column, year from the header.
//!
//! ```
//! use crosscheck::targets::numbers::mentions;
//! let m = mentions("力争到2022年，“品字标浙江制造”品牌企业达到1200家以上");
//! assert_eq!((m[0].value, m[0].unit.as_str()), (1200.0, "家"));
//! ```

pub mod numbers;

use std::ops::Range;

use crate::model::{Comparator, Document, Quantity, Scope, SectionKind, Target, TargetKind};
use crate::rules::{comparable_metric, Metrics};
use crate::text::matching_string;
use numbers::{mentions, Mention};

/// Words at the start of a metric phrase that say what is done, not what is counted.
const LEADING_VERBS: &[&str] = &[
    "十四五期末",
    "十四五末",
    "十四五时期",
    "十四五期间",
    "十三五期末",
    "十三五期间",
    "十三五末",
    "力争",
    "争取",
    "确保",
    "累计",
    "新增",
    "新培育",
    "新建",
    "新认定",
    "新创建",
    "培育创建",
    "培育",
    "创建",
    "建成",
    "建设",
    "完成",
    "实现",
    "达到",
    "打造",
    "认定",
    "推进",
    "实施",
    "组织实施",
    "招引",
    "制定",
    "主导",
    "全市",
    "全省",
    "共",
    "共有",
    "在",
    "围绕",
    "形成",
    "开展",
    "新",
    "分两轮完成对",
    "提前",
    "动态",
    "推广",
    "引进",
    "发布",
    "获批",
    "入选",
    "拥有",
    "有",
    "其中",
    "以上",
    "全面",
];
/// Words at the end of a metric phrase that belong to the comparator or scope.
const TRAILING_WORDS: &[&str] = &[
    "达到",
    "达",
    "不低于",
    "不少于",
    "不超过",
    "超过",
    "突破",
    "低于",
    "高于",
    "控制在",
    "保持在",
    "增长",
    "提高",
    "提升",
    "增加",
    "下降",
    "降低",
    "减少",
    "削减",
    "年均",
    "每年",
    "累计",
    "为",
    "约",
    "近",
    "在",
    "占",
    "比例",
    "分别",
    "同比",
    "率达",
];

/// Extract the targets of one document (`doc_index` is its index in the corpus).
pub fn extract(doc_index: usize, doc: &Document, metrics: &Metrics) -> Vec<Target> {
    let (period_start, period_end) = period(&doc.meta.period);
    // A review (`…工作总结和2024年工作思路`) reports results unless a sentence promises.
    let review = ["总结", "回顾", "成效"]
        .iter()
        .any(|w| doc.meta.title.contains(w));
    let mut out = Vec::new();
    let excluded: Vec<Range<usize>> = doc
        .sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Table | SectionKind::Toc))
        .map(|s| s.range.clone())
        .collect();
    let text = doc.text();
    let mut context = Context::default();
    let mut passage: Option<usize> = None;
    // Sentences and their targets come in text order: two sweeps over the section tree find
    // the enclosing passage and section in amortized constant time (a scan of every section
    // per sentence made a 5 MB one-line export take minutes).
    let mut passages = Sweep::new(doc, |s| {
        matches!(
            s.kind,
            SectionKind::Paragraph | SectionKind::Bullet | SectionKind::Item
        )
    });
    let mut enclosing = Sweep::new(doc, |_| true);
    for sentence in sentences(text) {
        if excluded
            .iter()
            .any(|r| r.start <= sentence.start && sentence.end <= r.end)
        {
            continue;
        }
        let here = passages.innermost(sentence.start..sentence.start + 1);
        if here != passage {
            context = Context::default();
            passage = here;
        }
        let s = &text[sentence.clone()];
        context.update(s);
        context.review = review;
        for t in sentence_targets(s, &context) {
            let range = sentence.start + t.range.start..sentence.start + t.range.end;
            let (year, start) = match (t.year, context.period) {
                (Some(y), _) => (Some(y), None),
                (None, Some((a, b))) => (Some(b), Some(a)),
                // A plan reports results as of its start (a review: of the year it reviews).
                (None, None) if t.kind == TargetKind::Achieved => {
                    (period_start.or(period_end), None)
                }
                (None, None) => (period_end, period_start),
            };
            out.push(Target {
                doc: doc_index,
                section: enclosing.innermost(range.clone()).unwrap_or(0),
                range,
                metric: canonical_metric(&t.metric_raw, metrics),
                metric_raw: t.metric_raw,
                value: Quantity::Value(t.mention.value),
                unit: t.mention.unit,
                comparator: t.comparator,
                year,
                period_start: start,
                scope: t.scope,
                kind: t.kind,
                source: "text",
            });
        }
    }
    out.extend(table_targets(doc_index, doc, metrics, period_end));
    out.sort_by_key(|t| (t.range.start, t.range.end));
    out
}

/// `2021-2025` → (2021, 2025); `2023` → (None, 2023).
fn period(p: &str) -> (Option<u16>, Option<u16>) {
    let years: Vec<u16> = p
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|y| y.parse().ok())
        .filter(|y| (1949..=2100).contains(y))
        .collect();
    match years.as_slice() {
        [a, b, ..] => (Some(*a), Some(*b)),
        [a] => (None, Some(*a)),
        _ => (None, None),
    }
}

/// Sentence ranges: split after `。！？；;` and at line ends.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | ';' | '\n') {
            let end = i + c.len_utf8();
            if text[start..i].trim().chars().count() > 1 {
                out.push(start..end);
            }
            start = end;
        }
    }
    if text[start..].trim().chars().count() > 1 {
        out.push(start..text.len());
    }
    out
}

/// Sections containing positions that only move forward: a stack of the open sections
/// (sections nest or are disjoint), innermost on top.
struct Sweep<'d> {
    sections: &'d [crate::model::Section],
    /// Selected sections by start, outer before inner.
    order: Vec<usize>,
    next: usize,
    open: Vec<usize>,
}

impl<'d> Sweep<'d> {
    fn new(doc: &'d Document, keep: impl Fn(&crate::model::Section) -> bool) -> Self {
        let sections = &doc.sections;
        let mut order: Vec<usize> = (0..sections.len())
            .filter(|&i| keep(&sections[i]))
            .collect();
        order.sort_by_key(|&i| {
            (
                sections[i].range.start,
                std::cmp::Reverse(sections[i].range.end),
                i,
            )
        });
        Self {
            sections,
            order,
            next: 0,
            open: Vec::new(),
        }
    }

    /// The innermost (deepest, then latest) selected section containing `r`; `r.start` never
    /// decreases between calls.
    fn innermost(&mut self, r: Range<usize>) -> Option<usize> {
        while let Some(&i) = self.order.get(self.next) {
            if self.sections[i].range.start > r.start {
                break;
            }
            while self
                .open
                .last()
                .is_some_and(|&o| self.sections[o].range.end <= self.sections[i].range.start)
            {
                self.open.pop();
            }
            self.open.push(i);
            self.next += 1;
        }
        while self
            .open
            .last()
            .is_some_and(|&o| self.sections[o].range.end <= r.start)
        {
            self.open.pop();
        }
        let mut best: Option<usize> = None;
        for &o in &self.open {
            let s = &self.sections[o];
            let contains = s.range.start <= r.start && r.end <= s.range.end;
            if contains && best.is_none_or(|b| s.depth >= self.sections[b].depth) {
                best = Some(o);
            }
        }
        best
    }
}

/// What earlier sentences of the same passage said about time.
#[derive(Debug, Default, Clone)]
struct Context {
    year: Option<u16>,
    period: Option<(u16, u16)>,
    achieved: bool,
    /// The document reviews a past period.
    review: bool,
}

impl Context {
    fn update(&mut self, s: &str) {
        if let Some(y) = target_year(s) {
            self.year = Some(y);
            self.period = None;
            self.achieved = false;
        }
        if let Some(p) = named_period(s) {
            self.period = Some(p);
            self.achieved = p.1 <= 2020 || s.contains("期间");
        }
        if s.contains("十四五")
            && (s.contains("期末") || s.contains("时期"))
            && target_year(s).is_none()
        {
            self.year = Some(2025);
        }
    }
}

/// `到2025年`, `2025年底`, `2022年末`, `二〇二五年`: the year a target is for.
fn target_year(s: &str) -> Option<u16> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i + 4 <= s.len() {
        if bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && s[i + 4..].starts_with('年')
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            // `自2023年以来` names where a count starts, not the year of a target.
            && !s[..i].ends_with('自')
            && !s[i + 4..].starts_with("年以来")
        {
            let y: u16 = s[i..i + 4].parse().ok()?;
            if (1990..=2100).contains(&y) {
                return Some(y);
            }
        }
        i += 1;
    }
    // `二〇二五`: every `二〇` followed by two more numeral digits (not only the first `〇`, `一`
    // or `二` of the sentence, which `进一步…二〇二五年` would stop at). No string is built:
    // this runs twice on every sentence of the corpus.
    s.match_indices("二〇").find_map(|(at, _)| {
        let rest = &s[at..];
        let end = rest.char_indices().nth(4).map_or(rest.len(), |(i, _)| i);
        let four = &rest[..end];
        (four.chars().count() == 4)
            .then(|| crate::numerals::parse_chinese_int(four))
            .flatten()
            .and_then(|y| u16::try_from(y).ok())
            .filter(|y| (1990..=2100).contains(y))
    })
}

/// `十三五期间` → (2016, 2020); `十四五` → (2021, 2025).
fn named_period(s: &str) -> Option<(u16, u16)> {
    if s.contains("十三五") {
        Some((2016, 2020))
    } else if s.contains("十二五") {
        Some((2011, 2015))
    } else {
        None
    }
}

/// A target found in one sentence, before it is placed in the document.
struct Found {
    range: Range<usize>,
    mention: Mention,
    metric_raw: String,
    comparator: Comparator,
    scope: Scope,
    kind: TargetKind,
    year: Option<u16>,
}

fn sentence_targets(s: &str, ctx: &Context) -> Vec<Found> {
    let found = drop_qualifiers(s, mentions(s));
    if found.is_empty() {
        return vec![];
    }
    let year = target_year(s).or(ctx.year);
    let kind = kind_of(s, ctx);
    // `A、B、C年均分别下降4%、2%、5%`: one metric per value.
    let listed = list_metrics(s, &found);
    let list_head = listed
        .as_ref()
        .and_then(|_| s.find("分别"))
        .map(|at| (list_start(s, at), found[0].range.start));
    found
        .into_iter()
        .enumerate()
        .map(|(k, m)| {
            let clause_start = clause_start(s, m.range.start);
            // In a `分别` list every value shares the words before its first value.
            let before = match list_head {
                Some((from, to)) => &s[from..to],
                None => &s[clause_start..m.range.start],
            };
            let after = &s[m.range.end..clause_end(s, m.range.end)];
            let comparator = comparator(before, after, &m);
            let scope = scope_of(before, &m);
            let metric_raw = match &listed {
                Some(names) => names.get(k).cloned().unwrap_or_default(),
                None => metric_phrase(before, after),
            };
            let start = if listed.is_some() {
                m.range.start
            } else {
                clause_start
            };
            Found {
                range: start..m.range.end + suffix_len(after),
                mention: m,
                metric_raw,
                comparator,
                scope,
                kind,
                year,
            }
        })
        .collect()
}

/// `超百亿元企业达到3家`, `10亿元以上项目不少于8个`: a quantity that qualifies the noun another
/// quantity of the same clause counts is a threshold, not a target.
fn drop_qualifiers(s: &str, found: Vec<Mention>) -> Vec<Mention> {
    let keep: Vec<bool> = found
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let Some(next) = found.get(k + 1) else {
                return true;
            };
            let same_clause = clause_start(s, next.range.start) <= m.range.start;
            let after = &s[m.range.end..next.range.start];
            let after = ["以上", "以下", "的"]
                .iter()
                .find_map(|w| after.strip_prefix(w))
                .unwrap_or(after);
            let qualifies = after.chars().next().is_some_and(crate::text::is_han);
            !(same_clause && qualifies)
        })
        .collect();
    found
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(m, _)| m)
        .collect()
}

fn clause_start(s: &str, at: usize) -> usize {
    s[..at]
        .rfind([',', '，', ';', '；', ':', '：', '。', '、'])
        .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8))
}

/// Start of the clause holding a `分别` list (`、` separates its items, not clauses).
fn list_start(s: &str, at: usize) -> usize {
    s[..at]
        .rfind([',', '，', ';', '；', ':', '：', '。'])
        .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8))
}

fn clause_end(s: &str, at: usize) -> usize {
    s[at..]
        .find([',', '，', ';', '；', '。', '、'])
        .map_or(s.len(), |i| at + i)
}

/// `以上`, `左右`, `以内` right after the number are part of the statement.
fn suffix_len(after: &str) -> usize {
    ["以上", "以下", "左右", "以内"]
        .iter()
        .find(|w| after.starts_with(*w))
        .map_or(0, |w| w.len())
}

fn comparator(before: &str, after: &str, m: &Mention) -> Comparator {
    let tail: String = before
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if m.unit == "%" || tail.contains("增长") || tail.contains("下降") {
        if ["下降", "降低", "减少", "削减"]
            .iter()
            .any(|w| tail.contains(w))
        {
            return Comparator::Decrease;
        }
        if ["增长", "提高", "增加", "提升"].iter().any(|w| {
            tail.ends_with(w)
                || tail.contains(&format!("{w}率"))
                || tail.ends_with(&format!("{w}了"))
        }) {
            return Comparator::Increase;
        }
    }
    if after.starts_with("以上")
        || m.raw.ends_with(['余', '多'])
        || ["不低于", "不少于", "突破", "超过", "高于", "大于"]
            .iter()
            .any(|w| tail.contains(w))
    {
        Comparator::AtLeast
    } else if after.starts_with("以内")
        || after.starts_with("以下")
        || ["不超过", "低于", "控制在", "小于"]
            .iter()
            .any(|w| tail.contains(w))
    {
        Comparator::AtMost
    } else if after.starts_with("左右") || tail.ends_with('约') || tail.ends_with('近') {
        Comparator::About
    } else {
        Comparator::Eq
    }
}

fn scope_of(before: &str, m: &Mention) -> Scope {
    if [
        "新增",
        "新培育",
        "新建",
        "新认定",
        "新创建",
        "新开工",
        "新引进",
    ]
    .iter()
    .any(|w| before.contains(w))
    {
        Scope::New
    } else if ["累计", "总量", "保有量", "总数", "共有"]
        .iter()
        .any(|w| before.contains(w))
    {
        Scope::Cumulative
    } else if ["年均", "每年"].iter().any(|w| before.contains(w)) {
        Scope::Annual
    } else if m.unit == "%" {
        Scope::Rate
    } else {
        Scope::Unspecified
    }
}

fn kind_of(s: &str, ctx: &Context) -> TargetKind {
    let promise = ["力争", "争取", "确保", "目标", "预计", "计划", "到20", "将"]
        .iter()
        .any(|w| s.contains(w));
    // `争取…达到200家以上,各项指标均在“十三五”基础上实现翻番`: a promise for the new period.
    let new_horizon = target_year(s).is_some_and(|y| y >= 2021) || s.contains("十四五");
    if promise && (!s.contains("十三五") || new_horizon) {
        return TargetKind::Target;
    }
    let done = [
        "已",
        "了",
        "同比增长",
        "同比下降",
        "比上年",
        "较上年",
        "居全省",
        "居全国",
        "列全国",
        "截至",
    ]
    .iter()
    .any(|w| s.contains(w));
    if ctx.achieved || done || s.contains("十三五") || (ctx.review && ctx.year.is_none()) {
        TargetKind::Achieved
    } else if ["基准", "基数", "现状值"].iter().any(|w| s.contains(w)) {
        TargetKind::Baseline
    } else {
        TargetKind::Target
    }
}

/// The phrase a number measures: the clause before it without verbs and comparator words;
/// when nothing is left, the words after the unit (`培育60家企业成为…示范`).
///
/// Chinese puts the counted noun after the number as often as before it: `培育创建100家绿色工厂`,
/// `累计培育20个绿色园区`. When a noun phrase follows the unit, it is the metric.
fn metric_phrase(before: &str, after: &str) -> String {
    let rest = after.trim_start();
    let rest = ["以上", "左右", "以内", "以下"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    let noun_after = rest.chars().next().is_some_and(crate::text::is_han)
        && !["的", "和", "等", "是"].iter().any(|w| rest.starts_with(w));
    if noun_after {
        let phrase: String = rest.chars().take(16).collect();
        let cleaned = clean_metric(&phrase);
        if cleaned.chars().count() >= 2 {
            return cleaned;
        }
    }
    let cleaned = clean_metric(before);
    if cleaned.chars().count() >= 2 {
        return cleaned;
    }
    clean_metric(rest)
}

fn clean_metric(s: &str) -> String {
    let mut t = matching_string(s);
    // The year clause and quotes are not part of the metric.
    if let Some(i) = t.find('年').filter(|&i| {
        t[..i]
            .chars()
            .all(|c| c.is_ascii_digit() || "到底末前至力争".contains(c))
    }) {
        t = t[i + '年'.len_utf8()..].to_owned();
    }
    t = t.replace(['“', '”', '"', '‘', '’'], "");
    // A date before the metric (`12月底前省级保供企业数`) is not part of it.
    if let Some(i) = t
        .find('月')
        .filter(|&i| i > 0 && t[..i].chars().all(|c| c.is_ascii_digit()))
    {
        let rest = &t[i + '月'.len_utf8()..];
        t = ["底前", "底", "末", "前", "份"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
            .unwrap_or(rest)
            .to_owned();
    }
    loop {
        let before = t.clone();
        for w in LEADING_VERBS {
            if let Some(r) = t.strip_prefix(w) {
                t = r.to_owned();
            }
        }
        for w in TRAILING_WORDS {
            if let Some(r) = t.strip_suffix(w) {
                t = r.to_owned();
            }
        }
        t = t
            .trim_matches(|c: char| c.is_whitespace() || "，,、:：的和及与".contains(c))
            .to_owned();
        if t == before {
            break;
        }
    }
    t
}

/// For `A、B、C年均分别下降4%、2%、5%`, the metric names in order.
fn list_metrics(s: &str, found: &[Mention]) -> Option<Vec<String>> {
    let at = s.find("分别")?;
    let after_count = found.iter().filter(|m| m.range.start > at).count();
    if after_count < 2 || after_count != found.len() {
        return None;
    }
    let head = &s[list_start(s, at)..at];
    let names: Vec<String> = head.split('、').map(clean_metric).collect();
    (names.len() == found.len()).then_some(names)
}

/// Canonical key of a metric phrase (see `rules/metrics.toml`).
pub fn canonical_metric(raw: &str, metrics: &Metrics) -> String {
    let t = comparable_metric(raw);
    if t.is_empty() {
        return t;
    }
    let mut best: Option<(f64, &str)> = None;
    let t_bigrams = crate::text::bigrams(&t);
    for syn in metrics.prepared_synonyms() {
        // `dice` of the two texts: 1 when equal, else Dice of their bigrams.
        let d = if t == syn.comparable {
            1.0
        } else {
            crate::text::dice(&t_bigrams, &syn.bigrams)
        };
        if d >= 0.75 && best.is_none_or(|(b, _)| d > b) {
            best = Some((d, &syn.key));
        }
    }
    best.map_or(t, |(_, k)| k.to_owned())
}

/// Rows of metric tables (header with an indicator column and a unit column).
fn table_targets(
    doc_index: usize,
    doc: &Document,
    metrics: &Metrics,
    default_year: Option<u16>,
) -> Vec<Target> {
    let mut out = Vec::new();
    for (ti, table) in doc.sections.iter().enumerate() {
        if table.kind != SectionKind::Table {
            continue;
        }
        let header = &table.cells;
        let metric_col = header.iter().position(|h| h.contains("指标"));
        let unit_col = header.iter().position(|h| h == "单位");
        let value_col = header
            .iter()
            .position(|h| h.contains("目标") || h.contains("值"));
        let (Some(mc), Some(uc), Some(vc)) = (metric_col, unit_col, value_col) else {
            continue;
        };
        let year = target_year(&header[vc]).or(default_year);
        for (ri, row) in doc.sections.iter().enumerate() {
            if row.parent != Some(ti) || row.kind != SectionKind::TableRow {
                continue;
            }
            // Header cells are right-aligned like the rows (merged category cells on the left).
            let offset = row.cells.len().saturating_sub(header.len());
            let cell = |c: usize| row.cells.get(c + offset).map(String::as_str).unwrap_or("");
            let (metric_raw, unit, raw_value) = (cell(mc), cell(uc), cell(vc));
            if metric_raw.is_empty() {
                continue;
            }
            let value = match raw_value.parse::<f64>() {
                Ok(v) => Quantity::Value(v),
                Err(_) => Quantity::Unparsed {
                    raw: raw_value.to_owned(),
                    reason: "not a number".into(),
                },
            };
            let scope = if metric_raw.contains("新增") || metric_raw.contains("新开工") {
                Scope::New
            } else if metric_raw.contains("累计") || metric_raw.contains("保有量") {
                Scope::Cumulative
            } else if unit == "%" {
                Scope::Rate
            } else {
                Scope::Unspecified
            };
            out.push(Target {
                doc: doc_index,
                section: ri,
                range: row.range.clone(),
                metric: canonical_metric(metric_raw, metrics),
                metric_raw: metric_raw.to_owned(),
                value,
                unit: unit.replace(' ', ""),
                comparator: Comparator::Eq,
                year,
                period_start: None,
                scope,
                kind: TargetKind::Target,
                source: "table",
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (
        String,
        f64,
        String,
        Comparator,
        Option<u16>,
        Scope,
        TargetKind,
    );

    fn targets(s: &str) -> Vec<Row> {
        sentence_targets(s, &Context::default())
            .into_iter()
            .map(|t| {
                (
                    t.metric_raw,
                    t.mention.value,
                    t.mention.unit,
                    t.comparator,
                    t.year,
                    t.scope,
                    t.kind,
                )
            })
            .collect()
    }

    #[test]
    fn year_in_chinese_numerals_after_other_numerals() {
        assert_eq!(target_year("到二〇二五年,建成一批示范项目"), Some(2025));
        // `一` of 进一步 and 一批 come first; the year is still found.
        assert_eq!(target_year("进一步推动,到二〇二五年建成一批"), Some(2025));
        assert_eq!(target_year("一是二〇三〇年前碳达峰"), Some(2030));
        assert_eq!(target_year("二〇二五年"), Some(2025));
        // Not a year: too short, not digits.
        assert_eq!(target_year("二〇"), None);
        assert_eq!(target_year("二〇二"), None);
        assert_eq!(target_year("二〇三〇〇"), Some(2030));
        // The first year wins; a non-digit after `二〇` moves on to the next one.
        assert_eq!(target_year("二〇年和二〇二一年"), Some(2021));
        assert_eq!(target_year("一二三四五"), None);
    }

    #[test]
    fn metric_comparator_scope_year() {
        let t = targets("力争到2022年,“品字标浙江制造”品牌企业达到1200家以上。");
        assert_eq!(
            t,
            [(
                "品字标浙江制造品牌企业".into(),
                1200.0,
                "家".into(),
                Comparator::AtLeast,
                Some(2022),
                Scope::Unspecified,
                TargetKind::Target
            )]
        );
        let t = targets("到2022年,在块状特色经济区域累计培育20个绿色园区。");
        assert_eq!((t[0].0.as_str(), t[0].5), ("绿色园区", Scope::Cumulative));
        let t = targets("新增工业机器人2万台。");
        assert_eq!(
            (t[0].0.as_str(), t[0].1, t[0].5),
            ("工业机器人", 20000.0, Scope::New)
        );
        let t = targets("全员劳动生产率年均增长7%左右。");
        assert_eq!(
            (t[0].0.as_str(), t[0].3, t[0].5),
            ("全员劳动生产率", Comparator::Increase, Scope::Annual)
        );
        let t = targets("工业用地比例不低于30%。");
        assert_eq!(t[0].3, Comparator::AtLeast);
    }

    #[test]
    fn thresholds_qualifying_a_noun_are_not_targets() {
        let t = targets("到2025年底，营业收入超百亿元企业达到3家。");
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].1, t[0].2.as_str()), (3.0, "家"));
        let t = targets("其中10亿元以上项目不少于8个。");
        assert_eq!((t.len(), t[0].1), (1, 8.0));
    }

    #[test]
    fn lists_with_fenbie() {
        let t = targets("单位工业增加值能耗、废水排放量、用水量年均分别下降4%、2%、5%");
        let names: Vec<&str> = t.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["单位工业增加值能耗", "废水排放量", "用水量"]);
        assert!(t
            .iter()
            .all(|x| x.3 == Comparator::Decrease && x.5 == Scope::Annual));
    }

    #[test]
    fn achieved_in_the_13th_plan() {
        let ctx = Context::default();
        let t = sentence_targets("“十三五”期间,新增驰名商标8件。", &ctx);
        assert_eq!(t[0].kind, TargetKind::Achieved);
        let mut ctx = Context::default();
        ctx.update("“十三五”期间,全市深化协作。");
        let t = sentence_targets("制造业产品质量监督抽查合格率达到97.5%。", &ctx);
        assert_eq!(t[0].kind, TargetKind::Achieved);
    }

    #[test]
    fn canonical_metrics_from_rules() {
        let rules = crate::rules::Rules::builtin();
        assert_eq!(
            canonical_metric("“品字标浙江制造”品牌企业", &rules.metrics),
            "品字标品牌企业"
        );
        assert_eq!(
            canonical_metric("培育“品字标”企业", &rules.metrics),
            "品字标品牌企业"
        );
        assert_eq!(canonical_metric("示范智能工厂", &rules.metrics), "智能工厂");
        assert_eq!(canonical_metric("某某新指标", &rules.metrics), "某某新指标");
    }
}
