import { describe, expect, it } from 'vitest';
import { enumOptions, fieldValidator, toInt } from '../../src/commands/input-schema';

// The InputBox validators come from core's zod schemas; these check the wiring, not the rules.
describe('fieldValidator', () => {
  const base = { domain: 'example.com', type: 'A', host: 'www', value: '192.0.2.1', options: { ttl: 3600 } };

  it("reports only the asked field's problem", () => {
    const host = fieldValidator('deploi_add_domain_record', ['host'], (t) => ({
      ...base,
      host: t,
      value: 'not an ip',
    }));
    expect(host('www')).toBeUndefined();
    expect(host('bad host!')).toMatch(/@ for the apex/);
  });

  it('runs the cross-field checks (an A record needs an IPv4)', () => {
    const value = fieldValidator('deploi_add_domain_record', ['value'], (t) => ({ ...base, value: t }));
    expect(value('192.0.2.7')).toBeUndefined();
    expect(value('2001:db8::1')).toMatch(/IPv4/);
  });

  it('checks nested numbers and passes through conversion errors', () => {
    const ttl = fieldValidator('deploi_add_domain_record', ['options', 'ttl'], (t) => {
      const n = toInt(t);
      return typeof n === 'string' ? n : { ...base, options: { ttl: n } };
    });
    expect(ttl('600')).toBeUndefined();
    expect(ttl('30')).toBeTruthy();
    expect(ttl('ten')).toBe('Must be a whole number');
  });

  it('validates firewall rule fields', () => {
    const sample = {
      id: 1,
      'src-cidr': '0.0.0.0/0',
      'src-ip': '192.0.2.1',
      'src-port': 80,
      'dst-ip': '10.0.0.2',
      'dst-port': 80,
    };
    const cidr = fieldValidator('deploi_add_firewall_rule', ['src-cidr'], (t) => ({
      ...sample,
      'src-cidr': t,
    }));
    expect(cidr('198.51.100.0/24')).toBeUndefined();
    expect(cidr('198.51.100.0')).toBeTruthy();
  });
});

describe('enumOptions', () => {
  it("reads a command's enum fields, nested and optional ones too", () => {
    expect(enumOptions('deploi_add_domain_record', 'type')).toEqual([
      'A',
      'AAAA',
      'TXT',
      'MX',
      'CNAME',
      'SOA',
      'SRV',
    ]);
    expect(enumOptions('deploi_add_domain_record', 'options', 'protocol')).toEqual(['tcp', 'udp', 'tls']);
    expect(enumOptions('deploi_add_domain_record', 'nope')).toEqual([]);
  });
});
