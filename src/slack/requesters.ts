import type { Requester } from '../scheduling/types.js';

/** The Slack user behind an interaction payload (block action, view submission, shortcut). */
export function requesterOfPayload(body: { user: { id: string; team_id?: string }; team?: { id: string } | null; enterprise?: { id: string } | null }): Requester {
  return { teamId: body.team?.id ?? body.user.team_id ?? '', enterpriseId: body.enterprise?.id || undefined, userId: body.user.id };
}
