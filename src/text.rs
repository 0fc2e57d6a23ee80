//! Ground floor: small text tools every stage may use, using nothing above them.
//!
//! In: `&str` (normalized text, titles, metric phrases) or bytes. Out: character tests
//! ([`is_han`], [`is_cjk`]), the matching view ([`matching_text`] with an offset map,
//! [`matching_string`] without), character counts ([`count_chars`], [`CharsBefore`]),
//! bigram similarity ([`bigrams`], [`dice`]), hashing ([`sha256_hex`]) and text safe to print
//! on a terminal or a CI log ([`printable`]).
//!
//! ```
//! use crosscheck::text;
//! assert_eq!(text::matching_string("重 大 工 程"), "重大工程");
//! assert_eq!(text::count_chars("数智 监管\n"), 4);
//! assert_eq!(text::dice(&text::bigrams("数智监管"), &text::bigrams("数字监管")), 1.0 / 3.0);
//! ```

use std::ops::Range;

use sha2::{Digest, Sha256};

use crate::offsets::{MappedText, MappedTextBuilder};

/// Han ideographs (CJK Unified Ideographs and extension A, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Characters of Chinese text: Han, CJK punctuation, full-width forms and curly quotes.
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2018..=0x201F | 0x2014..=0x2026)
        || c == '〇'
}

/// Matching view of normalized text: whitespace between CJK characters removed
/// (`重 大 工 程` → `重大工程`, `数字赋能制造业 高质量发展工程` → one word), other whitespace
/// runs collapsed to one space, newlines kept. The map points into `text`.
pub fn matching_text(text: &str) -> MappedText {
    let mut b = MappedTextBuilder::default();
    for (c, source) in MatchingChars::new(text) {
        b.push_char(c, source);
    }
    b.finish(text.len())
}

/// The characters of [`matching_text`] without its offset map, made lazily: what a caller
/// needs that only reads or hashes the matching view (titles, labels, tokenizer input).
pub fn matching_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    MatchingChars::new(text).map(|(c, _)| c)
}

/// [`matching_chars`] collected.
pub fn matching_string(text: &str) -> String {
    matching_str(text).into_owned()
}

/// [`matching_chars`] collected, or `text` itself when it has no space or tab (the only
/// characters the matching view changes): most sections of Chinese text have none, and the
/// tokenizer reads every unit's text this way.
pub fn matching_str(text: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr2(b' ', b'\t', text.as_bytes()).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    out.extend(matching_chars(text));
    std::borrow::Cow::Owned(out)
}

/// The matching view, character by character, each with the bytes of `text` it stands for
/// (an inserted space stands for the run of spaces and tabs it replaces).
struct MatchingChars<'t> {
    chars: std::str::CharIndices<'t>,
    /// The last character given out that came from the text (not an inserted space).
    prev: Option<char>,
    /// Spaces or tabs seen since `prev`.
    pending_space: Option<std::ops::Range<usize>>,
    /// A character held back while the space before it is given out.
    queued: Option<(char, std::ops::Range<usize>)>,
}

impl<'t> MatchingChars<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            chars: text.char_indices(),
            prev: None,
            pending_space: None,
            queued: None,
        }
    }
}

impl Iterator for MatchingChars<'_> {
    type Item = (char, std::ops::Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some((c, source)) = self.queued.take() {
            self.prev = Some(c);
            return Some((c, source));
        }
        loop {
            // Spaces still pending at the end are dropped.
            let (i, c) = self.chars.next()?;
            let source = i..i + c.len_utf8();
            if c == ' ' || c == '\t' {
                self.pending_space = Some(
                    self.pending_space
                        .take()
                        .map_or(source.clone(), |p| p.start..source.end),
                );
                continue;
            }
            if let Some(space) = self.pending_space.take() {
                let join = self.prev.is_some_and(is_cjk) && is_cjk(c);
                if !join && self.prev.is_some_and(|p| p != '\n') && c != '\n' {
                    self.queued = Some((c, source));
                    return Some((' ', space));
                }
            }
            self.prev = Some(c);
            return Some((c, source));
        }
    }
}

/// Non-whitespace characters (what duplication rates and `sections.csv` count): the same
/// number as `s.chars().filter(|c| !c.is_whitespace()).count()`.
///
/// Counted on bytes, since every document's text is counted several times per scan (sections,
/// duplication rates, the HTML page): characters are the bytes that do not continue a UTF-8
/// sequence, and whitespace is ASCII whitespace plus the few multi-byte White_Space characters,
/// found from their lead bytes (the first two counts vectorize; decoding every character did
/// not, and was 2–3% of a scan).
pub fn count_chars(s: &str) -> usize {
    let bytes = s.as_bytes();
    let chars = count_bytes(bytes, |b| (b as i8) >= -0x40);
    let ascii_space = count_bytes(bytes, |b| (b == b' ') | (b.wrapping_sub(b'\t') < 5));
    chars - ascii_space - wide_spaces(bytes)
}

/// Bytes for which `test` holds. Summed in `u8` over runs of at most 255 bytes, which
/// vectorizes 16 bytes at a time; a `usize` count widened every byte to 64 bits (13
/// instructions a byte).
fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|run| usize::from(run.iter().map(|&b| u8::from(test(b))).sum::<u8>()))
        .sum()
}

