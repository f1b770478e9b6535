import type { ServerResponse } from 'node:http';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * Every page: nothing loads from anywhere, forms post only back here, no framing (a confirm button must not be
 * clickjacked). The referrer stays on this origin: page URLs carry OAuth codes and states, and a same-origin
 * form post still sends its Origin (which the confirm route checks).
 */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
} as const;

const BASE_STYLE = 'body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1d1c1d;line-height:1.5}h1{font-size:1.4rem}';

/** The one layout of our pages. `body` is HTML: every piece of text in it must already be escaped. */
export function htmlDocument(page: { title: string; body: string; style?: string }): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(page.title)}</title>
<style>${BASE_STYLE}${page.style ?? ''}</style></head>
<body>${page.body}</body>
</html>`;
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(html);
}

/** A plain, friendly page for people who land in a browser (OAuth callbacks, install results). */
export function sendPage(res: ServerResponse, page: { status: number; title: string; message: string; ok: boolean }): void {
  const mark = page.ok ? '&#10003;' : '&#9888;';
  const color = page.ok ? '#1a7f37' : '#b42318';
  sendHtml(
    res,
    page.status,
    htmlDocument({
      title: page.title,
      style: `h1 span{color:${color}}`,
      body: `<h1><span>${mark}</span> ${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>`,
    }),
  );
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
