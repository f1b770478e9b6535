import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CreateMeeting } from '../scheduling/create/createIntent.js';
import type { ManageMeetings } from '../scheduling/manageMeetings.js';
import type { GrantStore, ScheduleConfirmationStore, UserSettingsStore } from '../storage/types.js';
import type { ConnectFlow } from '../zoom/connectFlow.js';
import type { GrantRevocation } from '../zoom/grantRevocation.js';
import type { ReportFailure } from './failureReporter.js';
import type { HomePublisher } from './homePublisher.js';

/** What the Slack listeners need; built once in src/app.ts. */
export interface SlackListenerDeps {
  clock: Clock;
  logger: Logger;
  /** 'user': each person connects their own Zoom; 'account': the company's Server-to-Server app hosts. */
  hostMode: 'user' | 'account';
  connect: ConnectFlow;
  grants: GrantStore;
  userSettings: UserSettingsStore;
  createMeeting: CreateMeeting;
  /** `/zoom new` readings waiting for the user's click (Schedule / Change…). */
  scheduleConfirmations: ScheduleConfirmationStore;
  reportFailure: ReportFailure;
  manage: ManageMeetings;
  revocation: GrantRevocation;
  home: HomePublisher;
  /** The app left a workspace (app_uninstalled, or its bot token revoked): forget everything of it. */
  onWorkspaceUninstalled(team: { teamId: string; enterpriseId?: string }): Promise<void>;
}
