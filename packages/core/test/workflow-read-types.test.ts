import { describe, expectTypeOf, it } from 'vitest';
import type { CostsOptions, DiagnoseOptions, Inventory, ToolOutput, TypedRead } from '../src/index';

// The workflows read through a read typed by tool name, so a field renamed in an output schema breaks the
// workflow that reads it (issue #16); this keeps them from going back to an untyped read (checked by tsc).
describe('workflow reads', () => {
  it('take a read typed by tool name', () => {
    expectTypeOf<DiagnoseOptions['read']>().toEqualTypeOf<TypedRead>();
    expectTypeOf<CostsOptions['read']>().toEqualTypeOf<TypedRead>();
    expectTypeOf<ConstructorParameters<typeof Inventory>[0]>().toEqualTypeOf<TypedRead>();
  });

  it('give each command its own output, and refuse another command’s input', () => {
    const typed = async (read: TypedRead) => {
      const info = await read('deploi_get_server_info', { id: 1 });
      expectTypeOf(info).toEqualTypeOf<ToolOutput<'deploi_get_server_info'>>();
      expectTypeOf(info.serverInfo?.virtual?.mainip).toEqualTypeOf<string | undefined>();
      // @ts-expect-error: GetServerInfo takes a server id, not a domain
      await read('deploi_get_server_info', { domain: 'example.com' });
      // @ts-expect-error: no such command
      await read('deploi_get_everything', {});
    };
    expectTypeOf(typed).toBeFunction();
  });
});
