import type { ServerResponse } from 'node:http';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A plain, friendly page for people who land in a browser (OAuth callbacks, install results). */
export function sendPage(res: ServerResponse, page: { status: number; title: string; message: string; ok: boolean }): void {
  const mark = page.ok ? '&#10003;' : '&#9888;';
  const color = page.ok ? '#1a7f37' : '#b42318';
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(page.title)}</title>
<style>body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1d1c1d;line-height:1.5}
h1{font-size:1.4rem}h1 span{color:${color}}</style></head>
<body><h1><span>${mark}</span> ${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p></body>
</html>`;
  res.writeHead(page.status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
