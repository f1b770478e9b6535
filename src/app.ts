import type { App, CustomRoute } from '@slack/bolt';
import type { Clock } from './clock.js';
import { warmUpReading } from './scheduling/parseMeetingRequest.js';
import { ConfigError, type Config } from './config.js';
import { isAppError } from './errors.js';
import { guardedRoute, type AsyncRouteHandler } from './http/guardedRoute.js';
import { CONNECT_DECISION_PATH, connectDecision } from './http/connectDecision.js';
import { healthz } from './http/healthz.js';
import { homePage } from './http/homePage.js';
import { METRICS_PATH, metricsRoute } from './http/metrics.js';
import { ZOOM_OAUTH_CALLBACK_PATH, zoomOAuthCallback } from './http/zoomOAuthCallback.js';
import { ZOOM_WEBHOOK_PATH, zoomWebhook } from './http/zoomWebhook.js';
import { createInFlight } from './inFlight.js';
import { createJobRunner, type JobRunnerDeps } from './jobs/runner.js';
import type { JobRunner } from './jobs/types.js';
import type { Logger } from './logger.js';
import { observedOAuth, observedStorage, observedZoomApi, observedZoomHttp } from './metrics/instrument.js';
import { createMetrics, type Metrics } from './metrics/registry.js';
import { CREATE_MEETING_JOB, createMeetingUseCase, type CreateIntent, type CreateProgress } from './scheduling/create/createIntent.js';
import { createMeetingJob } from './scheduling/create/createMeetingJob.js';
import { manageMeetingsUseCases } from './scheduling/manageMeetings.js';
import { createReminders, REMINDER_SWEEP_INTERVAL_MS } from './scheduling/reminders.js';
import { accountHosts, userGrantHosts } from './scheduling/zoomHosts.js';
import { createAckTiming } from './slack/ackTiming.js';
import { createAfterConnect } from './slack/afterConnect.js';
import { createAfterUnlinked } from './slack/afterUnlinked.js';
import { createBoltApp, INSTALL_PATH } from './slack/boltApp.js';
import { singleWorkspaceBot } from './slack/botIdentity.js';
import { installedWorkspaceClients, revokeSlackToken, singleWorkspaceClients, type SlackClients } from './slack/clients.js';
import { slackUserDescriber } from './slack/connectingUser.js';
import type { SlackListenerDeps } from './slack/deps.js';
import { createSlackCreateNotifier } from './slack/createNotifier.js';
import { createFailureReporter } from './slack/failureReporter.js';
import { createHomePublisher } from './slack/homePublisher.js';
import { allowlistCheck, keyvInstallationStore } from './slack/install/installationStore.js';
import { signedStateStore } from './slack/install/stateStore.js';
import { registerListenerErrorHandler } from './slack/listenerErrors.js';
import { registerListeners } from './slack/listeners/index.js';
import { observeSlackRequests } from './slack/requestObserver.js';
import type { ListenerRegistry } from './slack/listeners/registry.js';
import { manifestBotScopes } from './slack/manifestScopes.js';
import { createMeetingCardUpdater } from './slack/meetingCards.js';
import { createMeetingPublisher } from './slack/meetingPublisher.js';
import { replayGuard } from './slack/replayGuard.js';
import { createLifecyclePublisher } from './slack/meetingCards.js';
import { createMeetingEventHandler } from './scheduling/meetingEvents.js';
import { meetingEventKey, type ZoomMeetingEvent } from './zoom/events.js';
import { createSlackReminderQueue } from './slack/reminderQueue.js';
import { createDeauthorizationHandler } from './slack/onZoomDeauthorized.js';
import { fetchUserProfile } from './slack/userProfile.js';
import { createWorkspaceUninstall } from './slack/workspaceUninstall.js';
import type { Storage } from './storage/types.js';
import { createZoomApi } from './zoom/api.js';
import { createConnectFlow } from './zoom/connectFlow.js';
import { createGrantRevocation } from './zoom/grantRevocation.js';
import { createZoomHttp } from './zoom/http.js';
import { createZoomOAuth } from './zoom/oauth.js';
import { createTokenManager } from './zoom/tokenManager.js';

