//! The targets of one sentence.
//!
//! In: a sentence of normalized text and the passage's time [`Context`]. Out: [`Found`]
//! targets, each a quantity ([`Mention`]) with the phrase it measures, its comparator, scope,
//! kind (target / achieved / baseline) and year, and its byte range in the sentence (from the
//! start of its clause to the end of the quantity and a trailing `以上`/`左右`). Quantities that
//! qualify a noun (`超百亿元企业`) are thresholds, not targets. Also: [`sentences`], where the
//! text is cut into sentences.

use std::ops::Range;

use super::metric::{clean_metric, metric_phrase};
use super::numbers::{mentions, Mention};
use super::time::{target_year, Context};
use crate::model::{Comparator, Scope, TargetKind};

/// Sentence ranges: split after `。！？；;` and at line ends.
pub(super) fn sentences(text: &str) -> Vec<Range<usize>> {
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

/// A target found in one sentence, before it is placed in the document.
pub(super) struct Found {
    pub(super) range: Range<usize>,
    pub(super) mention: Mention,
    pub(super) metric_raw: String,
    pub(super) comparator: Comparator,
    pub(super) scope: Scope,
    pub(super) kind: TargetKind,
    pub(super) year: Option<u16>,
}

pub(super) fn sentence_targets(s: &str, ctx: &Context) -> Vec<Found> {
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
}
