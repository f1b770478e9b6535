import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** The app as an operating-system process, started by a command as an operator would. */
export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  /** The port from the "listening on port N" line; rejects if the process exits first. */
  listening: Promise<number>;
  exited: Promise<number | null>;
}

/**
 * Every process group spawnApp started and killSpawnedApps has not yet reaped. Kept after the leader exits: `npm start`
 * runs the app as a grandchild, which can outlive npm (and a test that timed out left such apps spinning).
 */
const spawnedGroups = new Set<number>();

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * The pids of a process group that still run. Zombies do not count: an orphan killed here is reaped by pid 1, and in a
 * container pid 1 may never do it. Without /proc (not Linux), any member the kernel still lists counts.
 */
export function liveGroupMembers(pgid: number): number[] {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const live: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') live.push(Number(entry));
  }
  return live;
}

// The last resort when a test file's worker ends without its hooks having run (synchronous: 'exit' allows nothing else).
process.once('exit', () => {
  for (const pgid of spawnedGroups) signalGroup(pgid, 'SIGKILL');
});

/**
 * Kills every process spawnApp started, grandchildren included, and waits until each group is empty. For afterEach
 * in every test file that spawns the app: whatever the test did or failed to do, nothing it started survives it.
 */
export async function killSpawnedApps(): Promise<void> {
  const groups = [...spawnedGroups];
  spawnedGroups.clear();
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  const deadline = Date.now() + 5_000;
  for (const pgid of groups) {
    while (liveGroupMembers(pgid).length > 0) {
      if (Date.now() > deadline) throw new Error(`process group ${pgid} still alive 5 s after SIGKILL`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export function spawnApp(command: string, args: string[], env: NodeJS.ProcessEnv): AppProcess {
  // A process group of its own (detached), so killSpawnedApps reaches whatever the command starts in turn.
  const child = spawn(command, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid !== undefined) spawnedGroups.add(child.pid);
  let output = '';
  const listening = new Promise<number>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on port (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', () => reject(new Error(`exited before listening:\n${output}`)));
  });
  listening.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, listening, exited };
}

/** The real entry point run from source (what `npm start` runs after building); nodeOptions such as --cpu-prof. */
export function spawnMainFromSource(env: NodeJS.ProcessEnv, nodeOptions: string[] = []): AppProcess {
  return spawnApp(process.execPath, [...nodeOptions, '--import', 'tsx', 'src/main.ts'], env);
}

/** True when nothing accepts connections on the port any more. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}
