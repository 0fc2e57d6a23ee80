//! Heading markers: `一、`, `（一）`/`(一)`, `1.`/`1、`, `（1）`/`(1)`, `附件`/`附件1`,
//! `第一篇`/`第一章`/`第一节`/`第一条`, and Markdown `#` headings (`## 第一章 总则` takes the
//! numbering's style; `# 标题` without one is a Markdown heading of its depth).
//!
//! Pure functions over a string slice that starts where a marker may start.

use crate::model::HeadingStyle;
use crate::numerals::{is_chinese_numeral, parse_chinese_int};

/// A heading marker found at the start of a slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub style: HeadingStyle,
    /// The ordinal (`三` → 3); 0 for an unnumbered `附件`.
    pub ordinal: u32,
    /// The id label: `三`, `(一)`, `1`, `(1)`, `附件1`.
    pub label: String,
    /// Bytes of the marker itself, including spaces after it.
    pub len: usize,
}

const MAX_ORDINAL: u32 = 99;
/// Regulations run to a few hundred articles (第二百八十条).
const MAX_ARTICLE: u32 = 999;

/// Parse a heading marker at the start of `s`.
pub fn parse_marker(s: &str) -> Option<Marker> {
    let m = parse_bare(s)?;
    // Swallow spaces after the marker (`18. 培育…`, `1. 以…`).
    let rest = &s[m.len..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let after = &rest[spaces..];
    // A marker must be followed by a title, not the end of the text or punctuation.
    let next = match after.chars().next() {
        None if m.style == HeadingStyle::Appendix => '\n',
        None => return None,
        Some(c) => c,
    };
    if (next == '\n' && m.style != HeadingStyle::Appendix)
        || matches!(next, '，' | ',' | '。' | '、' | '）' | ')' | '%' | '|')
    {
        return None;
    }
    Some(Marker {
        len: m.len + spaces,
        ..m
    })
}

fn parse_bare(s: &str) -> Option<Marker> {
    let first = s.chars().next()?;
    if first == '(' || first == '（' {
        return parenthesized(s, first);
    }
    if first.is_ascii_digit() {
        return arabic_dot(s);
    }
    if let Some(rest) = s.strip_prefix("附件") {
        return appendix(rest);
    }
    if let Some(rest) = s.strip_prefix('第') {
        return ordinal_unit(rest);
    }
    if first == '#' {
        return markdown(s);
    }
    chinese_numeral(s)
}

/// `第一篇`, `第二章`, `第三节`, `第一百零八条` (also with Arabic digits: `第8条`); `rest` is
/// what follows `第`.
fn ordinal_unit(rest: &str) -> Option<Marker> {
    let numeral_len: usize = rest
        .chars()
        .take_while(|c| "零〇一二三四五六七八九十百两".contains(*c) || c.is_ascii_digit())
        .map(char::len_utf8)
        .sum();
    let numeral = &rest[..numeral_len];
    let unit = rest[numeral_len..].chars().next()?;
    let (style, max) = match unit {
        '篇' => (HeadingStyle::Part, MAX_ORDINAL),
        '章' => (HeadingStyle::Chapter, MAX_ORDINAL),
        '节' => (HeadingStyle::Section, MAX_ORDINAL),
        '条' => (HeadingStyle::Article, MAX_ARTICLE),
        _ => return None,
    };
    let value = if numeral.bytes().all(|b| b.is_ascii_digit()) {
        numeral.parse().ok()?
    } else {
        parse_chinese_int(&numeral.replace('〇', "零"))?
    };
    let ordinal = u32::try_from(value)
        .ok()
        .filter(|v| (1..=max).contains(v))?;
    let len = '第'.len_utf8() + numeral_len + unit.len_utf8();
    Some(Marker {
        style,
        ordinal,
        label: format!("第{numeral}{unit}"),
        len,
    })
}

/// `#`…`######` and a space; the numbering after it, if any, gives the style.
fn markdown(s: &str) -> Option<Marker> {
    let hashes = s.bytes().take_while(|&b| b == b'#').count();
    let rest = &s[hashes..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if !(1..=6).contains(&hashes) || spaces == 0 {
        return None;
    }
    let title = &rest[spaces..];
    if let Some(inner) = parse_bare(title).filter(|m| m.style != HeadingStyle::Markdown1) {
        return Some(Marker {
            len: hashes + spaces + inner.len,
            ..inner
        });
    }
    let style = match hashes {
        1 => HeadingStyle::Markdown1,
        2 => HeadingStyle::Markdown2,
        3 => HeadingStyle::Markdown3,
        _ => HeadingStyle::Markdown4,
    };
    // The id label: the title's first characters, without the id separator.
    let label: String = title
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '/')
        .take(16)
        .collect();
    (!label.is_empty()).then_some(Marker {
        style,
        ordinal: 0,
        label,
        len: hashes + spaces,
    })
}

/// `（一）`/`(一)` or `（1）`/`(1)`; `first` is the opening parenthesis.
fn parenthesized(s: &str, first: char) -> Option<Marker> {
    let body = &s[first.len_utf8()..];
    let close = body.find([')', '）'])?;
    let inner = &body[..close];
    let close_len = body[close..].chars().next()?.len_utf8();
    let len = first.len_utf8() + close + close_len;
    if is_chinese_numeral(inner) && inner.chars().count() <= 3 {
        let ordinal = small_ordinal(parse_chinese_int(inner)?)?;
        return Some(Marker {
            style: HeadingStyle::ParenChinese,
            ordinal,
            label: format!("({inner})"),
            len,
        });
    }
    if !inner.is_empty() && inner.len() <= 2 && inner.bytes().all(|b| b.is_ascii_digit()) {
        let ordinal = small_ordinal(inner.parse().ok()?)?;
        return Some(Marker {
            style: HeadingStyle::ParenArabic,
            ordinal,
            label: format!("({ordinal})"),
            len,
        });
    }
    None
}

/// `1.`/`1．`/`1、` (not `1.8`).
fn arabic_dot(s: &str) -> Option<Marker> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 2 {
        return None;
    }
    let rest = &s[digits..];
    let sep = rest.chars().next()?;
    let after_sep = rest[sep.len_utf8()..].chars().next();
    let ok = match sep {
        '、' => true,
        '.' | '．' => !after_sep.is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    if !ok {
        return None;
    }
    let ordinal = small_ordinal(s[..digits].parse().ok()?)?;
    Some(Marker {
        style: HeadingStyle::ArabicDot,
        ordinal,
        label: ordinal.to_string(),
        len: digits + sep.len_utf8(),
    })
}

/// `附件`, `附件1`, `附件:`; `rest` is what follows `附件`.
fn appendix(rest: &str) -> Option<Marker> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest[digits..].chars().next();
    if !matches!(after, None | Some(' ' | '\t' | '\n' | ':' | '：')) {
        return None;
    }
    let colon = matches!(after, Some(':' | '：'));
    Some(Marker {
        style: HeadingStyle::Appendix,
        ordinal: rest[..digits].parse().unwrap_or(0),
        label: format!("附件{}", &rest[..digits]),
        len: "附件".len() + digits + if colon { after?.len_utf8() } else { 0 },
    })
}

