/**
 * One chart: a `<figure>` whose caption is the chart's title, its text summary, the drawing
 * (recharts, SVG) hidden from assistive technology, and the same numbers as a data table behind
 * "Show as a table" (GOV.UK details), each number a link to the list behind it. The table is the
 * accessible form of the chart; it opens by itself when the page is printed.
 */
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'wouter';
import { DataTable } from '../components/DataTable.js';
import { chartData, chartTable, formatNumber, seriesKey } from './chart-table.js';
import { drillPageHref } from './filters.js';
import type { Chart, DashboardTable, DrillLink } from './model.js';
import { styleOf, type SeriesStyle } from './palette.js';

const patternId = (chart: Chart, i: number) => `chart-${chart.id}-pattern-${i}`;

/** White marks over the series' colour, so neighbouring bars differ without colour. */
function PatternMarks({ style }: { style: SeriesStyle }) {
  const mark = { stroke: '#ffffff', strokeWidth: 2 };
  switch (style.pattern) {
    case 'diagonal':
      return <path d="M-2,2 l4,-4 M0,10 l10,-10 M8,12 l4,-4" {...mark} />;
    case 'dots':
      return <circle cx="5" cy="5" r="2" fill="#ffffff" />;
    case 'cross':
      return <path d="M0,0 L10,10 M10,0 L0,10" {...mark} strokeWidth={1.5} />;
    case 'vertical':
      return <path d="M5,0 V10" {...mark} />;
    case 'horizontal':
      return <path d="M0,5 H10" {...mark} />;
    default:
      return null;
  }
}

function Patterns({ chart }: { chart: Chart }) {
  return (
    <svg className="app-chart__defs" width="0" height="0" focusable="false">
      <defs>
        {chart.series.map((s, i) => (
          <pattern key={s.key} id={patternId(chart, i)} width="10" height="10" patternUnits="userSpaceOnUse">
            <rect width="10" height="10" fill={styleOf(i).colour} />
            <PatternMarks style={styleOf(i)} />
          </pattern>
        ))}
      </defs>
    </svg>
  );
}

