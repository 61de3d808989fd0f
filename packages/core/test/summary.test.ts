import { describe, expect, it } from 'vitest';
import {
  confirmationReasons,
  getCommandByTool,
  isPrivateCidr,
  namesFrom,
  needsConfirmation,
  parseInput,
  quote,
  summaryOf,
} from '../src/index';

const command = (tool: string) => {
  const c = getCommandByTool(tool);
  if (!c) throw new Error(`no ${tool}`);
  return c;
};

describe('quote', () => {
  const tricky = [
    'plain',
    'say "hi"',
    'line\u2028separator',
    'para\u2029graph',
    'bidi \u202eoverride\u202c',
    'isolate \u2066x\u2069',
    'zero\u200bwidth',
    'c1 \u0085 next line',
    'bom \ufeff',
    'tab\tand\nnewline',
  ];
  it.each(tricky)('keeps %j readable as one quoted value that parses back to itself', (s) => {
    const shown = quote(s);
    // The oracle is JSON itself: the quoted form is a JSON string literal of exactly the input.
    expect(JSON.parse(shown)).toBe(s);
    // Every input here is ASCII apart from the characters to escape: what is shown is printable ASCII.
    expect(shown).toMatch(/^"[\x20-\x7e]*"$/);
    expect(shown).not.toMatch(/[\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\u0085\ufeff\n\t]/u);
  });

  it('shows numbers and booleans as they are', () => {
    expect(quote(80)).toBe('80');
    expect(quote(false)).toBe('false');
  });
});

describe('free-text inputs refuse deceptive characters', () => {
  it.each(['web\u2028cpu: 1', 'web\u202e10 ucpv', 'web\u200b', 'web\u0085'])('a server name %j', (name) => {
    expect(() =>
      parseInput(command('deploi_create_virtual_server'), {
        name,
        ram: 4,
        cpu: 80,
        disks: [{ name: 'system', size: 40, type: 'ssd' }],
        OS: 'Ubuntu 24.04',
        username: 'deploy',
        password: 'a-long-password',
        publicip: true,
      }),
    ).toThrow(/name: must not contain control, format, bidi or line-separator characters/);
  });
});

describe('private networks', () => {
  it.each([
    ['192.168.2.1/24', true],
    ['10.1.2.3/8', true],
    ['172.31.0.1/12', true],
    ['10.0.0.1/4', false],
    ['172.16.0.1/0', false],
    ['192.168.0.1/8', false],
    ['172.32.0.1/24', false],
    ['11.0.0.1/24', false],
  ])('%s lies wholly in an RFC 1918 range: %s', (cidr, expected) => {
    expect(isPrivateCidr(cidr)).toBe(expected);
  });

  it('refuses a network whose prefix reaches public addresses, and a network address as gateway', () => {
    const add = command('deploi_add_firewall_private_network');
    for (const network of ['10.0.0.1/4', '172.16.0.1/0', '192.168.0.1/8'])
      expect(() => parseInput(add, { id: 1, network })).toThrow(/network: must be a private/);
    expect(() => parseInput(add, { id: 1, network: '192.168.2.0/24' })).toThrow(/gateway address/);
    expect(parseInput(add, { id: 1, network: '192.168.2.1/24' })).toEqual({
      id: 1,
      network: '192.168.2.1/24',
    });
  });
});

describe('risk by argument', () => {
  const rule = (cidr: string, port: number) => ({
    id: 5,
    'src-cidr': cidr,
    'src-ip': '198.51.100.10',
    'src-port': port,
    'dst-ip': '10.0.0.5',
    'dst-port': port,
  });
  it('asks before a rule opens a port to public addresses, naming sensitive services', () => {
    const add = command('deploi_add_firewall_rule');
    expect(confirmationReasons(add, rule('0.0.0.0/0', 22))).toEqual([
      'it opens port 22 (SSH) to the whole internet',
    ]);
    expect(confirmationReasons(add, rule('203.0.113.0/24', 443))).toEqual([
      'it opens port 443 to "203.0.113.0/24" (256 addresses)',
    ]);
    expect(needsConfirmation(add, rule('10.0.0.0/8', 22))).toBe(false);
  });

  it('asks before records that move mail, issue certificates or prove control; not for a plain A record', () => {
    const add = command('deploi_add_domain_record');
    const record = (type: string, host: string, value: string) => ({
      domain: 'example.com',
      type,
      host,
      value,
      options: { ttl: 3600, ...(type === 'MX' ? { priority: 0 } : {}) },
    });
    expect(needsConfirmation(add, record('MX', '@', 'mx.attacker.example'))).toBe(true);
    expect(needsConfirmation(add, record('TXT', '_acme-challenge.www', 'token'))).toBe(true);
    expect(needsConfirmation(add, record('TXT', '@', 'v=spf1 include:attacker.example -all'))).toBe(true);
    expect(needsConfirmation(add, record('TXT', '@', 'google-site-verification=abc'))).toBe(true);
    expect(needsConfirmation(add, record('A', '*', '192.0.2.1'))).toBe(true);
    expect(needsConfirmation(add, record('A', 'www', '192.0.2.1'))).toBe(false);
  });

  it('asks before access is granted or terms accepted', () => {
    expect(command('deploi_add_ssh_key').risk).toBe('destructive');
    expect(command('deploi_create_database_user').risk).toBe('destructive');
    expect(command('deploi_add_firewall_private_network_connector').risk).toBe('destructive');
    expect(command('deploi_enable_geo_block').risk).toBe('destructive');
    expect(
      needsConfirmation(command('seflow_changerdns'), { ip: '192.0.2.1', rdns: 'mail.example.com' }),
    ).toBe(true);
    expect(command('deploi_login').risk).toBe('write');
  });
});

describe('summaries', () => {
  it('show the new e-mail of a contact change, quoted', () => {
    const update = command('deploi_update_domain_contact');
    const input = parseInput(update, {
      domain: 'example.com',
      contact: 'owner',
      info: {
        firstName: 'Mallory',
        lastName: 'Evil',
        company: false,
        companyName: '',
        companyID: '',
        country: 'NO',
        addressLine1: 'Gata 1',
        postalCode: '0150',
        city: 'Oslo',
        phone: '+47 41283443',
        email: 'mallory@attacker.example',
      },
    }) as Record<string, unknown>;
    const text = summaryOf(update, input);
    expect(text).toContain('"mallory@attacker.example"');
    expect(text).toContain('"Mallory Evil"');
    expect(text).toContain('legal ownership');
    expect(text).toContain('  info.email: "mallory@attacker.example"');
  });

  it('name resources by name and id when known, and list every argument', () => {
    const restart = command('deploi_restart_virtual_server');
    const names = namesFrom(new Map([['server:1005', 'web-01']]));
    const text = summaryOf(restart, { id: 1005 }, names);
    expect(text.split('\n')[0]).toBe(
      'Restart server "web-01" (id 1005). Everything on it stops and it is unreachable until it is back up.',
    );
    expect(text).toContain('Deploi RestartVirtualServer will be sent with:\n  id: 1005');
  });

  it('hide secrets but show an SSH public key, which is what grants access', () => {
    const add = command('deploi_add_ssh_key');
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB7 attacker@evil';
    const text = summaryOf(add, { keyname: 'ci', key, name: 'shop' });
    expect(text).toContain(JSON.stringify(key));
    const db = command('deploi_create_database_user');
    const dbText = summaryOf(db, { username: 'app', password: 'hunter2-hunter2' });
    expect(dbText).not.toContain('hunter2');
    expect(dbText).toContain('password: [hidden]');
  });
});
