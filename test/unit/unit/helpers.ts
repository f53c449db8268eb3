import { defaultSettings, emptyWorkspace, type DocumentContext } from '../../../server/src/common/service';
import type { Finding } from '../../../server/src/common/types';
import { unitService } from '../../../server/src/crossfile';

export function ctxFor(file = 'x.service', version = 258): DocumentContext {
  const path = file.startsWith('/') ? file : '/etc/systemd/system/' + file;
  return { uri: 'file://' + path, path, settings: { ...defaultSettings, systemdVersion: version }, workspace: emptyWorkspace };
}

export function lint(text: string, file = 'x.service', version = 258): Finding[] {
  const ctx = ctxFor(file, version);
  return unitService.diagnostics(unitService.analyze(text, ctx), ctx);
}

/** A finding's whole text: the one-sentence message and the detail after it (common/rules.ts splitMessage). */
export function full(f: Finding): string {
  return f.detail ? `${f.message} ${f.detail}` : f.message;
}
