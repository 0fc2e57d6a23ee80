//! Finding quantities in a sentence: `2万台`, `1.5万`, `3000亿元`, `7%左右`, `不低于30%`,
//! `一千二百家`, `两万`, `百分之三十`, `9成`.
//!
//! In: one sentence of normalized text (full-width digits already folded). Out: [`Mention`]s
//! with byte ranges in the sentence, the value (multipliers applied unless the unit is a
//! compound unit kept as written, such as `亿元` or `万平方米`), and the unit as written.
//! Years, dates, ordinals, document numbers, versions and programme names (`415X`, `1+2+10+X`,
//! `4210`, `5G`, `PM2.5`, `一号工程`, `“三个千亿”`) are not quantities.

use std::ops::Range;

use crate::numerals::parse_chinese_int;

/// A quantity found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Bytes of the number and its unit in the sentence.
    pub range: Range<usize>,
    /// Value with multipliers applied (`2万台` → 20000).
    pub value: f64,
    /// Unit as written (`台`, `亿元`, `%`, `万平方米`).
    pub unit: String,
    /// The number as written (`2万`, `一千二百`, `百分之三十`).
    pub raw: String,
}

/// Units a quantity may carry, longest first where one is a prefix of another.
pub const UNITS: &[&str] = &[
    "微克/立方米",
    "平方公里",
    "平方米",
    "千瓦时",
    "立方米",
    "公里",
    "千瓦",
    "吨标煤",
    "人次",
    "亿元",
    "万元",
    "美元",
    "元",
    "家",
    "个",
    "项",
    "台",
    "件",
    "张",
    "分",
    "人",
    "座",
    "所",
    "吨",
    "天",
    "倍",
    "条",
    "套",
    "次",
    "户",
    "辆",
    "艘",
    "亩",
    "处",
    "名",
    "款",
    "份",
    "批",
    "床",
    "元",
];

/// Multiplier + unit pairs that are units in their own right, kept as written.
const COMPOUND: &[&str] = &[
    "亿元",
    "万元",
    "万平方米",
    "万平方公里",
    "万千瓦",
    "万吨",
    "万人",
    "万件",
    "万户",
    "万亩",
    "万辆",
    "万台套",
    "亿美元",
    "万美元",
    "万人次",
    "亿千瓦时",
];

/// Find every quantity in `s`.
pub fn mentions(s: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let found = if let Some(r) = rest.strip_prefix("百分之") {
            percent_in_words(s, i, r)
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            if c.is_ascii_digit() && !glued_before(s, i) {
                arabic(s, i)
            } else if is_numeral_char(c) && !s[..i].ends_with(is_numeral_char) {
                chinese(s, i)
            } else {
                None
            }
        };
        match found {
            Some(m) => {
                i = m.range.end;
                out.push(m);
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    // An ordinal is not a quantity: `第二十条` (an article cited by a regulation), `第三章`.
    out.retain(|m| !in_short_quote(s, &m.range) && !s[..m.range.start].ends_with('第'));
    out
}

fn is_numeral_char(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
    )
}

/// A number glued to letters, `+` or a decimal point before it is part of a name or code.
fn glued_before(s: &str, i: usize) -> bool {
    s[..i].chars().next_back().is_some_and(|p| {
        p.is_ascii_alphanumeric() || matches!(p, '+' | '.' | '-' | '/' | '第' | '〔')
    })
}

fn arabic(s: &str, start: usize) -> Option<Mention> {
    let bytes = s.as_bytes();
    let mut end = start;
    while end < s.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    if end + 1 < s.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
        end += 1;
        while end < s.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
    }
    let number: f64 = s[start..end].parse().ok()?;
    let after = &s[end..];
    // Names and codes: 415X, 5G, 1+2+10+X, 〔2019〕, 2.0版, a year, a date.
    if after.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '+' | '〕' | ')' | '）'))
        || ["年", "月", "日", "号", "版", "届", "周年", "季度", "岁"]
            .iter()
            .any(|w| after.starts_with(w))
    {
        return None;
    }
    if let Some(rest) = after.strip_prefix('%').or_else(|| after.strip_prefix('％')) {
        let _ = rest;
        return Some(Mention {
            range: start..end + 1,
            value: number,
            unit: "%".into(),
            raw: s[start..end].into(),
        });
    }
    if after.starts_with('成')
        && number <= 10.0
        && !after.starts_with("成为")
        && !after.starts_with("成果")
    {
        return Some(Mention {
            range: start..end + '成'.len_utf8(),
            value: number * 10.0,
            unit: "%".into(),
            raw: s[start..end + '成'.len_utf8()].into(),
        });
    }
    with_unit(s, start, end, number)
}

