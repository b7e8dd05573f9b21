//! Writes hostile office and text files, and one good form beside them, into a directory, so
//! that `scripts/hostile.sh` can measure what `jixiao check` does with each one from process
//! start to exit: zip bombs, lying sizes, entity expansion, sheets and tables claiming billions
//! of cells, deep nesting, truncated and encrypted packages, wrong kinds and undecodable text.
//!
//! `cargo run --release --example hostile-forms -- DIR`

use std::io::{Cursor, Write};

use jixiao::import::form::FormSet;
use jixiao::import::form::example::{word_document, workbook};
use zip::write::SimpleFileOptions;

type Error = Box<dyn std::error::Error>;

const USAGE: &str = "usage: cargo run --release --example hostile-forms -- DIR

Writes into DIR (created if absent) one file per hostile construction — zip bombs named .xlsx
and .docx, a declared-size lie, 100 000 zip entries, overlapping entries, entity expansion and
an external entity in a Word document and in a sheet, a cell at XFD1048576, a lying shared-
string count, XML nested 100 000 deep, a 4-billion gridSpan, truncated packages, an encrypted
package, a JPEG named .xlsx, a Word package without its document, an .xls claiming 4 billion
rows, 20 MB of random bytes and 20 MB of GB18030 text named .txt — and one good form,
good-national-project.xlsx, the first example of the national project layout. Prints each
file's name.";

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = match args.as_slice() {
        [flag] if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            return Ok(());
        }
        [dir] => std::path::PathBuf::from(dir),
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    std::fs::create_dir_all(&dir)?;
    for (name, bytes) in files()? {
        std::fs::write(dir.join(name), bytes)?;
        println!("{name}");
    }
    Ok(())
}

