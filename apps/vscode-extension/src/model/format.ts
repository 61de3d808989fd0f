/** "just now", "40 s ago", "5 min ago", "3 h ago", "2 days ago": how old the shown data is. */
export function formatAge(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} days ago`;
}

/** 42949672960 → "40 GiB". */
export function formatBytes(bytes: number | undefined): string | undefined {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return undefined;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** 41.2736 → "41%"; undefined stays undefined. */
export function formatPercent(p: number | undefined): string | undefined {
  if (p === undefined || !Number.isFinite(p)) return undefined;
  return `${Math.round(Math.min(100, Math.max(0, p)))}%`;
}

/** A ten-cell bar for a percentage, readable in a tree row without colours. */
export function usageBar(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return '';
  const filled = Math.round(Math.min(100, Math.max(0, p)) / 10);
  return `${'█'.repeat(filled)}${'░'.repeat(10 - filled)}`;
}

/** A TTL in words: 86400 → "1 d", 3600 → "1 h", 300 → "5 min", 45 → "45 s". */
export function formatTtl(ttl: number | undefined): string | undefined {
  if (ttl === undefined) return undefined;
  if (ttl % 86400 === 0 && ttl >= 86400) return `${ttl / 86400} d`;
  if (ttl % 3600 === 0 && ttl >= 3600) return `${ttl / 3600} h`;
  if (ttl % 60 === 0 && ttl >= 60) return `${ttl / 60} min`;
  return `${ttl} s`;
}

/** `www.example.com` in zone `example.com` → `www`; the apex → `@`. Other names stay whole. */
export function relativeHost(host: string, domain: string): string {
  const h = host.replace(/\.$/, '').toLowerCase();
  const d = domain.toLowerCase();
  if (h === '' || h === '@' || h === d) return '@';
  return h.endsWith(`.${d}`) ? h.slice(0, -(d.length + 1)) : h;
}
