import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Authorize, type CustomRoute } from '@slack/bolt';
import type { AppsConnectionsOpenResponse } from '@slack/web-api';
import type { InstallationStore, StateStore } from '@slack/oauth';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { AckTiming } from './ackTiming.js';
import { guardSlackEventBodies } from './eventsBodyGuard.js';
import { installCallbackOptions, renderInstallPage } from './install/installPages.js';
import { SIGNATURE_PROPERTY } from './replayGuard.js';
import { SLACK_CLIENT_LIMITS } from './webClientOptions.js';

export const SLACK_EVENTS_PATH = '/slack/events';
export const INSTALL_PATH = '/slack/install';
export const INSTALL_REDIRECT_PATH = '/slack/oauth_redirect';

export interface BoltAppOptions {
  config: Config;
  logger: Logger;
  customRoutes: CustomRoute[];
  /** Multi-workspace mode: where installations and install states live. */
  install?: { installationStore: InstallationStore; stateStore: StateStore; botScopes: string[] };
  /** One workspace: its bot token and identity (see botIdentity.ts). */
  authorize?: Authorize<boolean>;
  /** Over HTTP: times each ack as Slack sees it. */
  ackTiming?: AckTiming;
}

/**
 * Bolt, set up for the configured mode: HTTP or Socket Mode; one workspace (bot token) or many
 * (Slack OAuth install). In every mode the same HTTP server also serves our own routes.
 */
export function createBoltApp(options: BoltAppOptions): { app: App; listen(): Promise<number> } {
  const { config, logger, customRoutes, install, authorize, ackTiming } = options;
  const clientOptions = { ...SLACK_CLIENT_LIMITS, slackApiUrl: config.slack.apiUrl };
  const mode = config.slack.mode;
  const oauth =
    mode.kind === 'multi-workspace' && install
      ? {
          clientId: mode.clientId,
          clientSecret: mode.clientSecret,
          stateSecret: mode.stateSecret,
          installationStore: install.installationStore,
          scopes: install.botScopes,
          // Sent to Slack and checked by it against the app's Redirect URLs (manifest.yml).
          redirectUri: `${config.publicUrl}${INSTALL_REDIRECT_PATH}`,
        }
      : {};
  const installerOptions = {
    clientOptions,
    stateStore: install?.stateStore,
    installPath: INSTALL_PATH,
    redirectUriPath: INSTALL_REDIRECT_PATH,
    callbackOptions: installCallbackOptions,
    renderHtmlForInstallPath: renderInstallPage,
    directInstall: false,
  };

  if (config.slack.appToken) {
    const receiver = new ListeningSocketModeReceiver({
      appToken: config.slack.appToken,
      logger,
      logLevel: config.logLevel as LogLevel,
      customRoutes,
      ...oauth,
      installerOptions: { ...installerOptions, port: config.port },
    });
    const app = new App({ receiver, authorize, logger, clientOptions, extendedErrorHandler: true });
    return {
      app,
      async listen() {
        await app.start();
        const address = receiver.server?.address();
        return typeof address === 'object' && address ? address.port : config.port;
      },
    };
  }

  const receiver = new HTTPReceiver({
    signingSecret: config.slack.signingSecret,
    logger,
    logLevel: config.logLevel as LogLevel,
    endpoints: [SLACK_EVENTS_PATH],
    customRoutes,
    processBeforeResponse: false,
    // For the replay guard: the one id of a request that carries no event_id or trigger_id.
    customPropertiesExtractor: (req) => ({ [SIGNATURE_PROPERTY]: req.headers['x-slack-signature'], ...ackTiming?.customProperties(req) }),
    ...oauth,
    installerOptions,
  });
  receiver.requestListener = guardSlackEventBodies(receiver.requestListener, { endpoint: SLACK_EVENTS_PATH, logger });
  const app = new App({ receiver, authorize, logger, clientOptions, extendedErrorHandler: true });
  return {
    app,
    async listen() {
      const server = (await app.start(config.port)) as Server;
      if (ackTiming) server.prependListener('request', ackTiming.onHttpRequest);
      const address = server.address();
      return typeof address === 'object' && address ? address.port : config.port;
    },
  };
}

/**
 * Bolt's Socket Mode receiver starts its HTTP server without waiting for it or handling its errors (a busy port
 * crashes the process), and leaves it listening when the WebSocket cannot be opened; its stop does not wait for
 * the server to close. This one listens first (a failure rejects the start), closes the server when the
 * WebSocket cannot be opened, and stops both before resolving.
 */
class ListeningSocketModeReceiver extends SocketModeReceiver {
  private readonly port: number;

  constructor(options: ConstructorParameters<typeof SocketModeReceiver>[0] & { installerOptions: { port: number } }) {
    super(options);
    this.port = options.installerOptions.port;
  }

  /** Bolt keeps the receiver's HTTP server private; we need it to listen, report the port and close. */
  get server(): Server | undefined {
    return (this as unknown as { httpServer?: Server }).httpServer;
  }

  override async start(): Promise<AppsConnectionsOpenResponse> {
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.port, () => {
          server.off('error', reject);
          resolve();
        });
      });
    }
    try {
      return await this.client.start();
    } catch (error) {
      await closeServer(server);
      throw error;
    }
  }

  override async stop(): Promise<void> {
    await Promise.all([this.client.disconnect(), closeServer(this.server)]);
  }
}

async function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
