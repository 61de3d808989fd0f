import type { Sandbox } from '../../src/index';

// Plain-fetch helpers for the tests: the sandbox is tested over real HTTP, as clients use it.

/** A parsed JSON reply. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes and assert on them
export type Json = any;

/** An HTTP answer: status, headers and the body as JSON (undefined when it is not JSON). */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** POSTs a Deploi request body (an object, or raw text). */
export async function deploi(sandbox: Sandbox, body: Record<string, unknown> | string): Promise<Answer> {
  const response = await fetch(sandbox.deploiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'hostkit-sandbox-tests' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answer(response);
}

/** GETs a SeFlow action with the sandbox's credentials (overridable) and `params`. */
export async function seflow(
  sandbox: Sandbox,
  action: string,
  params: Record<string, string> = {},
): Promise<Answer> {
  const url = new URL(sandbox.seflowUrl);
  url.searchParams.set('action', action);
  url.searchParams.set('username', sandbox.credentials.seflow.username);
  url.searchParams.set('key', sandbox.credentials.seflow.key);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return answer(await fetch(url));
}

/** Logs in with the demo credentials and returns the token. */
export async function login(sandbox: Sandbox): Promise<string> {
  const { username, password, twoFactorCode } = sandbox.credentials.deploi;
  const reply = await deploi(sandbox, {
    command: 'Login',
    username,
    password,
    ...(twoFactorCode ? { secondfactor: twoFactorCode } : {}),
  });
  if (reply.body?.success !== true || typeof reply.body.data?.token !== 'string') {
    throw new Error(`login failed: ${reply.text}`);
  }
  return reply.body.data.token;
}

/** A logged-in Deploi caller: `call("GetServers", { clientid: 101 })`. */
export async function session(
  sandbox: Sandbox,
): Promise<(command: string, fields?: Record<string, unknown>) => Promise<Answer>> {
  const token = await login(sandbox);
  return (command, fields = {}) => deploi(sandbox, { command, token, ...fields });
}