/// Multi-byte White_Space characters in UTF-8 text: U+0085, U+00A0 (lead byte C2), U+1680
/// (E1), U+2000–U+200A, U+2028, U+2029, U+202F, U+205F (E2) and U+3000 (E3).
fn wide_spaces(bytes: &[u8]) -> usize {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let is_space = |i: usize| match bytes[i] {
        0xC2 => matches!(at(i + 1), 0x85 | 0xA0),
        0xE1 => at(i + 1) == 0x9A && at(i + 2) == 0x80,
        0xE2 => match at(i + 1) {
            0x80 => matches!(at(i + 2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
            0x81 => at(i + 2) == 0x9F,
            _ => false,
        },
        _ => false,
    };
    let ideographic = memchr::memmem::find_iter(bytes, "\u{3000}".as_bytes()).count();
    memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes)
        .filter(|&i| is_space(i))
        .count()
        + ideographic
}

/// Non-whitespace characters before each of a set of byte offsets of one text, counted in one
/// pass: nested sections (and the duplicated ranges inside them) would otherwise be counted
/// again at every level of the tree.
pub struct CharsBefore(Vec<(usize, usize)>);

impl CharsBefore {
    pub fn new(text: &str, offsets: impl Iterator<Item = usize>) -> Self {
        let mut offsets: Vec<usize> = offsets.collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut counts = Vec::with_capacity(offsets.len());
        let (mut from, mut before) = (0, 0);
        for o in offsets {
            before += count_chars(&text[from..o]);
            from = o;
            counts.push((o, before));
        }
        Self(counts)
    }

    /// Characters in `r`; both ends must be among the offsets given to [`CharsBefore::new`].
    pub fn between(&self, r: Range<usize>) -> usize {
        let at = |offset: usize| self.0[self.0.partition_point(|&(o, _)| o < offset)].1;
        at(r.end) - at(r.start)
    }
}

/// Sorted character bigrams of `s`.
pub fn bigrams(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    let mut b: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    b.sort_unstable();
    b
}

/// Dice coefficient of two sorted bigram multisets.
pub fn dice(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// `s` with every control character escaped (`\n`, `\r`, `\t`, `\u{1b}`, …), and the
/// bidirectional overrides and line separators too: what a file name, a quote or a message
/// read from a document becomes before it reaches a terminal or a CI log. A newline in a file
/// name (git allows one) must not start a line of its own: on GitHub Actions a line beginning
/// with `::error` is a workflow command, and an escape sequence would drive the terminal.
///
/// ```
/// assert_eq!(crosscheck::text::printable("a\n::error::x\u{1b}[31m"), "a\\n::error::x\\u{1b}[31m");
/// assert_eq!(crosscheck::text::printable("质量 强市"), "质量 强市");
/// ```
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(unsafe_char) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Names made unique by a `~k` suffix: `base`, else `base~2`, `base~3`, …, the smallest free.
/// Section ids within a document and document ids within a run are named this way. Names are
/// never given back, so the smallest free suffix never lies below one tried before for the same
/// base: resuming there gives the names probing from 2 each time would, in linear time (a
/// document of 200,000 identical headings once took an hour).
///
/// ```
/// let mut names = crosscheck::text::UniqueNames::default();
/// assert_eq!(names.claim("d/一".into()), "d/一");
/// assert_eq!(names.claim("d/一".into()), "d/一~2");
/// assert_eq!(names.claim("d/一~2".into()), "d/一~2~2");
/// assert_eq!(names.claim("d/一".into()), "d/一~3");
/// ```
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: rustc_hash::FxHashSet<String>,
    /// For each base, the last suffix tried.
    next_suffix: rustc_hash::FxHashMap<String, usize>,
}

impl UniqueNames {
    /// Whether `name` has been given.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `base` if it is free, else `base~k` with the smallest free k ≥ 2; the name is taken.
    pub fn claim(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let k = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            *k += 1;
            let name = format!("{base}~{k}");
            if self.taken.insert(name.clone()) {
                return name;
            }
        }
    }
}

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::count_chars;

    fn by_chars(s: &str) -> usize {
        s.chars().filter(|c| !c.is_whitespace()).count()
    }

    #[test]
    fn every_whitespace_character_is_left_out() {
        let spaces: String = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        assert_eq!(spaces.chars().count(), 25);
        assert_eq!(count_chars(&spaces), 0);
        // Their lead bytes with other continuations are ordinary characters.
        for s in [
            "\u{80}\u{A1}",
            "\u{1681}",
            "\u{200B}\u{2030}\u{2060}",
            "\u{3001}\u{3000}",
        ] {
            assert_eq!(count_chars(s), by_chars(s), "{s:?}");
        }
        assert_eq!(count_chars("消费品 100项以上\t\n（一）　提升"), 14);
    }

    proptest::proptest! {
        #[test]
        fn counts_as_decoding_every_character_does(s in "\\PC*|[ \t\n\u{85}\u{A0}\u{1680}\u{2000}-\u{200B}\u{2028}-\u{202F}\u{205F}\u{3000}-\u{3002}a品]*") {
            proptest::prop_assert_eq!(count_chars(&s), by_chars(&s));
        }
    }
}
