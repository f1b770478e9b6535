import { EDIT_MODAL_CALLBACK, SCHEDULE_MODAL_CALLBACK } from '../blocks/scheduleModal.js';
import type { SlackListenerDeps } from '../deps.js';
import { directMessageReply } from '../privateReplies.js';
import { readScheduleForm } from '../modals/scheduleForm.js';
import { requesterOfPayload } from '../requesters.js';
import type { ListenerRegistry } from './registry.js';

/**
 * Form submissions. Bad input comes back as inline errors and nothing happens; good input closes the
 * modal at once and the meeting is created after. A failure then is told by DM: the modal is gone.
 */
export function registerModalSubmissions(registry: ListenerRegistry, deps: SlackListenerDeps): void {
  registry.app.view(SCHEDULE_MODAL_CALLBACK, async ({ ack, view, body, client }) => {
    // The channel picker's response_urls sit at the top of the payload, beside the view.
    const form = readScheduleForm(view, deps.clock.now(), body.type === 'view_submission' ? body.response_urls : undefined);
    if (!form.ok) {
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    await ack();
    const requester = requesterOfPayload(body);
    const dm = directMessageReply(client, requester.userId);
    try {
      // No response_url outlives a closed form: answers go by DM. The view id makes a double submit one meeting.
      await deps.createMeeting({ key: view.id, requester, destination: form.destination, request: form.request, resumable: true, origin: 'request' });
    } catch (error) {
      await deps.reportFailure(error, dm, { requester, resumable: { destination: form.destination, request: form.request } });
    }
  });

  registry.app.view(EDIT_MODAL_CALLBACK, async ({ ack, view, body, client }) => {
    const form = readScheduleForm(view, deps.clock.now());
    if (!form.ok) {
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    await ack();
    const requester = requesterOfPayload(body);
    const { request } = form;
    try {
      await deps.manage.update(requester, form.metadata.meetingId ?? '', {
        topic: request.topic,
        startTime: request.startTime,
        durationMinutes: request.durationMinutes,
        timeZone: request.timeZone,
        // The edit form always shows the agenda: emptied means "no agenda", not "unchanged".
        agenda: request.agenda ?? '',
      });
      await deps.home.refresh(requester);
    } catch (error) {
      await deps.reportFailure(error, directMessageReply(client, requester.userId), { requester });
    }
  });
}
