//! `.ofd` (GB/T 33190-2016, the Chinese fixed-layout format) → pages of positioned glyphs.
//!
//! In: the file's bytes, a zip of XML members. `OFD.xml` names the document (`DocBody/DocRoot`,
//! the first `DocBody` is read); the document's `Document.xml` gives the default page box
//! (`CommonData/PageArea/PhysicalBox`, millimetres), the templates (`CommonData/TemplatePage`)
//! and the pages (`Pages/Page/@BaseLoc`, relative to `Document.xml`'s folder, or to the
//! package root when they start with `/`). Each page's `Content.xml` holds `TextObject`s
//! (`Boundary`, `Size`, optional `CTM`) anywhere under its layers (`PageBlock`s and other
//! wrappers are walked through), each with `TextCode`s (`X`, `Y` baseline, `DeltaX`/`DeltaY`
//! advances with the `g N d` repeat syntax) whose text is drawn one character per glyph.
//! Templates a page names are drawn before its own content (`ZOrder="Foreground"` ones after).
//!
//! Out: [`Page`]s in points from each page's top-left corner, `y` downward, glyphs in drawing
//! order. Every member is read through [`super::zipped::read_capped`]; pages, characters and
//! the total unpacked XML are capped. A page, template or document member that is missing or
//! malformed is an error naming it, never a skipped page. Images are not read: a scanned OFD
//! gives pages without glyphs.

use std::collections::HashMap;
use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};

use super::paged::{Glyph, Page, Rule};

const KIND: &str = ".ofd";
/// Most pages read from one document.
const MAX_PAGES: usize = 20_000;
/// Most characters read from one document, templates counted on every page they are drawn on.
const MAX_GLYPHS: usize = 5_000_000;
/// Most XML unpacked from one document, all members together (each is also capped alone).
const MAX_TOTAL_XML: u64 = 1 << 30;
const PT_PER_MM: f32 = 72.0 / 25.4;
/// A glyph's extent above and below its baseline, as a share of the font size.
const ASCENT: f32 = 0.88;
const DESCENT: f32 = 0.12;
/// Font size (mm) of a `TextObject` without `Size`: 10.5 pt, the body size of most documents.
const DEFAULT_SIZE_MM: f32 = 3.7;
/// Deepest element nesting read (real documents nest under 20 deep).
const MAX_DEPTH: usize = 256;

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The pages of an `.ofd` file, glyphs positioned in points from each page's top-left corner.
pub fn pages(bytes: &[u8]) -> Result<Vec<Page>, String> {
    let mut pkg = Package {
        zip: super::zipped::open(bytes, KIND)?,
        unpacked: 0,
        loose: None,
    };
    let root = pkg.read_exact("OFD.xml")?;
    let doc_path = resolve("", &doc_root(&root)?);
    let doc_name = pkg
        .find(&doc_path)
        .ok_or_else(|| format!("{doc_path}, the document OFD.xml names, is not in the .ofd"))?;
    let doc = document(&pkg.read_exact(&doc_name)?, &doc_name)?;
    let mut glyphs_left = MAX_GLYPHS;
    let mut templates: HashMap<String, Content> = HashMap::new();
    let mut out = Vec::with_capacity(doc.pages.len());
    for (n, loc) in doc.pages.iter().enumerate() {
        let what = format!("page {} of {doc_name}", n + 1);
        let own = pkg.content(&doc.dir, loc, &what, &mut glyphs_left)?;
        let page = assemble(&mut pkg, &doc, own, &mut templates, &mut glyphs_left)
            .map_err(|e| format!("{what}: {e}"))?;
        out.push(page);
    }
    Ok(out)
}

/// The zip and how much XML has been unpacked from it so far.
struct Package<'a> {
    zip: Zip<'a>,
    unpacked: u64,
    /// Member names by their lower-cased, `/`-separated form.
    loose: Option<HashMap<String, String>>,
}

