import { describe, expect, it } from 'vitest';
import { viewViolations } from '../../fakes/blockKitLimits.js';
import { fillViewState } from '../../fakes/viewState.js';
import {
  connectModal,
  DURATION_CHOICES,
  EDIT_MODAL_CALLBACK,
  FORM_BLOCKS,
  loadingModal,
  messageModal,
  SCHEDULE_MODAL_CALLBACK,
  scheduleModal,
  type ScheduleFormValues,
} from '../../../src/slack/blocks/scheduleModal.js';

const values: ScheduleFormValues = { date: '2026-11-23', time: '10:30', durationMinutes: 30 };
type Block = { block_id?: string; type: string; optional?: boolean; element?: Record<string, unknown> };
const blocksOf = (view: { blocks: unknown }) => view.blocks as Block[];
const element = (view: { blocks: unknown }, id: string) => blocksOf(view).find((b) => b.block_id === id)?.element;

describe('scheduleModal', () => {
  it('the full form: every field the issue names, and the user\'s zone on the time picker', () => {
    const view = scheduleModal({ ...values, channelId: 'CGENERAL' }, { timeZone: 'Asia/Kolkata' });
    expect(view.callback_id).toBe(SCHEDULE_MODAL_CALLBACK);
    expect(blocksOf(view).map((b) => b.block_id)).toEqual(['topic', 'date', 'time', 'duration', 'agenda', 'channel', 'reminder', 'invitees', 'options', 'recurrence']);
    expect(element(view, FORM_BLOCKS.topic)).toMatchObject({ type: 'plain_text_input', max_length: 200 });
    expect(element(view, FORM_BLOCKS.agenda)).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 2000 });
    expect(element(view, FORM_BLOCKS.date)).toMatchObject({ type: 'datepicker', initial_date: '2026-11-23' });
    expect(element(view, FORM_BLOCKS.time)).toMatchObject({ type: 'timepicker', initial_time: '10:30', timezone: 'Asia/Kolkata' });
    expect((element(view, FORM_BLOCKS.duration)?.options as Array<{ value: string }>).map((o) => Number(o.value))).toEqual([...DURATION_CHOICES]);
    expect(element(view, FORM_BLOCKS.channel)).toMatchObject({ type: 'conversations_select', initial_conversation: 'CGENERAL', response_url_enabled: true });
    expect(element(view, FORM_BLOCKS.invitees)).toMatchObject({ type: 'multi_users_select' });
    expect((element(view, FORM_BLOCKS.options)?.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['waiting_room', 'passcode']);
    expect(element(view, FORM_BLOCKS.recurrence)).toMatchObject({ type: 'number_input', is_decimal_allowed: false });
    // Only topic, date, time, duration, channel and reminder (preselected) are required.
    expect(blocksOf(view).filter((b) => !b.optional).map((b) => b.block_id)).toEqual(['topic', 'date', 'time', 'duration', 'channel', 'reminder']);
    expect(JSON.parse(view.private_metadata!)).toEqual({ timeZone: 'Asia/Kolkata' });
    expect(viewViolations(view)).toEqual([]);
  });

  it('every input uses the same action_id, so a submission reads uniformly', () => {
    const view = scheduleModal(values, { timeZone: 'UTC' });
    expect(new Set(blocksOf(view).map((b) => b.element?.action_id))).toEqual(new Set(['value']));
  });

  it('without a channel to preselect, Slack preselects the conversation in view', () => {
    const view = scheduleModal(values, { timeZone: 'UTC' });
    expect(element(view, FORM_BLOCKS.channel)).toMatchObject({ default_to_current_conversation: true });
    expect(element(view, FORM_BLOCKS.channel)?.initial_conversation).toBeUndefined();
  });

  it('a fixed destination (message shortcut): no channel picker, destination in the metadata', () => {
    const responseUrl = `https://hooks.slack.com/app/T0ACME/${'1'.repeat(13)}/${'a'.repeat(24)}`;
    const view = scheduleModal(values, { timeZone: 'UTC', channelId: 'CGENERAL', threadTs: '1795446000.000100', responseUrl });
    expect(blocksOf(view).map((b) => b.block_id)).not.toContain('channel');
    expect(JSON.parse(view.private_metadata!)).toEqual({ timeZone: 'UTC', channelId: 'CGENERAL', threadTs: '1795446000.000100', responseUrl });
    expect(viewViolations(view)).toEqual([]);
  });

  it('edit mode: Save, only the fields an edit changes', () => {
    const view = scheduleModal({ ...values, topic: 'Design review' }, { timeZone: 'UTC', meetingId: '81234567890' });
    expect(view.callback_id).toBe(EDIT_MODAL_CALLBACK);
    expect((view.submit as { text: string }).text).toBe('Save');
    expect(blocksOf(view).map((b) => b.block_id)).toEqual(['topic', 'date', 'time', 'duration', 'agenda']);
    expect(viewViolations(view)).toEqual([]);
  });

  it.each([37, 1440, 5])('a duration outside the choices (%i minutes, e.g. set in Zoom) is offered and preselected', (minutes) => {
    const view = scheduleModal({ ...values, durationMinutes: minutes }, { timeZone: 'UTC' });
    const duration = element(view, FORM_BLOCKS.duration)!;
    const offered = (duration.options as Array<{ value: string }>).map((o) => Number(o.value));
    expect(offered).toContain(minutes);
    expect(offered).toEqual([...offered].sort((a, b) => a - b));
    expect((duration.initial_option as { value: string }).value).toBe(String(minutes));
    expect(viewViolations(view)).toEqual([]);
  });

  it('worst case prefill: a 200-character topic and a 2000-character agenda fit, and the client could submit them as they are', () => {
    const view = scheduleModal({ ...values, topic: 'T'.repeat(200), agenda: '&'.repeat(2000) }, { timeZone: 'America/Argentina/ComodRivadavia' });
    expect(element(view, FORM_BLOCKS.topic)?.initial_value).toBe('T'.repeat(200));
    expect(element(view, FORM_BLOCKS.agenda)?.initial_value).toBe('&'.repeat(2000));
    expect(viewViolations(view)).toEqual([]);
    const withIds = { blocks: blocksOf(view) };
    expect(() => fillViewState(withIds, { 'channel/value': 'CGENERAL' })).not.toThrow();
  });

  it('an over-long prefilled topic is cut to what the input accepts', () => {
    const view = scheduleModal({ ...values, topic: 'x'.repeat(500), agenda: 'y'.repeat(5000) }, { timeZone: 'UTC' });
    expect(String(element(view, FORM_BLOCKS.topic)?.initial_value)).toHaveLength(200);
    expect(String(element(view, FORM_BLOCKS.agenda)?.initial_value)).toHaveLength(2000);
    expect(viewViolations(view)).toEqual([]);
  });
});

describe('the other modals', () => {
  it('loading, connect and message modals are valid views', () => {
    expect(viewViolations(loadingModal())).toEqual([]);
    expect(viewViolations(loadingModal('Edit meeting'))).toEqual([]);
    const connect = connectModal({ authorizeUrl: `https://zoom.us/oauth/authorize?state=${'s'.repeat(43)}`, validMinutes: 10, connectActionId: 'zoom_connect_open' });
    expect(connect.callback_id).toBe('connect_modal');
    expect(connect.submit).toBeUndefined();
    expect(JSON.stringify(connect.blocks)).toContain('zoom_connect_open');
    expect(viewViolations(connect)).toEqual([]);
    const message = messageModal('A title far longer than twenty-four characters', 'w'.repeat(5000));
    expect(viewViolations(message)).toEqual([]);
  });
});