/** Zoom meeting events wait in the durable job queue under this kind. */
const ZOOM_EVENT_JOB = 'zoom-meeting-event';
/** A connect confirmation page nobody answered: its tokens are revoked when its time is up. */
const CONNECT_EXPIRY_JOB = 'connect-page-expiry';

/** How long a stop waits for work already acknowledged to Slack. */
const STOP_GRACE_MS = 10_000;

export interface AppDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  storage: Storage;
  /** How the app waits before retrying a rate-limited Zoom call or a token save; tests pass one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Where GET /metrics reads from; one of its own by default. */
  metrics?: Metrics;
  /** The job runner's poll interval and retry jitter; tests pass a long poll and call runDue themselves. */
  jobs?: Pick<JobRunnerDeps, 'pollMs' | 'random'>;
}

export interface RunningApp {
  /** The port the HTTP server listens on (useful with PORT=0). */
  port: number;
  /** One pass of the periodic reminder sweep (it also runs every REMINDER_SWEEP_INTERVAL_MS); tests call it after moving the clock. */
  sweepReminders(): Promise<number>;
  stop(): Promise<void>;
}

export interface BuiltApp {
  bolt: App;
  /** What the code registered with Bolt (for the manifest test). */
  listeners: ListenerRegistry;
  /** Durable jobs of this instance (handlers are registered at build; polling runs between start and stop). */
  jobs: JobRunner;
  start(): Promise<RunningApp>;
}