/// `number` ends at `end`; read an optional multiplier and a unit.
fn with_unit(s: &str, start: usize, end: usize, number: f64) -> Option<Mention> {
    // `2000余项`, `300多家`: more than the number; `余`/`多` stays in `raw`.
    let approx = ['余', '多'].into_iter().find(|c| {
        s[end..].starts_with(*c) && UNITS.iter().any(|u| s[end + c.len_utf8()..].starts_with(u))
    });
    if let Some(c) = approx {
        let unit_start = end + c.len_utf8();
        let unit = UNITS.iter().find(|u| s[unit_start..].starts_with(*u))?;
        return Some(Mention {
            range: start..unit_start + unit.len(),
            value: number,
            unit: (*unit).into(),
            raw: s[start..unit_start].into(),
        });
    }
    let after = &s[end..];
    let (mult, mult_len, mult_str) = match after.chars().next() {
        Some('万') => (1e4, '万'.len_utf8(), "万"),
        Some('亿') => (1e8, '亿'.len_utf8(), "亿"),
        Some('千') if !after.starts_with("千瓦") => (1e3, '千'.len_utf8(), "千"),
        _ => (1.0, 0, ""),
    };
    let unit_start = end + mult_len;
    // `千亿级`, `500亿级`, `百亿级`: a scale adjective, not an amount.
    if s[unit_start..].starts_with('级') {
        return None;
    }
    let unit = UNITS.iter().find(|u| s[unit_start..].starts_with(*u));
    let compound = COMPOUND
        .iter()
        .filter(|c| s[end..].starts_with(*c))
        .max_by_key(|c| c.len());
    if let Some(c) = compound {
        return Some(Mention {
            range: start..end + c.len(),
            value: number,
            unit: (*c).into(),
            raw: s[start..end].into(),
        });
    }
    // `34个月`, `3个百分点`: a duration or a difference, not an amount of things.
    if unit == Some(&"个")
        && ["个月", "个百分点", "个工作日"]
            .iter()
            .any(|w| s[unit_start..].starts_with(w))
    {
        return None;
    }
    match unit {
        Some(u) => Some(Mention {
            range: start..unit_start + u.len(),
            value: number * mult,
            unit: (*u).into(),
            raw: s[start..unit_start].into(),
        }),
        // `1.5万` with no unit after it: a bare count.
        None if mult_len > 0 => Some(Mention {
            range: start..unit_start,
            value: number * mult,
            unit: String::new(),
            raw: format!("{}{mult_str}", &s[start..end]),
        }),
        None => None,
    }
}

fn chinese(s: &str, start: usize) -> Option<Mention> {
    let run_len: usize = s[start..]
        .chars()
        .take_while(|&c| is_numeral_char(c))
        .map(char::len_utf8)
        .sum();
    let end = start + run_len;
    // `七成`: seven tenths.
    if run_len == s[start..].chars().next().map_or(0, char::len_utf8) && s[end..].starts_with('成')
    {
        let v = crate::numerals::digit_value(s[start..].chars().next()?)? as f64;
        if v > 0.0 && !s[end..].starts_with("成为") && !s[end..].starts_with("成果") {
            let e = end + '成'.len_utf8();
            return Some(Mention {
                range: start..e,
                value: v * 10.0,
                unit: "%".into(),
                raw: s[start..e].into(),
            });
        }
    }
    let value = parse_chinese_int(&s[start..end])? as f64;
    // Enumerations (`五件事`, `三张清单`, `一批`) are not targets; amounts are ten or more.
    if value < 10.0 || s[end..].starts_with('年') {
        return None;
    }
    let m = with_unit(s, start, end, value)?;
    Some(Mention {
        raw: s[start..end].into(),
        ..m
    })
}

fn percent_in_words(s: &str, start: usize, rest: &str) -> Option<Mention> {
    let len: usize = rest
        .chars()
        .take_while(|&c| is_numeral_char(c))
        .map(char::len_utf8)
        .sum();
    let value = parse_chinese_int(&rest[..len])? as f64;
    let end = start + "百分之".len() + len;
    Some(Mention {
        range: start..end,
        value,
        unit: "%".into(),
        raw: s[start..end].into(),
    })
}

