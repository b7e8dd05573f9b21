//! Any bytes → the text reader → `narrative::extract`: extraction never panics, and every
//! value it fills names a place whose highlight lies on character boundaries inside its
//! excerpt, with the line and column of a text file.

#![no_main]

use jixiao::import::narrative::{Phrasings, extract};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(phrasings) = Phrasings::builtin() else { panic!("the built-in phrasings do not compile") };
    let Ok((_, document)) = jixiao::import::read(data, "fuzz.txt") else { return };
    let imported = extract(&document, phrasings);
    for (pointer, place) in &imported.sources {
        if let Some(highlight) = &place.highlight {
            assert!(place.excerpt.get(highlight.clone()).is_some(), "{pointer}: {highlight:?} outside the excerpt");
        }
        if place.paragraph.is_some() {
            assert!(place.line.is_some() && place.line_column.is_some(), "{pointer}: no line");
        }
        assert!(imported.report.pointer(pointer).is_some(), "{pointer}: a source for no value");
    }
});
