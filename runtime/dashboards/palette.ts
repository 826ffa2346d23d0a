/**
 * The charts' colours and patterns. Each colour has at least 3:1 contrast against the white page
 * (WCAG 1.4.11, graphical objects); each series also has its own pattern (bars) or dash and marker
 * (lines), and the legend and data table name it, so nothing is told by colour alone.
 */

export interface SeriesStyle {
  colour: string;
  /** Bars: how the pattern is drawn over the colour. */
  pattern: 'solid' | 'diagonal' | 'dots' | 'cross' | 'vertical' | 'horizontal';
  /** Lines: SVG stroke-dasharray ('' for a solid line). */
  dash: string;
  marker: 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'star';
}

/** GOV.UK's blue, orange-brown, green, purple, dark grey and pink, darkened where needed for 3:1. */
export const PALETTE: readonly SeriesStyle[] = [
  { colour: '#1d70b8', pattern: 'solid', dash: '', marker: 'circle' },
  { colour: '#a84700', pattern: 'diagonal', dash: '8 4', marker: 'square' },
  { colour: '#00703c', pattern: 'dots', dash: '2 3', marker: 'triangle' },
  { colour: '#4c2c92', pattern: 'cross', dash: '12 4 2 4', marker: 'diamond' },
  { colour: '#505a5f', pattern: 'vertical', dash: '4 4', marker: 'cross' },
  { colour: '#912b88', pattern: 'horizontal', dash: '1 5', marker: 'star' },
];

export const styleOf = (index: number): SeriesStyle => PALETTE[index % PALETTE.length]!;

/** WCAG 2's relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2's contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
