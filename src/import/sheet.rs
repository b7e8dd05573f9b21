//! Sparse worksheet cells → a dense [`Table`], within the row, column and cell limits, with
//! merged regions resolved. Shared by the xlsx and xls readers.
//!
//! The dense grid ends at the last row and column that hold something (or that a merged
//! region starting on something covers), so trailing empty rows and columns never appear.
//! A cell that holds something beyond the limits refuses the whole sheet, by name: a form has a
//! few hundred cells, and a cell at XFD1048576 is a file built to exhaust memory.

use calamine::{CellErrorType, DataRef, ExcelDateTime};
use rust_decimal::Decimal;

use super::error::ReadError;
use super::model::{Cell, NumberCell, Table, TableOrigin, a1};
use super::numfmt::{decimal_from_stored, display, plain_text};
use super::read::Limits;

/// A merged region, 0-based and inclusive: (first row, first column, last row, last column).
pub(crate) type Merge = (u32, u32, u32, u32);

/// Collects one sheet's cells.
pub(crate) struct SheetBuilder<'l> {
    name: String,
    limits: &'l Limits,
    cells: Vec<(u32, u32, Cell)>,
    /// One past the last row and column holding something.
    rows: u32,
    columns: u32,
}

impl<'l> SheetBuilder<'l> {
    pub(crate) fn new(name: &str, limits: &'l Limits) -> Self {
        SheetBuilder { name: name.to_owned(), limits, cells: Vec::new(), rows: 0, columns: 0 }
    }

    fn too_large(&self, detail: String) -> ReadError {
        ReadError::SheetTooLarge {
            sheet: self.name.clone(),
            detail,
            max_rows: self.limits.max_rows,
            max_columns: self.limits.max_columns,
            max_cells: self.limits.max_cells,
        }
    }

    /// Adds a cell that holds something; empty cells are not passed in.
    pub(crate) fn put(&mut self, row: u32, column: u32, cell: Cell) -> Result<(), ReadError> {
        if row as usize >= self.limits.max_rows || column as usize >= self.limits.max_columns {
            return Err(self.too_large(format!("单元格 {} 有内容", a1(row as usize, column as usize))));
        }
        if self.cells.len() >= self.limits.max_cells {
            return Err(self.too_large(format!("超过 {} 个单元格有内容", self.limits.max_cells)));
        }
        self.rows = self.rows.max(row + 1);
        self.columns = self.columns.max(column + 1);
        self.cells.push((row, column, cell));
        Ok(())
    }

    /// The dense table, with merged regions filled from their top-left cell.
    pub(crate) fn finish(mut self, merges: &[Merge]) -> Result<Table, ReadError> {
        let max_rows = self.limits.max_rows as u32;
        let max_columns = self.limits.max_columns as u32;
        // A merged region whose top-left cell holds something shows that text over its whole
        // area, so the grid reaches its far corner (within the limits).
        let origins: std::collections::HashSet<(u32, u32)> =
            self.cells.iter().map(|(r, c, _)| (*r, *c)).collect();
        for &(r0, c0, r1, c1) in merges {
            if origins.contains(&(r0, c0)) {
                self.rows = self.rows.max(r1.min(max_rows - 1) + 1);
                self.columns = self.columns.max(c1.min(max_columns - 1) + 1);
            }
        }
        let (rows, columns) = (self.rows as usize, self.columns as usize);
        if rows.saturating_mul(columns) > self.limits.max_cells {
            return Err(self.too_large(format!("{rows} 行 × {columns} 列")));
        }
        let mut grid = vec![vec![Cell::default(); columns]; rows];
        for (r, c, cell) in self.cells.drain(..) {
            grid[r as usize][c as usize] = cell;
        }
        // Regions of a well-formed sheet do not overlap (Excel repairs a file where they do);
        // refusing overlaps keeps every covered cell pointing at an origin that is itself
        // uncovered, and bounds the work by the grid's area.
        let mut claimed = vec![false; rows * columns];
        for &(r0, c0, r1, c1) in merges {
            let (r0, c0) = (r0 as usize, c0 as usize);
            if r0 >= rows || c0 >= columns {
                continue;
            }
            let (r1, c1) = ((r1 as usize).min(rows - 1), (c1 as usize).min(columns - 1));
            if r1 < r0 || c1 < c0 || (r1, c1) == (r0, c0) {
                continue;
            }
            for r in r0..=r1 {
                for c in c0..=c1 {
                    let slot = &mut claimed[r * columns + c];
                    if *slot {
                        return Err(ReadError::Workbook {
                            place: format!("{}!{}", self.name, a1(r, c)),
                            detail: "合并单元格区域相互重叠".to_owned(),
                        });
                    }
                    *slot = true;
                }
            }
            let origin = grid[r0][c0].clone();
            for (r, row) in grid.iter_mut().enumerate().take(r1 + 1).skip(r0) {
                for (c, cell) in row.iter_mut().enumerate().take(c1 + 1).skip(c0) {
                    if (r, c) != (r0, c0) {
                        *cell = Cell { merged_from: Some((r0, c0)), ..origin.clone() };
                    }
                }
            }
        }
        Ok(Table { origin: TableOrigin::Sheet { name: self.name }, rows: grid })
    }
}

