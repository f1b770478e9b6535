import type { App } from '@slack/bolt';

/**
 * Registers listeners on Bolt and remembers what was registered, so a test can hold the set against
 * manifest.yml (Bolt itself does not expose its listeners).
 */
export interface ListenerRegistry {
  readonly app: App;
  command: App['command'];
  globalShortcut(callbackId: string, listener: Parameters<App['shortcut']>[1]): void;
  messageShortcut(callbackId: string, listener: Parameters<App['shortcut']>[1]): void;
  event: App['event'];
  registered(): { commands: string[]; globalShortcuts: string[]; messageShortcuts: string[]; events: string[] };
}

export function createListenerRegistry(app: App): ListenerRegistry {
  const seen = { commands: new Set<string>(), globalShortcuts: new Set<string>(), messageShortcuts: new Set<string>(), events: new Set<string>() };
  return {
    app,
    command: ((name: string, ...listeners: unknown[]) => {
      seen.commands.add(name);
      return (app.command as (...args: unknown[]) => void)(name, ...listeners);
    }) as App['command'],
    globalShortcut(callbackId, listener) {
      seen.globalShortcuts.add(callbackId);
      app.shortcut({ type: 'shortcut', callback_id: callbackId }, listener as never);
    },
    messageShortcut(callbackId, listener) {
      seen.messageShortcuts.add(callbackId);
      app.shortcut({ type: 'message_action', callback_id: callbackId }, listener as never);
    },
    event: ((name: string, ...listeners: unknown[]) => {
      seen.events.add(name);
      return (app.event as (...args: unknown[]) => void)(name, ...listeners);
    }) as App['event'],
    registered: () => ({
      commands: [...seen.commands].sort(),
      globalShortcuts: [...seen.globalShortcuts].sort(),
      messageShortcuts: [...seen.messageShortcuts].sort(),
      events: [...seen.events].sort(),
    }),
  };
}
