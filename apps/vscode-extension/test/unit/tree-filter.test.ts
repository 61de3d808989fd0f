import { describe, expect, it } from 'vitest';
import { parseFilter, passes } from '../../src/tree/tree-filter';
import { menuOffers, whenHolds } from '../support/when-clause';

const rows = [
  {
    name: 'web-01',
    ip: '192.0.2.11 10.16.0.2',
    status: 'active',
    client: 'Nordlys Media AS',
    provider: 'deploi',
  },
  {
    name: 'db-01',
    ip: '192.0.2.12 10.16.0.3',
    status: 'off',
    client: 'Nordlys Media AS',
    provider: 'deploi',
  },
  { name: 'DS-1042', ip: '192.0.2.1', status: 'active', client: 'hostkit-demo', provider: 'seflow' },
];
const fields = ['name', 'ip', 'status', 'client', 'provider'];
const kept = (text: string) => {
  const f = parseFilter(text, fields);
  return f ? rows.filter((_, i) => passes(rows, f)[i]).map((r) => r.name) : rows.map((r) => r.name);
};

describe('the view filter', () => {
  it('matches words in name, IP, status or client, any case', () => {
    expect(kept('WEB')).toEqual(['web-01']);
    expect(kept('10.16.0.3')).toEqual(['db-01']);
    expect(kept('nordlys')).toEqual(['web-01', 'db-01']);
    expect(kept('nordlys off')).toEqual(['db-01']);
  });

  it('takes field:value and * wildcards; unknown fields are plain words', () => {
    expect(kept('status:active')).toEqual(['web-01', 'DS-1042']);
    expect(kept('ip:192.0.2.1*')).toEqual(['web-01', 'db-01', 'DS-1042']);
    expect(kept('name:ds-*')).toEqual(['DS-1042']);
    expect(kept('colour:red')).toEqual([]);
  });

  it('never matches a field name, and empty text is no filter', () => {
    expect(kept('name')).toEqual([]);
    expect(kept('ip')).toEqual([]);
    expect(parseFilter('   ', fields)).toBeUndefined();
  });
});

describe('when clauses (test support)', () => {
  it('evaluates the operators the manifest uses', () => {
    const ctx = { view: 'hostkit.servers', viewItem: 'hostkit.server.deploi.running', signedIn: true };
    expect(
      whenHolds('view == hostkit.servers && viewItem =~ /^hostkit\\.server\\.deploi\\.running$/', ctx),
    ).toBe(true);
    expect(whenHolds('view == hostkit.domains || !signedIn', ctx)).toBe(false);
    expect(whenHolds('view != hostkit.domains && (signedIn || missing)', ctx)).toBe(true);
    expect(
      menuOffers(
        { contributes: { menus: { m: [{ command: 'c', when: 'viewItem =~ /off$/' }] } } },
        'm',
        'c',
        ctx,
      ),
    ).toBe(false);
  });
});
