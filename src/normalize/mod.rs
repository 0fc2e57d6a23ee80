//! Stage 2, normalize: [`SourceDoc`] → [`NormalizedDoc`].
//!
//! In: the document's text content. Out: text for segmentation and matching, with an offset map
//! back to the content (and so, composed with ingest's maps, to the original file bytes).
//! What it does, in order:
//! 1. drops pinyin annotations after Han characters (`消費(fèi)品` → `消費品`);
//! 2. folds full-width digits, Latin letters and `％` to ASCII, and U+3000/NBSP to a space;
//!    Chinese punctuation (`，；（）`) stays Chinese (no wholesale NFKC); drops `\r`; folds CJK
//!    radicals that PDF fonts put in place of ideographs (`⻅` U+2EC5 → `见`, `⼯` U+2F2F → `工`)
//!    by Unicode's `EquivalentUnifiedIdeograph.txt` (kept beside this file);
//! 3. converts Traditional to Simplified (OpenCC `t2s`, via the pure-Rust ferrous-opencc);
//! 4. drops scrape clutter: whole lines matching `rules/clutter.toml` and listed phrases
//!    (matched on the Simplified text, so Traditional clutter is caught too).
//!
//! Whitespace between CJK characters is kept here (it separates 001's inline headings) and
//! counted; [`matching_text`] removes it for matching (`重 大 工 程` → `重大工程`).
//!
//! ```
//! use crosscheck::{model::DocId, model::Format, normalize, rules::Rules};
//! let src = crosscheck::ingest::source_from_bytes(
//!     "x.txt".as_ref(), DocId("x".into()), Format::Text, "消費(fèi)品工業(yè)（市、區(qū)）".as_bytes()).unwrap();
//! let n = normalize::normalize(&src, &Rules::builtin());
//! assert_eq!(n.text.text, "消费品工业（市、区）");
//! assert_eq!(n.stats.pinyin_stripped, 3);
//! ```

mod pinyin;

use std::sync::OnceLock;

use ferrous_opencc::{config::BuiltinConfig, OpenCC};

use crate::model::{NormalizeStats, NormalizedDoc, Removal, RemovalKind, SourceDoc};
use crate::offsets::{MappedText, MappedTextBuilder};
use crate::rules::Rules;
use crate::text::{is_cjk, is_han};

/// Normalize one document.
pub fn normalize(source: &SourceDoc, rules: &Rules) -> NormalizedDoc {
    let mut stats = NormalizeStats::default();
    let mut removed = Vec::new();
    let markdown = source.format == crate::model::Format::Markdown;
    let cleaned = clean_chars(&source.content.text, markdown, &mut stats, &mut removed);
    let simplified = to_simplified(&cleaned.text, &mut stats);
    // Clutter patterns are written in Simplified: match them after conversion, so that
    // `原標(biāo)題:` in a polluted Traditional scrape is recognized too.
    let content = strip_clutter(&simplified.text, rules, &mut stats);
    let map = content.map.then(&simplified.map).then(&cleaned.map);
    stats.cjk_spaces = count_cjk_spaces(&content.text);
    NormalizedDoc {
        text: MappedText {
            text: content.text,
            map,
        },
        stats,
        removed,
    }
}

/// Pinyin annotations, full-width folding, carriage returns.
fn clean_chars(
    content: &str,
    markdown: bool,
    stats: &mut NormalizeStats,
    removed: &mut Vec<Removal>,
) -> MappedText {
    let mut b = MappedTextBuilder::default();
    let mut prev_han = false;
    let mut i = 0;
    while i < content.len() {
        let rest = &content[i..];
        let Some(c) = rest.chars().next() else { break };
        if prev_han {
            if let Some(len) = pinyin::annotation_len(rest) {
                stats.pinyin_stripped += 1;
                removed.push(Removal {
                    kind: RemovalKind::Pinyin,
                    content_range: i..i + len,
                });
                i += len;
                continue;
            }
        }
        // Markdown emphasis (`**一、工作目标**`, corpus-dev 014 and 017) is layout, not text:
        // left in, it hides the heading marker after it.
        if markdown && (rest.starts_with("**") || rest.starts_with("__")) {
            i += 2;
            continue;
        }
        let at = i..i + c.len_utf8();
        match fold_width(c) {
            None if is_radical(c) => match radical_ideograph(c) {
                Some(ideograph) => {
                    stats.radicals_folded += 1;
                    b.push_char(ideograph, at);
                }
                None => b.push_char(c, at),
            },
            Some(folded) => {
                if fold_width(c) != Some(' ') {
                    stats.fullwidth_folded += 1;
                }
                b.push_char(folded, at);
            }
            None if c == '\r' => {}
            None => b.push_char(c, at),
        }
        prev_han = is_han(c);
        i += c.len_utf8();
    }
    b.finish(content.len())
}