/** A marker for a line's points, one shape per series. */
function markerPath(style: SeriesStyle, x: number, y: number): string {
  const r = 4.5;
  switch (style.marker) {
    case 'square':
      return `M${x - r},${y - r}h${2 * r}v${2 * r}h${-2 * r}z`;
    case 'triangle':
      return `M${x},${y - r - 1}L${x + r + 1},${y + r}L${x - r - 1},${y + r}z`;
    case 'diamond':
      return `M${x},${y - r - 1}L${x + r + 1},${y}L${x},${y + r + 1}L${x - r - 1},${y}z`;
    case 'cross':
      return `M${x - r},${y - 1.5}h${2 * r}v3h${-2 * r}z M${x - 1.5},${y - r}h3v${2 * r}h-3z`;
    case 'star':
      return `M${x},${y - r - 1}L${x + 1.5},${y - 1.5}L${x + r + 1},${y}L${x + 1.5},${y + 1.5}L${x},${y + r + 1}L${x - 1.5},${y + 1.5}L${x - r - 1},${y}L${x - 1.5},${y - 1.5}z`;
    default:
      return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
}

function Marker(style: SeriesStyle) {
  return function Dot(props: { cx?: number; cy?: number; index?: number }) {
    if (props.cx === undefined || props.cy === undefined) return <g key={props.index} />;
    return <path key={props.index} d={markerPath(style, props.cx, props.cy)} fill={style.colour} />;
  };
}

/** The legend, drawn by us so each series shows its pattern or its dash and marker beside its name. */
function Legend({ chart }: { chart: Chart }) {
  return (
    <ul className="app-chart__legend">
      {chart.series.map((s, i) => {
        const st = styleOf(i);
        return (
          <li key={s.key} className="app-chart__legend-item">
            <svg width="36" height="16" focusable="false">
              {chart.kind === 'line' ? (
                <>
                  <line x1="0" y1="8" x2="36" y2="8" stroke={st.colour} strokeWidth="3" strokeDasharray={st.dash || undefined} />
                  <path d={markerPath(st, 18, 8)} fill={st.colour} />
                </>
              ) : (
                <rect x="0" y="0" width="36" height="16" fill={`url(#${patternId(chart, i)})`} stroke={st.colour} />
              )}
            </svg>
            {s.label}
          </li>
        );
      })}
    </ul>
  );
}

function Drawing({ chart }: { chart: Chart }) {
  const data = chartData(chart);
  const axes = (
    <>
      <CartesianGrid stroke="#b1b4b6" strokeDasharray="3 3" />
      <XAxis dataKey="x" stroke="#0b0c0c" tick={{ fill: '#0b0c0c' }} label={{ value: chart.xLabel, position: 'insideBottom', offset: -4, fill: '#0b0c0c' }} height={48} />
      <YAxis allowDecimals={false} stroke="#0b0c0c" tick={{ fill: '#0b0c0c' }} label={{ value: chart.yLabel, angle: -90, position: 'insideLeft', fill: '#0b0c0c' }} width={64} />
      <Tooltip formatter={(v) => formatNumber(Number(v))} />
    </>
  );
  return (
    <ResponsiveContainer width="100%" height="100%">
      {chart.kind === 'line' ? (
        <LineChart data={data} accessibilityLayer={false} margin={{ top: 12, right: 24, bottom: 12, left: 8 }}>
          {axes}
          {chart.series.map((s, i) => (
            <Line key={s.key} dataKey={seriesKey(i)} name={s.label} type="linear" stroke={styleOf(i).colour} strokeWidth={3} strokeDasharray={styleOf(i).dash || undefined} dot={Marker(styleOf(i))} activeDot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      ) : (
        <BarChart data={data} accessibilityLayer={false} margin={{ top: 12, right: 24, bottom: 12, left: 8 }}>
          {axes}
          {chart.series.map((s, i) => (
            <Bar key={s.key} dataKey={seriesKey(i)} name={s.label} fill={`url(#${patternId(chart, i)})`} stroke={styleOf(i).colour} {...(chart.kind === 'stacked-bar' ? { stackId: 'all' } : {})} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
    </ResponsiveContainer>
  );
}

/** A number in a table: a link to the list behind it when there is one (its label read with it). */
function DrillNumber({ text, drill }: { text: string; drill: DrillLink | undefined }) {
  const href = drill ? drillPageHref(drill.href) : null;
  return href ? (
    <Link href={href} className="govuk-link">
      {text}
      <span className="govuk-visually-hidden">: {drill!.label}</span>
    </Link>
  ) : (
    <>{text}</>
  );
}

export function ChartTable({ chart }: { chart: Chart }) {
  const t = chartTable(chart);
  return (
    <DataTable
      caption={t.caption}
      captionClass="govuk-table__caption--s"
      rowHeader
      columns={t.headings.map((label, i) => ({ label, numeric: i > 0 }))}
      rows={t.rows.map((r) => ({ key: r.x, cells: [r.x, ...r.cells.map((c) => <DrillNumber text={formatNumber(c.value)} drill={c.drill} />)] }))}
    />
  );
}

/** A dashboard's own table (per team: open, overdue, median days to close), its numbers linked like a chart's. */
export function SmallTable({ table }: { table: DashboardTable }) {
  return (
    // Not a <section>: the table's own scrolling region already carries its title as a landmark.
    <div className="app-chart">
      <h2 className="govuk-heading-m">{table.title}</h2>
      <p className="govuk-body">{table.summary}</p>
      {table.rows.length > 0 && (
        <DataTable
          caption={table.title}
          // The heading above shows the title; the caption names the table for screen readers.
          captionClass="govuk-visually-hidden"
          rowHeader
          columns={table.columns.map((c, i) => ({ label: c.label, numeric: i > 0 && c.unit !== undefined }))}
          rows={table.rows.map((r) => ({
            key: r.key,
            cells: table.columns.map((c) => {
              const v = r.cells[c.key];
              const text = v === null || v === undefined ? '—' : typeof v === 'number' ? (c.unit === 'percent' ? `${formatNumber(v)}%` : formatNumber(v)) : v;
              return <DrillNumber text={text} drill={r.drill?.[c.key]} />;
            }),
          }))}
        />
      )}
    </div>
  );
}

export function ChartFigure({ chart }: { chart: Chart }) {
  const summaryId = `chart-${chart.id}-summary`;
  return (
    <figure className="app-chart" aria-describedby={summaryId}>
      <figcaption className="govuk-heading-m app-chart__title">{chart.title}</figcaption>
      <p className="govuk-body" id={summaryId}>
        {chart.summary}
      </p>
      {chart.rows.length && chart.series.length ? (
        <>
          <div className="app-chart__drawing-area" aria-hidden="true">
            <Patterns chart={chart} />
            <Legend chart={chart} />
            <div className="app-chart__drawing">
              <Drawing chart={chart} />
            </div>
          </div>
          <details className="govuk-details app-chart__table">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">
                Show as a table<span className="govuk-visually-hidden">: {chart.title}</span>
              </span>
            </summary>
            <div className="govuk-details__text">
              <ChartTable chart={chart} />
            </div>
          </details>
        </>
      ) : (
        <p className="govuk-body">There is nothing to draw for these filters.</p>
      )}
    </figure>
  );
}