impl Package<'_> {
    /// The member a resolved path names: exactly, else with `\\` read as `/` and case ignored
    /// (producers on Windows write both; the index of loose names is built once, on the first
    /// miss).
    fn find(&mut self, path: &str) -> Option<String> {
        if self.zip.index_for_name(path).is_some() {
            return Some(path.to_owned());
        }
        let zip = &self.zip;
        let loose = self.loose.get_or_insert_with(|| {
            let mut map = HashMap::new();
            for name in zip.file_names() {
                let key = name.replace('\\', "/").to_lowercase();
                map.entry(key).or_insert_with(|| name.to_owned());
            }
            map
        });
        loose.get(&path.to_lowercase()).cloned()
    }

    /// Member `name` as text, within the per-member and the total caps.
    fn read_exact(&mut self, name: &str) -> Result<String, String> {
        let bytes = super::zipped::read_capped(&mut self.zip, name, KIND)?;
        self.unpacked += bytes.len() as u64;
        if self.unpacked > MAX_TOTAL_XML {
            return Err(format!(
                "the .ofd unpacks to more than {MAX_TOTAL_XML} bytes of XML in total (reached \
                 at {name}): a zip bomb, or a document to split"
            ));
        }
        let text =
            String::from_utf8(bytes).map_err(|e| format!("{name} is not readable UTF-8: {e}"))?;
        Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        })
    }

    /// The content of the page or template at `loc` (relative to `dir`); `what` says which
    /// one it is when the member is missing.
    fn content(
        &mut self,
        dir: &str,
        loc: &str,
        what: &str,
        glyphs_left: &mut usize,
    ) -> Result<Content, String> {
        let path = resolve(dir, loc);
        let name = self
            .find(&path)
            .or_else(|| self.find(&resolve("", loc)))
            .ok_or_else(|| format!("{path} ({what}) is not in the .ofd"))?;
        let xml = self.read_exact(&name)?;
        content(&xml, glyphs_left).map_err(|e| format!("{name} is malformed: {e}"))
    }
}

/// `loc` resolved against folder `dir` (`/` first means the package root), `.` and `..`
/// segments applied, `\` read as `/`.
fn resolve(dir: &str, loc: &str) -> String {
    let loc = loc.trim().replace('\\', "/");
    let joined = match loc.strip_prefix('/') {
        Some(abs) => abs.to_owned(),
        None => format!("{dir}/{loc}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// A rectangle `x y w h` in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

/// `s` as finite numbers separated by spaces (or commas), exactly `N` of them.
fn numbers<const N: usize>(s: &str, what: &str) -> Result<[f32; N], String> {
    let mut out = [0.0; N];
    let mut count = 0;
    for tok in s.split(|c: char| c.is_whitespace() || c == ',') {
        if tok.is_empty() {
            continue;
        }
        let v = number(tok).ok_or_else(|| bad(what, s))?;
        *out.get_mut(count).ok_or_else(|| bad(what, s))? = v;
        count += 1;
    }
    if count == N {
        Ok(out)
    } else {
        Err(bad(what, s))
    }
}

fn number(tok: &str) -> Option<f32> {
    tok.parse::<f32>().ok().filter(|v| v.is_finite())
}

/// "`what` "…" is not what it should be", the value cut to 40 characters.
fn bad(what: &str, value: &str) -> String {
    let mut shown: String = value.chars().take(40).collect();
    if value.chars().nth(40).is_some() {
        shown.push('…');
    }
    format!("{what} \"{shown}\" is not valid")
}

fn rect(s: &str, what: &str) -> Result<Rect, String> {
    let [x, y, w, h] = numbers::<4>(s, what)?;
    Ok(Rect { x, y, w, h })
}

/// The value of attribute `local` (prefix ignored), unescaped; `None` when absent.
fn attr(e: &BytesStart, local: &[u8]) -> Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|e| format!("bad attribute: {e}"))?;
        if a.key.local_name().as_ref() == local {
            let v = a
                .unescape_value()
                .map_err(|e| format!("bad attribute value: {e}"))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// Walk `xml`, calling `on` with each element start, each piece of text and each element end
/// (an empty element `<a/>` is a start and an end); errors when the XML is malformed or ends inside an
/// element.
fn walk(xml: &str, mut on: impl FnMut(Node) -> Result<(), String>) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{e} (at byte {})", reader.buffer_position()))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!("elements nest more than {MAX_DEPTH} deep"));
                }
                on(Node::Start(&e))?;
            }
            Event::Empty(e) => {
                on(Node::Start(&e))?;
                on(Node::End(e.local_name().as_ref()))?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                on(Node::End(e.local_name().as_ref()))?;
            }
            Event::Text(t) => {
                let s = t.unescape().map_err(|e| format!("bad text: {e}"))?;
                on(Node::Text(&s))?;
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| format!("bad CDATA: {e}"))?;
                on(Node::Text(&s))?;
            }
            Event::Eof if depth > 0 => return Err("it ends inside an element (cut short?)".into()),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

