//! Zip containers (`.docx`, `.ofd`): open one and read a member with a cap on what it inflates
//! to, against zip bombs. The size a zip declares can lie, so the cap holds on the bytes as
//! they inflate, not on the central directory's word.

use std::io::{Cursor, Read};

/// Upper bound on one unpacked member: the cap on input files.
pub(super) const MAX_UNPACKED_BYTES: u64 = super::MAX_FILE_BYTES;

/// Open `bytes` as a zip; `kind` (`.docx`, `.ofd`) names the format in the error.
pub(super) fn open<'a>(
    bytes: &'a [u8],
    kind: &str,
) -> Result<zip::ZipArchive<Cursor<&'a [u8]>>, String> {
    zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a valid {kind} (zip) file: {e}"))
}

/// The unpacked bytes of member `name`, refused past [`MAX_UNPACKED_BYTES`].
pub(super) fn read_capped(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    kind: &str,
) -> Result<Vec<u8>, String> {
    let mut entry = zip
        .by_name(name)
        .map_err(|_| format!("not a {kind}: no {name} inside"))?;
    if entry.size() > MAX_UNPACKED_BYTES {
        return Err(format!(
            "{name} unpacks to {} bytes, above the {MAX_UNPACKED_BYTES} byte limit (a zip bomb, \
             or a document to split)",
            entry.size()
        ));
    }
    let mut out = Vec::new();
    entry
        .by_ref()
        .take(MAX_UNPACKED_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("{name} cannot be unpacked: {e}"))?;
    if out.len() as u64 > MAX_UNPACKED_BYTES {
        return Err(format!(
            "{name} unpacks to more than {MAX_UNPACKED_BYTES} bytes, above the limit (its size \
             in the zip says {}: a zip bomb, or a document to split)",
            entry.size()
        ));
    }
    Ok(out)
}

/// A zip bomb for tests: `members` as they are, then `bomb` inflating past
/// [`MAX_UNPACKED_BYTES`] (`chunk` repeated) while the central directory says it unpacks to
/// 1,000 bytes. The whole file stays under 1 MB.
#[cfg(test)]
pub(super) fn lying_bomb(members: &[(&str, &str)], bomb: &str, chunk: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, text) in members {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file(bomb, options).unwrap();
    let chunk = chunk.repeat(1 << 14);
    let mut written = 0u64;
    while written <= MAX_UNPACKED_BYTES {
        zip.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len() as u64;
    }
    let mut bytes = zip.finish().unwrap().into_inner();
    assert!(
        bytes.len() < 1 << 20,
        "the bomb is small: {} bytes",
        bytes.len()
    );
    let central = bytes
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .expect("a central directory entry");
    bytes[central + 24..central + 28].copy_from_slice(&1000u32.to_le_bytes());
    bytes
}
