import type { Connection } from 'vscode-languageserver';

/** The error as the server log shows it (stack when there is one). */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}

/** Never let one bad document take the server down: a failing handler answers with its fallback. */
export function safeRunner(connection: Connection): <T>(fallback: T, fn: () => T) => T {
  return (fallback, fn) => {
    try {
      return fn();
    } catch (e) {
      connection.console.error(`oom-lens: ${errorText(e)}`);
      return fallback;
    }
  };
}
