import { connect } from 'node:net';

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