/// Every file, by name.
fn files() -> Result<Vec<(&'static str, Vec<u8>)>, Error> {
    let good = good_form()?;
    let good_docx = good_word_document()?;
    let gigabyte_of_zeros = deflated_zeros(1024)?;
    let gigabyte_crc = zeros_crc(1024);
    Ok(vec![
        ("good-national-project.xlsx", good.clone()),
        // An XML part of 1 GiB of zeros, deflated to about 1 MB, declaring its true size.
        (
            "zip-bomb.xlsx",
            raw_xlsx_with_part(RawEntry {
                name: "xl/worksheets/sheet1.xml",
                method: 8,
                data: &gigabyte_of_zeros,
                declared_size: 1 << 30,
                crc: gigabyte_crc,
            })?,
        ),
        (
            "zip-bomb.docx",
            raw_zip(&[RawEntry {
                name: "word/document.xml",
                method: 8,
                data: &gigabyte_of_zeros,
                declared_size: 1 << 30,
                crc: gigabyte_crc,
            }])?,
        ),
        // The same gigabyte declaring 4 KiB: refused while inflating, not after.
        (
            "size-lie.docx",
            raw_zip(&[RawEntry {
                name: "word/document.xml",
                method: 8,
                data: &gigabyte_of_zeros,
                declared_size: 4096,
                crc: gigabyte_crc,
            }])?,
        ),
        (
            "size-lie.xlsx",
            raw_xlsx_with_part(RawEntry {
                name: "xl/worksheets/sheet1.xml",
                method: 8,
                data: &gigabyte_of_zeros,
                declared_size: 4096,
                crc: gigabyte_crc,
            })?,
        ),
        ("hundred-thousand-entries.xlsx", hundred_thousand_entries()?),
        ("overlapping-entries.docx", overlapping_entries()?),
        (
            "billion-laughs.docx",
            docx_document(&format!("{LAUGHS}<w:document {W}><w:body>{}</w:body></w:document>", p("&lol9;")))?,
        ),
        (
            "external-entity.docx",
            docx_document(&format!("{XXE}<w:document {W}><w:body>{}</w:body></w:document>", p("&xxe;")))?,
        ),
        (
            "billion-laughs.xlsx",
            raw_xlsx(
                &sheet_xml(LAUGHS, r#"<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>"#),
                None,
            )?,
        ),
        (
            "external-entity.xlsx",
            raw_xlsx(
                &sheet_xml(XXE, r#"<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>"#),
                None,
            )?,
        ),
        (
            "cell-xfd1048576.xlsx",
            raw_xlsx(
                &format!(
                    r#"<?xml version="1.0"?><worksheet {SHEET_NS}><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>"#
                ),
                None,
            )?,
        ),
        (
            "shared-string-count-lie.xlsx",
            raw_xlsx(
                &sheet_xml("", r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#),
                Some(&format!(
                    r#"<?xml version="1.0"?><sst {SHEET_NS} count="1" uniqueCount="1000000000000"><si><t>占位</t></si></sst>"#
                )),
            )?,
        ),
        ("deep-nesting.docx", docx_document(&deeply_nested_document(100_000))?),
        ("deep-nesting.xlsx", raw_xlsx(&deeply_nested_sheet(100_000), None)?),
        (
            "gridspan-four-billion.docx",
            docx_document(&format!(
                r#"<?xml version="1.0"?><w:document {W}><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="4000000000"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>"#
            ))?,
        ),
        ("truncated.xlsx", good.get(..good.len() / 2).unwrap_or_default().to_vec()),
        ("truncated.docx", good_docx.get(..good_docx.len() / 2).unwrap_or_default().to_vec()),
        (
            "encrypted.xlsx",
            compound_of(&[
                ("EncryptionInfo", b"\x04\x00\x04\x00\x40\x00\x00\x00"),
                ("EncryptedPackage", &[0u8; 4096]),
            ])?,
        ),
        ("jpeg.xlsx", jpeg()),
        ("no-document-xml.docx", no_document_xml()?),
        (
            "dimensions-four-billion-rows.xls",
            xls_of("Sheet1", &[dimensions(0, u32::MAX, 0, 255), number(0, 0, 1.0)])?,
        ),
        ("random-bytes-20mb.txt", random_bytes(20 << 20, 0x9E37_79B9_7F4A_7C15)),
        ("gb18030-20mb.txt", gb18030_text(20 << 20)),
    ])
}

// ---------------------------------------------------------------------------------------------
// The good form

/// The first example of the national project layout as a department fills it in Excel.
fn good_form() -> Result<Vec<u8>, Error> {
    let forms = FormSet::builtin()?;
    let example = forms
        .layout("national-project")
        .and_then(|layout| layout.examples.first())
        .ok_or("the national project layout has no example")?;
    Ok(workbook(example, "自评表")?)
}

/// The same example pasted into Word, to cut short.
fn good_word_document() -> Result<Vec<u8>, Error> {
    let forms = FormSet::builtin()?;
    let example = forms
        .layout("national-project")
        .and_then(|layout| layout.examples.first())
        .ok_or("the national project layout has no example")?;
    Ok(word_document(example)?)
}

// ---------------------------------------------------------------------------------------------
// Packages

/// A ZIP written with the `zip` crate, deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Result<Vec<u8>, Error> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        writer.start_file(*name, SimpleFileOptions::default())?;
        writer.write_all(data)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// One entry of a hand-built ZIP, where the sizes and CRC are whatever the caller says.
struct RawEntry<'a> {
    name: &'a str,
    /// 0 stored, 8 deflated.
    method: u16,
    data: &'a [u8],
    declared_size: u32,
    crc: u32,
}

impl<'a> RawEntry<'a> {
    /// A stored entry that tells the truth about its size and CRC.
    fn stored(name: &'a str, data: &'a [u8]) -> Result<RawEntry<'a>, Error> {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        Ok(RawEntry { name, method: 0, data, declared_size: u32::try_from(data.len())?, crc: crc.sum() })
    }
}

/// A ZIP built byte by byte, so that it can lie about sizes. More than 65 535 entries saturate
/// the classic count field, and no ZIP64 record follows.
fn raw_zip(entries: &[RawEntry<'_>]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let offset = u32::try_from(out.len())?;
        let compressed = u32::try_from(entry.data.len())?;
        let name_len = u16::try_from(entry.name.len())?;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&entry.method.to_le_bytes());
            h.extend_from_slice(&0u32.to_le_bytes());
            h.extend_from_slice(&entry.crc.to_le_bytes());
            h.extend_from_slice(&compressed.to_le_bytes());
            h.extend_from_slice(&entry.declared_size.to_le_bytes());
            h.extend_from_slice(&name_len.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central {
                // Comment length, disk, internal and external attributes, then the offset.
                h.extend_from_slice(&[0; 6]);
                h.extend_from_slice(&0u32.to_le_bytes());
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(entry.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(entry.data);
        central.extend(header(0x0201_4b50, true));
    }
    let central_offset = u32::try_from(out.len())?;
    let count = u16::try_from(entries.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&u32::try_from(central.len())?.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    Ok(out)
}

/// Raw deflate of `chunks` MiB of zeros, built from one compressed MiB repeated: each repeat
/// only refers back to zeros, so the stream is valid and inflates to `chunks` MiB.
fn deflated_zeros(chunks: usize) -> Result<Vec<u8>, Error> {
    use flate2::{Compress, Compression, FlushCompress};
    let mut compress = Compress::new(Compression::best(), false);
    let zeros = vec![0u8; 1 << 20];
    let mut chunk = Vec::with_capacity(1 << 16);
    compress.compress_vec(&zeros, &mut chunk, FlushCompress::Sync)?;
    let mut stream = Vec::with_capacity(chunk.len() * chunks + 8);
    for _ in 0..chunks {
        stream.extend_from_slice(&chunk);
    }
    // An empty final stored block ends the stream.
    stream.extend_from_slice(&[0x01, 0x00, 0x00, 0xFF, 0xFF]);
    Ok(stream)
}

/// The CRC-32 of `chunks` MiB of zeros, so that the bomb's only lie is its size.
fn zeros_crc(chunks: usize) -> u32 {
    let zeros = vec![0u8; 1 << 20];
    let mut crc = flate2::Crc::new();
    for _ in 0..chunks {
        crc.update(&zeros);
    }
    crc.sum()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const EMPTY_SST: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>"#;

/// A one-sheet workbook written from raw XML: the package parts Excel needs, the given sheet
/// and, when given, the shared strings.
fn raw_xlsx(sheet: &str, shared_strings: Option<&str>) -> Result<Vec<u8>, Error> {
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/sharedStrings.xml", shared_strings.unwrap_or(EMPTY_SST).as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

/// A one-sheet workbook built byte by byte, whose sheet is `sheet` as given (sizes and all).
fn raw_xlsx_with_part(sheet: RawEntry<'_>) -> Result<Vec<u8>, Error> {
    raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes())?,
        RawEntry::stored("_rels/.rels", ROOT_RELS.as_bytes())?,
        RawEntry::stored("xl/workbook.xml", WORKBOOK.as_bytes())?,
        RawEntry::stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes())?,
        RawEntry::stored("xl/sharedStrings.xml", EMPTY_SST.as_bytes())?,
        sheet,
    ])
}

const SHEET_NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;

/// A sheet part: `prolog` (an XML declaration, a DTD) then the rows.
fn sheet_xml(prolog: &str, rows: &str) -> String {
    let prolog = if prolog.is_empty() { r#"<?xml version="1.0"?>"# } else { prolog };
    format!("{prolog}<worksheet {SHEET_NS}><sheetData>{rows}</sheetData></worksheet>")
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A Word package holding `document` as `word/document.xml`.
fn docx_document(document: &str) -> Result<Vec<u8>, Error> {
    let content_types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
    zip_of(&[("[Content_Types].xml", content_types.as_bytes()), ("word/document.xml", document.as_bytes())])
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// Nine levels of ten references each: 10⁹ `lol`s, 3 GB once expanded.
const LAUGHS: &str = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>"#;

const XXE: &str = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"#;

fn deeply_nested_document(depth: usize) -> String {
    format!(
        r#"<?xml version="1.0"?><w:document {W}><w:body><w:p>{}{}</w:p></w:body></w:document>"#,
        "<w:hyperlink>".repeat(depth),
        "</w:hyperlink>".repeat(depth)
    )
}

/// A sheet whose one cell holds rich text nested `depth` runs deep.
fn deeply_nested_sheet(depth: usize) -> String {
    sheet_xml(
        "",
        &format!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is>{}<t>深</t>{}</is></c></row>"#,
            "<r>".repeat(depth),
            "</r>".repeat(depth)
        ),
    )
}

fn hundred_thousand_entries() -> Result<Vec<u8>, Error> {
    let names: Vec<String> = (0..100_000).map(|i| format!("x/{i}.xml")).collect();
    let entries: Vec<RawEntry<'_>> =
        names.iter().map(|name| RawEntry { name, method: 0, data: b"", declared_size: 0, crc: 0 }).collect();
    raw_zip(&entries)
}

/// Two entries whose central directory records both point at the first local header.
fn overlapping_entries() -> Result<Vec<u8>, Error> {
    let data = format!("<w:document {W}/>");
    let mut bytes = raw_zip(&[
        RawEntry::stored("word/document.xml", data.as_bytes())?,
        RawEntry::stored("word/styles.xml", data.as_bytes())?,
    ])?;
    let second = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x01\x02")
        .nth(1)
        .map(|(at, _)| at)
        .ok_or("no second central directory record")?;
    bytes
        .get_mut(second + 42..second + 46)
        .ok_or("central directory record cut short")?
        .copy_from_slice(&0u32.to_le_bytes());
    Ok(bytes)
}

/// A Word package with its relationships but no `word/document.xml`.
fn no_document_xml() -> Result<Vec<u8>, Error> {
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/_rels/document.xml.rels", b"<Relationships/>"),
        ("word/styles.xml", b"<w:styles/>"),
    ])
}

/// The start of a JFIF image, then filler: a photo of the form uploaded in its place.
fn jpeg() -> Vec<u8> {
    let mut bytes = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00".to_vec();
    bytes.extend(random_bytes(64 << 10, 7));
    bytes.extend_from_slice(b"\xFF\xD9");
    bytes
}

// ---------------------------------------------------------------------------------------------
// Compound files (.xls, encrypted packages)

/// A minimal OLE compound file holding the named streams.
fn compound_of(streams: &[(&str, &[u8])]) -> Result<Vec<u8>, Error> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new()))?;
    for (name, data) in streams {
        let mut stream = file.create_stream(format!("/{name}"))?;
        stream.write_all(data)?;
    }
    file.flush()?;
    Ok(file.into_inner().into_inner())
}

fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend_from_slice(&u16::try_from(data.len()).unwrap_or(u16::MAX).to_le_bytes());
    out.extend_from_slice(data);
    out
}

fn bof(substream: u16) -> Vec<u8> {
    let mut data = 0x0600u16.to_le_bytes().to_vec();
    data.extend_from_slice(&substream.to_le_bytes());
    data.extend_from_slice(&[0; 12]);
    record(0x0809, &data)
}

fn dimensions(
    first_row: u32,
    last_row_plus_one: u32,
    first_column: u16,
    last_column_plus_one: u16,
) -> Vec<u8> {
    let mut data = first_row.to_le_bytes().to_vec();
    data.extend_from_slice(&last_row_plus_one.to_le_bytes());
    data.extend_from_slice(&first_column.to_le_bytes());
    data.extend_from_slice(&last_column_plus_one.to_le_bytes());
    data.extend_from_slice(&[0; 2]);
    record(0x0200, &data)
}

fn number(row: u16, column: u16, value: f64) -> Vec<u8> {
    let mut data = row.to_le_bytes().to_vec();
    data.extend_from_slice(&column.to_le_bytes());
    data.extend_from_slice(&0u16.to_le_bytes());
    data.extend_from_slice(&value.to_le_bytes());
    record(0x0203, &data)
}

