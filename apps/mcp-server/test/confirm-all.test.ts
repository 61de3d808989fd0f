import { join } from 'node:path';
import { commands } from '@hostkit/core';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPOSITE_WRITES, CONFIRMED, canaryWorld, restorer, riskyExamplesFor } from './examples';
import {
  type ClientOptions,
  connectHttp,
  connectStdio,
  type HttpServer,
  startHttp,
  startWorld,
  textOf,
  type World,
} from './helpers';
import { answerPage, nthOpenedUrl, recordingBrowser } from './human';

// Every tool some call of which needs a human's yes (from the registry, not a hand list: destructive,
// billable, or risky by argument), plus the composites that ask, over stdio and HTTP in both eras. The
// oracle is the sandbox's request log: a declined elicitation sends nothing; an accepted one sends the
// command exactly once; a client with no way to ask a person is refused with nothing sent; a page
// opened in the browser sends it once when the person approves there.

type Who = 'decline' | 'accept' | 'none' | 'page';

const setups: [string, Record<Who, ClientOptions>][] = [
  [
    'stdio',
    {
      decline: { era: 'legacy', elicit: 'decline' },
      accept: { era: 'modern', elicit: 'accept' },
      none: { era: 'legacy' },
      page: { era: 'modern' },
    },
  ],
  // 2025-11-25 over HTTP has a session now, so it can be asked as well.
  [
    'http',
    {
      decline: { era: 'legacy', elicit: 'decline' },
      accept: { era: 'legacy', elicit: 'accept' },
      none: { era: 'modern' },
      page: { era: 'legacy' },
    },
  ],
];

// The writes that run without a person's yes, each for the reason a reviewer accepted: the oracle for the
// classifier that picks CONFIRMED (core's mayNeedConfirmation). A write that starts or stops needing a yes
// fails here until someone decides, and writes the reason down.
const UNCONFIRMED_WRITES: Record<string, string> = {
  deploi_login: 'signs this process in; changes nothing hosted',
  deploi_logout: "ends this process's own session token",
  deploi_add_firewall_private_network:
    'a new, empty network behind the firewall: nothing is exposed until a server is connected (which asks)',
  deploi_enable_waf: 'turns filtering on: blocks more, opens nothing',
  deploi_create_firewall_certificate: 'issues a certificate for a name the site already serves; no charge',
  deploi_create_certificate: 'issues a certificate for a name the site already serves; no charge',
  deploi_duplicate_site: 'a copy beside the original, which is untouched; no charge, no new domain',
  deploi_duplicate_wordpress: 'a copy beside the original, which is untouched; no charge, no new domain',
  deploi_create_site_database:
    'an empty database with no user: nothing can reach it until one is added (which asks)',
  deploi_backup_site: 'takes a backup; changes nothing live',
  seflow_activateserver: 'ends a suspension the customer set: the server comes back as it was',
};

// Reads that hand over what opens access: the kubeconfig is a cluster's admin credentials.
const READS_THAT_ASK = ['deploi_get_kube_config'];

describe('which writes ask a person', () => {
  it('every write asks, except those a reviewer listed with the reason', () => {
    const writes = commands.filter((c) => c.risk !== 'read').map((c) => c.tool);
    const asking = new Set(CONFIRMED.map((c) => c.tool));
    expect(writes.filter((t) => !asking.has(t)).sort()).toEqual(Object.keys(UNCONFIRMED_WRITES).sort());
    // Reads ask only where they hand over a secret or access.
    expect(commands.filter((c) => c.risk === 'read' && asking.has(c.tool)).map((c) => c.tool)).toEqual(
      READS_THAT_ASK,
    );
  });
});

const TOOLS = [
  ...CONFIRMED.map((c) => ({ name: c.tool, writes: [c.wire] })),
  { name: 'hostkit_upsert_dns_record', writes: [...(COMPOSITE_WRITES.hostkit_upsert_dns_record ?? [])] },
];

