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
