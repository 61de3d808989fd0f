import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// Opens a confirmation page in the person's browser, as command-line OAuth flows do, for clients
// that can neither elicit a form nor pass a URL to the person.

/** Opens `url` for the person; false when no browser could be started. */
export type BrowserOpener = (url: string) => Promise<boolean>;

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

/** The command that opens a URL here: the one configured (split on spaces), else the platform's own. */
export function browserCommand(
  configured: string | undefined,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string[] | undefined {
  if (configured === 'none') return undefined;
  if (configured) return configured.split(/\s+/);
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['rundll32', 'url.dll,FileProtocolHandler'];
  // A Linux session without a display has no browser to show the page in.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return onPath('xdg-open', env) ? ['xdg-open'] : undefined;
}

/** An opener running {@link browserCommand}, or undefined when this machine has none. */
export function browserOpener(
  configured: string | undefined,
  env: NodeJS.ProcessEnv,
): BrowserOpener | undefined {
  const command = browserCommand(configured, env);
  if (!command) return undefined;
  const [program, ...args] = command as [string, ...string[]];
  return (url) =>
    new Promise<boolean>((resolve) => {
      // No shell: the URL is one argument whatever it holds.
      const child = spawn(program, [...args, url], { stdio: 'ignore', detached: true, env });
      let settled = false;
      const finish = (ok: boolean) => {
        if (settled) return;
        settled = true;
        resolve(ok);
      };
      child.once('error', () => finish(false));
      // Openers hand the URL to a browser and exit; one still running after a while has opened it.
      child.once('exit', (code) => finish(code === 0));
      setTimeout(() => finish(true), 3000).unref();
      child.unref();
    });
}
