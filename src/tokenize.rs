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

use std::collections::HashSet;

use jieba_rs::Jieba;

use crate::normalize::is_han;

/// Word segmentation and filtering, built once per run and shared by threads.
pub struct Tokenizer {
    jieba: Jieba,
    stopwords: HashSet<String>,
    dictionary: HashSet<String>,
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
        }
    }

    /// Number of words jieba cuts `text` into (no filtering): the floor benchmark's measure.
    pub fn cut_all(&self, text: &str) -> usize {
        self.jieba.cut(text, false).len()
    }

    /// Content terms of `text`, in order (repeats kept).
    pub fn terms<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.jieba
            .cut(text, false)
            .into_iter()
            .map(|t| t.word)
            .filter(|w| self.is_content(w))
            .collect()
    }

    fn is_content(&self, word: &str) -> bool {
        let han = word.chars().filter(|&c| is_han(c)).count();
        (han >= 2 || self.dictionary.contains(word))
            && !self.stopwords.contains(word)
            && !is_quantity_word(word)
    }

    /// Whether a term is in the policy dictionary (a key term when two sections share it).
    pub fn is_policy_term(&self, term: &str) -> bool {
        self.dictionary.contains(term)
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