describe.each(setups)('confirmation of every tool that asks, over %s', (transport, setup) => {
  let world: World;
  const servers: HttpServer[] = [];
  const clients: Partial<Record<Who, Client>> = {};
  const asked: string[] = [];
  let urls = '';

  beforeAll(async () => {
    world = await startWorld(canaryWorld);
    urls = join(world.dir, 'opened.txt');
    const args = ['--toolsets', 'all'];
    const browser = recordingBrowser(urls);
    // Over HTTP the browser is the server's: one server that can open one, one that cannot.
    const withBrowser = transport === 'http' ? await startHttp(world, args, browser) : undefined;
    const without = transport === 'http' ? await startHttp(world, args) : undefined;
    servers.push(...[withBrowser, without].filter((s): s is HttpServer => s !== undefined));
    for (const who of ['decline', 'accept', 'none', 'page'] as const) {
      const options: ClientOptions = {
        ...setup[who],
        args,
        ...(who === 'page' ? { env: browser } : {}),
        onElicit: (m: string) => asked.push(m),
      };
      const server = who === 'none' ? without : withBrowser;
      clients[who] = server ? await connectHttp(server.url, options) : await connectStdio(world, options);
    }
  });
  afterAll(async () => {
    for (const c of Object.values(clients)) await c?.close();
    for (const s of servers) await s.stop();
    await world?.sandbox.stop();
  });

  it('covers every tool that can ask', () => {
    expect(CONFIRMED.length).toBeGreaterThanOrEqual(45);
    expect(CONFIRMED.map((c) => c.tool)).toEqual(
      expect.arrayContaining([
        'deploi_add_ssh_key',
        'deploi_create_database_user',
        'deploi_add_firewall_rule',
        'deploi_add_domain_record',
        'deploi_add_firewall_private_network_connector',
        'deploi_enable_geo_block',
        'seflow_changerdns',
        'deploi_register',
        'deploi_get_kube_config',
      ]),
    );
  });

  it('declined: nothing sent; accepted: once; no way to ask: nothing; approved on the page: once', {
    timeout: 240_000,
  }, async () => {
    const restore = restorer(world);
    const failures: string[] = [];
    const audited: [string, string][] = [];
    const auditedBefore = world.auditLines().length;
    let pages = 0;
    for (const { name, writes } of TOOLS) {
      const fail = (what: string) => failures.push(`${name}: ${what}`);
      const attempt = async (who: Who, onSent?: () => Promise<void>) => {
        restore();
        const example = riskyExamplesFor(world)[name];
        if (!example) throw new Error(`no example for ${name}`);
        restore(example);
        const before = JSON.stringify(world.sandbox.state.get());
        world.sandbox.requests.clear();
        const call = (clients[who] as Client).callTool({ name, arguments: example.input });
        await onSent?.();
        const result = await call;
        const entries = world.sandbox.requests.entries();
        // What is read before asking (names, live records) is harmless; what changes things is counted.
        const mutating = entries.filter((e) => writes.includes(e.command));
        return { result, mutating, unchanged: JSON.stringify(world.sandbox.state.get()) === before };
      };
      const nothingSent = (a: Awaited<ReturnType<typeof attempt>>, step: string) => {
        if (a.mutating.length) fail(`${step}: sent ${a.mutating.map((e) => e.command).join(', ')}`);
        if (!a.unchanged) fail(`${step}: the state changed`);
        if (!a.result.isError) fail(`${step}: not refused`);
      };
      const sentOnce = (a: Awaited<ReturnType<typeof attempt>>, step: string) => {
        if (a.result.isError) fail(`${step}: ${textOf(a.result)}`);
        else if (a.mutating.length !== 1 || !a.mutating[0]?.success)
          fail(`${step}: sent ${JSON.stringify(a.mutating.map((e) => [e.command, e.success]))}`);
      };

      asked.length = 0;
      const declined = await attempt('decline');
      nothingSent(declined, 'declined');
      if (!textOf(declined.result).includes('declined')) fail(`declined: ${textOf(declined.result)}`);
      audited.push([name, 'declined']);
      const question = asked[0] ?? '';
      if (!question.endsWith('\n\nGo ahead?')) fail(`the elicitation said ${JSON.stringify(question)}`);

      sentOnce(await attempt('accept'), 'accepted');
      audited.push([name, 'elicitation'], [name, 'elicitation']);

      const none = await attempt('none');
      nothingSent(none, 'no way to ask');
      // The refusal shows the same summary the person would have been asked (each kubeconfig goes to a new file).
      const same = (text: string) => text.replace(/kubeconfig-\d+\.yaml/g, 'kubeconfig.yaml');
      if (!same(textOf(none.result)).includes(same(question.replace(/\n\nGo ahead\?$/, ''))))
        fail(`refusal without the summary: ${textOf(none.result)}`);

      const approved = await attempt('page', async () => {
        pages += 1;
        const url = await nthOpenedUrl(urls, pages);
        const answer = await answerPage(url, 'approve');
        if (answer.status !== 200) fail(`page answered ${answer.status}`);
      });
      sentOnce(approved, 'approved on the page');
      audited.push([name, 'confirmation-page'], [name, 'confirmation-page']);
    }
    expect(failures).toEqual([]);
    // Declines write one record; what ran writes its intent and its outcome; refusals write none.
    const lines = world.auditLines().slice(auditedBefore);
    expect(lines.map((l) => [l.tool, l.confirmation])).toEqual(audited);
    for (const l of lines) {
      if (l.confirmation === 'declined') expect(l).toMatchObject({ phase: 'outcome', outcome: 'not-sent' });
    }
  });
});
