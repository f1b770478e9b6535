/**
 * A local stand-in for Slack's Socket Mode WebSocket service (wss-primary.slack.com), on 127.0.0.1.
 *
 * It registers with the fake Slack so that `apps.connections.open` (called with the app-level token) answers
 * with a `ws://…/link/?ticket=…` URL. Each ticket works once, like Slack's. On connect it sends Slack's
 * `hello`; then a test sends envelopes (`slash_commands`, `events_api`, `interactive`) and gets back the
 * app's acknowledgement `{envelope_id, payload}` from the same socket.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlack } from './fakeSlack.js';

type Obj = Record<string, unknown>;

/** What the app sends back for an envelope. `payload` is the ack body (e.g. an ephemeral answer). */
export interface SocketAck {
  envelope_id: string;
  payload?: Obj;
}

export interface SocketEnvelope {
  envelope_id: string;
  type: 'slash_commands' | 'events_api' | 'interactive';
  payload: Obj;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface SocketSlashCommand {
  teamId: string;
  userId: string;
  channelId: string;
  text?: string;
  command?: string;
  enterpriseId?: string;
}

export interface SocketModeServer {
  /** ws://127.0.0.1:<port> */
  url: string;
  appToken: string;
  /** apps.connections.open calls answered (each minted a ticket). */
  readonly ticketsIssued: number;
  /** Connections the app has open now. */
  readonly openConnections: number;
  /** Resolves once the app has connected and received hello. */
  connected(timeoutMs?: number): Promise<void>;
  /** Resolves once no app is connected any more. */
  disconnected(timeoutMs?: number): Promise<void>;
  /** Sends an envelope and resolves with the app's ack for it. */
  send(envelope: SocketEnvelope, timeoutMs?: number): Promise<SocketAck>;
  slashCommand(input: SocketSlashCommand): Promise<{ ack: SocketAck; envelope: SocketEnvelope }>;
  event(event: Obj, input: { teamId: string; enterpriseId?: string; botUserId?: string }): Promise<{ ack: SocketAck; envelope: SocketEnvelope }>;
  close(): Promise<void>;
}

export async function startSocketModeServer(slack: FakeSlack, options: { appToken?: string } = {}): Promise<SocketModeServer> {
  const appToken = options.appToken ?? `xapp-1-${slack.appId}-${Date.now()}-${randomBytes(16).toString('hex')}`;
  const tickets = new Set<string>();
  const sockets = new Set<WebSocket>();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let ticketsIssued = 0;
  let helloSent = 0;

  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    // Slack refuses the upgrade for an unknown or reused ticket.
    verifyClient: (info: { req: { url?: string } }) => {
      const ticket = new URL(info.req.url ?? '/', 'ws://localhost').searchParams.get('ticket') ?? '';
      return tickets.delete(ticket);
    },
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;

  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) events.emit('empty');
    });
    socket.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      const ack = message as Partial<SocketAck>;
      if (typeof ack.envelope_id === 'string') events.emit(`ack:${ack.envelope_id}`, ack);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: sockets.size,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: slack.appId },
      }),
    );
    helloSent += 1;
    events.emit('hello');
  });

  slack.socketMode = {
    appToken,
    openConnection: () => {
      const ticket = randomUUID();
      tickets.add(ticket);
      ticketsIssued += 1;
      return `${url}/link/?ticket=${ticket}&app_id=${slack.appId}`;
    },
  };

  function waitFor<T>(event: string, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        events.off(event, onEvent);
        reject(new Error(`Socket Mode stand-in: timed out after ${timeoutMs}ms waiting for ${what}`));
      }, timeoutMs);
      const onEvent = (value: T) => {
        clearTimeout(timer);
        resolve(value);
      };
      events.once(event, onEvent);
    });
  }

  const server: SocketModeServer = {
    url,
    appToken,
    get ticketsIssued() {
      return ticketsIssued;
    },
    get openConnections() {
      return sockets.size;
    },

    async connected(timeoutMs = 5000) {
      if (helloSent > 0 && sockets.size > 0) return;
      await waitFor('hello', timeoutMs, 'the app to connect');
    },

    async disconnected(timeoutMs = 5000) {
      if (sockets.size === 0) return;
      await waitFor('empty', timeoutMs, 'the app to disconnect');
    },

    async send(envelope, timeoutMs = 5000) {
      const [socket] = sockets;
      if (!socket) throw new Error('Socket Mode stand-in: no app is connected');
      const acked = waitFor<SocketAck>(`ack:${envelope.envelope_id}`, timeoutMs, `the ack of ${envelope.type} ${envelope.envelope_id}`);
      socket.send(JSON.stringify(envelope));
      return acked;
    },

    async slashCommand(input) {
      const envelope: SocketEnvelope = {
        envelope_id: randomUUID(),
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 'fake-verification-token',
          team_id: input.teamId,
          team_domain: input.teamId.toLowerCase(),
          ...(input.enterpriseId ? { enterprise_id: input.enterpriseId, enterprise_name: input.enterpriseId } : {}),
          channel_id: input.channelId,
          channel_name: input.channelId.toLowerCase(),
          user_id: input.userId,
          user_name: input.userId.toLowerCase(),
          command: input.command ?? '/zoom',
          text: input.text ?? '',
          api_app_id: slack.appId,
          is_enterprise_install: 'false',
          response_url: slack.responseUrl({ teamId: input.teamId, channelId: input.channelId, userId: input.userId }),
          trigger_id: slack.issueTriggerId({ teamId: input.teamId, userId: input.userId }),
        },
      };
      return { ack: await server.send(envelope), envelope };
    },

    async event(event, input) {
      const nowSec = Math.floor(Date.now() / 1000);
      const envelope: SocketEnvelope = {
        envelope_id: randomUUID(),
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: {
          token: 'fake-verification-token',
          team_id: input.teamId,
          api_app_id: slack.appId,
          event: { event_ts: `${nowSec}.000100`, ...event },
          type: 'event_callback',
          event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
          event_time: nowSec,
          authorizations: [
            { enterprise_id: input.enterpriseId ?? null, team_id: input.teamId, user_id: input.botUserId ?? 'U0FAKEBOT', is_bot: true, is_enterprise_install: false },
          ],
          is_ext_shared_channel: false,
        },
      };
      return { ack: await server.send(envelope), envelope };
    },

    async close() {
      if (slack.socketMode?.appToken === appToken) slack.socketMode = undefined;
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
  return server;
}
