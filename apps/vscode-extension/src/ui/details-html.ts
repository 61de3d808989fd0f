import type { Finding } from '../model/health';

// The details panels' HTML, from a plain model: theme colours only (VS Code's CSS variables), every
// action a real <button> (reachable with Tab, pressed with Enter or Space), no inline styles or
// handlers (the CSP allows only this page's own nonce). Free of `vscode` (unit-tested).

export interface PanelAction {
  /** A Hostkit command run on the panel's item, or "refresh". */
  command: string;
  label: string;
}

export interface UsageRow {
  label: string;
  percent?: number;
  /** Flagged from this percentage. */
  limit: number;
  detail?: string;
}

export interface Table {
  caption: string;
  head: string[];
  rows: string[][];
  /** Said when there are no rows. */
  empty: string;
}

export interface PanelModel {
  title: string;
  /** What and where it is: `Deploi virtual server 1005 · Nordlys Media AS (client 101)`. */
  subtitle: string;
  status: string;
  /** `Updated 5 min ago`. */
  updated: string;
  findings: readonly Finding[];
  facts: [string, string][];
  usage: UsageRow[];
  tables: Table[];
  /** Read-only text blocks (a zone file). */
  blocks: { caption: string; text: string }[];
  /** What could not be read, so a missing section is never mistaken for an empty one. */
  notes: string[];
  actions: PanelAction[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function usageHtml(u: UsageRow): string {
  if (u.percent === undefined)
    return `<tr><th scope="row">${esc(u.label)}</th><td colspan="2">no figures${u.detail ? ` · ${esc(u.detail)}` : ''}</td></tr>`;
  const p = Math.round(Math.min(100, Math.max(0, u.percent)));
  const flagged = p >= u.limit;
  // low/high/optimum make the meter's own colours say good / look at it / act now.
  return `<tr class="${flagged ? 'flagged' : ''}"><th scope="row">${esc(u.label)}</th><td><meter min="0" max="100" low="${u.limit}" high="${Math.min(99, u.limit + 10)}" optimum="0" value="${p}" aria-label="${esc(`${u.label} ${p}% used, flagged from ${u.limit}%`)}"></meter></td><td>${flagged ? '⚠ ' : ''}${p}%${u.detail ? ` · ${esc(u.detail)}` : ''} <span class="muted">(flagged from ${u.limit}%)</span></td></tr>`;
}

function tableHtml(t: Table): string {
  const body = t.rows.length
    ? t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${t.head.length}" class="muted">${esc(t.empty)}</td></tr>`;
  return `<table><caption>${esc(t.caption)}</caption><thead><tr>${t.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The whole page. `nonce` admits its own style and script; `cspSource` is the webview's own origin. */
export function panelHtml(p: PanelModel, nonce: string, cspSource: string): string {
  const findings = p.findings.length
    ? `<section aria-labelledby="findings"><h2 id="findings">Needs attention</h2><ul class="findings">${p.findings
        .map((f) => `<li class="${f.severity}"><span aria-hidden="true">⚠</span> ${esc(f.text)}</li>`)
        .join('')}</ul></section>`
    : '<p class="ok">Nothing flagged in what Hostkit has read.</p>';
  const facts = p.facts.length
    ? `<dl>${p.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`
    : '';
  const usage = p.usage.length
    ? `<table class="usage"><caption>Usage</caption><tbody>${p.usage.map(usageHtml).join('')}</tbody></table>`
    : '';
  const blocks = p.blocks
    .map((b) => `<section><h2>${esc(b.caption)}</h2><pre tabindex="0">${esc(b.text)}</pre></section>`)
    .join('');
  const notes = p.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('');
  const actions = p.actions
    .map((a) => `<button type="button" data-command="${esc(a.command)}">${esc(a.label)}</button>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 1.5em 2em; line-height: 1.45; }
h1 { font-size: 1.5em; margin: .8em 0 .1em; } h2 { font-size: 1.1em; margin: 1.4em 0 .4em; }
.sub, .muted { color: var(--vscode-descriptionForeground); }
.status { display: inline-block; padding: 0 .5em; border-radius: 3px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.toolbar { display: flex; flex-wrap: wrap; gap: .5em; margin: 1em 0; }
button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: .3em .9em; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button:focus-visible, pre:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
.findings { list-style: none; padding: 0; } .findings li { margin: .3em 0; padding: .4em .6em; border-left: 3px solid var(--vscode-editorWarning-foreground); background: var(--vscode-inputValidation-warningBackground); }
.findings li.error { border-left-color: var(--vscode-editorError-foreground); background: var(--vscode-inputValidation-errorBackground); }
.ok { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
.note { color: var(--vscode-editorWarning-foreground); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1.2em; } dt { color: var(--vscode-descriptionForeground); } dd { margin: 0; }
table { border-collapse: collapse; margin: .4em 0 1em; min-width: 60%; } caption { text-align: left; font-weight: 600; padding: .3em 0; }
th, td { text-align: left; padding: .25em .8em .25em 0; border-bottom: 1px solid var(--vscode-panel-border); vertical-align: top; }
tr.flagged td, tr.flagged th { color: var(--vscode-editorWarning-foreground); }
meter { width: 12em; height: 1em; }
meter::-webkit-meter-bar { background: var(--vscode-input-background); border: 1px solid var(--vscode-panel-border); border-radius: 2px; }
meter::-webkit-meter-optimum-value { background: var(--vscode-charts-green); }
meter::-webkit-meter-suboptimum-value { background: var(--vscode-charts-yellow); }
meter::-webkit-meter-even-less-good-value { background: var(--vscode-charts-red); }
pre { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: .8em; overflow-x: auto; }
</style></head>
<body>
<header><h1>${esc(p.title)}</h1><div class="sub">${esc(p.subtitle)}</div>
<p><span class="status">${esc(p.status)}</span> <span class="muted">${esc(p.updated)}</span></p></header>
<nav class="toolbar" aria-label="Actions">${actions}</nav>
<main>
${findings}
${notes}
${facts}
${usage}
${p.tables.map(tableHtml).join('\n')}
${blocks}
</main>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const b of document.querySelectorAll('button[data-command]'))
  b.addEventListener('click', () => vscode.postMessage({ command: b.dataset.command }));
</script>
</body></html>`;
}
