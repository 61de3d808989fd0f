import { startSandbox } from '@hostkit/sandbox';

// The bench's sandbox, in its own process: prints where it listens as one JSON line, stops on SIGTERM
// or when the bench (its stdin) goes away.
const sandbox = await startSandbox({ port: 0, seed: 1 });
const { deploi, seflow } = sandbox.credentials;
process.stdout.write(
  `${JSON.stringify({
    deploiUrl: sandbox.deploiUrl,
    seflowUrl: sandbox.seflowUrl,
    credentials: {
      deploi: { username: deploi.username, password: deploi.password },
      seflow: { username: seflow.username, key: seflow.key },
    },
  })}\n`,
);
const stop = () => void sandbox.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
