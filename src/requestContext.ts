import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * Who and what a log line is about: set once where a request enters (a Slack request, one of our routes) and
 * carried through every await after it, including the work done after the ack, so each log line names it.
 */
export interface RequestContext {
  requestId: string;
  team?: string;
  user?: string;
  /** A slash command and its subcommand, e.g. `/zoom new`. */
  command?: string;
  /** An action id, view callback id, shortcut callback id, event type or route. */
  action?: string;
}

const current = new AsyncLocalStorage<RequestContext>();

export function withRequestContext<T>(context: Omit<RequestContext, 'requestId'>, run: () => T): T {
  return current.run({ requestId: randomUUID(), ...context }, run);
}

export function currentRequestContext(): RequestContext | undefined {
  return current.getStore();
}
