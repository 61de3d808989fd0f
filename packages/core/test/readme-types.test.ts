import { describe, expectTypeOf, it } from 'vitest';
import type { DeploiClient } from '../src/client/deploi';

// The README promises typed calls by name; this keeps the promise checked by `tsc` (typecheck).
describe('typed calls by name', () => {
  it('types the input and result of a call by tool or wire name', () => {
    type Servers = Awaited<ReturnType<DeploiClient['call']>>;
    expectTypeOf<Servers>().not.toBeNever();
    const typed = async (d: DeploiClient) => {
      const result = await d.call('deploi_get_servers', {});
      if (!result.ok) return;
      const first = result.output.servers?.[0];
      if (first) expectTypeOf(first.id).toEqualTypeOf<number>();
      // @ts-expect-error: a required field is missing
      await d.call('AddDomainRecord', { domain: 'example.com', type: 'A', host: 'www', value: '192.0.2.1' });
      // @ts-expect-error: not a Deploi command
      await d.call('seflow_checkstatus', { serverid: 'x' });
    };
    expectTypeOf(typed).toBeFunction();
  });
});
