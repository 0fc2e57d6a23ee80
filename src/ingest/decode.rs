//! Decoding file bytes to UTF-8 with an exact map back to the file's bytes.
//!
//! In: the bytes of one file. Out: [`Decoded`] — the text, the encoding label, and an
//! [`OffsetMap`] from text byte offsets to file byte offsets. Supported: UTF-8 (with or without
//! BOM), UTF-16 LE/BE (with BOM, or without BOM when the NUL pattern is unmistakable),
//! GB18030/GBK (guessed by chardetng and verified by an error-free decode) and Big5 (guessed by
//! chardetng, or chosen over a GBK guess whose reading is full of kana and Cyrillic). Anything
//! else is a [`DecodeError`], never a silent lossy decode.

use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE};

use crate::offsets::{OffsetMap, OffsetMapBuilder};

/// The decoded text of a file and its map to file bytes.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: String,
    pub to_file: OffsetMap,
}

/// Why bytes could not be turned into text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file (NUL bytes or control characters; not a text document)")]
    Binary,
    #[error("cannot decode: not valid UTF-8, UTF-16 or GB18030 (the closest guess, {guess}, is not a Chinese encoding or had errors)")]
    Undecodable { guess: String },
}

/// Decode `bytes`, detecting the encoding.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let label = format!("{} (BOM)", enc.name());
        let body = &bytes[bom_len..];
        return if enc == encoding_rs::UTF_8 {
            let text = std::str::from_utf8(body)
                .map_err(|_| DecodeError::Undecodable {
                    guess: "UTF-8 with BOM but invalid bytes".into(),
                })?
                .to_owned();
            let to_file = OffsetMap::shifted(text.len(), bom_len);
            check_text(text, label, to_file)
        } else {
            decode_utf16(body, enc, bom_len, label)
        };
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    // Text with NULs is not UTF-8 text, even when every byte is ASCII: UTF-16 of Chinese text
    // without a BOM often is (一 = 00 4E).
    if let Some(text) = utf8.filter(|t| !t.contains('\0')) {
        let to_file = OffsetMap::identity(text.len());
        return check_text(text.to_owned(), "UTF-8".into(), to_file);
    }
    if let Some(enc) = sniff_utf16_without_bom(bytes) {
        let label = format!("{} (no BOM, detected)", enc.name());
        return decode_utf16(bytes, enc, 0, label);
    }
    if let Some(text) = utf8 {
        return check_text(
            text.to_owned(),
            "UTF-8".into(),
            OffsetMap::identity(text.len()),
        );
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    let enc = if guess == GBK { GB18030 } else { guess };
    if enc != GB18030 && enc != BIG5 {
        return Err(DecodeError::Undecodable {
            guess: guess.name().into(),
        });
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::Undecodable {
            guess: enc.name().into(),
        });
    }
    let mut text = text.into_owned();
    let mut label = if guess == GBK { "GBK" } else { enc.name() };
    if enc == GB18030 {
        if let Some(big5) = big5_instead(&text, bytes) {
            (text, label) = (big5, BIG5.name());
        }
    }
    let to_file = multibyte_map(&text, bytes);
    check_text(text, label.into(), to_file)
}

/// The Big5 reading of `bytes`, when it is the better one. Big5 bytes nearly always decode as
/// GBK too (the byte ranges overlap), and chardetng, told the text is Chinese, guesses GBK; but
/// Big5's common characters (lead bytes A4–C6) fall in GBK's rows of kana, Greek, Cyrillic,
/// box drawing and private use, which a plan written in GBK does not use. So the Big5 reading
/// wins when it decodes without errors and has far fewer of those characters.
fn big5_instead(gbk_text: &str, bytes: &[u8]) -> Option<String> {
    let foreign = |t: &str| {
        t.chars()
            .filter(|c| {
                matches!(*c as u32, 0x3040..=0x30FF | 0x0370..=0x04FF | 0x2500..=0x257F | 0xE000..=0xF8FF)
            })
            .count()
    };
    let in_gbk = foreign(gbk_text);
    if in_gbk < 3 {
        return None;
    }
    let (big5, had_errors) = BIG5.decode_without_bom_handling(bytes);
    (!had_errors && foreign(&big5) * 4 < in_gbk).then(|| big5.into_owned())
}

/// Reject text that decoded but is mostly control characters.
fn check_text(text: String, encoding: String, to_file: OffsetMap) -> Result<Decoded, DecodeError> {
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    let total = text.chars().count();
    if total == 0 || text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if controls * 10 > total || text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded {
        text,
        encoding,
        to_file,
    })
}

