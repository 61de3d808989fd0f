import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { PACKAGES, packageVersion } from '../src/pack.js';
import { isSecretVariable, readJson, serverVariables } from '../src/variables.js';

interface EnvVar {
  name: string;
  description?: string;
  isSecret?: boolean;
  isRequired?: boolean;
}
interface ServerJson {
  $schema: string;
  name: string;
  version: string;
  packages: { registryType: string; identifier: string; version: string; environmentVariables: EnvVar[] }[];
}

const serverJson = readJson<ServerJson>(PACKAGES.mcpServer, 'server.json');
const schemaFile = join(PACKAGES.mcpServer, 'registry', 'server.schema.json');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as { $id: string; $schema: string };
const pkg = readJson<{ name: string; version: string; mcpName: string }>(PACKAGES.mcpServer, 'package.json');

describe('server.json (MCP registry entry)', () => {
  it('is valid against the vendored registry schema (draft-07, formats checked)', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    // Ajv's default class is draft-07, in its default strict mode (unknown keywords and formats are errors);
    // `example` is an OpenAPI annotation the generated schema carries.
    const ajv = new Ajv({ allErrors: true });
    ajv.addKeyword('example');
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(serverJson);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
    expect(serverJson.$schema).toBe(schema.$id);
    // The validator does reject what the registry would: a description over 100 characters.
    expect(validate({ ...serverJson, description: 'x'.repeat(101) })).toBe(false);
  });

  it("names the package and keeps every version equal to the package's", () => {
    expect(serverJson.name).toBe(pkg.mcpName);
    expect(serverJson.version).toBe(packageVersion(PACKAGES.mcpServer));
    expect(serverJson.packages).toHaveLength(1);
    const [npm] = serverJson.packages;
    expect(npm).toMatchObject({ registryType: 'npm', identifier: pkg.name, version: pkg.version });
  });

  it('describes every variable the server reads, secrets marked isSecret, none required', () => {
    const vars = serverJson.packages[0]?.environmentVariables ?? [];
    expect(vars.map((v) => v.name).sort()).toEqual(serverVariables());
    for (const v of vars) {
      expect(v.description, v.name).toMatch(/\w{3}/);
      expect(v.isSecret === true, `${v.name} isSecret`).toBe(isSecretVariable(v.name));
      expect(v.isRequired, `${v.name}: the sandbox runs when none is set`).toBe(false);
    }
  });
});