/** Builds the whole app from its dependencies. Nothing listens until start(). */
export function createApp(deps: AppDeps): BuiltApp {
  const { config, clock, logger } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const storage = observedStorage(deps.storage, metrics);
  const inFlight = createInFlight();
  const jobs = createJobRunner({ queue: storage.jobs, clock, logger, ...deps.jobs });

  // Zoom
  const zoomHttp = observedZoomHttp(createZoomHttp({ timeoutMs: config.zoom.timeoutMs, logger, clock, sleep: deps.sleep }), metrics);
  const oauth = observedOAuth(createZoomOAuth({ config: config.zoom, http: zoomHttp, clock }), metrics);
  const zoomApi = observedZoomApi(createZoomApi({ http: zoomHttp, apiUrl: config.zoom.apiUrl }), metrics);
  const tokens = createTokenManager({ grants: storage.grants, locks: storage.locks, oauth, clock, logger, sleep: deps.sleep });
  const revocation = createGrantRevocation({ grants: storage.grants, locks: storage.locks, oauth, logger });

  // Slack workspaces
  const mode = config.slack.mode;
  const installationStore = keyvInstallationStore(storage.installations, {
    allowed: mode.kind === 'multi-workspace' ? allowlistCheck(mode.allowlist) : undefined,
    revoke: (token) => revokeSlackToken(token, { apiUrl: config.slack.apiUrl, logger }),
  });
  const singleBot = mode.kind === 'single-workspace' ? singleWorkspaceBot({ botToken: mode.botToken, apiUrl: config.slack.apiUrl, logger }) : undefined;
  const clients: SlackClients =
    mode.kind === 'single-workspace'
      ? singleWorkspaceClients({ botToken: mode.botToken, apiUrl: config.slack.apiUrl, logger })
      : installedWorkspaceClients({ apiUrl: config.slack.apiUrl, logger, botTokenFor: (team) => installationStore.fetchBotToken(team) });
  const connect = createConnectFlow({
    oauth,
    zoomApi,
    grants: storage.grants,
    states: storage.oauthStates,
    links: storage.connectLinks,
    locks: storage.locks,
    clock,
    logger,
    describeSlackUser: slackUserDescriber({ clients, logger }),
    scheduleExpiry: async (pageToken, link) => {
      await storage.jobs.enqueue({ id: `connect-expiry:${link.teamId}:${link.userId}:${link.createdAt}`, kind: CONNECT_EXPIRY_JOB, teamId: link.teamId, payload: { pageToken }, runAt: link.expiresAt });
    },
  });
  const afterUnlinked = createAfterUnlinked({ clients });
  jobs.register<{ pageToken: string }>(CONNECT_EXPIRY_JOB, {
    run: async (job) => {
      const unanswered = await connect.expire(job.payload.pageToken);
      if (unanswered) await afterUnlinked(unanswered, 'expired');
      return { status: 'done' };
    },
  });

  // Scheduling
  const accountId = config.zoom.accountId;
  const hosts = accountId
    ? accountHosts({
        tokens,
        zoomApi,
        accountId,
        emailOf: async (requester) => (await fetchUserProfile(await clients.forTeam(requester), requester.userId)).email,
      })
    : userGrantHosts(tokens);
  const publisher = createMeetingPublisher({ clients, clock, logger });
  const reminders = createReminders({ meetingPosts: storage.meetingPosts, locks: storage.locks, queue: createSlackReminderQueue({ clients }), clock, logger });
  const cards = createMeetingCardUpdater({ clients });
  const manage = manageMeetingsUseCases({ hosts, zoomApi, meetingPosts: storage.meetingPosts, cards, reminders, locks: storage.locks, clock });
  const hostMode = accountId ? 'account' : 'user';
  const home = createHomePublisher({ clients, grants: storage.grants, userSettings: storage.userSettings, manage, hostMode, logger });
  const reportFailure = createFailureReporter({ connect, pendingCommands: storage.pendingCommands, clock, logger });
  jobs.register<CreateIntent, CreateProgress>(
    CREATE_MEETING_JOB,
    createMeetingJob({
      hosts,
      zoomApi,
      publisher,
      meetingPosts: storage.meetingPosts,
      reminders,
      notify: createSlackCreateNotifier({ clients, reportFailure, home, logger }),
      beingChecked: storage.createsBeingChecked,
      clock,
      logger,
    }),
  );
  const createMeeting = createMeetingUseCase({ jobs, beingChecked: storage.createsBeingChecked, clock });
  const afterConnect = createAfterConnect({
    clients,
    pendingCommands: storage.pendingCommands,
    createMeeting,
    reportFailure,
    onConnectionChanged: (requester) => home.refresh(requester),
  });


  const route = (path: string, method: 'GET' | 'POST', handler: AsyncRouteHandler): CustomRoute => ({ path, method: [method], handler: guardedRoute(handler, logger) });
  const customRoutes: CustomRoute[] = [
    route('/', 'GET', homePage({ installPath: mode.kind === 'multi-workspace' ? INSTALL_PATH : undefined })),
    route(ZOOM_OAUTH_CALLBACK_PATH, 'GET', zoomOAuthCallback({ connect, logger })),
    route(
      CONNECT_DECISION_PATH,
      'POST',
      connectDecision({
        connect,
        logger,
        publicUrl: config.publicUrl,
        afterConnect: (grant) => inFlight.track(afterConnect(grant)),
        afterDecline: (link) => inFlight.track(afterUnlinked(link, 'declined')),
      }),
    ),
    route('/healthz', 'GET', healthz({ ping: () => storage.ping() })),
    route(METRICS_PATH, 'GET', metricsRoute({ registry: metrics.registry, token: config.metricsToken })),
  ];
  if (config.zoom.webhookSecretToken) {
    const onDeauthorized = createDeauthorizationHandler({ revocation, clients, home });
    const handleMeetingEvent = createMeetingEventHandler({
      meetingPosts: storage.meetingPosts,
      userSettings: storage.userSettings,
      locks: storage.locks,
      reminders,
      publisher: createLifecyclePublisher({ clients }),
      hosts,
      zoomApi,
      clock,
      logger,
    });
    jobs.register<ZoomMeetingEvent, Record<string, unknown>>(ZOOM_EVENT_JOB, {
      run: async (job) => {
        await handleMeetingEvent(job.payload);
        return { status: 'done' };
      },
    });
    const meetingEvents = {
      record: async (event: ZoomMeetingEvent) => {
        await storage.jobs.enqueue({ id: `zoom:${meetingEventKey(event)}`, kind: ZOOM_EVENT_JOB, payload: event as unknown as Record<string, unknown> });
      },
      afterAnswer: () => void inFlight.track(jobs.runDue()).catch((error: unknown) => logger.warn('running Zoom events failed', error)),
    };
    customRoutes.push(
      route(
        ZOOM_WEBHOOK_PATH,
        'POST',
        zoomWebhook({ secretToken: config.zoom.webhookSecretToken, clock, logger, onDeauthorized, meetingEvents, onEvent: (event) => metrics.webhookEvents.inc({ event }) }),
      ),
    );
  }

  const { app: bolt, listen } = createBoltApp({
    config,
    logger,
    customRoutes,
    authorize: singleBot?.authorize,
    ackTiming: createAckTiming((kind, seconds) => metrics.slackAckSeconds.observe({ kind }, seconds)),
    install:
      mode.kind === 'multi-workspace'
        ? { installationStore, stateStore: signedStateStore({ secret: mode.stateSecret, spent: storage.spentInstallStates, clock }), botScopes: manifestBotScopes() }
        : undefined,
  });

  const listenerDeps: SlackListenerDeps = {
    clock,
    logger,
    hostMode,
    connect,
    grants: storage.grants,
    userSettings: storage.userSettings,
    createMeeting,
    scheduleConfirmations: storage.scheduleConfirmations,
    reportFailure,
    manage,
    revocation,
    home,
    onWorkspaceUninstalled: createWorkspaceUninstall({
      revocation,
      meetingPosts: storage.meetingPosts,
      pendingCommands: storage.pendingCommands,
      jobs: storage.jobs,
      userSettings: storage.userSettings,
      installationStore: mode.kind === 'multi-workspace' ? installationStore : undefined,
      logger,
    }),
  };
  // Listeners ack first and keep working after; a stop waits for that work.
  bolt.use(observeSlackRequests({ metrics, inFlight }));
  bolt.use(replayGuard({ seen: storage.seenSlackRequests, logger }));
  const listeners = registerListeners(bolt, listenerDeps);
  registerListenerErrorHandler(bolt, { clients, reportFailure, logger });

  return {
    bolt,
    listeners,
    jobs,
    async start() {
      await singleBot?.check();
      if (accountId) await checkAccountCredentials(() => tokens.accountAuth(accountId).call(async () => undefined), accountId, logger);
      // Before listening: the readers' first use compiles their patterns, too slow to do while an ack is due.
      warmUpReading(clock.now());
      if (storage.kind === 'embedded') {
        // One process owns the embedded store: a job leased now was cut off by a crash. Finish it now, not after its lease.
        const released = await storage.jobs.releaseLeases();
        if (released > 0) logger.info(`${released} job(s) cut off by the last stop will run again`);
      }
      const port = await listen();
      logger.info(`listening on port ${port}`);
      jobs.start();
      const sweepReminders = () => inFlight.track(reminders.sweep());
      const sweeping = setInterval(() => void sweepReminders().catch((error: unknown) => logger.warn('the reminder sweep failed', error)), REMINDER_SWEEP_INTERVAL_MS);
      sweeping.unref();
      return {
        port,
        sweepReminders,
        stop: async () => {
          clearInterval(sweeping);
          await bolt.stop();
          // One grace for both: listener work and job runs wind down side by side.
          await Promise.all([inFlight.drain(STOP_GRACE_MS), jobs.stop(STOP_GRACE_MS)]);
          // A rotated pair the store has not taken yet gets its last attempt while the store is still open.
          await tokens.stop();
          await zoomHttp.close();
        },
      };
    },
  };
}

