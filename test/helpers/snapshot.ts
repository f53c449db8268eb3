/**
 * Snapshot comparison for whole outputs (hover Markdown, reports): the expected text lives in
 * test/fixtures/snapshots/<name>, read by a person before it is committed. `UPDATE_SNAPSHOTS=1`
 * writes the current output instead of comparing (then review the diff of the fixtures).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'snapshots');

export function matchSnapshot(name: string, actual: string): void {
  const file = path.join(DIR, name);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `no snapshot ${path.relative(process.cwd(), file)}: run the test with UPDATE_SNAPSHOTS=1, then read what it wrote`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it; review the diff)`);
}
