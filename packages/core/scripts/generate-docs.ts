import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commands } from '../src/registry/registry';
import { renderCommandsDoc } from './commands-doc';

const target = fileURLToPath(new URL('../../../docs/commands.md', import.meta.url));
writeFileSync(target, renderCommandsDoc(commands));
console.log(`wrote ${target} (${commands.length} commands)`);
