import { describe, expect, it } from 'vitest';
import { plainMessage } from '../../src/commands/input-schema';
import { runSteps, type Step } from '../../src/commands/wizard';
import { BACK, type StepInfo } from '../../src/ui/step';

describe('runSteps', () => {
  it('counts the steps the answers so far call for, and Back returns to the answers before', async () => {
    const seen: string[] = [];
    const script: (string | typeof BACK)[] = ['SRV', 'h1', BACK, 'h2', 'v', 'sip'];
    const ask =
      (field: 'type' | 'host' | 'value' | 'service') => async (a: Record<string, string>, s: StepInfo) => {
        seen.push(`${field} ${s.step}/${s.total ?? '?'}${s.back ? ' back' : ''}`);
        const next = script.shift();
        return next === BACK ? BACK : { ...a, [field]: next ?? '' };
      };
    const steps: Step<Record<string, string>>[] = [
      { decides: true, ask: ask('type') },
      { ask: ask('host') },
      { ask: ask('value') },
      { when: (a) => a.type === 'SRV', ask: ask('service') },
    ];
    expect(await runSteps(steps, {})).toEqual({ type: 'SRV', host: 'h2', value: 'v', service: 'sip' });
    expect(seen).toEqual([
      'type 1/?',
      'host 2/4 back',
      'value 3/4 back',
      'host 2/4 back',
      'value 3/4 back',
      'service 4/4 back',
    ]);
  });

  it('ends when a question is dismissed', async () => {
    expect(await runSteps([{ ask: async () => undefined }], { a: 1 })).toBeUndefined();
  });
});

describe('plainMessage', () => {
  it("says zod's built-in messages in words, keeps core's own", () => {
    const tooSmall = {
      code: 'too_small',
      origin: 'number',
      minimum: 60,
      inclusive: true,
      message: 'Too small: expected number to be >=60',
    };
    expect(plainMessage(tooSmall, { label: 'The TTL', unit: 'seconds' })).toBe(
      'The TTL must be at least 60 seconds',
    );
    expect(plainMessage(tooSmall)).toBe('It must be at least 60');
    expect(plainMessage({ code: 'invalid_format', format: 'ipv4', message: 'Invalid IPv4 address' })).toBe(
      'It must be an IPv4 address such as 192.0.2.10',
    );
    expect(
      plainMessage({
        code: 'invalid_value',
        values: ['tcp', 'udp'],
        message: 'Invalid option: expected one of "tcp"|"udp"',
      }),
    ).toBe('It must be one of tcp, udp');
    expect(plainMessage({ code: 'custom', message: 'must be an IPv4 address for an A record' })).toBe(
      'Must be an IPv4 address for an A record',
    );
    expect(plainMessage({ code: 'custom', message: 'must be a host name' }, { label: 'The value' })).toBe(
      'The value must be a host name',
    );
  });
});
