//! Recomputing every checksum of an index file: what anyone who knows the layout can do to a
//! file they have changed. For the property test and the fuzz target of index loading: a
//! changed record must then be caught by [`super::Index::load`]'s validation, not by its
//! checksum, and no byte pattern may panic.
//!
//! In: the bytes of an index file (changed or not). Out: the same bytes with the header's
//! record and fingerprint-table checksums, and the header's own, recomputed; `None` when the
//! preamble or header cannot be read at all (then there is nothing to reseal).

use super::{Header, MAGIC, PREAMBLE};

/// `bytes` with every checksum recomputed (see the module docs).
pub fn reseal(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < PREAMBLE || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let header_len = u64::from_le_bytes(bytes[12..20].try_into().ok()?);
    let header_end = PREAMBLE.checked_add(usize::try_from(header_len).ok()?)?;
    let body = bytes.get(header_end.checked_add(4)?..)?;
    let mut header: Header = postcard::from_bytes(&bytes[PREAMBLE..header_end]).ok()?;
    let postings_len = usize::try_from(header.postings).ok()?.checked_mul(12)?;
    header.postings_crc = crc32fast::hash(body.get(..postings_len)?);
    for d in &mut header.documents {
        let start = usize::try_from(d.record_offset).ok()?;
        let end = start.checked_add(usize::try_from(d.record_len).ok()?)?;
        d.record_crc = crc32fast::hash(body.get(start..end)?);
    }
    let header_bytes = postcard::to_stdvec(&header).ok()?;
    let mut out = Vec::with_capacity(bytes.len() + 16);
    out.extend_from_slice(&bytes[..12]);
    out.extend_from_slice(&(header_bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(&header_bytes);
    out.extend_from_slice(&crc32fast::hash(&header_bytes).to_le_bytes());
    out.extend_from_slice(body);
    Some(out)
}
