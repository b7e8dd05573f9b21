//! Import: office and text documents → a v1 report plus a map back to cells and sentences.
//!
//! The stage sits below `check`: a reader turns bytes into a [`model::Document`] (sheets and Word
//! tables of cells as displayed, and paragraphs), a form layout or a narrative extractor turns
//! that into a v1 report, and every value it fills remembers where it came from, so a finding on
//! the report points back at the cell or sentence.

mod archive;
mod docx;
pub mod error;
pub mod form;
pub mod model;
pub mod narrative;
mod numfmt;
pub mod read;
mod sheet;
pub mod sniff;
pub mod source_ref;
mod text;
pub mod values;
mod xls;
mod xlsx;

pub use error::ReadError;
pub use read::{Limits, read, read_with_limits};

use crate::diagnostic::{Diagnostic, Severity, codes};
use form::{FormError, FormSet, Imported};
use model::DocumentKind;
use sniff::Sniffed;
use std::path::Path;

/// Everything an import needs, prepared once per run: the form layouts, and the bounds the
/// readers work within.
///
/// The built-in layouts are read the first time a document needs them, so that a run checking
/// only JSON reports starts as fast as before; layouts of the user's are read at once, so that a
/// mistake in one is reported before any report is checked.
#[derive(Debug, Default)]
pub struct Importer {
    forms: std::sync::OnceLock<FormSet>,
    pub limits: Limits,
}

/// What a file turned out to be.
#[derive(Debug)]
pub enum Input {
    /// A JSON report, for the JSON loader.
    Json,
    /// An office or text document, read into a v1 report.
    Document(DocumentKind, Imported),
}

impl Importer {
    /// The built-in layouts of `forms/`.
    pub fn builtin() -> Result<Importer, FormError> {
        Ok(Importer::default())
    }

    /// The layouts in force.
    pub fn forms(&self) -> &FormSet {
        // The built-in layouts are checked by the test suite; should they ever fail to read, no
        // layout applies and every form is reported as not recognised.
        self.forms.get_or_init(|| FormSet::builtin().unwrap_or_default())
    }

    /// The built-in layouts (unless `builtin` is false) and those of the `*.toml` files in each of
    /// `dirs` (`--forms DIR`); a user's layout with the id of a built-in one replaces it.
    pub fn with_forms(builtin: bool, dirs: &[impl AsRef<Path>]) -> Result<Importer, FormError> {
        if builtin && dirs.is_empty() {
            return Importer::builtin();
        }
        let mut layouts = if builtin { FormSet::builtin()?.layouts } else { Vec::new() };
        for dir in dirs {
            let dir = dir.as_ref();
            let shown = dir.display().to_string();
            let unreadable = |err: std::io::Error| FormError::Invalid {
                file: shown.clone(),
                message: format!("无法读取版式目录：{}", crate::load::describe_io(&err)),
            };
            let mut paths: Vec<_> = if dir.is_file() {
                vec![dir.to_path_buf()]
            } else {
                std::fs::read_dir(dir)
                    .map_err(unreadable)?
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect()
            };
            paths.sort();
            for path in paths {
                let shown = path.display().to_string();
                let text = std::fs::read_to_string(&path).map_err(|err| FormError::Invalid {
                    file: shown.clone(),
                    message: format!("无法读取：{}", crate::load::describe_io(&err)),
                })?;
                // Each file is read once; a layout replaces any read before it with its id.
                let layout = form::parse_layout(&shown, &text)?;
                layouts.retain(|l| l.id != layout.id);
                layouts.push(layout);
            }
        }
        let forms = FormSet { layouts };
        Ok(Importer { forms: std::sync::OnceLock::from(forms), limits: Limits::default() })
    }

    /// Reads a file's bytes: a JSON report is left to the JSON loader; an office or text
    /// document is read and imported. `name` is the file's name as given, used only to say
    /// that a name and its content disagree.
    pub fn import(&self, bytes: &[u8], name: &str) -> Result<Input, ReadError> {
        match sniff::sniff(bytes, name, &self.limits)? {
            Sniffed::Json => Ok(Input::Json),
            Sniffed::Document(_) => {
                let (kind, document) = read_with_limits(bytes, name, &self.limits)?;
                let imported = match kind {
                    // A workbook is a form; a Word document may be a form, a narrative or both;
                    // a text file is a narrative.
                    DocumentKind::Xlsx | DocumentKind::Xls => form::import(&document, self.forms()),
                    DocumentKind::Docx => narrative::import_document(&document, self.forms(), phrasings()?),
                    DocumentKind::Text => narrative::extract(&document, phrasings()?),
                };
                Ok(Input::Document(kind, imported))
            }
        }
    }
}

/// The built-in phrasings of narrative reports, compiled the first time a narrative is read:
/// a run that checks only JSON reports or forms never pays for their patterns.
fn phrasings() -> Result<&'static narrative::Phrasings, ReadError> {
    narrative::Phrasings::builtin().map_err(|err| ReadError::Phrasings { detail: err.to_string() })
}

/// The diagnostic for a document that could not be read at all.
pub fn unreadable(err: &ReadError) -> Diagnostic {
    Diagnostic::new(codes::IMPORT, Severity::Error, err.to_string())
}
