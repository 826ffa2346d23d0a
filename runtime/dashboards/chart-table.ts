/** A chart's numbers as its data table: a row per x value, a column per series, each cell with the list behind it. */
import { monthWords } from '../../engine/dashboards/words.js';
import type { Chart, DrillLink } from './model.js';

export interface TableCell {
  value: number;
  /** The list behind the number. */
  drill?: DrillLink;
}

export interface ChartTable {
  caption: string;
  /** The first column's heading (the x axis), then one per series. */
  headings: string[];
  rows: Array<{ x: string; cells: TableCell[] }>;
}

const numberText = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

export function formatNumber(n: number): string {
  return numberText.format(n);
}

/** An x value as people read it: a month `2026-03` as "March 2026"; anything else (a team, a band) as it is. */
export const xText = monthWords;

export function chartTable(chart: Chart): ChartTable {
  return {
    caption: chart.title,
    headings: [chart.xLabel, ...chart.series.map((s) => s.label)],
    rows: chart.rows.map((r) => ({
      x: xText(r.x),
      cells: chart.series.map((s) => {
        const value = r.values[s.key] ?? 0;
        const drill = r.drill?.[s.key];
        return { value, ...(drill ? { drill } : {}) };
      }),
    })),
  };
}

/** Recharts' key for the i-th series (series keys are the server's words and could be `x`). */
export const seriesKey = (i: number) => `s${i}`;

/** The rows as recharts reads them: `{ x, s0: value, s1: value… }`. */
export function chartData(chart: Chart): Array<Record<string, string | number>> {
  return chart.rows.map((r) => ({ x: xText(r.x), ...Object.fromEntries(chart.series.map((s, i) => [seriesKey(i), r.values[s.key] ?? 0])) }));
}
