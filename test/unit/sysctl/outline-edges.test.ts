import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings, emptyWorkspace, type DocumentContext } from '../../../server/src/common/service';
import { sysctlService } from '../../../server/src/crossfile';

test('outline names are never blank, even for keys made of whitespace or dots', () => {
  const ctx: DocumentContext = { uri: 'file:///x/sysctl.d/a.conf', path: '/x/sysctl.d/a.conf', settings: defaultSettings, workspace: emptyWorkspace };
  const text = '..........\t.ocating_task = 1\n\t.vm = 1\nvm.swappiness = 10\n';
  const walk = (xs: any[]): string[] => xs.flatMap(s => [s.name, ...walk(s.children ?? [])]);
  const names = walk(sysctlService.symbols(sysctlService.analyze(text, ctx)));
  assert.ok(names.length >= 3);
  for (const n of names) assert.ok(n.trim().length > 0, `blank symbol name ${JSON.stringify(n)}`);
});
