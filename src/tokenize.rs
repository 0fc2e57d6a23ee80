//! Stage: tokenize — text → content terms. The only module that imports `jieba_rs`.
//!
//! In: normalized text (a section's range). Out: the words that say what the text is about:
//! jieba-rs segmentation with the policy dictionary of `rules/dictionary.toml` added (so
//! `专精特新`, `品字标`, `亩均论英雄` stay whole), minus the stop words of `rules/stopwords.toml`,
//! single characters, numbers and punctuation.
//!
//! ```
//! use crosscheck::{rules::Rules, tokenize::Tokenizer};
//! let t = Tokenizer::new(&Rules::builtin());
//! let terms = t.terms("加快培育专精特新“小巨人”企业200家");
//! assert!(terms.contains(&"专精特新") && terms.contains(&"小巨人"));
//! assert!(!terms.contains(&"加快"), "stop word");
//! ```

use jieba_rs::Jieba;

use crate::text::is_han;

/// Word segmentation and filtering, built once per run and shared by threads.
pub struct Tokenizer {
    jieba: Jieba,
    // FxHash: every word jieba cuts is looked up (short keys, millions of lookups per run).
    stopwords: rustc_hash::FxHashSet<String>,
    dictionary: rustc_hash::FxHashSet<String>,
    /// The dictionary lists a one-character term that is a clause separator.
    separator_terms: bool,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("dictionary", &self.dictionary.len())
            .field("stopwords", &self.stopwords.len())
            .finish()
    }
}

/// Frequency given to dictionary terms: high enough that jieba keeps them whole.
const USER_TERM_FREQ: usize = 200_000;

impl Tokenizer {
    /// jieba's default dictionary plus the rules' policy terms.
    pub fn new(rules: &crate::rules::Rules) -> Self {
        let mut jieba = Jieba::new();
        for term in &rules.dictionary {
            jieba.add_word(term, Some(USER_TERM_FREQ), None);
        }
        Self {
            jieba,
            stopwords: rules.stopwords.iter().cloned().collect(),
            dictionary: rules.dictionary.iter().cloned().collect(),
            separator_terms: rules.dictionary.iter().any(|t| {
                let mut cs = t.chars();
                cs.next().is_some_and(is_clause_separator) && cs.next().is_none()
            }),
        }
    }

    /// Number of words jieba cuts `text` into (no filtering): the floor benchmark's measure.
    pub fn cut_all(&self, text: &str) -> usize {
        self.jieba.cut(text, false).len()
    }

    /// Content terms of `text`, in order (repeats kept).
    pub fn terms<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.words(text)
            .into_iter()
            .filter(|w| self.is_content(w))
            .collect()
    }

    /// Every word jieba cuts `text` into, in order.
    fn words<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.jieba
            .cut(text, false)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    fn is_content(&self, word: &str) -> bool {
        let han = word.chars().filter(|&c| is_han(c)).count();
        (han >= 2 || self.dictionary.contains(word))
            && !self.stopwords.contains(word)
            && !is_quantity_word(word)
    }

    /// The stretches of `text` jieba cuts independently: jieba splits its input into runs of
    /// CJK, ASCII letters, digits and `+#&._%-` and segments each run on its own, so cutting
    /// the stretches between punctuation and whitespace gives exactly the words of cutting the
    /// whole. Callers that see the same clause many times (a document's nested sections) cut
    /// each distinct clause once. The separators themselves are single non-CJK characters and
    /// never content terms (unless the dictionary lists one, then they are returned too).
    pub fn clauses<'t>(&self, text: &'t str) -> impl Iterator<Item = &'t str> + 't {
        let keep_separators = self.separator_terms;
        let mut rest = text;
        std::iter::from_fn(move || loop {
            if rest.is_empty() {
                return None;
            }
            match rest.char_indices().find(|&(_, c)| is_clause_separator(c)) {
                None => return Some(std::mem::take(&mut rest)),
                Some((0, c)) => {
                    let (sep, tail) = rest.split_at(c.len_utf8());
                    rest = tail;
                    if keep_separators {
                        return Some(sep);
                    }
                }
                Some((i, _)) => {
                    let (clause, tail) = rest.split_at(i);
                    rest = tail;
                    return Some(clause);
                }
            }
        })
    }

    /// The content terms of each of `clauses` (stretches given by [`Self::clauses`]), as
    /// [`Self::terms`] gives them clause by clause, but from one jieba call: jieba sets up its
    /// work space per call, and a document has thousands of short clauses. `each(i, term)` is
    /// called for the terms of clause `i`, in order.
    pub fn clause_terms(&self, clauses: &[&str], mut each: impl FnMut(usize, &str)) {
        // The clauses joined by newlines: jieba cuts a newline off as a word of its own, so the
        // newlines count the clauses off again. (A clause that is itself a separator, kept
        // when the dictionary lists one, could be a newline: those are cut one by one.)
        if !self.separator_terms {
            let mut joined = String::with_capacity(clauses.iter().map(|c| c.len() + 1).sum());
            for c in clauses {
                joined.push_str(c);
                joined.push('\n');
            }
            let words = self.words(&joined);
            if words.iter().filter(|w| **w == "\n").count() == clauses.len() {
                let mut i = 0;
                for w in words {
                    if w == "\n" {
                        i += 1;
                    } else if self.is_content(w) {
                        each(i, w);
                    }
                }
                return;
            }
        }
        for (i, c) in clauses.iter().enumerate() {
            for w in self.terms(c) {
                each(i, w);
            }
        }
    }

    /// Whether a term is in the policy dictionary (a key term when two sections share it).
    pub fn is_policy_term(&self, term: &str) -> bool {
        self.dictionary.contains(term)
    }
}

