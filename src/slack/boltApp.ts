import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type CustomRoute } from '@slack/bolt';
import type { InstallationStore, StateStore } from '@slack/oauth';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { installCallbackOptions } from './install/installPages.js';

export const INSTALL_PATH = '/slack/install';
export const INSTALL_REDIRECT_PATH = '/slack/oauth_redirect';

export interface BoltAppOptions {
  config: Config;
  logger: Logger;
  customRoutes: CustomRoute[];
  /** Multi-workspace mode: where installations and install states live. */
  install?: { installationStore: InstallationStore; stateStore: StateStore; botScopes: string[] };
}

/**
 * Bolt, set up for the configured mode: HTTP or Socket Mode; one workspace (bot token) or many
 * (Slack OAuth install). In every mode the same HTTP server also serves our own routes.
 */
export function createBoltApp(options: BoltAppOptions): { app: App; listen(): Promise<number> } {
  const { config, logger, customRoutes, install } = options;
  const clientOptions = { slackApiUrl: config.slack.apiUrl };
  const mode = config.slack.mode;
  const oauth =
    mode.kind === 'multi-workspace' && install
      ? {
          clientId: mode.clientId,
          clientSecret: mode.clientSecret,
          stateSecret: mode.stateSecret,
          installationStore: install.installationStore,
          scopes: install.botScopes,
        }
      : {};
  const installerOptions = {
    clientOptions,
    stateStore: install?.stateStore,
    installPath: INSTALL_PATH,
    redirectUriPath: INSTALL_REDIRECT_PATH,
    callbackOptions: installCallbackOptions,
    directInstall: false,
  };
  const token = mode.kind === 'single-workspace' ? mode.botToken : undefined;

  if (config.slack.appToken) {
    const receiver = new SocketModeReceiver({
      appToken: config.slack.appToken,
      logger,
      logLevel: config.logLevel as LogLevel,
      customRoutes,
      ...oauth,
      installerOptions: { ...installerOptions, port: config.port },
    });
    const app = new App({ receiver, token, logger, clientOptions });
    return {
      app,
      async listen() {
        await app.start();
        // Bolt keeps the Socket Mode receiver's HTTP server private; the port is needed when PORT=0.
        const server = (receiver as unknown as { httpServer?: Server }).httpServer;
        const address = server?.address();
        return typeof address === 'object' && address ? address.port : config.port;
      },
    };
  }

  const receiver = new HTTPReceiver({
    signingSecret: config.slack.signingSecret,
    logger,
    logLevel: config.logLevel as LogLevel,
    customRoutes,
    processBeforeResponse: false,
    ...oauth,
    installerOptions,
  });
  const app = new App({ receiver, token, logger, clientOptions });
  return {
    app,
    async listen() {
      const server = (await app.start(config.port)) as Server;
      const address = server.address();
      return typeof address === 'object' && address ? address.port : config.port;
    },
  };
}