/// `一、` … `九十九、`.
fn chinese_numeral(s: &str) -> Option<Marker> {
    let numeral_len: usize = s
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .map(char::len_utf8)
        .sum();
    if numeral_len > 0 && numeral_len <= 9 && s[numeral_len..].starts_with('、') {
        let label = &s[..numeral_len];
        let ordinal = small_ordinal(parse_chinese_int(label)?)?;
        return Some(Marker {
            style: HeadingStyle::ChineseNumeral,
            ordinal,
            label: label.to_owned(),
            len: numeral_len + '、'.len_utf8(),
        });
    }
    None
}

fn small_ordinal(v: u64) -> Option<u32> {
    (1..=MAX_ORDINAL as u64).contains(&v).then_some(v as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Option<(HeadingStyle, u32, String)> {
        parse_marker(s).map(|m| (m.style, m.ordinal, m.label))
    }

    #[test]
    fn heading_markers() {
        use HeadingStyle::*;
        assert_eq!(m("一、总体要求"), Some((ChineseNumeral, 1, "一".into())));
        assert_eq!(m("十二、其他"), Some((ChineseNumeral, 12, "十二".into())));
        assert_eq!(m("(一)平台"), Some((ParenChinese, 1, "(一)".into())));
        assert_eq!(m("（十）勇于担当"), Some((ParenChinese, 10, "(十)".into())));
        assert_eq!(m("1.推动平台"), Some((ArabicDot, 1, "1".into())));
        assert_eq!(m("18. 培育发展"), Some((ArabicDot, 18, "18".into())));
        assert_eq!(m("3、加强"), Some((ArabicDot, 3, "3".into())));
        assert_eq!(m("(2)推进"), Some((ParenArabic, 2, "(2)".into())));
        assert_eq!(
            m("附件 省级有关单位名单"),
            Some((Appendix, 0, "附件".into()))
        );
        assert_eq!(m("附件1"), Some((Appendix, 1, "附件1".into())));
    }

    #[test]
    fn not_markers() {
        for s in [
            "1.8%",
            "2.0版",
            "2021年",
            "(2020—2022年)",
            "(责任单位:省发展改革委)",
            "(GDP)",
            "5G网络",
            "100项以上",
            "(市、区)",
            "附件说明",
            "一是召开",
            "(一)",
            "一、",
        ] {
            assert_eq!(m(s), None, "{s}");
        }
    }
}
