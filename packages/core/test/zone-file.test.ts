import { describe, expect, it } from 'vitest';
import { zoneFileText } from '../src/index.js';

// The zone-file text the VS Code zone documents and the MCP zone resources share.

describe('zoneFileText', () => {
  const records = [
    { type: 'A', host: 'www.example.com', value: '192.0.2.1', options: { ttl: 3600, priority: 0 } },
    { type: 'MX', host: 'example.com', value: 'mail.example.com', options: { ttl: 600, priority: 10 } },
    { type: 'TXT', host: 'example.com', value: 'v=spf1 -all"\nInjected: yes', options: { ttl: 300 } },
  ];

  it('writes a header, the note, $ORIGIN and one line per record', () => {
    const text = zoneFileText('example.com', records, {
      at: new Date('2026-12-03T07:00:00Z'),
      note: 'Read-only.',
    });
    expect(text.split('\n')).toEqual([
      '; example.com: 3 DNS records as Deploi serves them, read 2026-12-03 07:00 UTC by Hostkit.',
      '; Read-only.',
      '$ORIGIN example.com.',
      'www.example.com. 3600 IN A 192.0.2.1',
      'example.com. 600 IN MX 10 mail.example.com.',
      'example.com. 300 IN TXT "v=spf1 -all\\"\\nInjected: yes"',
      '',
    ]);
  });

  it('says when a zone has no records, and leaves the note out when there is none', () => {
    expect(zoneFileText('empty.example', [], { at: new Date('2026-01-01T00:00:00Z') })).toBe(
      '; empty.example: 0 DNS records as Deploi serves them, read 2026-01-01 00:00 UTC by Hostkit.\n$ORIGIN empty.example.\n',
    );
  });
});