/// Inside a short quotation (`“三个千亿”`, `“4210”`): a programme name, not an amount.
fn in_short_quote(s: &str, r: &Range<usize>) -> bool {
    let before = &s[..r.start];
    let Some(open) = before.rfind('“') else {
        return false;
    };
    if before[open..].contains('”') {
        return false;
    }
    match s[r.start..].find('”') {
        Some(close) => s[open..r.start + close].chars().count() <= 10,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> (f64, String) {
        let m = mentions(s);
        assert_eq!(m.len(), 1, "{s}: {m:?}");
        (m[0].value, m[0].unit.clone())
    }

    #[test]
    fn every_listed_form() {
        assert_eq!(one("新增工业机器人2万台"), (20000.0, "台".into()));
        assert_eq!(one("规模达到1.5万"), (15000.0, String::new()));
        assert_eq!(one("实现产值3000亿元"), (3000.0, "亿元".into()));
        assert_eq!(one("建成5G基站8万个"), (80000.0, "个".into()));
        assert_eq!(one("年均增长7%左右"), (7.0, "%".into()));
        assert_eq!(one("比例不低于30%"), (30.0, "%".into()));
        assert_eq!(one("品牌企业一千二百家"), (1200.0, "家".into()));
        assert_eq!(one("新增两万台"), (20000.0, "台".into()));
        assert_eq!(one("占比达到百分之三十"), (30.0, "%".into()));
        assert_eq!(one("覆盖率达到9成"), (90.0, "%".into()));
        assert_eq!(one("比重不低于七成"), (70.0, "%".into()));
        assert_eq!(
            one("装配式建筑面积2500万平方米"),
            (2500.0, "万平方米".into())
        );
        assert_eq!(one("平均浓度25微克/立方米"), (25.0, "微克/立方米".into()));
        assert_eq!(one("满意度达到85分"), (85.0, "分".into()));
        assert_eq!(one("证书保有量40张"), (40.0, "张".into()));
        assert_eq!(one("新增专利授权量9176件"), (9176.0, "件".into()));
        assert_eq!(one("实施2000余项改造项目"), (2000.0, "项".into()));
        assert_eq!(one("突破一万家"), (10000.0, "家".into()));
    }

    #[test]
    fn lists_give_one_mention_each() {
        let m = mentions("能耗、废水排放量、用水量年均分别下降4%、2%、5%");
        let v: Vec<f64> = m.iter().map(|m| m.value).collect();
        assert_eq!(v, [4.0, 2.0, 5.0]);
    }

    #[test]
    fn not_quantities() {
        for s in [
            "到2025年",
            "2022年底",
            "12月底前",
            "浙发改产业〔2019〕523号",
            "“415X”先进制造业集群",
            "深化“1+2+10+X”推进工作体系",
            "“8+4”政策体系",
            "立足“4210”现代产业体系",
            "“6+1”",
            "构建“1+1+8”体系",
            "数字经济“一号工程”",
            "建设5G网络",
            "PM2.5与臭氧",
            "2.0版",
            "第一次",
            "实施“三个千亿”投资工程",
            "五件事",
            "三张清单",
            "一批企业",
            "二〇二五年",
            "十四五期间",
            "IPv6规模部署",
            "1—10月份",
            "产值500亿级以上",
            "连续34个月两位数增长",
            "培育百亿级“新星”产业群",
        ] {
            assert!(mentions(s).is_empty(), "{s}: {:?}", mentions(s));
        }
    }

    /// Ordinals cite, they do not count: corpus-dev's regulations (028, 029, 030) cite
    /// `第二十条` in their articles, and seed 003 names `第十四个五年规划`; a count of 条 stays.
    #[test]
    fn an_ordinal_is_not_a_quantity() {
        let values = |s: &str| -> Vec<String> {
            mentions(s)
                .iter()
                .map(|m| s[m.range.clone()].to_owned())
                .collect()
        };
        assert!(values("依照本条例第二十条规定，处以罚款。").is_empty());
        assert!(values("湖州市国民经济和社会发展第十四个五年规划").is_empty());
        assert!(values("本条例第3条所称城乡规划").is_empty());
        assert_eq!(
            values("新开通公交线路20条，新建农村公路一百二十公里")[..1],
            ["20条"]
        );
    }
}
