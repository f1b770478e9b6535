import { expect } from 'vitest';
import type { FakeMeeting } from '../fakes/fakeZoom.js';
import type { Harness } from './harness.js';

/**
 * The card went through a response_url (the bot could not post there) with the join link only, and
 * the start link came privately. Returns the meeting.
 */
export async function expectCardThroughResponseUrl(h: Harness): Promise<FakeMeeting> {
  const inChannel = await h.slack.waitForResponse((r) => r.body.response_type === 'in_channel');
  const [meeting] = h.zoom.createdMeetings;
  expect(JSON.stringify(inChannel.body)).toContain(meeting!.join_url);
  expect(JSON.stringify(inChannel.body)).not.toContain(meeting!.start_url);
  const privately = await h.slack.waitForResponse((r) => r.body.response_type === 'ephemeral');
  expect(JSON.stringify(privately.body)).toContain(meeting!.start_url);
  return meeting!;
}

/** For expect.poll on work the app does after its ack: as long as a fake's waitForCall waits (the default 1 s is short on a busy machine). */
export const POLL = { timeout: 5000 } as const;
