import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createStorage } from './storage/createStorage.js';

/** Starts one instance: config, store, app; stops cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md and .env.example.\n`);
      process.exit(1);
    }
    throw error;
  }
  // When nobody reads the log any more (its pipe closed), every line fails with EPIPE. Unheard, that failure was an
  // uncaught exception, which the guard below logged, failing again: the process spun at full CPU and served nothing.
  process.stderr.on('error', () => undefined);
  const logger = createLogger({ level: config.logLevel });
  // The last guard: one request's unexpected failure is logged, and every other request is still served.
  process.on('unhandledRejection', (reason) => logger.error('unhandled promise rejection; still serving', reason));
  process.on('uncaughtException', (error) => logger.error('uncaught exception; still serving', error));
  const storage = await createStorage({
    databaseUrl: config.storage.databaseUrl,
    dataDir: config.storage.dataDir,
    encryptionKey: config.storage.tokenEncryptionKey,
    clock: systemClock,
  });
  const running = await createApp({ config, clock: systemClock, logger, storage }).start();
  logger.info(`store: ${storage.kind}; public URL ${config.publicUrl}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received, stopping`);
    try {
      await running.stop();
      await storage.close();
      process.exit(0);
    } catch (error) {
      logger.error('stopping failed', error);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
