import type { Logger as SlackLogger } from '@slack/logger';
import { LogLevel } from '@slack/logger';
import { currentRequestContext } from './requestContext.js';

/**
 * The app's logger is Slack's Logger interface, so Bolt, the Slack Web API client and our code log the same way.
 * Every line goes through redact(): no token, start link, zak, OAuth state or code, or email reaches a log, even
 * when someone logs a whole error, request body or response (WebClient's debug lines are preformatted strings,
 * which is why redaction works on the text rather than on object paths). Each line carries the request's context.
 */
export type Logger = SlackLogger;

const SECRET_PATTERNS: RegExp[] = [
  // Before the key=value pattern, which would otherwise take the scheme word for the value.
  /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g,
  /xox[abposre]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g,
  // A Zoom start link starts the meeting as its host: the whole URL goes, not only its zak.
  /https?:\/\/[^\s"'<>|\\]*\/s\/\d+[^\s"'<>|\\]*/g,
  // Email addresses, also percent-encoded in a URL path (Zoom's /users/{email}).
  /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
  // OAuth states and codes in a query string or a form, zak wherever it appears.
  /((?:^|[?&\s"])(?:state|code|zak)=)[^&\s"'<>|\\]+/g,
  /("?(?:access_token|refresh_token|accessToken|refreshToken|code_verifier|client_secret|authorization)\\?"?\s*[:=]\s*\\?"?)[^",\s}\\]+/gi,
  // The same as JSON strings, also inside JSON-encoded JSON (WebClient logs blocks that way); numbers stay (Zoom's error "code").
  /("?(?:zak|state|code|email)\\?"?\s*:\s*\\?")[^"\\]+/gi,
];

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce(
    (out, pattern) => out.replace(pattern, (match, prefix?: string) => (typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]')),
    text,
  );
}

/** An error with its stack and the chain of causes, so a log line says where it came from and why. */
function formatError(error: Error): string {
  const own = error.stack ?? `${error.name}: ${error.message}`;
  return error.cause === undefined ? own : `${own}\ncause: ${format(error.cause)}`;
}

function format(value: unknown): string {
  if (value instanceof Error) return formatError(value);
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

const ORDER: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/**
 * One JSON line per entry on the given sink (stderr by default). Level and name are fixed here:
 * Bolt and WebClient call setLevel/setName on any logger they are given (WebClient forces INFO),
 * which would silently override LOG_LEVEL for the whole app.
 */
export function createLogger(options: { level: LogLevel | `${LogLevel}`; name?: string; sink?: (line: string) => void }): Logger {
  const level = options.level as LogLevel;
  const name = options.name ?? 'slack-zoom-scheduler';
  const sink = options.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const write = (at: LogLevel, parts: unknown[]) => {
    if (ORDER[at] < ORDER[level]) return;
    sink(JSON.stringify({ time: new Date().toISOString(), level: at, name, ...currentRequestContext(), msg: redact(parts.map(format).join(' ')) }));
  };
  return {
    debug: (...msg: unknown[]) => write(LogLevel.DEBUG, msg),
    info: (...msg: unknown[]) => write(LogLevel.INFO, msg),
    warn: (...msg: unknown[]) => write(LogLevel.WARN, msg),
    error: (...msg: unknown[]) => write(LogLevel.ERROR, msg),
    setLevel: () => undefined,
    getLevel: () => level,
    setName: () => undefined,
  };
}
