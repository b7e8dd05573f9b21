//! `jixiao forms`: the form layouts in force (built in, and from `--forms`), as a table or as
//! the Markdown of `docs/forms.md`.

use crate::args::FormsFormat;
use crate::error::CliResult;
use crate::output::write_stdout;
use crate::prepare::importer;
use std::fmt::Write as _;
use std::path::PathBuf;

pub fn run(format: FormsFormat, forms: &[PathBuf]) -> CliResult {
    let importer = importer(forms, None)?;
    let text = match format {
        FormsFormat::Md => jixiao::import::form::forms_markdown(importer.forms()),
        FormsFormat::Table => {
            let mut out = String::new();
            // Padded by display width: a Chinese character takes two columns.
            let pad = |text: &str, width: usize| {
                let shown = unicode_width::UnicodeWidthStr::width(text);
                format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
            };
            for layout in &importer.forms().layouts {
                let _ = writeln!(
                    out,
                    "{} {} {} {}",
                    pad(&layout.id, 22),
                    pad(&layout.region, 8),
                    pad(layout.kind.as_str(), 20),
                    layout.title
                );
            }
            out
        }
    };
    write_stdout(&text);
    Ok(0)
}
