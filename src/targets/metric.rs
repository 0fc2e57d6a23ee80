//! Metric naming: what a quantity measures.
//!
//! In: the words before and after a quantity in its clause (or a table's indicator cell), and
//! the metric rules. Out: the metric phrase as written, cleaned of verbs, comparator words,
//! years, dates and quotes (`力争到2022年，“品字标浙江制造”品牌企业` → `品字标浙江制造品牌企业`),
//! and its canonical key from `rules/metrics.toml` (`品字标品牌企业`).

use crate::rules::{comparable_metric, Metrics};
use crate::text::matching_string;

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

/// The phrase a number measures: the clause before it without verbs and comparator words;
/// when nothing is left, the words after the unit (`培育60家企业成为…示范`).
///
/// Chinese puts the counted noun after the number as often as before it: `培育创建100家绿色工厂`,
/// `累计培育20个绿色园区`. When a noun phrase follows the unit, it is the metric.
pub(super) fn metric_phrase(before: &str, after: &str) -> String {
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

pub(super) fn clean_metric(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
