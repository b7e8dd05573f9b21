//! Writes the Excel forms under `examples/forms/` from the examples of the built-in layouts
//! (`forms/*.toml`), as a department would fill them in Excel, and the national form pasted
//! into Word.
//!
//! `cargo run --example write-forms -- [DIR]` (default `examples/forms`).

use jixiao::import::form::FormSet;
use jixiao::import::form::example::{word_document, workbook};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "examples/forms".to_string());
    if dir == "--help" || dir == "-h" {
        println!("usage: cargo run --example write-forms -- [DIR]   (default examples/forms)");
        return Ok(());
    }
    std::fs::create_dir_all(&dir)?;
    let forms = FormSet::builtin()?;
    for layout in &forms.layouts {
        if let Some(example) = layout.examples.first() {
            let path = format!("{dir}/{}.xlsx", layout.id);
            std::fs::write(&path, workbook(example, "自评表")?)?;
            println!("{path}");
            if layout.id == "national-project" {
                let path = format!("{dir}/{}.docx", layout.id);
                std::fs::write(&path, word_document(example)?)?;
                println!("{path}");
            }
        }
    }
    Ok(())
}
