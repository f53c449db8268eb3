/** `oom-lens lint DIR` does not follow links out of the directories it was given. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../server/src/cli/main';

function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = main(argv, { stdout: s => { out += s; }, stderr: s => { err += s; }, readStdin: () => '' });
  return { code, out, err };
}

test('lint DIR: a unit-named link to a file outside the tree is skipped (and said); links inside are linted', { skip: process.platform === 'win32' }, () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-lens-links-'));
  try {
    const secret = path.join(base, 'credentials');
    fs.writeFileSync(secret, '[leakedsection]\nleakedkey=SECRETVALUE\n');
    const tree = path.join(base, 'repo');
    fs.mkdirSync(path.join(tree, 'units'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'units', 'real.service'), '[Service]\nMemoryLimit=1G\n');
    fs.symlinkSync(secret, path.join(tree, 'units', 'leak.service'));
    fs.symlinkSync(path.join(tree, 'units', 'real.service'), path.join(tree, 'units', 'alias.service'));
    fs.symlinkSync('/etc/passwd', path.join(tree, 'sysctl.conf'));
    fs.symlinkSync(path.join(base, 'nowhere'), path.join(tree, 'dangling.service'));
    for (const format of ['text', 'json', 'sarif']) {
      const r = run(['lint', '--format', format, tree]);
      assert.doesNotMatch(r.out + r.err, /leaked|SECRETVALUE|root:/, `${format}: nothing of the outside files`);
      assert.match(r.err, /leak\.service: a link to a file outside .*skipped/);
      assert.match(r.err, /sysctl\.conf: a link to a file outside/);
      assert.match(r.err, /dangling\.service: a link/);
      assert.match(r.out, /alias\.service/, 'a link inside the tree is linted');
      assert.match(r.out, /real\.service/);
    }
    // the outside directory given as a root too: then its file may be linked
    const withRoot = run(['lint', tree, base]);
    assert.doesNotMatch(withRoot.err, /leak\.service: a link/);
  } finally { fs.rmSync(base, { recursive: true, force: true }); }
});
