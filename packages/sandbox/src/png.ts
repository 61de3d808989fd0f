import { crc32, deflateSync } from 'node:zlib';
import { createRandom, hashString } from './prng';

// Real PNG images for SeFlow's dserver-graph URLs, drawn in code: no image library, no files.
// A PNG is a signature, an IHDR chunk, IDAT chunks holding the zlib-deflated scanlines (each row
// prefixed by a filter byte), and an IEND chunk; each chunk ends in a CRC-32 (node:zlib's, Node ≥ 20.15).

/** The graph periods dserver-graph links to, and how many bars each draws. */
export const graphPeriods = { daily: 24, weekly: 7, monthly: 30, yearly: 12 } as const;
export type GraphPeriod = keyof typeof graphPeriods;

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes an 8-bit RGB image (`rgb` holds width × height × 3 bytes, row by row) as a PNG file. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * A bandwidth bar chart for one server and period: the same picture for the same server and period,
 * in and out traffic as two shades of blue over a light grid.
 */
export function bandwidthGraph(serverName: string, period: GraphPeriod): Buffer {
  const width = 320;
  const height = 120;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const put = (x: number, y: number, [r, g, b]: readonly [number, number, number]) => {
    const i = (y * width + x) * 3;
    rgb[i] = r;
    rgb[i + 1] = g;
    rgb[i + 2] = b;
  };
  const left = 10;
  const bottom = height - 10;
  for (let y = 10; y <= bottom; y += 20) for (let x = left; x < width - 10; x++) put(x, y, [225, 228, 232]);
  const rng = createRandom(hashString(`${serverName}:${period}`));
  const bars = graphPeriods[period];
  const slot = Math.floor((width - 20) / bars);
  for (let i = 0; i < bars; i++) {
    const inbound = rng.int(15, 95);
    const outbound = Math.min(inbound, rng.int(5, 60));
    const x0 = left + i * slot + 1;
    for (let x = x0; x < x0 + Math.max(1, slot - 2); x++) {
      for (let y = bottom - inbound; y < bottom; y++) put(x, y, [120, 170, 230]);
      for (let y = bottom - outbound; y < bottom; y++) put(x, y, [30, 90, 170]);
    }
  }
  for (let x = left; x < width - 10; x++) put(x, bottom, [80, 80, 80]);
  return encodePng(width, height, rgb);
}

/** The URL of one server's graph for one period, under the sandbox's graphs base URL. */
export function graphUrl(graphsBaseUrl: string, serverName: string, period: GraphPeriod): string {
  return `${graphsBaseUrl}${encodeURIComponent(serverName)}/${period}.png`;
}