/// Whole clutter lines and clutter phrases, by the patterns in `rules/clutter.toml`.
fn strip_clutter(text: &str, rules: &Rules, stats: &mut NormalizeStats) -> MappedText {
    let mut b = MappedTextBuilder::default();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if rules.clutter.is_clutter_line(body) {
            stats.clutter_lines += 1;
        } else {
            let phrases = rules.clutter.phrase_ranges(line);
            stats.clutter_lines += phrases.len();
            let mut from = 0;
            for p in phrases
                .iter()
                .chain(std::iter::once(&(line.len()..line.len())))
            {
                b.push_str(
                    &line[from..p.start],
                    line_start + from..line_start + p.start,
                );
                from = p.end;
            }
        }
        line_start += line.len();
    }
    b.finish(text.len())
}

/// Full-width ASCII variants to ASCII; ideographic and no-break spaces to a space.
fn fold_width(c: char) -> Option<char> {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '．' => {
            char::from_u32(c as u32 - 0xFEE0)
        }
        // Ideographic, no-break and typographic spaces (`\u{2003}\u{2003}` indents in
        // corpus-dev 013–016) are spaces.
        '\u{3000}' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => Some(' '),
        _ => None,
    }
}

/// CJK Radicals Supplement and Kangxi Radicals: characters a PDF font may map its glyphs to
/// instead of the ideographs they look like.
fn is_radical(c: char) -> bool {
    ('\u{2e80}'..='\u{2fdf}').contains(&c)
}

/// The ideograph a radical stands for in text extracted from PDFs, from Unicode's
/// `EquivalentUnifiedIdeograph.txt` (radicals only: strokes U+31C0… are left alone).
fn radical_ideograph(c: char) -> Option<char> {
    static TABLE: OnceLock<rustc_hash::FxHashMap<char, char>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let mut table = rustc_hash::FxHashMap::default();
            for line in include_str!("EquivalentUnifiedIdeograph.txt").lines() {
                let data = line.split('#').next().unwrap_or("");
                let Some((from, to)) = data.split_once(';') else {
                    continue;
                };
                let (first, last) = from
                    .trim()
                    .split_once("..")
                    .unwrap_or((from.trim(), from.trim()));
                let hex = |s: &str| u32::from_str_radix(s.trim(), 16).ok();
                let (Some(first), Some(last), Some(to)) = (hex(first), hex(last), hex(to)) else {
                    continue;
                };
                let Some(to) = char::from_u32(to) else {
                    continue;
                };
                for code in first..=last {
                    match char::from_u32(code) {
                        Some(from) if is_radical(from) => {
                            table.insert(from, to);
                        }
                        _ => {}
                    }
                }
            }
            table
        })
        .get(&c)
        .copied()
}

fn opencc() -> &'static OpenCC {
    static CC: OnceLock<OpenCC> = OnceLock::new();
    CC.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).expect("built-in t2s dictionary"))
}

/// Characters of words in OpenCC's `TSPhrases` that change in Simplified although each
/// character alone does not (`瞭解` → `了解`, `藉口` → `借口`, `覆信` → `复信`, `沈默` → `沉默`,
/// `牴牾` → `抵牾`, `衹得` → `只得`). Each of the 70 such phrases of ferrous-opencc 0.4.0 has one
/// of these (from its `TSPhrases.txt` and `TSCharacters.txt`); the others have a character that
/// changes alone, which [`changeable`] finds by asking OpenCC.
const CHANGED_ONLY_IN_PHRASES: &str = "瞭藉覆沈牴衹";

/// Every character whose presence may make OpenCC's `t2s` change a line: the characters it
/// converts on their own (found by converting each CJK ideograph once) and those of
/// [`CHANGED_ONLY_IN_PHRASES`]. A line with none of them converts to itself, so it is not
/// converted at all (most lines of a Simplified plan; conversion was ~7% of a scan's time).
fn changeable() -> &'static rustc_hash::FxHashSet<char> {
    static SET: OnceLock<rustc_hash::FxHashSet<char>> = OnceLock::new();
    SET.get_or_init(|| {
        let cc = opencc();
        let ideographs = [
            '\u{3400}'..='\u{4DBF}',
            '\u{4E00}'..='\u{9FFF}',
            '\u{F900}'..='\u{FAFF}',
            '\u{20000}'..='\u{323AF}',
        ];
        let mut set: rustc_hash::FxHashSet<char> = CHANGED_ONLY_IN_PHRASES.chars().collect();
        let mut buf = [0u8; 4];
        for c in ideographs.into_iter().flatten() {
            let one: &str = c.encode_utf8(&mut buf);
            if cc.convert(one) != one {
                set.insert(c);
            }
        }
        set
    })
}

