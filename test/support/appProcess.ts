import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/** The app as an operating-system process, started by a command as an operator would. */
export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  /** The port from the "listening on port N" line; rejects if the process exits first. */
  listening: Promise<number>;
  exited: Promise<number | null>;
}

export function spawnApp(command: string, args: string[], env: NodeJS.ProcessEnv): AppProcess {
  const child = spawn(command, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** The real entry point run from source (what `npm start` runs after building). */
export function spawnMainFromSource(env: NodeJS.ProcessEnv): AppProcess {
  return spawnApp(process.execPath, ['--import', 'tsx', 'src/main.ts'], env);
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
