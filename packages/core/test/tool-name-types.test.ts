import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/registry/registry';

// Tool names are derived twice: by snakeCase at run time and by SnakeCase at the type level (so
// `client.call('deploi_get_servers', …)` is typed). This reads the compiler's view of `ToolName`
// and checks both derivations agree for every command.

function typeLevelToolNames(): string[] {
  const configPath = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('cannot read tsconfig.json');
  const registryPath = fileURLToPath(new URL('../src/registry/registry.ts', import.meta.url));
  const program = ts.createProgram([registryPath], config.options);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(registryPath);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  const alias = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'ToolName');
  if (!alias) throw new Error('ToolName is not exported from registry.ts');
  const type = checker.getDeclaredTypeOfSymbol(alias);
  const members = type.isUnion() ? type.types : [type];
  return members.map((t) => (t.isStringLiteral() ? t.value : checker.typeToString(t)));
}

describe('tool names as types', () => {
  it('match the run-time tool names of all 103 commands', { timeout: 120_000 }, () => {
    expect(typeLevelToolNames().sort()).toEqual(commands.map((c) => c.tool).sort());
  });
});