/**
 * Server-to-Server mode: one token request at startup, as a credential check. Credentials Zoom refuses stop the
 * start with a message naming the variables to fix; a Zoom that does not answer only warns (commands will say so).
 * The token is kept: it serves the first commands.
 */
async function checkAccountCredentials(fetchToken: () => Promise<void>, accountId: string, logger: Logger): Promise<void> {
  try {
    await fetchToken();
  } catch (error) {
    if (!isAppError(error, 'ZOOM_REJECTED')) {
      if (isAppError(error, 'ZOOM_UNAVAILABLE') || isAppError(error, 'ZOOM_RATE_LIMITED')) {
        logger.warn(`could not check the Zoom Server-to-Server credentials now (${error.message}); starting anyway`);
        return;
      }
      throw error;
    }
    const said = error.details.zoomMessage ?? error.message;
    if (error.details.httpStatus === 401 || error.details.oauthError === 'invalid_client') {
      throw new ConfigError(
        `Zoom refused the Server-to-Server app credentials: check ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (the Client ID and Client Secret of the Server-to-Server OAuth app). Zoom said: ${said}`,
      );
    }
    throw new ConfigError(
      `Zoom refused a Server-to-Server token for account ${accountId}: check ZOOM_ACCOUNT_ID (the Account ID of the Server-to-Server OAuth app) and that the app is activated. Zoom said: ${said}`,
    );
  }
}
