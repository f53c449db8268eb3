/**
 * The editor applies the same severities as `oom-lens lint`: `.oom-lens.json` next to (or above) a
 * document, and the `oomLens` section in initializationOptions / workspace/configuration, in every
 * spelling the README names.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { startServer } from '../helpers/lspClient';

const UNIT = '[Service]\nExecStart=/bin/true\nMemoryMax=1g\nOOMScoreAdjust=-1000\nMemoryLimit=1G\n';
const codes = (d: any[]) => d.map(x => `${x.code}:${x.severity}`).sort();

test('.oom-lens.json above a document sets its rule severities and systemd version in the editor', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-edcfg-'));
  fs.writeFileSync(path.join(dir, '.oom-lens.json'), JSON.stringify({ systemd: { version: 252 }, lint: { rules: { SDU042: 'off', SDU020: 'hint' } } }));
  fs.mkdirSync(path.join(dir, 'units'));
  const server = await startServer({ rootUri: pathToFileURL(dir).href });
  try {
    const uri = pathToFileURL(path.join(dir, 'units', 'a.service')).href;
    server.open(uri, 'systemd-unit', UNIT);
    const d = await server.waitForDiagnostics(uri, x => x.length > 0);
    assert.ok(!d.some(x => x.code === 'SDU042'), JSON.stringify(codes(d)));
    assert.equal(d.find(x => x.code === 'SDU020')?.severity, 4, 'hint');
    assert.equal(d.find(x => x.code === 'SDU009')?.severity, 2, 'systemd 252 from the file: MemoryLimit= deprecated (warning), not ignored');
    const elsewhere = 'file:///tmp/oom-lens-no-config-here/b.service';
    server.open(elsewhere, 'systemd-unit', UNIT);
    const e = await server.waitForDiagnostics(elsewhere, x => x.length > 0);
    assert.equal(e.find(x => x.code === 'SDU042')?.severity, 2);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('initializationOptions and workspace/configuration accept the oomLens section', async () => {
  for (const opts of [
    { initializationOptions: { oomLens: { lint: { rules: { SDU042: 'error' } } } } },
    { initializationOptions: { 'lint.rules': { SDU042: 'error' } } },
    { configuration: { lint: { rules: { SDU042: 'error' } }, systemd: { version: 258 } } },
  ]) {
    const server = await startServer(opts);
    try {
      const uri = 'file:///tmp/oom-lens-no-config-here/c.service';
      server.open(uri, 'systemd-unit', UNIT);
      const d = await server.waitForDiagnostics(uri, x => x.some(y => y.code === 'SDU042' && y.severity === 1), 5000);
      assert.equal(d.find(x => x.code === 'SDU042')?.severity, 1, JSON.stringify(opts));
    } finally {
      await server.stop();
    }
  }
});
