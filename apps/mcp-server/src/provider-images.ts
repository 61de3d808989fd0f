import { HostkitError, quote, redactText } from '@hostkit/core';

// The images a provider's reply links to (SeFlow's bandwidth graphs), fetched so a client can show them.
// A URL in a reply is data, not an instruction: it is fetched only from the provider's own domain, over
// HTTPS (plain HTTP only on loopback, where the sandbox serves them), without following redirects, and
// only if what comes back is a PNG of bounded size.

/** Larger than any graph a provider draws; more is not an image to pass on. */
export const MAX_IMAGE_BYTES = 2_000_000;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.startsWith('[');

/**
 * Whether an image at `url` may be fetched for a provider whose API is at `apiUrl`: the API's host, or a
 * host under the same domain (graphs.example.net for api.example.net); an IP address only as itself.
 */
export function imageUrlAllowed(url: string, apiUrl: string): boolean {
  let target: URL;
  let api: URL;
  try {
    target = new URL(url);
    api = new URL(apiUrl);
  } catch {
    return false;
  }
  const host = target.hostname.toLowerCase();
  const apiHost = api.hostname.toLowerCase();
  const secure = target.protocol === 'https:' || (target.protocol === 'http:' && LOOPBACK.has(host));
  if (!secure || target.username || target.password) return false;
  if (host === apiHost) return !LOOPBACK.has(host) || target.port === api.port;
  if (isIp(host) || isIp(apiHost) || LOOPBACK.has(host)) return false;
  const domain = registrableDomain(apiHost);
  return domain.includes('.') && (host === domain || host.endsWith(`.${domain}`));
}

/**
 * The domain a provider owns, from its API host: the last two labels (seflow.net), or three under a
 * country's second level (seflow.co.uk, not co.uk). Without the public suffix list a short label under a
 * two-letter TLD is taken for such a level: wrong at worst towards refusing an image, never towards
 * fetching from a neighbour under the same suffix.
 */
function registrableDomain(host: string): string {
  const labels = host.split('.');
  const tld = labels.at(-1) ?? '';
  const second = labels.at(-2) ?? '';
  const countryLevel = tld.length === 2 && second.length <= 3;
  return labels.slice(countryLevel ? -3 : -2).join('.');
}

/** The body of `res`, read no further than `limit` bytes: undefined (the rest cancelled) past that. */
async function boundedBody(res: Response, limit: number): Promise<Uint8Array | undefined> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    // A declared length can lie and a chunked body has none: only counting what arrives bounds it.
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Fetches the PNG at `url` for the provider whose API is at `apiUrl`, within `timeoutMs` (the API
 * requests' timeout: a body that stops coming ends the call too); throws a HostkitError saying why not,
 * naming the link without `secrets` (a link may carry the API key or a token).
 */
export async function fetchProviderPng(
  url: string,
  apiUrl: string,
  timeoutMs: number,
  secrets: readonly string[],
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const link = quote(redactText(url, secrets));
  if (!imageUrlAllowed(url, apiUrl))
    throw new HostkitError(
      'api_error',
      `The image link ${link} is not on the provider's own domain over HTTPS, so it was not fetched (seflow_dserver_graph gives every link).`,
    );
  const timeout = AbortSignal.timeout(timeoutMs);
  const failed = (e: unknown) =>
    new HostkitError(
      timeout.aborted && !signal?.aborted ? 'timeout' : 'network',
      `The image at ${link} could not be fetched: ${
        timeout.aborted && !signal?.aborted
          ? `it timed out after ${timeoutMs} ms`
          : e instanceof Error
            ? e.message
            : String(e)
      }.`,
    );
  let res: Response;
  try {
    res = await fetch(url, {
      redirect: 'error',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (e) {
    throw failed(e);
  }
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (!res.ok || declared > MAX_IMAGE_BYTES) {
    await res.body?.cancel().catch(() => {});
    throw new HostkitError(
      'api_error',
      res.ok
        ? `The image at ${link} is larger than ${MAX_IMAGE_BYTES} bytes (seflow_dserver_graph gives every link).`
        : `The image at ${link} answered HTTP ${res.status} (seflow_dserver_graph gives every link).`,
    );
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = await boundedBody(res, MAX_IMAGE_BYTES);
  } catch (e) {
    throw failed(e);
  }
  if (!bytes || !PNG_SIGNATURE.every((b, i) => bytes[i] === b))
    throw new HostkitError(
      'api_error',
      `What ${link} sent is not a PNG image of at most ${MAX_IMAGE_BYTES} bytes (seflow_dserver_graph gives every link).`,
    );
  return bytes;
}
