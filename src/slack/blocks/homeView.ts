import type { HomeView, KnownBlock } from '@slack/types';
import { meetingSections, type ListedMeeting } from './meetingList.js';
import type { UserSettings } from '../../storage/types.js';
import { deliveryLabel, reminderLabel } from './settingsModal.js';
import { escapeMrkdwn, formatDuration, truncate } from './text.js';

export const HOME_ACTIONS = {
  connect: 'home_connect',
  schedule: 'home_schedule',
  disconnect: 'home_disconnect',
  settings: 'home_settings',
} as const;

export type HomeConnection =
  | { kind: 'connected'; zoomName: string; zoomEmail: string }
  /** reason: why a link that existed no longer works. */
  | { kind: 'not-connected'; reason?: string }
  /** Account-level mode: nothing for the user to connect. */
  | { kind: 'company-account'; email?: string };

export type HomeMeetings = { kind: 'loaded'; meetings: ListedMeeting[] } | { kind: 'unavailable'; reason: string } | { kind: 'none' };

const HOME_MEETINGS_SHOWN = 10;

/** The App Home tab: connection status, a schedule button, the next meetings, the user's settings, disconnect. */
export function homeView(connection: HomeConnection, meetings: HomeMeetings, settings?: UserSettings): HomeView {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Zoom Scheduler' } }];
  const button = (actionId: string, text: string, style?: 'primary' | 'danger') => ({ type: 'button' as const, action_id: actionId, text: { type: 'plain_text' as const, text }, ...(style ? { style } : {}) });

  if (connection.kind === 'connected') {
    blocks.push(
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`:white_check_mark: Connected to Zoom as *${escapeMrkdwn(connection.zoomName)}* (${escapeMrkdwn(connection.zoomEmail)}).`, 3000) } },
      {
        type: 'actions',
        block_id: 'home_actions',
        elements: [
          button(HOME_ACTIONS.schedule, 'Schedule a meeting', 'primary'),
          {
            ...button(HOME_ACTIONS.disconnect, 'Disconnect Zoom', 'danger'),
            confirm: {
              title: { type: 'plain_text', text: 'Disconnect Zoom?' },
              text: { type: 'plain_text', text: 'The bot will lose access to your Zoom account. Meetings already scheduled stay in Zoom.' },
              confirm: { type: 'plain_text', text: 'Disconnect' },
              deny: { type: 'plain_text', text: 'Cancel' },
            },
          },
        ],
      },
    );
  } else if (connection.kind === 'company-account') {
    blocks.push(
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`This workspace schedules on your company's Zoom account${connection.email ? `, as ${escapeMrkdwn(connection.email)}` : ''}.`, 3000) } },
      { type: 'actions', block_id: 'home_actions', elements: [button(HOME_ACTIONS.schedule, 'Schedule a meeting', 'primary')] },
    );
  } else {
    if (connection.reason) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`:warning: ${connection.reason}`, 3000) } });
    blocks.push(
      { type: 'section', text: { type: 'mrkdwn', text: 'Link your Zoom account to schedule meetings from Slack: `/zoom new Design review tomorrow 3pm`.' } },
      { type: 'actions', block_id: 'home_actions', elements: [button(HOME_ACTIONS.connect, 'Connect Zoom', 'primary')] },
    );
  }

  if (meetings.kind !== 'none') {
    blocks.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: 'Upcoming meetings' } });
    if (meetings.kind === 'loaded' && meetings.meetings.length > 0) {
      blocks.push(...meetingSections(meetings.meetings.slice(0, HOME_MEETINGS_SHOWN)));
    } else {
      const text = meetings.kind === 'unavailable' ? `:warning: ${meetings.reason}` : 'Nothing scheduled.';
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
    }
  }
  if (settings) blocks.push(...settingsSection(settings));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Type `/zoom help` in any channel for everything I can do.' }] });
  return { type: 'home', blocks };
}

function settingsSection(settings: UserSettings): KnownBlock[] {
  const recording = settings.recordingTo === 'off' ? 'Off' : `${deliveryLabel(settings.recordingTo)}${settings.recordingPasscode ? ', with its passcode' : ''}`;
  const lines = [
    `*Reminder:* ${reminderLabel(settings.reminderMinutes)}`,
    `*Default duration:* ${formatDuration(settings.defaultDurationMinutes)}`,
    `*Recording link:* ${recording}`,
    `*AI summary:* ${deliveryLabel(settings.summaryTo)}`,
  ];
  return [
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'Settings' } },
    {
      type: 'section',
      block_id: 'home_settings',
      text: { type: 'mrkdwn', text: lines.join('\n') },
      accessory: { type: 'button', action_id: HOME_ACTIONS.settings, text: { type: 'plain_text', text: 'Change settings' } },
    },
  ];
}
