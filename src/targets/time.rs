//! Time: the year a target is for, named plan periods and what a passage said about time.
//!
//! In: a sentence (or a table header, or the manifest's period). Out: the target year
//! (`到2025年`, `二〇二五年`), a named period (`十三五` → 2016–2020), the manifest period as
//! (start, end) years, and [`Context`]: the year or period earlier sentences of the same passage
//! set, which holds for the sentences after them.

/// `2021-2025` → (2021, 2025); `2023` → (None, 2023).
pub(crate) fn period(p: &str) -> (Option<u16>, Option<u16>) {
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

/// What earlier sentences of the same passage said about time.
#[derive(Debug, Default, Clone)]
pub(super) struct Context {
    pub(super) year: Option<u16>,
    pub(super) period: Option<(u16, u16)>,
    pub(super) achieved: bool,
    /// The document reviews a past period.
    pub(super) review: bool,
}

impl Context {
    pub(super) fn update(&mut self, s: &str) {
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
pub(super) fn target_year(s: &str) -> Option<u16> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
