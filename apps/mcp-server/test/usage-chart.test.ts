import { THRESHOLDS } from '@hostkit/core';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageUrlAllowed } from '../src/provider-images';
import { CHART } from '../src/usage-chart';
import { connectStdio, startWorld, textOf, type World } from './helpers';
import { readPng } from './support/png';

// hostkit_usage_chart over the official client against the sandbox. Oracles: the sandbox's own usage
// figures (state), measured back out of the PNG with a reader written from the PNG specification; and
// for SeFlow, the bytes the sandbox itself serves at the server's graph URL.

type Content = { type: string; text?: string; data?: string; mimeType?: string }[];
const imageOf = (result: { content?: unknown }) => {
  const image = (result.content as Content).find((c) => c.type === 'image');
  expect(image?.mimeType).toBe('image/png');
  return Buffer.from(image?.data ?? '', 'base64');
};

/** The length of the coloured bar in row `row`, and its colour, read from the image. */
function measureBar(png: Buffer, row: number) {
  const image = readPng(png);
  const y = CHART.rowTop + row * CHART.rowHeight + Math.floor(CHART.rowHeight / 2);
  const track = CHART.colours.track.join();
  let length = 0;
  while (length < CHART.barWidth && image.pixel(CHART.barLeft + length, y).join() !== track) length++;
  return { length, colour: length ? image.pixel(CHART.barLeft, y) : undefined, image };
}

describe('hostkit_usage_chart', () => {
  let world: World;
  let client: Client;
  beforeAll(async () => {
    world = await startWorld();
    client = await connectStdio(world, { args: ['--toolsets', 'monitoring,servers'] });
  });
  afterAll(async () => {
    await client?.close();
    await world?.sandbox.stop();
  });

  it('draws every active Deploi server of the account as bars as long as its CPU, memory and disk use, coloured by level', async () => {
    const listed = await client.callTool({ name: 'deploi_get_servers', arguments: {} });
    const ids = new Set((listed.structuredContent as { servers: { id: number }[] }).servers.map((s) => s.id));
    const servers = world.sandbox.state.get().servers.filter((s) => ids.has(s.id) && s.status === 'active');
    expect(servers.length).toBeGreaterThan(1);
    const seen = new Set<string>();
    for (const server of servers) {
      const before = world.commandsSent().length;
      const result = await client.callTool({
        name: 'hostkit_usage_chart',
        arguments: { provider: 'deploi', id: server.id },
      });
      expect(result.isError ?? false, textOf(result)).toBe(false);
      expect(world.commandsSent().slice(before).sort()).toEqual(['MonitorCPU', 'MonitorDisk', 'MonitorRAM']);
      const png = imageOf(result);
      const { cpuPercent, ramPercent, diskPercent } = server.usage;
      const rows: [number, number][] = [
        [cpuPercent, THRESHOLDS.cpu],
        [ramPercent, THRESHOLDS.ram],
        [diskPercent, THRESHOLDS.disk],
      ];
      rows.forEach(([percent, critical], row) => {
        const bar = measureBar(png, row);
        expect(bar.image.width).toBe(CHART.width);
        // Memory is worked out from total and available bytes (rounded by the API): a pixel either way.
        expect(Math.abs(bar.length - (percent / 100) * CHART.barWidth), `row ${row}`).toBeLessThanOrEqual(
          1.5,
        );
        const level = percent >= critical ? 'critical' : percent >= 70 ? 'high' : 'ok';
        seen.add(level);
        expect(bar.colour?.join(), `row ${row} at ${percent} %`).toBe(CHART.colours[level].join());
      });
      const text = textOf(result);
      expect(text).toContain(`CPU ${cpuPercent} %`);
      expect(text).toContain(`disk ${diskPercent} %`);
      expect(text).toMatch(new RegExp(`memory ${Math.round(ramPercent)} %`));
      expect(result.structuredContent).toMatchObject({
        provider: 'deploi',
        server: server.id,
        usage: { cpuPercent, diskPercent },
      });
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it("attaches a SeFlow server's bandwidth graph exactly as SeFlow serves it, for the period asked", async () => {
    const server = world.sandbox.state.get().seflow.servers.find((d) => d.status === 'active');
    expect(server).toBeDefined();
    const name = server?.name ?? '';
    for (const period of ['daily', 'yearly'] as const) {
      const result = await client.callTool({
        name: 'hostkit_usage_chart',
        arguments: { provider: 'seflow', serverid: name, period },
      });
      expect(result.isError ?? false, textOf(result)).toBe(false);
      const served = await fetch(`${world.sandbox.graphsBaseUrl}${encodeURIComponent(name)}/${period}.png`);
      expect(imageOf(result).equals(Buffer.from(await served.arrayBuffer()))).toBe(true);
      expect(textOf(result)).toContain(`${period} bandwidth graph`);
    }
  });

  it('refuses a call that names no server for its provider, sending nothing', async () => {
    const before = world.commandsSent().length;
    const result = await client.callTool({ name: 'hostkit_usage_chart', arguments: { provider: 'seflow' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/serverid.*required for provider "seflow"/);
    expect(world.commandsSent().length).toBe(before);
  });
});

describe('which image links are fetched', () => {
  it("only the provider's own domain, over HTTPS, or the sandbox's loopback port", () => {
    const api = 'https://api.seflow.net/api';
    expect(imageUrlAllowed('https://api.seflow.net/graphs/a.png', api)).toBe(true);
    expect(imageUrlAllowed('https://graphs.seflow.net/a.png', api)).toBe(true);
    expect(imageUrlAllowed('http://graphs.seflow.net/a.png', api)).toBe(false);
    expect(imageUrlAllowed('https://seflow.net.evil.example/a.png', api)).toBe(false);
    expect(imageUrlAllowed('https://evil.example/seflow.net/a.png', api)).toBe(false);
    expect(imageUrlAllowed('https://user:pw@graphs.seflow.net/a.png', api)).toBe(false);
    expect(imageUrlAllowed('http://127.0.0.1:8080/a.png', api)).toBe(false);
    expect(imageUrlAllowed('http://169.254.169.254/latest/meta-data', api)).toBe(false);
    expect(imageUrlAllowed('file:///etc/passwd', api)).toBe(false);
    // Under a country's second level (co.uk, com.au) the provider's domain is three labels, not two.
    const uk = 'https://api.seflow.co.uk/api';
    expect(imageUrlAllowed('https://graphs.seflow.co.uk/a.png', uk)).toBe(true);
    expect(imageUrlAllowed('https://evil.co.uk/a.png', uk)).toBe(false);
    expect(imageUrlAllowed('https://co.uk/a.png', uk)).toBe(false);
    expect(imageUrlAllowed('https://evil.com.au/a.png', 'https://api.host.com.au')).toBe(false);
    expect(imageUrlAllowed('https://graphs.seflow.it/a.png', 'https://api.seflow.it')).toBe(true);
    const sandbox = 'http://127.0.0.1:4010/seflow/api';
    expect(imageUrlAllowed('http://127.0.0.1:4010/seflow/graphs/x/daily.png', sandbox)).toBe(true);
    expect(imageUrlAllowed('http://127.0.0.1:4011/other.png', sandbox)).toBe(false);
  });
});
