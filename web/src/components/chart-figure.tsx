// A chart with its caption and its numbers as a table (folded away): what screen readers read, and what tests check against the API.

import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/** One cell: the text shown, and the raw value (data-value) when it is a number. */
export type Cell = string | { text: string; value: number | string };

export interface NumbersTable {
  columns: string[];
  rows: Cell[][];
}

export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

export function DataTable({ table, caption, testId }: { table: NumbersTable; caption?: string; testId?: string }) {
  return (
    <div className="table-scroll">
      <table className="numbers" data-testid={testId}>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) =>
                typeof cell === 'string' ? (
                  <td key={j}>{cell}</td>
                ) : (
                  <td key={j} className="num" data-value={cell.value}>
                    {cell.text}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface ChartFigureProps {
  title: string;
  /** Under the title: how to read the chart. */
  note?: string;
  table: NumbersTable;
  /** data-testid of the figure; its table gets `<testId>-numbers`. */
  testId: string;
  children: ReactNode;
}

export function ChartFigure({ title, note, table, testId, children }: ChartFigureProps) {
  const { t } = useI18n();
  return (
    <figure className="figure" data-testid={testId}>
      <figcaption>
        <strong>{title}</strong>
        {note && <span className="muted small"> {note}</span>}
      </figcaption>
      {children}
      <details>
        <summary>{t('charts.numbers')}</summary>
        <DataTable table={table} caption={title} testId={`${testId}-numbers`} />
      </details>
    </figure>
  );
}
