import type { App } from '@slack/bolt';
import type { SlackListenerDeps } from '../deps.js';
import { createScheduleModalOpener } from '../modals/openScheduleModal.js';
import { registerHome } from './home.js';
import { registerMeetingActions } from './meetingActions.js';
import { registerModalSubmissions } from './modalSubmissions.js';
import { registerScheduleConfirmations } from './scheduleConfirmations.js';
import { createListenerRegistry, type ListenerRegistry } from './registry.js';
import { registerSettings } from './settings.js';
import { registerShortcuts } from './shortcuts.js';
import { registerUninstall } from './uninstall.js';
import { registerZoomCommandListeners } from './zoomCommand.js';

/** Every Slack listener of the app. manifest.yml declares exactly these (test/manifest.test.ts checks). */
export function registerListeners(app: App, deps: SlackListenerDeps): ListenerRegistry {
  const registry = createListenerRegistry(app);
  const openModal = createScheduleModalOpener(deps);
  registerZoomCommandListeners(registry, deps, openModal);
  registerMeetingActions(registry, deps, openModal);
  registerScheduleConfirmations(registry, deps, openModal);
  registerModalSubmissions(registry, deps);
  registerShortcuts(registry, deps, openModal);
  registerHome(registry, deps, openModal);
  registerSettings(registry, deps);
  registerUninstall(registry, deps);
  return registry;
}
