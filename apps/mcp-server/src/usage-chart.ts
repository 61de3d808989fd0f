import { encodePng } from '@hostkit/sandbox';

// A Deploi server's CPU, memory and disk use as a PNG bar chart, for clients that show images: one bar
// per reading, its length the per cent used, its colour the level (green, amber from 70 %, red from the
// level hostkit_diagnose reports). Drawn in code with a 5×7 pixel font: no image or font library. The
// PNG encoder is the sandbox's (node:zlib's deflate and CRC-32), which this server bundles anyway.

/** Where the chart draws, so a reader of the image (a test) can measure the bars. */
export const CHART = {
  width: 360,
  height: 132,
  /** Each bar's track: x from `barLeft`, `barWidth` pixels long; row i centred at rowTop + i·rowHeight + rowHeight/2. */
  barLeft: 100,
  barWidth: 200,
  barHeight: 18,
  rowTop: 12,
  rowHeight: 38,
  colours: {
    background: [255, 255, 255],
    track: [226, 229, 233],
    text: [40, 44, 52],
    ok: [46, 160, 67],
    high: [230, 160, 0],
    critical: [210, 50, 50],
  },
} as const;

type Rgb = readonly [number, number, number];

// Rows of 5 bits, top to bottom; only the characters the labels use.
const GLYPHS: Record<string, readonly string[]> = {
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11111', '00010', '00100', '00010', '00001', '10001', '01110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  '%': ['11000', '11001', '00010', '00100', '01000', '10011', '00011'],
  '-': ['00000', '00000', '00000', '11111', '00000', '00000', '00000'],
  C: ['01110', '10001', '10000', '10000', '10000', '10001', '01110'],
  D: ['11100', '10010', '10001', '10001', '10001', '10010', '11100'],
  E: ['11111', '10000', '10000', '11110', '10000', '10000', '11111'],
  I: ['01110', '00100', '00100', '00100', '00100', '00100', '01110'],
  K: ['10001', '10010', '10100', '11000', '10100', '10010', '10001'],
  M: ['10001', '11011', '10101', '10101', '10001', '10001', '10001'],
  O: ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
  P: ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  S: ['01111', '10000', '10000', '01110', '00001', '00001', '11110'],
  U: ['10001', '10001', '10001', '10001', '10001', '10001', '01110'],
  Y: ['10001', '10001', '01010', '00100', '00100', '00100', '00100'],
};

/** One bar: its label, the per cent used (null when the reading did not say), and where it turns red. */
export interface ChartBar {
  label: string;
  percent: number | null;
  critical: number;
}

/** The colour a bar is drawn in. */
export function barColour(percent: number, critical: number): Rgb {
  if (percent >= critical) return CHART.colours.critical;
  return percent >= 70 ? CHART.colours.high : CHART.colours.ok;
}

/** The length in pixels of a bar at `percent`. */
export function barLength(percent: number): number {
  return Math.round((Math.min(100, Math.max(0, percent)) / 100) * CHART.barWidth);
}

/** The chart of `bars` (at most three rows fit) as a PNG file. */
export function usageChart(bars: readonly ChartBar[]): Uint8Array {
  const { width, height } = CHART;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const fill = (x0: number, y0: number, w: number, h: number, [r, g, b]: Rgb) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y0 + h); y++)
      for (let x = Math.max(0, x0); x < Math.min(width, x0 + w); x++) {
        const i = (y * width + x) * 3;
        rgb[i] = r;
        rgb[i + 1] = g;
        rgb[i + 2] = b;
      }
  };
  // Text at twice the font's size: 10×14 pixels a character, 2 apart.
  const write = (text: string, x: number, y: number) => {
    let at = x;
    for (const ch of text) {
      const rows = GLYPHS[ch];
      rows?.forEach((row, dy) => {
        for (let dx = 0; dx < 5; dx++)
          if (row[dx] === '1') fill(at + dx * 2, y + dy * 2, 2, 2, CHART.colours.text);
      });
      at += 12;
    }
  };
  bars.slice(0, 3).forEach((bar, i) => {
    const centre = CHART.rowTop + i * CHART.rowHeight + CHART.rowHeight / 2;
    const top = Math.round(centre - CHART.barHeight / 2);
    write(bar.label.toUpperCase(), 8, Math.round(centre - 7));
    fill(CHART.barLeft, top, CHART.barWidth, CHART.barHeight, CHART.colours.track);
    if (bar.percent !== null)
      fill(CHART.barLeft, top, barLength(bar.percent), CHART.barHeight, barColour(bar.percent, bar.critical));
    write(
      bar.percent === null ? '-' : `${Math.round(bar.percent)}%`,
      CHART.barLeft + CHART.barWidth + 8,
      Math.round(centre - 7),
    );
  });
  return encodePng(width, height, rgb);
}
