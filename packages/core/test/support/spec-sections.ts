import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One command section of `spec/deploi-api.txt`, with its raw example texts. */
export interface DeploiSection {
  wire: string;
  /** 1-based position among sections with the same name (UpdateReverseProxy appears twice). */
  occurrence: number;
  line: number;
  request: string;
  response: string;
}

const specDir = fileURLToPath(new URL('../../../../spec/', import.meta.url));

/** Reads a file of the copied API references under `spec/`. */
export function readSpec(name: string): string {
  return readFileSync(specDir + name, 'utf8');
}

// A section starts with a bare command name, then an optional summary, then "Request".
export function deploiSections(text = readSpec('deploi-api.txt')): DeploiSection[] {
  const lines = text.split(/\r?\n/);
  const sections: DeploiSection[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const name = lines[i]?.trim() ?? '';
    if (!/^[A-Z][A-Za-z]+$/.test(name)) continue;
    const reqAt = [i + 1, i + 2].find((j) => /^Request:?\s*$/.test(lines[j]?.trim() ?? ''));
    if (reqAt === undefined) continue;
    const block = (from: number): { text: string; end: number } => {
      const out: string[] = [];
      let j = from;
      for (; j < lines.length; j++) {
        const l = lines[j] ?? '';
        if (/^- /.test(l) || /^Response:?\s*$/.test(l.trim())) break;
        out.push(l);
      }
      return { text: out.join('\n').trim(), end: j };
    };
    const req = block(reqAt + 1);
    let k = req.end;
    while (k < lines.length && !/^Response:?\s*$/.test(lines[k]?.trim() ?? '')) k++;
    const res = block(k + 1);
    const occurrence = (seen.get(name) ?? 0) + 1;
    seen.set(name, occurrence);
    sections.push({ wire: name, occurrence, line: i + 1, request: req.text, response: res.text });
    i = res.end - 1;
  }
  return sections;
}

/** The SeFlow actions of `spec/seflow-valhalla-api.md`, in order. */
export function seflowActions(text = readSpec('seflow-valhalla-api.md')): string[] {
  return [...text.matchAll(/^Action\t(\S+)/gm)].map((m) => m[1] ?? '');
}
