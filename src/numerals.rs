//! Chinese numerals: `一` … `九十九`, `二〇二五`, `两万`, `一千二百`.
//!
//! Pure helpers shared by the segmenter (heading ordinals) and, later, the target parser.

/// Value of a single Chinese digit (`〇零一二两三…九`).
pub fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn unit_value(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Parse a Chinese integer written with units (`一千二百` = 1200, `十二` = 12, `两万` = 20000,
/// `三亿五千万` = 350000000) or digit by digit (`二〇二五` = 2025). `None` if any character is
/// not a Chinese numeral or the form is malformed.
pub fn parse_chinese_int(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let has_units = s
        .chars()
        .any(|c| unit_value(c).is_some() || c == '万' || c == '亿');
    if !has_units {
        // digit-by-digit: 二〇二五
        let mut v: u64 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(digit_value(c)?)?;
        }
        return Some(v);
    }
    let mut total: u64 = 0; // completed 亿 groups
    let mut section: u64 = 0; // completed 万 groups inside the current 亿 group
    let mut small: u64 = 0; // below 万
    let mut digit: Option<u64> = None;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            if digit.is_some_and(|prev| prev != 0) {
                return None; // two digits in a row: 一二十 is malformed
            }
            digit = Some(d);
        } else if let Some(u) = unit_value(c) {
            small = small.checked_add(digit.unwrap_or(1).checked_mul(u)?)?;
            digit = None;
        } else if c == '万' {
            section =
                section.checked_add(small.checked_add(digit.unwrap_or(0))?.checked_mul(10_000)?)?;
            if section == 0 {
                return None;
            }
            small = 0;
            digit = None;
        } else if c == '亿' {
            let group = section
                .checked_add(small)?
                .checked_add(digit.unwrap_or(0))?;
            if group == 0 {
                return None;
            }
            total = total.checked_add(group.checked_mul(100_000_000)?)?;
            section = 0;
            small = 0;
            digit = None;
        } else {
            return None;
        }
    }
    total
        .checked_add(section)?
        .checked_add(small)?
        .checked_add(digit.unwrap_or(0))
}

/// Whether every character of `s` is a Chinese numeral character.
pub fn is_chinese_numeral(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| digit_value(c).is_some() || unit_value(c).is_some() || c == '万' || c == '亿')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(parse_chinese_int("一"), Some(1));
        assert_eq!(parse_chinese_int("十"), Some(10));
        assert_eq!(parse_chinese_int("十二"), Some(12));
        assert_eq!(parse_chinese_int("二十"), Some(20));
        assert_eq!(parse_chinese_int("九十九"), Some(99));
        assert_eq!(parse_chinese_int("一千二百"), Some(1200));
        assert_eq!(parse_chinese_int("两万"), Some(20000));
        assert_eq!(parse_chinese_int("一百零五"), Some(105));
        assert_eq!(parse_chinese_int("三亿五千万"), Some(350_000_000));
        assert_eq!(parse_chinese_int("二〇二五"), Some(2025));
        assert_eq!(parse_chinese_int("一二十"), None);
        assert_eq!(parse_chinese_int("十a"), None);
        assert_eq!(parse_chinese_int(""), None);
    }
}
