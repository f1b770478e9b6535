import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ManageMeetings } from '../scheduling/manageMeetings.js';
import type { Requester } from '../scheduling/types.js';
import { settingsOf } from '../scheduling/userSettings.js';
import type { GrantStore, UserSettingsStore } from '../storage/types.js';
import { homeView, type HomeConnection, type HomeMeetings } from './blocks/homeView.js';
import type { SlackClients } from './clients.js';
import { userMessage } from './errorMessages.js';

export interface HomePublisher {
  /**
   * Publishes the user's Home tab as things are now. Never throws: it runs after the real work
   * (a meeting created, an account disconnected), and a stale Home tab must not be reported to the
   * user as if that work had failed.
   */
  refresh(requester: Requester): Promise<void>;
}

export function createHomePublisher(deps: {
  clients: SlackClients;
  grants: GrantStore;
  userSettings: UserSettingsStore;
  manage: Pick<ManageMeetings, 'listUpcoming'>;
  hostMode: 'user' | 'account';
  logger: Logger;
}): HomePublisher {
  return {
    async refresh(requester) {
      try {
        await publish(requester);
      } catch (error) {
        deps.logger.warn(`could not refresh the Home tab of ${requester.userId}`, error);
      }
    },
  };

  async function publish(requester: Requester): Promise<void> {
    const client = await deps.clients.forTeam(requester);
    let connection: HomeConnection = { kind: 'company-account' };
    if (deps.hostMode === 'user') {
      const grant = await deps.grants.get(requester.teamId, requester.userId);
      connection = grant ? { kind: 'connected', zoomName: grant.zoomName, zoomEmail: grant.zoomEmail } : { kind: 'not-connected' };
    }
    let meetings: HomeMeetings = { kind: 'none' };
    if (connection.kind !== 'not-connected') {
      try {
        meetings = { kind: 'loaded', meetings: (await deps.manage.listUpcoming(requester)).meetings };
      } catch (error) {
        if (isAppError(error, 'ZOOM_GRANT_REVOKED') || isAppError(error, 'ZOOM_NOT_CONNECTED') || isAppError(error, 'ZOOM_REFRESH_ANSWER_LOST')) {
          // The link died at Zoom (and was forgotten): offer Connect again rather than a dead Disconnect.
          connection = { kind: 'not-connected', reason: userMessage(error) };
          meetings = { kind: 'none' };
        } else {
          meetings = { kind: 'unavailable', reason: userMessage(error) };
        }
      }
    }
    const settings = await settingsOf(deps.userSettings, requester);
    await client.views.publish({ user_id: requester.userId, view: homeView(connection, meetings, settings) });
  }
}