fn decode_utf16(
    body: &[u8],
    enc: &'static Encoding,
    offset: usize,
    label: String,
) -> Result<Decoded, DecodeError> {
    if !body.len().is_multiple_of(2) {
        return Err(DecodeError::Undecodable {
            guess: format!("{} with an odd number of bytes", enc.name()),
        });
    }
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    if had_errors {
        return Err(DecodeError::Undecodable {
            guess: enc.name().into(),
        });
    }
    let text = text.into_owned();
    let mut b = OffsetMapBuilder::default();
    let mut pos = offset;
    for c in text.chars() {
        let n = c.len_utf16() * 2;
        b.push(c.len_utf8(), pos, n);
        pos += n;
    }
    let to_file = b.finish(text.len(), offset + body.len());
    check_text(text, label, to_file)
}

/// UTF-16 without BOM: trusted only when one byte order decodes without errors to text that is
/// almost all Chinese, ASCII, whitespace and CJK punctuation, and the other does not. (Counting
/// NULs is not enough: mostly-Chinese text has few, and in both byte positions — 一 is 00 4E.)
fn sniff_utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let plausible = |enc: &'static Encoding| -> f64 {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if had_errors {
            return 0.0;
        }
        let (mut good, mut total) = (0usize, 0usize);
        for c in text.chars() {
            total += 1;
            let u = c as u32;
            if matches!(c, '\n' | '\r' | '\t')
                || (0x20..0x7f).contains(&u)
                || (0x4e00..=0x9fff).contains(&u)
                || (0x3000..=0x30ff).contains(&u)
                || (0xff00..=0xffef).contains(&u)
                || (0x2000..=0x206f).contains(&u)
            {
                good += 1;
            }
        }
        good as f64 / total.max(1) as f64
    };
    let (le, be) = (plausible(UTF_16LE), plausible(UTF_16BE));
    if le >= 0.95 && le > be + 0.2 {
        Some(UTF_16LE)
    } else if be >= 0.95 && be > le + 0.2 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Map for GB18030/GBK and Big5 text: one character per 1-, 2- or 4-byte sequence.
fn multibyte_map(text: &str, bytes: &[u8]) -> OffsetMap {
    let mut b = OffsetMapBuilder::default();
    let mut pos = 0usize;
    for c in text.chars() {
        let first = bytes.get(pos).copied().unwrap_or(0);
        let n = if first <= 0x80 || first == 0xFF {
            1
        } else if bytes
            .get(pos + 1)
            .is_some_and(|b| (0x30..=0x39).contains(b))
        {
            4
        } else {
            2
        };
        b.push(c.len_utf8(), pos, n);
        pos += n;
    }
    b.finish(text.len(), bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_map(d: &Decoded, bytes: &[u8], enc: &'static Encoding) {
        // Every character maps to file bytes that decode back to that character.
        let mut off = 0;
        for c in d.text.chars() {
            let r = d.to_file.map_range(off..off + c.len_utf8());
            let (back, _) = enc.decode_without_bom_handling(&bytes[r]);
            assert_eq!(back.chars().next(), Some(c));
            off += c.len_utf8();
        }
    }

    #[test]
    fn gbk_maps_every_char_to_its_bytes() {
        let text = "湖州市质量发展“十四五”规划 (2021~2025年) €";
        let (bytes, _, _) = GBK.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, text);
        assert!(
            d.encoding == "GBK" || d.encoding == "gb18030",
            "{}",
            d.encoding
        );
        check_map(&d, &bytes, GB18030);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "一、总体要求 abc";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.to_file.map_range(0..3), 2..4);
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        // too little ASCII for a confident guess without BOM: must not be mistaken for GBK text
        let r = decode(&be);
        if let Ok(d) = r {
            assert_eq!(d.text, text);
        }
    }

    #[test]
    fn utf8_bom_shifts_offsets() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("质量".as_bytes());
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "质量");
        assert_eq!(d.to_file.map_range(0..3), 3..6);
        assert_eq!(d.encoding, "UTF-8 (BOM)");
    }

    #[test]
    fn rejects_empty_binary_and_garbage() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b"  \n ").unwrap_err(), DecodeError::Empty);
        assert_eq!(
            decode(&[0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0, 0, 9]).unwrap_err(),
            DecodeError::Binary
        );
        // High bytes followed by invalid GBK trail bytes: neither UTF-8 nor GB18030.
        let garbage: Vec<u8> = (0..200u32)
            .flat_map(|i| [0x81 + (i % 0x7e) as u8, 0x20, b'a'])
            .collect();
        assert!(matches!(
            decode(&garbage),
            Err(DecodeError::Undecodable { .. }) | Err(DecodeError::Binary)
        ));
    }
}
