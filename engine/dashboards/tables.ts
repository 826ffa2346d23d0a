/**
 * The tables of counts per row (actions per team, records per form) and the stacked bar drawn
 * from two of their columns: one shape, filled in by each dashboard.
 */
import type { Chart, DashboardTable, DrillLink, FigureUnit } from './model.js';

/** A numeric column: its value for a row's key and the list behind it. */
export interface CountColumn {
  key: string;
  label: string;
  unit: FigureUnit;
  value: (key: string) => number | null;
  drill: (key: string) => DrillLink;
}

type Row = DashboardTable['rows'][number];

/** One row per key: its name in the first column, then each count with the list behind it. */
export function countTable(spec: { id: string; title: string; summary: string; head: { key: string; label: string }; keys: string[]; name: (key: string) => string; columns: CountColumn[] }): DashboardTable {
  return {
    id: spec.id,
    title: spec.title,
    summary: spec.summary,
    columns: [spec.head, ...spec.columns.map(({ key, label, unit }) => ({ key, label, unit }))],
    rows: spec.keys.map((k) => ({
      key: k,
      cells: { [spec.head.key]: spec.name(k), ...Object.fromEntries(spec.columns.map((c) => [c.key, c.value(k)])) },
      drill: Object.fromEntries(spec.columns.map((c) => [c.key, c.drill(k)])),
    })),
  };
}

/** A stacked bar of a table's rows (its first column along the axis), with the table's summary as its text. */
export function tableBars(
  table: DashboardTable,
  spec: { id: string; title: string; xLabel: string; yLabel: string; series: Array<{ key: string; label: string; value: (row: Row) => number; drill: (row: Row) => DrillLink }> },
): Chart {
  const head = table.columns[0]!.key;
  return {
    id: spec.id,
    title: spec.title,
    kind: 'stacked-bar',
    summary: table.summary,
    xLabel: spec.xLabel,
    yLabel: spec.yLabel,
    series: spec.series.map(({ key, label }) => ({ key, label })),
    rows: table.rows.map((r) => ({ x: String(r.cells[head]), values: Object.fromEntries(spec.series.map((s) => [s.key, s.value(r)])), drill: Object.fromEntries(spec.series.map((s) => [s.key, s.drill(r)])) })),
  };
}