enum Node<'a, 'b> {
    Start(&'a BytesStart<'b>),
    Text(&'a str),
    End(&'a [u8]),
}

/// The text of the first `DocBody/DocRoot` of `OFD.xml`.
fn doc_root(xml: &str) -> Result<String, String> {
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut root: Option<String> = None;
    let mut bodies = 0;
    walk(xml, |node| {
        match node {
            Node::Start(e) => {
                let name = e.local_name().as_ref().to_vec();
                bodies += usize::from(name == b"DocBody" && path.len() == 1);
                path.push(name);
            }
            Node::Text(t) if bodies == 1 && root.is_none() && at(&path, &[b"DocRoot"]) => {
                let t = t.trim();
                if !t.is_empty() {
                    root = Some(t.to_owned());
                }
            }
            Node::Text(_) => {}
            Node::End(_) => {
                path.pop();
            }
        }
        Ok(())
    })
    .map_err(|e| format!("OFD.xml is malformed: {e}"))?;
    root.ok_or_else(|| "OFD.xml names no document (no DocBody/DocRoot)".to_owned())
}

/// Whether the open elements end with `tail`.
fn at(path: &[Vec<u8>], tail: &[&[u8]]) -> bool {
    path.len() >= tail.len()
        && path
            .iter()
            .rev()
            .zip(tail.iter().rev())
            .all(|(p, t)| p.as_slice() == *t)
}

/// What `Document.xml` says: its folder, default page box, templates and pages.
#[derive(Debug, Default)]
struct Document {
    dir: String,
    page_box: Option<Rect>,
    /// Template id → its `BaseLoc`.
    templates: HashMap<String, String>,
    /// Each page's `BaseLoc`, in order.
    pages: Vec<String>,
}

fn document(xml: &str, name: &str) -> Result<Document, String> {
    let mut doc = Document {
        dir: name
            .rsplit_once('/')
            .map(|(d, _)| d)
            .unwrap_or("")
            .to_owned(),
        ..Document::default()
    };
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut box_text = String::new();
    walk(xml, |node| {
        match node {
            Node::Start(e) => {
                let local = e.local_name();
                let local = local.as_ref();
                if local == b"Page" && at(&path, &[b"Pages"]) {
                    if doc.pages.len() >= MAX_PAGES {
                        return Err(format!("it lists more than {MAX_PAGES} pages, the limit"));
                    }
                    doc.pages
                        .push(attr(e, b"BaseLoc")?.ok_or("a Page has no BaseLoc")?);
                } else if local == b"TemplatePage" && at(&path, &[b"CommonData"]) {
                    if let (Some(id), Some(loc)) = (attr(e, b"ID")?, attr(e, b"BaseLoc")?) {
                        doc.templates.insert(id, loc);
                    }
                }
                path.push(local.to_vec());
            }
            Node::Text(t) if at(&path, &[b"CommonData", b"PageArea", b"PhysicalBox"]) => {
                box_text.push_str(t);
            }
            Node::Text(_) => {}
            Node::End(_) => {
                path.pop();
            }
        }
        Ok(())
    })
    .map_err(|e| format!("{name} is malformed: {e}"))?;
    if !box_text.trim().is_empty() {
        doc.page_box =
            Some(rect(&box_text, "PageArea/PhysicalBox").map_err(|e| format!("{name}: {e}"))?);
    }
    Ok(doc)
}

/// What one page's or template's `Content.xml` holds: its own page box, the templates it
/// names (id, drawn in front), and its glyphs in millimetres on the page.
#[derive(Debug, Default, Clone)]
struct Content {
    area: Option<Rect>,
    templates: Vec<(String, bool)>,
    glyphs: Vec<Glyph>,
    /// Boundaries (mm) of `PathObject`s: thin ones are table borders.
    paths: Vec<Rect>,
}

/// `PathObject`s kept per page (a page of more is a drawing, not tables).
const MAX_PATHS: usize = 20_000;

/// A `TextObject` being read: where it sits and how its coordinates map onto the page.
struct TextObject {
    boundary: Rect,
    size: f32,
    /// `a b c d e f`: object space → boundary space, `x' = a x + c y + e`, `y' = b x + d y + f`.
    ctm: [f32; 6],
    /// Where the next `TextCode` without `X`/`Y` starts: after the previous one.
    pen: (f32, f32),
}

/// A `TextCode` being read: where its next character goes and the advances still to use.
struct TextCode {
    pen: (f32, f32),
    dx: Deltas,
    dy: Deltas,
}

fn content(xml: &str, glyphs_left: &mut usize) -> Result<Content, String> {
    let mut out = Content::default();
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut area_text = String::new();
    let mut object: Option<TextObject> = None;
    let mut code: Option<TextCode> = None;
    walk(xml, |node| {
        match node {
            Node::Start(e) => {
                let local = e.local_name().as_ref().to_vec();
                match local.as_slice() {
                    b"Template" if path.len() == 1 => {
                        let Some(id) = attr(e, b"TemplateID")? else {
                            return Ok(());
                        };
                        let front = attr(e, b"ZOrder")?.is_some_and(|z| z == "Foreground");
                        out.templates.push((id, front));
                    }
                    b"TextObject" => object = Some(text_object(e)?),
                    b"PathObject" if out.paths.len() < MAX_PATHS => {
                        if let Some(b) = attr(e, b"Boundary")? {
                            out.paths.push(rect(&b, "PathObject Boundary")?);
                        }
                    }
                    b"TextCode" => {
                        if let Some(obj) = object.as_ref() {
                            code = Some(text_code(e, obj.pen)?);
                        }
                    }
                    _ => {}
                }
                path.push(local);
            }
            Node::Text(t) if path.len() == 3 && at(&path, &[b"Area", b"PhysicalBox"]) => {
                area_text.push_str(t);
            }
            Node::Text(t) => {
                if let (Some(obj), Some(code)) = (object.as_ref(), code.as_mut()) {
                    draw(t, obj, code, &mut out.glyphs, glyphs_left)?;
                }
            }
            Node::End(local) => {
                path.pop();
                match local {
                    b"TextCode" => {
                        if let (Some(obj), Some(code)) = (object.as_mut(), code.take()) {
                            obj.pen = code.pen;
                        }
                    }
                    b"TextObject" => object = None,
                    _ => {}
                }
            }
        }
        Ok(())
    })?;
    if !area_text.trim().is_empty() {
        out.area = Some(rect(&area_text, "Area/PhysicalBox")?);
    }
    Ok(out)
}

fn text_object(e: &BytesStart) -> Result<TextObject, String> {
    let boundary = match attr(e, b"Boundary")? {
        Some(b) => rect(&b, "TextObject Boundary")?,
        None => Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        },
    };
    let size = match attr(e, b"Size")? {
        Some(s) => number(s.trim()).ok_or_else(|| bad("TextObject Size", &s))?,
        None => DEFAULT_SIZE_MM,
    };
    let ctm = match attr(e, b"CTM")? {
        Some(m) => numbers::<6>(&m, "TextObject CTM")?,
        None => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    };
    Ok(TextObject {
        boundary,
        size: size.abs(),
        ctm,
        pen: (0.0, 0.0),
    })
}

fn text_code(e: &BytesStart, pen: (f32, f32)) -> Result<TextCode, String> {
    let coord = |name: &[u8], what: &str, default: f32| -> Result<f32, String> {
        match attr(e, name)? {
            Some(v) => number(v.trim()).ok_or_else(|| bad(what, &v)),
            None => Ok(default),
        }
    };
    let deltas = |name: &[u8], what: &str| -> Result<Deltas, String> {
        match attr(e, name)? {
            Some(v) => Deltas::parse(&v).ok_or_else(|| bad(what, &v)),
            None => Ok(Deltas::default()),
        }
    };
    Ok(TextCode {
        pen: (
            coord(b"X", "TextCode X", pen.0)?,
            coord(b"Y", "TextCode Y", pen.1)?,
        ),
        dx: deltas(b"DeltaX", "TextCode DeltaX")?,
        dy: deltas(b"DeltaY", "TextCode DeltaY")?,
    })
}

/// Advances between characters (`DeltaX`, `DeltaY`), `g N d` meaning `d` N times, kept as runs
/// so that a huge repeat count costs nothing.
#[derive(Debug, Default, Clone, PartialEq)]
struct Deltas {
    /// (count, value), last to first, so that the next run is at the end.
    runs: Vec<(u64, f32)>,
}

impl Deltas {
    fn parse(s: &str) -> Option<Self> {
        let mut runs = Vec::new();
        let mut toks = s.split_whitespace();
        while let Some(tok) = toks.next() {
            if tok == "g" {
                let count = toks.next()?.parse::<f64>().ok()?;
                let value = number(toks.next()?)?;
                if !(count.is_finite() && count >= 0.0 && count.fract() == 0.0) {
                    return None;
                }
                runs.push((count.min(u64::MAX as f64) as u64, value));
            } else {
                runs.push((1, number(tok)?));
            }
        }
        runs.reverse();
        Some(Self { runs })
    }

