/**
 * Process names and log text come from other people's programs: a name can hold escape sequences
 * that would move the cursor or recolour a terminal. Human-readable output shows C0 and C1
 * control characters (and DEL) as `\xNN` instead; JSON output escapes them by itself.
 */
export function escapeControl(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