/// Step 4: Traditional → Simplified, line by line. When a line keeps its character count
/// (the normal case) each character maps to its own source character; otherwise the line's
/// runs of Han characters are converted one by one and a run that changed length maps as a
/// whole.
fn to_simplified(text: &str, stats: &mut NormalizeStats) -> MappedText {
    let cc = opencc();
    let changeable = changeable();
    let mut b = MappedTextBuilder::default();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if !line.chars().any(|c| is_han(c) && changeable.contains(&c)) {
            b.push_str(line, offset..offset + line.len());
        } else {
            let converted = cc.convert(line);
            if converted.chars().count() == line.chars().count() {
                push_char_by_char(&mut b, line, &converted, offset, stats);
            } else {
                for (run, start) in han_runs(line) {
                    let conv = if run.chars().any(is_han) {
                        cc.convert(run)
                    } else {
                        run.to_owned()
                    };
                    let at = offset + start;
                    if conv.chars().count() == run.chars().count() {
                        push_char_by_char(&mut b, run, &conv, at, stats);
                    } else {
                        stats.traditional_converted += run.chars().count();
                        b.push_str(&conv, at..at + run.len());
                    }
                }
            }
        }
        offset += line.len();
    }
    b.finish(text.len())
}

fn push_char_by_char(
    b: &mut MappedTextBuilder,
    orig: &str,
    conv: &str,
    offset: usize,
    stats: &mut NormalizeStats,
) {
    for ((i, o), c) in orig.char_indices().zip(conv.chars()) {
        if o != c {
            stats.traditional_converted += 1;
        }
        b.push_char(c, offset + i..offset + i + o.len_utf8());
    }
}

/// Split a line into alternating runs of Han and non-Han characters, with byte starts.
fn han_runs(line: &str) -> Vec<(&str, usize)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut kind = None;
    for (i, c) in line.char_indices() {
        let k = is_han(c);
        if kind.is_some_and(|prev| prev != k) {
            runs.push((&line[start..i], start));
            start = i;
        }
        kind = Some(k);
    }
    if start < line.len() {
        runs.push((&line[start..], start));
    }
    runs
}

