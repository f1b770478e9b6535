import type { JobQueue } from '../jobs/types.js';

/** What the app keeps. Every record that must survive a restart or be seen by another instance lives here. */

/** A Slack user's link to a Zoom account (user-level OAuth). Tokens are plain here; stores encrypt at rest. */
export interface ZoomGrant {
  teamId: string;
  /** Set for Enterprise Grid org-wide installs, to find the right bot token. */
  enterpriseId?: string;
  userId: string;
  zoomUserId: string;
  zoomAccountId: string;
  zoomEmail: string;
  zoomName: string;
  accessToken: string;
  refreshToken: string;
  /** ms epoch when the access token stops working. */
  accessTokenExpiresAt: number;
  scope: string;
  createdAt: number;
  updatedAt: number;
  /** Increments on every refresh; lets a waiter see another instance already refreshed. */
  version: number;
}

export interface GrantStore {
  get(teamId: string, userId: string): Promise<ZoomGrant | undefined>;
  save(grant: ZoomGrant): Promise<void>;
  delete(teamId: string, userId: string): Promise<void>;
  /** Every grant linked to this Zoom user (a Zoom user may be linked from several Slack users/workspaces). */
  listByZoomUser(zoomUserId: string): Promise<ZoomGrant[]>;
  /** Every grant of this Slack workspace (for uninstall). */
  listByTeam(teamId: string): Promise<ZoomGrant[]>;
  /** Every grant made from a workspace of this Enterprise Grid org (for an org-wide uninstall). */
  listByEnterprise(enterpriseId: string): Promise<ZoomGrant[]>;
}

/** Server-side record of an OAuth authorization request, keyed by its random `state`. */
export interface OAuthStateRecord {
  teamId: string;
  enterpriseId?: string;
  userId: string;
  codeVerifier: string;
  createdAt: number;
  /** ms epoch after which the state is refused. */
  expiresAt: number;
}

export interface OAuthStateStore {
  put(state: string, record: OAuthStateRecord): Promise<void>;
  /** Atomically fetches and deletes: a state can be taken once, across instances. Expiry is checked by the caller. */
  take(state: string): Promise<OAuthStateRecord | undefined>;
}

/**
 * A Zoom account waiting to be linked: Zoom's consent is done and its tokens are here, but nothing is linked until
 * the person in the browser confirms on the page that names the Slack user (a forwarded connect link must not link
 * the forwardee's Zoom account). Kept after the decision, without tokens, so a reload can say what happened.
 */
export interface ConnectLink {
  teamId: string;
  enterpriseId?: string;
  userId: string;
  /** As Slack names the user and the workspace, when it could be asked. */
  slackUserName?: string;
  workspaceName?: string;
  zoomName: string;
  zoomEmail: string;
  /** The Zoom account's email is not the Slack profile's (known only when Slack gives the email). */
  emailMismatch: boolean;
  createdAt: number;
  /** ms epoch after which the page can no longer be answered. */
  expiresAt: number;
  /** The grant a confirm saves; dropped at the decision. */
  grant?: ZoomGrant;
  decision?: 'confirmed' | 'declined';
}

export interface ConnectLinkStore {
  /** Keeps the link under its page's token for ttlMs (a new one, or the same with its decision). */
  save(pageToken: string, link: ConnectLink, ttlMs: number): Promise<void>;
  get(pageToken: string): Promise<ConnectLink | undefined>;
  delete(pageToken: string): Promise<void>;
  /** Remembers which page a consumed OAuth state led to, so a reload of that page finds it again. */
  rememberPage(state: string, pageToken: string, ttlMs: number): Promise<void>;
  pageTokenFor(state: string): Promise<string | undefined>;
  /** Runs fn holding the link's lock, across instances: one decision per page. */
  withLock<T>(pageToken: string, fn: () => Promise<T>): Promise<T>;
}

/** A scheduling request that could not finish because the grant died; finished when the user reconnects, by any path. */
export interface PendingCommand {
  id: string;
  teamId: string;
  userId: string;
  kind: 'create-meeting';
  /** The use-case input, serialisable. */
  payload: Record<string, unknown>;
  createdAt: number;
}

export interface PendingCommandStore {
  put(command: PendingCommand): Promise<void>;
  /** Takes (once, across instances) every command this user left waiting, oldest first. */
  takeForUser(teamId: string, userId: string): Promise<PendingCommand[]>;
  /** Drops every pending command of a workspace (it uninstalled the app). */
  deleteTeam(teamId: string): Promise<void>;
}

/**
 * A `/zoom new` whose start was read with a doubt: held while the user confirms it privately, and
 * created only by the click that takes it (once, across instances).
 */
export interface ScheduleConfirmation {
  id: string;
  teamId: string;
  enterpriseId?: string;
  userId: string;
  /** Where the card goes: the channel the command was typed in. */
  channelId: string;
  topic: string;
  /** ms epoch: the start as read and shown on the button. */
  startTime: number;
  durationMinutes: number;
  timeZone: string;
  /** The host's reminder setting when asked, so the meeting is created as the command would have. */
  reminderMinutes?: number;
  /** People mentioned in the command, invited as the command would have. */
  invitees?: string[];
  createdAt: number;
}

export interface ScheduleConfirmationStore {
  put(confirmation: ScheduleConfirmation): Promise<void>;
  /** Fetches and deletes (once, across instances): of two clicks, one gets it. */
  take(teamId: string, userId: string, id: string): Promise<ScheduleConfirmation | undefined>;
}