/// An .xls holding one sheet named `name` with the given records between its BOF and EOF.
fn xls_of(name: &str, sheet_records: &[Vec<u8>]) -> Result<Vec<u8>, Error> {
    let name_len = u8::try_from(name.len())?;
    let boundsheet_len = 4 + 8 + name.len();
    let globals_len = bof(0x0005).len() + boundsheet_len + 4;
    let mut boundsheet = u32::try_from(globals_len)?.to_le_bytes().to_vec();
    boundsheet.extend_from_slice(&[0, 0, name_len, 0]);
    boundsheet.extend_from_slice(name.as_bytes());
    let mut stream = bof(0x0005);
    stream.extend(record(0x0085, &boundsheet));
    stream.extend(record(0x000A, &[]));
    stream.extend(bof(0x0010));
    for sheet_record in sheet_records {
        stream.extend_from_slice(sheet_record);
    }
    stream.extend(record(0x000A, &[]));
    compound_of(&[("Workbook", &stream)])
}

// ---------------------------------------------------------------------------------------------
// Text

/// `len` bytes from a xorshift generator: the same file on every run.
fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.max(1);
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// About `len` bytes of GB18030 text: lines of the report's own phrases, with characters only
/// GB18030's four-byte sequences reach (beyond the BMP, and BMP characters GBK lacks) mixed in.
fn gb18030_text(len: usize) -> Vec<u8> {
    let line = "一、部门概况：全年预算数2,322.6万元，执行数2,233.44万元，执行率96.2%。𠀀𪚥€ḿ\r\n";
    let (encoded, _, _) = encoding_rs::GB18030.encode(line);
    let mut out = Vec::with_capacity(len + encoded.len());
    while out.len() < len {
        out.extend_from_slice(&encoded);
    }
    out
}
