//! The 整改清单 as an Excel workbook: one sheet "整改清单" with a bold, frozen header row, an
//! autofilter over the table, wrapped text, and column widths measured from the content.

use super::{Form, HEADER};
use crate::diagnostic::FileReport;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use unicode_width::UnicodeWidthStr;

/// Why the workbook could not be written.
#[derive(Debug, thiserror::Error)]
#[error("无法生成 Excel 整改清单：{0}")]
pub struct XlsxError(#[from] rust_xlsxwriter::XlsxError);

/// Narrowest and widest column, in Excel's width unit (about one digit, or half a CJK
/// character, of the default font). Long texts wrap within the widest column.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 50;
/// Columns of free text wrap anyway; capping them lower keeps the table on a landscape page.
const MAX_TEXT_WIDTH: usize = 40;
const TEXT_COLUMNS: [usize; 4] = [3, 4, 5, 6];

/// Builds the workbook in memory and returns the bytes of the `.xlsx` file.
pub fn render(files: &[FileReport]) -> Result<Vec<u8>, XlsxError> {
    workbook(&super::render_all(Form::Rows, files).0.into_rows())
}

/// The workbook of rows gathered by a [`Form::Rows`] stream (in order, 序号 first).
pub fn workbook(rows: &[[String; 10]]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("整改清单")?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("D9E1F2")
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);

    for (col, title) in (0u16..).zip(HEADER) {
        sheet.write_string_with_format(0, col, title, &header)?;
    }
    for (row, cells) in (1u32..).zip(rows) {
        for (col, text) in (0u16..).zip(cells) {
            if col == 0 {
                // 序号 as a number, so that sorting and filtering treat it as one: the rows
                // are numbered from 1 in order.
                sheet.write_number_with_format(row, col, row, &cell)?;
            } else {
                sheet.write_string_with_format(row, col, fit(text), &cell)?;
            }
        }
    }
    set_widths(sheet, rows)?;

    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let last_col = u16::try_from(HEADER.len() - 1).unwrap_or(0);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    // Printed, the list keeps its header on every page and fits the page width.
    sheet.set_landscape().set_print_fit_to_pages(1, 0).set_repeat_rows(0, 0)?;
    Ok(workbook.save_to_buffer()?)
}

/// Excel refuses cells longer than 32767 characters; a longer text is cut rather than losing
/// the whole workbook.
fn fit(text: &str) -> String {
    const MAX_CHARS: usize = 32_767;
    if text.chars().nth(MAX_CHARS).is_none() {
        return text.to_string();
    }
    let cut = text.char_indices().nth(MAX_CHARS - 1).map_or(text.len(), |(i, _)| i);
    format!("{}…", text.get(..cut).unwrap_or(text))
}

/// Sets each column's width from its widest line. rust_xlsxwriter's `autofit` counts a CJK
/// character like a narrow one, which leaves Chinese columns half as wide as they need.
fn set_widths(sheet: &mut Worksheet, rows: &[[String; 10]]) -> Result<(), XlsxError> {
    for (col, title) in (0u16..).zip(HEADER) {
        let index = usize::from(col);
        let widest_cell = rows
            .iter()
            .filter_map(|cells| cells.get(index))
            .flat_map(|text| text.lines())
            .map(display_width)
            .max()
            .unwrap_or(0);
        let widest = widest_cell.max(display_width(title));
        let max = if TEXT_COLUMNS.contains(&index) { MAX_TEXT_WIDTH } else { MAX_WIDTH };
        // Two units of padding, plus room for the autofilter's drop-down button.
        let width = (widest + 4).clamp(MIN_WIDTH, max);
        sheet.set_column_width(col, u16::try_from(width).unwrap_or(u16::MAX))?;
    }
    Ok(())
}

/// Display width with East Asian characters (and the ambiguous ones, such as `·` and `“`,
/// which Chinese fonts draw wide) counted as two.
pub fn display_width(text: &str) -> usize {
    text.width_cjk()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cells_are_cut() {
        assert_eq!(fit("短"), "短");
        let exact = "满".repeat(32_767);
        assert_eq!(fit(&exact), exact);
        let long = "长".repeat(40_000);
        assert_eq!(fit(&long).chars().count(), 32_767);
        assert!(fit(&long).ends_with('…'));
    }

    #[test]
    fn cjk_counts_double() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("预算执行·执行率"), 16);
    }
}