/** Where a meeting's card was posted, so edits and cancels can update it. */
export interface MeetingPost {
  meetingId: string;
  teamId: string;
  hostUserId: string;
  channelId: string;
  /** Absent when the card went through response_url (no ts to update). */
  messageTs?: string;
  /** What the card shows that Zoom does not keep, so an edited card still shows it. */
  invitees?: string[];
  weeklyOccurrences?: number;
  /** The thread the card itself was posted in (message shortcut); replies to the card go there too. */
  threadTs?: string;
  /** What the card shows, so it can be redrawn from a Zoom event without asking Zoom. */
  shown?: ShownMeeting;
  /** Minutes before the start the channel is reminded (0 = none). */
  reminderMinutes?: number;
  /** The reminder waiting in Slack's queue, or being put there (`id` absent until Slack answered). */
  reminder?: ScheduledReminder;
  /** What Zoom told us since the card was posted. */
  lifecycle?: MeetingLifecycle;
  createdAt: number;
}

export interface MeetingLifecycle {
  /** Cancelled from Slack or deleted in Zoom: the card says so and nothing more happens to it. */
  cancelled?: { at: number; by?: string };
  /** The instance (Zoom `uuid`) the card shows now: a restart or the next occurrence replaces it. */
  instance?: InstanceState;
  /** Instances whose recording link / AI summary were delivered (each once). */
  recordingsPosted?: string[];
  summariesPosted?: string[];
}

export interface InstanceState {
  uuid: string;
  status: 'live' | 'ended';
  /** ms epoch, the instance's own times as Zoom reports them. */
  startedAt?: number;
  endedAt?: number;
  /** ms epoch of the latest event applied (event_ts), to drop late started/ended deliveries. */
  lastEventTs: number;
  /** Keyed by participant_uuid, else by name (guests' user_id changes on every re-join). */
  participants: Record<string, ParticipantState>;
}

export interface ParticipantState {
  name: string;
  /** ms epoch of the latest join and leave seen: in when joinedAt > leftAt. */
  joinedAt?: number;
  leftAt?: number;
}

export interface ShownMeeting {
  topic: string;
  /** ms epoch; absent for an instant meeting. */
  startTime?: number;
  durationMinutes: number;
  joinUrl: string;
  agenda?: string;
  passcode?: string;
  /** A weekly series: every occurrence's start (ms epoch). */
  occurrences?: number[];
}

export interface ScheduledReminder {
  /** Slack's scheduled_message_id; absent while the request is under way (a re-run looks for it first). */
  id?: string;
  channelId: string;
  /** ms epoch. */
  postAt: number;
}

export interface MeetingPostStore {
  get(meetingId: string): Promise<MeetingPost | undefined>;
  save(post: MeetingPost): Promise<void>;
  /** Meetings whose reminder waits for Slack's 120-day horizon (or a retry): the periodic sweep looks at these. */
  watchReminder(meetingId: string): Promise<void>;
  unwatchReminder(meetingId: string): Promise<void>;
  watchedReminders(): Promise<string[]>;
  delete(meetingId: string): Promise<void>;
  /** Forgets every card of a workspace (it uninstalled the app). */
  deleteTeam(teamId: string): Promise<void>;
}

/** Ids that count once within a time window, across instances (a Slack request handled once). */
export interface SeenOnceSet {
  /** True the first time this id is claimed within ttlMs, by any instance sharing the store; false after. */
  claim(id: string, ttlMs: number): Promise<boolean>;
}

/** Where a meeting's recording link or AI summary goes: the card's thread, the host's DM, or nowhere. */
export type DeliveryTarget = 'thread' | 'dm' | 'off';

/** A Slack user's own defaults (`/zoom settings`, the Home tab). */
export interface UserSettings {
  /** Minutes before the start a reminder is posted in the card's thread; 0 = none. */
  reminderMinutes: number;
  recordingTo: DeliveryTarget;
  /** Post the recording's passcode with its link (it then stays in the channel's history). */
  recordingPasscode: boolean;
  summaryTo: DeliveryTarget;
  defaultDurationMinutes: number;
}

export interface UserSettingsStore {
  /** Undefined when the user never saved any (callers use the defaults). */
  get(teamId: string, userId: string): Promise<UserSettings | undefined>;
  save(teamId: string, userId: string, settings: UserSettings): Promise<void>;
  /** Forgets every user's settings of a workspace (it uninstalled the app). */
  deleteTeam(teamId: string): Promise<void>;
}

/** Cross-instance mutual exclusion. */
export interface LockManager {
  /** Runs fn while holding the named lock; other holders (this process or another sharing the store) wait. */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** Plain namespaced key-value access for things like the Slack installation store. */
export interface KeyValue {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface Storage {
  grants: GrantStore;
  oauthStates: OAuthStateStore;
  connectLinks: ConnectLinkStore;
  pendingCommands: PendingCommandStore;
  scheduleConfirmations: ScheduleConfirmationStore;
  /** Creates whose answer was lost, while they are looked for in Zoom: the same meeting asked again is refused. */
  createsBeingChecked: KeyValue;
  meetingPosts: MeetingPostStore;
  /** The durable job queue (create intents, webhook events): shared by every instance on the store. */
  jobs: JobQueue;
  userSettings: UserSettingsStore;
  /** @slack/oauth's installations (multi-workspace mode). */
  installations: KeyValue;
  /** The signed Slack install states already used (multi-workspace mode): each works once. */
  spentInstallStates: SeenOnceSet;
  /** Slack requests already handled (replays are acknowledged and ignored). */
  seenSlackRequests: SeenOnceSet;
  locks: LockManager;
  /** Resolves when the backing store answers; throws otherwise. For /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
  readonly kind: 'embedded' | 'postgres';
}
