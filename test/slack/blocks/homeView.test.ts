import { describe, expect, it } from 'vitest';
import { viewViolations } from '../../fakes/blockKitLimits.js';
import { HOME_ACTIONS, homeView } from '../../../src/slack/blocks/homeView.js';
import type { ListedMeeting } from '../../../src/slack/blocks/meetingList.js';

const START = Date.parse('2026-11-24T20:00:00Z');
function meetings(count: number, topic = (i: number) => `Meeting ${i}`): ListedMeeting[] {
  return Array.from({ length: count }, (_, i) => ({ id: String(i), topic: topic(i), startTime: START + i * 3600_000, durationMinutes: 30, joinUrl: `https://us02web.zoom.us/j/${81234567890 + i}?pwd=${'Ab1'.repeat(11)}.1` }));
}
const actionIds = (view: ReturnType<typeof homeView>) => (view.blocks as Array<{ elements?: Array<{ action_id?: string }> }>).flatMap((b) => b.elements ?? []).map((e) => e.action_id).filter(Boolean);

describe('homeView', () => {
  it('not connected: a Connect button only, no meetings section', () => {
    const view = homeView({ kind: 'not-connected' }, { kind: 'none' });
    expect(view.type).toBe('home');
    expect(actionIds(view)).toEqual([HOME_ACTIONS.connect]);
    expect(JSON.stringify(view)).not.toContain('Upcoming meetings');
    expect(viewViolations(view)).toEqual([]);
  });

  it('connected: the account, Schedule, Disconnect (with a confirmation) and the meetings', () => {
    const view = homeView({ kind: 'connected', zoomName: 'Alice Anders', zoomEmail: 'alice@example.com' }, { kind: 'loaded', meetings: meetings(3) });
    const text = JSON.stringify(view);
    expect(text).toContain('Alice Anders');
    expect(text).toContain('alice@example.com');
    expect(actionIds(view)).toEqual([HOME_ACTIONS.schedule, HOME_ACTIONS.disconnect]);
    expect(text).toContain('"confirm"');
    for (const m of meetings(3)) expect(text).toContain(m.joinUrl);
    expect(viewViolations(view)).toEqual([]);
  });

  it('connected, nothing scheduled; and Zoom unavailable', () => {
    expect(JSON.stringify(homeView({ kind: 'connected', zoomName: 'A', zoomEmail: 'a@x' }, { kind: 'loaded', meetings: [] }))).toContain('Nothing scheduled.');
    const down = homeView({ kind: 'connected', zoomName: 'A', zoomEmail: 'a@x' }, { kind: 'unavailable', reason: 'Zoom did not answer.' });
    expect(JSON.stringify(down)).toContain('Zoom did not answer.');
    expect(viewViolations(down)).toEqual([]);
  });

  it('a link that died: the reason, then Connect', () => {
    const view = homeView({ kind: 'not-connected', reason: 'Zoom no longer accepts the link.' }, { kind: 'none' });
    expect(JSON.stringify(view)).toContain('Zoom no longer accepts the link.');
    expect(actionIds(view)).toEqual([HOME_ACTIONS.connect]);
    expect(viewViolations(view)).toEqual([]);
  });

  it('company account mode: Schedule, no Connect or Disconnect', () => {
    const view = homeView({ kind: 'company-account', email: 'alice@example.com' }, { kind: 'loaded', meetings: [] });
    expect(actionIds(view)).toEqual([HOME_ACTIONS.schedule]);
    expect(viewViolations(view)).toEqual([]);
  });

  it('many meetings with long topics and a long account name stay within limits; each shown link is whole', () => {
    const list = meetings(60, (i) => `${i} ${'<'.repeat(197)}`);
    const view = homeView({ kind: 'connected', zoomName: '&'.repeat(1000), zoomEmail: `${'a'.repeat(300)}@example.com` }, { kind: 'loaded', meetings: list });
    expect(viewViolations(view)).toEqual([]);
    const text = JSON.stringify(view);
    const shown = list.filter((m) => text.includes(m.joinUrl));
    expect(shown.length).toBeGreaterThanOrEqual(10);
    for (const m of shown) expect(text).toContain(`<${m.joinUrl}|`);
  });
});
