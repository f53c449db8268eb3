/** The one size format (server/src/common/size.ts), and that every view uses it. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatBytes, formatKiB, formatKiBCompact } from '../../../server/src/common/size';
import { formatKiB as reportFormatKiB } from '../../../server/src/report/model';
import { formatKiB as oomFormatKiB } from '../../../server/src/oomlog/sizes';
import { formatKiB as sysctlFormatKiB } from '../../../server/src/sysctl/values';

const KIB: [kib: number | undefined, text: string, compact: string][] = [
  [0, '0 KiB', '0K'],
  [4, '4 KiB', '4K'],
  [512, '512 KiB', '512K'],
  [1023, '1023 KiB', '1023K'],
  [1024, '1 MiB', '1M'],
  [1536, '1.5 MiB', '1.5M'],
  [123456, '121 MiB', '121M'],
  [1048575, '1 GiB', '1G'], // 1023.999 MiB rounds up to the next unit, never "1024 MiB"
  [3 * 1024 * 1024, '3 GiB', '3G'],
  [7497728, '7.15 GiB', '7.15G'],
  [8912896, '8.5 GiB', '8.5G'],
  [2 * 1024 ** 3, '2 TiB', '2T'],
  [-1636, '-1.6 MiB', '-1.6M'],
  [undefined, '?', '?'],
  [NaN, '?', '?'],
];

test('formatKiB: three significant digits, binary units, no trailing zeros', () => {
  for (const [kib, text, compact] of KIB) {
    assert.equal(formatKiB(kib), text, `formatKiB(${kib})`);
    assert.equal(formatKiBCompact(kib as number), compact, `formatKiBCompact(${kib})`);
  }
});

test('formatBytes: bytes below 1 KiB, then as formatKiB', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(4239360), '4.04 MiB');
  assert.equal(formatBytes(undefined), '?');
});

test('the OOM views, the report and sysctl hovers share the one formatter', () => {
  assert.equal(reportFormatKiB, formatKiB);
  assert.equal(oomFormatKiB, formatKiB);
  assert.equal(sysctlFormatKiB, formatKiB);
});
