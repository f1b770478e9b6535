import type { FakeSlack } from '../fakes/fakeSlack.js';
import type { FakeZoom } from '../fakes/fakeZoom.js';

/** The people and places every end-to-end test starts from. */
export const TEAM = { id: 'T0ACME', name: 'Acme', botToken: 'xoxb-acme-bot-token', botUserId: 'UBOTACME' } as const;
export const ALICE = { id: 'UALICE', name: 'alice', email: 'alice@example.com', tz: 'America/New_York', zoomUserId: 'zu_alice' } as const;
/** A half-hour zone. */
export const BOB = { id: 'UBOB', name: 'bob', email: 'bob@example.com', tz: 'Asia/Kolkata', zoomUserId: 'zu_bob' } as const;
/** Has no Zoom user (for the Server-to-Server "unknown email" answer). */
export const CAROL = { id: 'UCAROL', name: 'carol', email: 'carol@example.com', tz: 'Europe/London' } as const;
export const GENERAL = { id: 'CGENERAL', name: 'general' } as const;
/** Public, but the bot was never invited. */
export const RANDOM = { id: 'CRANDOM', name: 'random' } as const;
export const ZOOM_ACCOUNT_ID = 'acct_acme';

export function seedSlackTeam(slack: FakeSlack, team: { id: string; name: string; botToken: string; botUserId: string } = TEAM): void {
  slack.addTeam({ ...team });
  for (const person of [ALICE, BOB, CAROL]) slack.addUser({ teamId: team.id, id: person.id, name: person.name, email: person.email, tz: person.tz });
  slack.addChannel({ teamId: team.id, id: GENERAL.id, name: GENERAL.name, botIsMember: true });
  slack.addChannel({ teamId: team.id, id: RANDOM.id, name: RANDOM.name, botIsMember: false });
}

export function seedZoomUsers(zoom: FakeZoom): void {
  zoom.addUser({ id: ALICE.zoomUserId, email: ALICE.email, first_name: 'Alice', last_name: 'Anders', account_id: ZOOM_ACCOUNT_ID });
  zoom.addUser({ id: BOB.zoomUserId, email: BOB.email, first_name: 'Bob', last_name: 'Bhatt', account_id: ZOOM_ACCOUNT_ID });
}
