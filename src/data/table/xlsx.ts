// Reads one worksheet of an .xlsx workbook with exceljs (the one file that imports it) into columns and rows of text.

import ExcelJS from 'exceljs';
import { ProdclassError } from '../../core/errors.js';
import { cellText, dateText, numberText } from './cell-text.js';
import { checkHeader, emptyFile, headerOnly } from './header.js';
import type { TableRow } from './table.js';

/**
 * Reads the sheet named `sheet`, or the first one. The header is the first row with any value; data rows
 * keep their sheet row numbers as lines, and rows with no value are skipped. Cells read as people see
 * them: rich text as its text, formulas as their cached result, dates as ISO dates, hyperlinks as their text.
 * @throws ProdclassError INVALID_INPUT when the file is not a readable workbook; INVALID_PARAM for a sheet
 *   name the workbook lacks (listing those it has); DATA_EMPTY; DATA_DUPLICATE_COLUMN.
 */
export async function readXlsx(file: string, sheet?: string): Promise<{ columns: string[]; rows: TableRow[]; warnings: string[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') throw error;
    throw new ProdclassError('INVALID_INPUT', `cannot read the file as an Excel workbook (.xlsx): ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  const names = workbook.worksheets.map((w) => w.name);
  const worksheet = sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(sheet);
  if (!worksheet) {
    if (sheet === undefined) throw emptyFile(file, 'has no worksheet');
    throw new ProdclassError('INVALID_PARAM', `the workbook has no sheet "${sheet}"; its sheets are ${names.map((n) => JSON.stringify(n)).join(', ')}`, {
      location: { file },
    });
  }
  let columns: string[] | undefined;
  let headerLine = 0;
  const rows: TableRow[] = [];
  let outside = 0;
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = excelCellText(cell.value);
    });
    let last = cells.length - 1;
    while (last >= 0 && !cells[last]) last--;
    if (last < 0) return;
    if (columns === undefined) {
      columns = checkHeader(Array.from({ length: last + 1 }, (_, j) => cells[j] ?? ''), file, rowNumber);
      headerLine = rowNumber;
      return;
    }
    if (last >= columns.length) outside++;
    rows.push({ line: rowNumber, values: Array.from({ length: columns.length }, (_, j) => cells[j] ?? '') });
  });
  if (columns === undefined) throw emptyFile(file, `has nothing in sheet "${worksheet.name}"`);
  if (!rows.length) throw headerOnly(file, columns, headerLine);
  const warnings = outside
    ? [`${outside} row(s) of sheet "${worksheet.name}" have values right of the last named column; they were ignored (name the column in the header to read them)`]
    : [];
  return { columns, rows, warnings };
}

/** The text of one exceljs cell value. */
export function excelCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  // Excel keeps 15 significant digits: 12.600000000000001 from a formula shows as 12.6 there, and here.
  if (typeof value === 'number') return numberText(Number(value.toPrecision(15)));
  if (value instanceof Date) return dateText(value);
  if (typeof value !== 'object') return cellText(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return excelCellText(value.result ?? null);
  if ('hyperlink' in value) return excelCellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return cellText(value);
}
