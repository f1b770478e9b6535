import type { CallbackOptions } from '@slack/oauth';
import { sendPage } from '../../http/pages.js';

/** Install result pages in the same plain style as the Zoom connect pages. */
export const installCallbackOptions: CallbackOptions = {
  success: (installation, _options, _req, res) => {
    const where = installation.isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name;
    sendPage(res, {
      status: 200,
      ok: true,
      title: 'Zoom Scheduler is installed',
      message: `The app is installed${where ? ` in ${where}` : ''}. In Slack, type /zoom connect to link your Zoom account, then /zoom new to schedule.`,
    });
  },
  failure: (error, _options, _req, res) => {
    const expired = error.code === 'slack_oauth_invalid_state';
    sendPage(res, {
      status: expired ? 400 : 500,
      ok: false,
      title: 'The app was not installed',
      message: expired
        ? 'This install link expired or was already used. Start again from the Add to Slack page.'
        : 'Slack did not complete the installation. Please start again from the Add to Slack page.',
    });
  },
};
