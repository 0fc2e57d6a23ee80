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
