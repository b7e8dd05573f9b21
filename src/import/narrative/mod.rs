//! Narrative reports checked as they are: the prose of a self-evaluation report (Word
//! paragraphs or lines of a text file) read into a v1 report by the phrasings of
//! `forms/narrative.toml`.
//!
//! The knowledge of how clerks state a budget, a score or a list of problems is data: each
//! extractor in the file names the v1 field, the patterns that state it and the sections it may
//! appear under. This module only normalises the text (widths, traditional forms, words broken
//! across lines), runs the patterns, reads what they capture exactly, and keeps the place of
//! every value. A document that also holds a 自评表 table is read both ways and merged
//! ([`import_document`]).

mod extract;
mod markdown;
mod merge;
mod phrasings;
mod prose;
mod tasks;

pub use extract::extract;
pub use markdown::phrasings_markdown;
pub use merge::merge;
pub use phrasings::{
    FactKind, PHRASINGS_FILE, PhrasingError, Phrasings, RawClaim, RawFact, RawList, RawPhrasings,
    RawProjects, RawTasks,
};

use crate::import::form::{self, FormSet, Imported};
use crate::import::model::Document;

/// Reads a document both ways: its first recognised 自评表 through the form layouts, its prose
/// through the phrasings, merged so that the table wins where both state a value.
pub fn import_document(doc: &Document, forms: &FormSet, phrasings: &Phrasings) -> Imported {
    merge(form::import(doc, forms), extract(doc, phrasings))
}
