/** Which core handles a document: by language id, or by file name when the client sends an id we don't know. */
import type { LanguageService } from '../common/service';
import { oomLogService, sysctlService, unitService } from '../crossfile';
import { UNIT_TYPES } from '../unit/parse';
import { looksLikeOomLog } from '../oomlog/detect';

export type LanguageName = 'oom-log' | 'systemd-unit' | 'sysctl';

export const services: Record<LanguageName, LanguageService<any>> = {
  'oom-log': oomLogService,
  'systemd-unit': unitService,
  sysctl: sysctlService,
};

const UNIT_SUFFIXES = UNIT_TYPES.join('|');
export const UNIT_EXT = new RegExp(`\\.(${UNIT_SUFFIXES})$`);
export const UNIT_DROPIN = new RegExp(`(^|/)([^/]+\\.(${UNIT_SUFFIXES})|service|socket|mount|swap|slice|scope)\\.d/[^/]+\\.conf$`);
const SYSCTL = /(^|\/)(sysctl\.conf|sysctl\.d\/[^/]+\.conf)$/;
const LOG_NAME = /(^|\/)(kern\.log[^/]*|dmesg[^/]*|messages[^/]*|syslog[^/]*|[^/]+\.(dmesg|oom))$/;

/** Language of a file judged by its path alone (CLI, workspace scan, unknown language ids). */
export function languageOfPath(path: string): LanguageName | null {
  if (UNIT_EXT.test(path) || UNIT_DROPIN.test(path)) return 'systemd-unit';
  if (SYSCTL.test(path)) return 'sysctl';
  if (LOG_NAME.test(path)) return 'oom-log';
  return null;
}

/**
 * Language of an open document. Editors other than VS Code use their own ids
 * (Neovim: `systemd`, `sysctl`, `messages`); plain text and generic logs are analysed as
 * OOM logs when they contain an OOM report, so a pasted crash.log just works.
 */
export function languageOf(languageId: string, path: string, text: () => string): LanguageName | null {
  switch (languageId) {
    case 'oom-log': case 'dmesg': case 'messages': return 'oom-log';
    case 'systemd-unit': case 'systemd': return 'systemd-unit';
    case 'sysctl': return 'sysctl';
    case 'log': case 'plaintext': case 'text': case '':
      return looksLikeOomLog(text()) ? 'oom-log' : null;
    default: {
      const byPath = languageOfPath(path);
      if (byPath) return byPath;
      return null;
    }
  }
}