fn count_cjk_spaces(text: &str) -> usize {
    let mut count = 0;
    let mut prev: Option<char> = None;
    let mut in_space = false;
    for c in text.chars() {
        if c == ' ' || c == '\t' {
            in_space = true;
            continue;
        }
        if in_space && prev.is_some_and(is_cjk) && is_cjk(c) {
            count += 1;
        }
        in_space = false;
        prev = Some(c);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, Format};
    use crate::text::{matching_string, matching_text};

    fn norm(s: &str) -> NormalizedDoc {
        let src = crate::ingest::source_from_bytes(
            "t.txt".as_ref(),
            DocId("t".into()),
            Format::Text,
            s.as_bytes(),
        )
        .unwrap();
        normalize(&src, &Rules::builtin())
    }

    #[test]
    fn each_removed_pinyin_annotation_is_recorded_where_it_was() {
        let content = "消費(fèi)品工業(yè)(GDP)";
        let n = norm(content);
        let removed: Vec<&str> = n
            .removed
            .iter()
            .map(|r| {
                assert_eq!(r.kind, RemovalKind::Pinyin);
                &content[r.content_range.clone()]
            })
            .collect();
        assert_eq!(removed, ["(fèi)", "(yè)"]);
        assert_eq!(n.stats.pinyin_stripped, removed.len());
        assert!(norm("（市、區）(2021-2025年)").removed.is_empty());
    }

    #[test]
    fn pinyin_stripped_real_parentheses_kept() {
        let n = norm("各市、縣(xiàn)(市、區(qū))生物醫(yī)藥(GDP)(2022—2024年)(一)");
        assert_eq!(
            n.text.text,
            "各市、县(市、区)生物医药(GDP)(2022—2024年)(一)"
        );
        assert_eq!(n.stats.pinyin_stripped, 3);
    }

    #[test]
    fn typographic_spaces_and_markdown_emphasis_do_not_hide_headings() {
        // corpus-dev 014: `\u{2003}**一、工作目标**`; 015: `\u{2003}\u{2003}（一）…`.
        let src = crate::ingest::source_from_bytes(
            "t.md".as_ref(),
            DocId("t".into()),
            Format::Markdown,
            "\u{2003}**一、工作目标**\n\u{2003}\u{2003}（一）总体要求\n".as_bytes(),
        )
        .unwrap();
        let n = normalize(&src, &Rules::builtin());
        assert_eq!(n.text.text, " 一、工作目标\n  （一）总体要求\n");
        assert_eq!(n.stats.fullwidth_folded, 0);
        // The heading's place still points at the original bytes.
        let at = n.text.text.find("一、").unwrap();
        let raw = n.text.map.map_range(at..at + "一、工作目标".len());
        assert_eq!(&src.content.text[raw], "一、工作目标");
        // In plain text, `**` stays (it is not layout there).
        assert_eq!(norm("**重点**").text.text, "**重点**");
    }

    #[test]
    fn radicals_from_pdf_fonts_fold_to_ideographs() {
        // Text layers of portal PDFs (corpus-dev 034, 031) spell 革命文物 with radicals.
        let n = norm("关于实施⾰命⽂物保护利⽤⼯程的意⻅，⺠族");
        assert_eq!(n.text.text, "关于实施革命文物保护利用工程的意见，民族");
        assert_eq!(n.stats.radicals_folded, 6);
        // U+2E80 has no equivalent ideograph: kept as it is.
        assert_eq!(norm("⺀").text.text, "⺀");
    }

    #[test]
    fn fullwidth_digits_fold_punctuation_stays() {
        let n = norm("到２０２５年，达到９８％；（一）ＧＤＰ");
        assert_eq!(n.text.text, "到2025年，达到98%；（一）GDP");
        assert_eq!(n.stats.fullwidth_folded, 10);
    }

    #[test]
    fn clutter_lines_removed_and_mapped_around() {
        let n = norm("索引号: | 1 |\n---|---|\n正文一\n打印 关闭\n正文二\n");
        assert_eq!(n.text.text, "正文一\n正文二\n");
        assert_eq!(n.stats.clutter_lines, 3);
    }

    #[test]
    fn traditional_clutter_with_pinyin_is_still_clutter() {
        let n = norm("正文。\n原標(biāo)題:2023年工作要點(diǎn)印發(fā)\n");
        assert_eq!(n.text.text, "正文。\n");
        assert_eq!(n.stats.clutter_lines, 1);
    }

    #[test]
    fn map_points_to_original_bytes() {
        let s = "消費(fèi)品";
        let n = norm(s);
        let at = n.text.text.find('品').unwrap();
        let r = n.text.map.map_range(at..at + 3);
        assert_eq!(&s[r], "品");
        let r = n.text.map.map_range(0..n.text.text.len());
        assert_eq!(&s[r], s);
    }

    #[test]
    fn lines_without_a_changeable_character_convert_to_themselves() {
        // Every TSPhrases entry of ferrous-opencc 0.4.0 that changes although none of its
        // characters changes alone: each must be caught by the pre-check.
        let phrases = "一目瞭然 不瞭解 以免藉口 凌藉 函覆 反反覆覆 反覆 反覆思量 反覆性 回覆 找藉口 拜覆 \
            明瞭 明覆 沈船 沈默 滑藉 牴牾 狐藉虎威 申覆 瞭如 瞭如指掌 瞭然 瞭若指掌 瞭解 瞭解到 示覆 \
            答覆 素藉 茵藉 藉代 藉以 藉助 藉卉 藉口 藉喻 藉寇兵 藉手 藉故 藉方 藉槁 藉此 藉甚 藉由 \
            藉着 藉端 藉端生事 衹得 覆上 覆住 覆信 覆冒 覆呈 覆命 覆墓 覆宗 覆成 覆按 覆文 覆杯 覆校 \
            覆瓿 覆盂 覆育 覆逆 覆醢 覆露 覆鼎 重覆 露覆";
        let cc = opencc();
        for p in phrases.split_whitespace() {
            assert_ne!(cc.convert(p), p, "{p} no longer changes: update the list");
            assert!(p.chars().any(|c| changeable().contains(&c)), "{p}");
        }
        // And on real text: every line of every seed without one is left as it is by OpenCC.
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut checked = 0;
        for entry in std::fs::read_dir(seeds).unwrap() {
            let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) else {
                continue;
            };
            for line in text.lines() {
                if !line.chars().any(|c| changeable().contains(&c)) {
                    assert_eq!(cc.convert(line), line);
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn matching_string_squeezes_spaces_as_the_rules_say() {
        for (t, want) in [
            ("重 大 工 程 | 1 | 数字 赋能", "重大工程 | 1 | 数字赋能"),
            ("  a  b\t\t中 文 \n 下 一行 x ", "a b 中文\n下一行 x"),
            ("\n \n", "\n\n"),
            ("", ""),
            (" 甲", "甲"),
            ("Ａ  乙 ，丙 x", "Ａ乙，丙 x"),
        ] {
            assert_eq!(matching_string(t), want, "{t:?}");
            assert_eq!(matching_text(t).text, want, "{t:?}");
        }
    }

    #[test]
    fn matching_text_joins_cjk_spaced_words() {
        let m = matching_text("重 大 工 程 | 1 | 数字赋能制造业 高质量发展工程 5G 网络");
        assert_eq!(
            m.text,
            "重大工程 | 1 | 数字赋能制造业高质量发展工程 5G 网络"
        );
        assert_eq!(count_cjk_spaces("重 大 工 程"), 3);
    }
}
