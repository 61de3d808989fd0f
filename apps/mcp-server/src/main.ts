import { main } from './cli';

main(process.argv.slice(2), process.env).catch((e: unknown) => {
  process.stderr.write(`hostkit-mcp: error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