/// Characters jieba never puts in a word (outside its CJK + `[A-Za-z0-9+#&._%-]` runs):
/// whitespace, other ASCII punctuation, CJK and general punctuation, fullwidth forms.
fn is_clause_separator(c: char) -> bool {
    if c.is_ascii() {
        !(c.is_ascii_alphanumeric() || "+#&._%-".contains(c))
    } else {
        c.is_whitespace()
            || matches!(c, '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
    }
}

/// Multiplier-plus-unit words left over from numbers (`万台`, `亿元`, `万平方米`).
fn is_quantity_word(word: &str) -> bool {
    word.starts_with(['万', '亿', '千', '百'])
        && word
            .chars()
            .all(|c| "万亿千百十个家项台件张元吨平方米公里千瓦时人次户".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;

    #[test]
    fn cutting_clause_by_clause_gives_the_words_of_cutting_the_whole() {
        let t = Tokenizer::new(&Rules::builtin());
        for text in [
            "深化“亩均论英雄”改革，推进品字标浙江制造品牌建设；新增工业机器人2万台。\n（一）5G+工业互联网 示范区",
            "到2025年，规上工业增加值年均增长7%左右；R&D经费占比达3.2%。",
            "一、总体要求\n二、主要任务（专栏1：数智监管）",
        ] {
            let by_clause: Vec<&str> = t.clauses(text).flat_map(|c| t.terms(c)).collect();
            assert_eq!(by_clause, t.terms(text), "{text}");
            // And all clauses cut in one call give each clause its own terms.
            let clauses: Vec<&str> = t.clauses(text).collect();
            let mut batched: Vec<Vec<String>> = vec![Vec::new(); clauses.len()];
            t.clause_terms(&clauses, |i, w| batched[i].push(w.to_owned()));
            let one_by_one: Vec<Vec<String>> = clauses
                .iter()
                .map(|c| t.terms(c).into_iter().map(str::to_owned).collect())
                .collect();
            assert_eq!(batched, one_by_one, "{text}");
        }
    }

    #[test]
    fn policy_terms_stay_whole_and_filler_goes() {
        let t = Tokenizer::new(&Rules::builtin());
        let terms =
            t.terms("深化“亩均论英雄”改革，推进品字标浙江制造品牌建设，新增工业机器人2万台。");
        for keep in [
            "亩均论英雄",
            "改革",
            "品字标",
            "浙江制造",
            "品牌",
            "工业",
            "机器人",
        ] {
            assert!(terms.contains(&keep), "{keep} missing from {terms:?}");
        }
        for drop in ["深化", "推进", "建设", "2", "万台", "，"] {
            assert!(!terms.contains(&drop), "{drop} kept in {terms:?}");
        }
    }
}
