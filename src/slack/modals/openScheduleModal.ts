import type { WebClient } from '@slack/web-api';
import { DateTime } from 'luxon';
import type { Requester } from '../../scheduling/types.js';
import { settingsOf } from '../../scheduling/userSettings.js';
import { STATE_TTL_MS } from '../../zoom/connectFlow.js';
import { connectModal, loadingModal, messageModal, scheduleModal } from '../blocks/scheduleModal.js';
import { CONNECT_ACTION } from '../blocks/privateMessages.js';
import type { SlackListenerDeps } from '../deps.js';
import { userMessage } from '../errorMessages.js';
import { fetchUserProfile } from '../userProfile.js';

export interface SchedulePrefill {
  topic?: string;
  agenda?: string;
  /** ms epoch; defaults to the next half hour. */
  startTime?: number;
  durationMinutes?: number;
  /** Edit mode: the meeting the form changes. */
  meetingId?: string;
  /** Preselected in the channel picker. */
  channelId?: string;
  /** A fixed destination (message shortcut): no channel picker, reply in this thread; responseUrl when Slack gave one. */
  thread?: { channelId: string; threadTs: string; responseUrl?: string };
}

/** The next :00 or :30 on the user's own clock (a +05:45 zone included). */
export function nextHalfHour(now: number, timeZone: string): number {
  const local = DateTime.fromMillis(now, { zone: timeZone }).startOf('minute');
  return local.plus({ minutes: 30 - (local.minute % 30) }).toMillis();
}

/** The date and time pickers' values for an instant, on the user's clock. */
export function pickerValues(ms: number, timeZone: string): { date: string; time: string } {
  const local = DateTime.fromMillis(ms, { zone: timeZone });
  return { date: local.toFormat('yyyy-MM-dd'), time: local.toFormat('HH:mm') };
}

export type OpenScheduleModal = (
  client: WebClient,
  triggerId: string,
  requester: Requester,
  /** Runs after the modal is open: slow look-ups (permalink, the meeting to edit) belong here. */
  prefill: () => Promise<SchedulePrefill>,
  options?: {
    title?: string;
    /** Runs after the open and before anything else; throwing shows its reason instead of the form (e.g. not the host). */
    allowed?: () => Promise<void>;
  },
) => Promise<void>;

/**
 * Opens the modal at once (the trigger_id dies after 3 s) with a placeholder, then looks up the
 * user's Zoom link and time zone and swaps in the form, or the connect button.
 */
export function createScheduleModalOpener(deps: SlackListenerDeps): OpenScheduleModal {
  return async (client, triggerId, requester, prefill, { title = 'Schedule a meeting', allowed } = {}) => {
    const opened = await client.views.open({ trigger_id: triggerId, view: loadingModal(title) });
    const viewId = opened.view?.id as string;
    try {
      // Before the connect check: connecting would not help someone who may not do this at all.
      await allowed?.();
      if (deps.hostMode === 'user' && !(await deps.grants.get(requester.teamId, requester.userId))) {
        const authorizeUrl = await deps.connect.start(requester);
        await client.views.update({ view_id: viewId, view: connectModal({ authorizeUrl, validMinutes: STATE_TTL_MS / 60_000, connectActionId: CONNECT_ACTION }) });
        return;
      }
      const [{ timeZone }, values, settings] = await Promise.all([fetchUserProfile(client, requester.userId), prefill(), settingsOf(deps.userSettings, requester)]);
      const { date, time } = pickerValues(values.startTime ?? nextHalfHour(deps.clock.now(), timeZone), timeZone);
      await client.views.update({
        view_id: viewId,
        view: scheduleModal(
          {
            topic: values.topic,
            agenda: values.agenda,
            date,
            time,
            durationMinutes: values.durationMinutes ?? settings.defaultDurationMinutes,
            channelId: values.channelId,
            reminderMinutes: settings.reminderMinutes,
          },
          { timeZone, channelId: values.thread?.channelId, threadTs: values.thread?.threadTs, responseUrl: values.thread?.responseUrl, meetingId: values.meetingId },
        ),
      });
    } catch (error) {
      deps.logger.warn('could not prepare the scheduling form', error);
      await client.views.update({ view_id: viewId, view: messageModal(title, `:warning: ${userMessage(error)}`) });
    }
  };
}
