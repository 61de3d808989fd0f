// The extension-host test entry VS Code loads (extensionTestsPath): tests register in file order.
import './accounts.e2e';
import './views.e2e';
import './fleet.e2e';
import './filter.e2e';
import './connect.e2e';
import './details.e2e';
import './dns.e2e';
import './bulk.e2e';
import './actions.e2e';
import './sandbox.e2e';
import './mcp.e2e';
import { runAll } from './harness';

export async function run(): Promise<void> {
  await runAll();
}