    /// The next advance, `None` once the list is used up.
    fn next(&mut self) -> Option<f32> {
        loop {
            let (count, value) = self.runs.last_mut()?;
            if *count > 0 {
                *count -= 1;
                return Some(*value);
            }
            self.runs.pop();
        }
    }
}

/// Whether `ch` is drawn a full em wide (Han, kana, Hangul, fullwidth forms, CJK punctuation).
fn is_wide(ch: char) -> bool {
    matches!(ch as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Draw the characters of `text`, the next piece of a `TextCode`'s text, onto `glyphs`
/// (millimetres on the page).
fn draw(
    text: &str,
    obj: &TextObject,
    code: &mut TextCode,
    glyphs: &mut Vec<Glyph>,
    glyphs_left: &mut usize,
) -> Result<(), String> {
    let size = obj.size;
    for ch in text.chars() {
        *glyphs_left = glyphs_left.checked_sub(1).ok_or_else(too_many_glyphs)?;
        let em = if is_wide(ch) { size } else { size * 0.5 };
        let (x, y) = code.pen;
        let advance = code.dx.next();
        // A glyph is never drawn wider than its em, nor past where the next one starts.
        let width = match advance {
            Some(a) if a > 0.0 && a < em => a,
            _ => em,
        };
        let corners = [
            (x, y - size * ASCENT),
            (x + width, y - size * ASCENT),
            (x, y + size * DESCENT),
            (x + width, y + size * DESCENT),
        ];
        let [a, b, c, d, e, f] = obj.ctm;
        let (mut left, mut top) = (f32::INFINITY, f32::INFINITY);
        let (mut right, mut bottom) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
        for (px, py) in corners {
            let qx = obj.boundary.x + a * px + c * py + e;
            let qy = obj.boundary.y + b * px + d * py + f;
            left = left.min(qx);
            right = right.max(qx);
            top = top.min(qy);
            bottom = bottom.max(qy);
        }
        if !finite(&[left, right, top, bottom]) {
            return Err(format!("the character {ch:?} is placed out of any range"));
        }
        glyphs.push(Glyph {
            ch,
            left,
            right,
            top,
            bottom,
        });
        code.pen = (x + advance.unwrap_or(em), y + code.dy.next().unwrap_or(0.0));
    }
    Ok(())
}

fn finite(values: &[f32]) -> bool {
    values.iter().all(|v| v.is_finite())
}

fn too_many_glyphs() -> String {
    format!("the .ofd draws more than {MAX_GLYPHS} characters, the limit (a document to split)")
}

/// One page: its templates' content and its own, in drawing order, in points from the page
/// box's top-left corner. The page box is the page's own, else its first template's, else the
/// document's, else A4.
fn assemble(
    pkg: &mut Package,
    doc: &Document,
    own: Content,
    cache: &mut HashMap<String, Content>,
    glyphs_left: &mut usize,
) -> Result<Page, String> {
    let mut back: Vec<Glyph> = Vec::new();
    let mut front: Vec<Glyph> = Vec::new();
    let mut template_area = None;
    for (id, in_front) in &own.templates {
        let Some(loc) = doc.templates.get(id) else {
            continue; // a template the document does not define: nothing to draw
        };
        if !cache.contains_key(id) {
            let what = format!("template {id}");
            // Read once, within what is left; its glyphs are charged below, on every page that
            // draws them.
            let mut probe = *glyphs_left;
            let t = pkg.content(&doc.dir, loc, &what, &mut probe)?;
            cache.insert(id.clone(), t);
        }
        let Some(t) = cache.get(id) else { continue };
        *glyphs_left = glyphs_left
            .checked_sub(t.glyphs.len())
            .ok_or_else(too_many_glyphs)?;
        template_area = template_area.or(t.area);
        let into = if *in_front { &mut front } else { &mut back };
        into.extend_from_slice(&t.glyphs);
    }
    let area = own.area.or(template_area).or(doc.page_box).unwrap_or(Rect {
        x: 0.0,
        y: 0.0,
        w: 210.0,
        h: 297.0,
    });
    let to_pt = |g: Glyph| {
        let g = Glyph {
            ch: g.ch,
            left: (g.left - area.x) * PT_PER_MM,
            right: (g.right - area.x) * PT_PER_MM,
            top: (g.top - area.y) * PT_PER_MM,
            bottom: (g.bottom - area.y) * PT_PER_MM,
        };
        finite(&[g.left, g.right, g.top, g.bottom])
            .then_some(g)
            .ok_or_else(|| format!("the character {:?} is placed out of any range", g.ch))
    };
    // Table borders: thin paths of the templates and the page, in points like the glyphs.
    let rules = own
        .templates
        .iter()
        .filter_map(|(id, _)| cache.get(id))
        .flat_map(|t| t.paths.iter())
        .chain(&own.paths)
        .filter_map(|r| {
            let (left, top) = ((r.x - area.x) * PT_PER_MM, (r.y - area.y) * PT_PER_MM);
            Rule::from_box(left, left + r.w * PT_PER_MM, top, top + r.h * PT_PER_MM)
        })
        .collect();
    let glyphs = back
        .into_iter()
        .chain(own.glyphs)
        .chain(front)
        .map(to_pt)
        .collect::<Result<_, _>>()?;
    let (width, height) = (area.w * PT_PER_MM, area.h * PT_PER_MM);
    if !finite(&[width, height]) {
        return Err("the page box is out of any range".into());
    }
    Ok(Page {
        width,
        height,
        glyphs,
        rules,
    })
}

#[cfg(test)]
mod tests;
