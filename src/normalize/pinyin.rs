//! Detecting pinyin annotations a broken converter put after Han characters: `消費(fèi)品`.
//!
//! A parenthesised group is an annotation only when it follows a Han character and holds one
//! valid pinyin syllable with a tone mark (or a common neutral-tone syllable). Real parentheses
//! such as `（市、區）`, `(GDP)`, `(2021-2025年)` or `(一)` never qualify.

use std::sync::OnceLock;

use regex::Regex;

/// Syllables written without a tone mark that converters still emit (neutral tone).
const NEUTRAL_SYLLABLES: &[&str] = &["de", "le", "me", "ne", "men", "ma", "ba", "zi", "zhe"];

fn syllable_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ue|ve|ui|er|a|o|e|i|u|v)$",
        )
        .expect("static pinyin regex")
    })
}

/// Strip tone marks: `fèi` → (`fei`, true). Returns `None` for non-pinyin characters.
fn untone(s: &str) -> Option<(String, bool)> {
    let mut out = String::with_capacity(s.len());
    let mut toned = false;
    for c in s.chars() {
        let (base, t) = match c {
            'a'..='z' => (c, false),
            'ā' | 'á' | 'ǎ' | 'à' => ('a', true),
            'ē' | 'é' | 'ě' | 'è' => ('e', true),
            'ī' | 'í' | 'ǐ' | 'ì' => ('i', true),
            'ō' | 'ó' | 'ǒ' | 'ò' => ('o', true),
            'ū' | 'ú' | 'ǔ' | 'ù' => ('u', true),
            'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => ('v', true),
            'ü' => ('v', false),
            _ => return None,
        };
        toned |= t;
        out.push(base);
    }
    Some((out, toned))
}

/// Whether `inner` (the text between the parentheses) is a pinyin annotation.
pub fn is_annotation(inner: &str) -> bool {
    if inner.is_empty() || inner.len() > 12 {
        return false;
    }
    match untone(inner) {
        Some((base, toned)) => {
            syllable_re().is_match(&base) && (toned || NEUTRAL_SYLLABLES.contains(&base.as_str()))
        }
        None => false,
    }
}

/// If `rest` starts with `(syllable)` (ASCII or full-width parentheses), its byte length.
pub fn annotation_len(rest: &str) -> Option<usize> {
    let open = rest.chars().next()?;
    if open != '(' && open != '（' {
        return None;
    }
    let body = &rest[open.len_utf8()..];
    let close = body.find([')', '）'])?;
    if close > 16 {
        return None;
    }
    let inner = &body[..close];
    let close_len = body[close..].chars().next()?.len_utf8();
    is_annotation(inner).then_some(open.len_utf8() + close + close_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_and_real_parentheses() {
        for yes in ["fèi", "yè", "chǎn", "lǚ", "de", "zhuǎn", "xiàng"] {
            assert!(is_annotation(yes), "{yes}");
        }
        for no in [
            "GDP",
            "一",
            "2021-2025年",
            "市、區",
            "app",
            "sheng",
            "abc",
            "",
            "DCS",
        ] {
            assert!(!is_annotation(no), "{no}");
        }
        assert_eq!(annotation_len("(fèi)品"), Some("(fèi)".len()));
        assert_eq!(annotation_len("（fā）展"), Some("（fā）".len()));
        assert_eq!(annotation_len("(試行)"), None);
    }
}