/// A cell as displayed, from a parser's value and the cell's number format code (`None` when
/// the file gives none). `None` for an empty cell.
pub(crate) fn cell_from_value(value: &DataRef<'_>, format: Option<&str>) -> Option<Cell> {
    let text_cell = |text: String| Some(Cell { text, ..Cell::default() });
    match value {
        DataRef::Empty => None,
        DataRef::String(text) => text_cell(text.clone()),
        DataRef::SharedString(text) => text_cell((*text).to_owned()),
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text_cell(text.clone()),
        DataRef::Bool(true) => text_cell("TRUE".to_owned()),
        DataRef::Bool(false) => text_cell("FALSE".to_owned()),
        DataRef::Error(error) => text_cell(error_text(error)),
        DataRef::Int(int) => Some(number_cell(Decimal::from(*int), format)),
        DataRef::Float(float) => match decimal_from_stored(*float) {
            Some(value) => Some(number_cell(value, format)),
            None => text_cell(float.to_string()),
        },
        DataRef::DateTime(datetime) => Some(date_cell(datetime, format)),
    }
}

fn number_cell(value: Decimal, format: Option<&str>) -> Cell {
    let shown = display(value, format);
    Cell {
        text: shown.text,
        number: Some(NumberCell { value, format: format.map(str::to_owned) }),
        merged_from: None,
    }
}

/// A date or time cell: shown as a date (in the Chinese form when the code has 年), keeping the
/// serial number as the stored value.
fn date_cell(datetime: &ExcelDateTime, format: Option<&str>) -> Cell {
    let serial = decimal_from_stored(datetime.as_f64());
    let (year, month, day, hour, minute, second, _) = datetime.to_ymd_hms_milli();
    let code = format.unwrap_or("");
    let has_date = code.contains(['y', 'Y', 'd', 'D', '年', '日']) || !code.contains(['h', 'H']);
    let has_time = code.contains(['h', 'H']);
    let mut text = String::new();
    if has_date {
        if code.contains('年') {
            text.push_str(&format!("{year}年{month}月{day}日"));
        } else {
            text.push_str(&format!("{year:04}-{month:02}-{day:02}"));
        }
    }
    if has_time {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!("{hour:02}:{minute:02}:{second:02}"));
    }
    if !datetime.is_datetime() {
        // A duration: the serial is a count of days, which is what a reader can use.
        text = serial.map(plain_text).unwrap_or_default();
    }
    Cell {
        text,
        number: serial.map(|value| NumberCell { value, format: format.map(str::to_owned) }),
        merged_from: None,
    }
}

fn error_text(error: &CellErrorType) -> String {
    error.to_string()
}
