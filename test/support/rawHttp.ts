import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { signSlackRequest } from '../fakes/slackRequests.js';
import { SIGNING_SECRET, ZOOM_WEBHOOK_SECRET } from './harness.js';

export type Signing = 'unsigned' | 'signed as Slack' | 'signed as Zoom';

/** Headers signing a raw body: as Slack (on the real clock, which Bolt checks) or as Zoom (at zoomNowMs, the app's clock). */
export function signatureHeaders(signing: Signing, body: Buffer, zoomNowMs: number): Record<string, string> {
  if (signing === 'signed as Slack') {
    const ts = Math.floor(Date.now() / 1000);
    return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(SIGNING_SECRET, ts, body.toString()) };
  }
  if (signing === 'signed as Zoom') {
    const ts = Math.floor(zoomNowMs / 1000);
    const signature = createHmac('sha256', ZOOM_WEBHOOK_SECRET).update(`v0:${ts}:${body.toString()}`).digest('hex');
    return { 'x-zm-request-timestamp': String(ts), 'x-zm-signature': `v0=${signature}` };
  }
  return {};
}

export interface RawAnswer {
  /** The status the server answered, or undefined when it closed the connection without one. */
  status?: number;
}

/**
 * One HTTP/1.1 request written by hand on a real socket, so a test can send what fetch never would: a body
 * shorter than its Content-Length, then a closed socket (`truncate`), or any content type and bytes.
 */
export function rawRequest(
  port: number,
  request: { method: string; path: string; headers?: Record<string, string>; body?: Buffer | string; truncate?: boolean },
): Promise<RawAnswer> {
  const body = Buffer.from(request.body ?? '');
  const declared = request.truncate ? Math.max(1000, body.length + 100) : body.length;
  const head = [
    `${request.method} ${request.path} HTTP/1.1`,
    'host: 127.0.0.1',
    'connection: close',
    `content-length: ${declared}`,
    ...Object.entries(request.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may reset a connection it gave up on; that is an answer too ("nothing").
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve({});
      else reject(error);
    });
    socket.on('close', () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      resolve({ status: match ? Number(match[1]) : undefined });
    });
    socket.write(head);
    if (request.truncate) {
      // Cut off mid-body: the first 10 bytes, then the client goes away.
      socket.end(body.subarray(0, Math.min(10, body.length)));
      setTimeout(() => socket.destroy(), 50);
    } else {
      socket.write(body);
    }
  });
}
