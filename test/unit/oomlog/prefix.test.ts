import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { PrefixScan, prefixTimestamp, scanPrefix, stripPrefix } from '../../../server/src/oomlog/prefix';

/** Every wrapper of spec §3 and their combinations: where the message starts and the timestamp it carries. */
const CASES: [string, unknown][] = [
  ["[  536.583734] java invoked oom-killer: gfp_mask=0x0", {"offset":15,"foreign":false,"wrapped":true,"timestamp":{"raw":"[  536.583734]","monotonicSec":536.583734}}],
  ["<4>[  536.583734] java invoked oom-killer:", {"offset":18,"foreign":false,"wrapped":true,"timestamp":{"raw":"[  536.583734]","monotonicSec":536.583734}}],
  ["[Thu Dec  7 00:05:15 2017] [28438]     0 28438  5063909   119961 java", {"offset":27,"foreign":false,"wrapped":true,"timestamp":{"raw":"[Thu Dec  7 00:05:15 2017]","wall":"Thu Dec  7 00:05:15 2017"}}],
  ["Jul  9 00:15:25 db-primary kernel: [  536.583734] Mem-Info:", {"offset":50,"foreign":false,"wrapped":true,"timestamp":{"raw":"Jul  9 00:15:25 [  536.583734]","wall":"Jul  9 00:15:25","monotonicSec":536.583734}}],
  ["Jan 18 11:07:10.123456 host kernel[0]: Out of memory: Killed process 1 (x)", {"offset":39,"foreign":false,"wrapped":true,"timestamp":{"raw":"Jan 18 11:07:10.123456","wall":"Jan 18 11:07:10.123456"}}],
  ["Jun 13 23:04:43 host dockerd[9931]: time=\"x\"", {"offset":0,"foreign":true,"wrapped":true,"timestamp":{"raw":"Jun 13 23:04:43","wall":"Jun 13 23:04:43"}}],
  ["Jun 13 23:04:43 host kernel: [ 1234.567890] host kernel: [ 1234.567890] Tasks state (memory values in pages):", {"offset":72,"foreign":false,"wrapped":true,"timestamp":{"raw":"Jun 13 23:04:43 [ 1234.567890]","wall":"Jun 13 23:04:43","monotonicSec":1234.56789}}],
  ["Wed 2023-01-18 11:07:10 CET host kernel: Mem-Info:", {"offset":41,"foreign":false,"wrapped":true,"timestamp":{"raw":"Wed 2023-01-18 11:07:10 CET","wall":"Wed 2023-01-18 11:07:10 CET"}}],
  ["2020-05-08T14:05:27.123456+08:00 host kernel: Mem-Info:", {"offset":46,"foreign":false,"wrapped":true,"timestamp":{"raw":"2020-05-08T14:05:27.123456+08:00","wall":"2020-05-08T14:05:27.123456+08:00","iso":"2020-05-08T14:05:27.123456+08:00"}}],
  ["2020-05-08T14:05:27,123456+08:00 Hardware name: QEMU", {"offset":33,"foreign":false,"wrapped":true,"timestamp":{"raw":"2020-05-08T14:05:27,123456+08:00","wall":"2020-05-08T14:05:27,123456+08:00","iso":"2020-05-08T14:05:27,123456+08:00"}}],
  ["2020-05-08T14:05:27+0800 host systemd[1]: Started", {"offset":0,"foreign":true,"wrapped":true,"timestamp":{"raw":"2020-05-08T14:05:27+0800","wall":"2020-05-08T14:05:27+0800"}}],
  ["1674036430.123456 host kernel: Mem-Info:", {"offset":31,"foreign":false,"wrapped":true,"timestamp":{"raw":"1674036430.123456","wall":"1674036430.123456"}}],
  ["[ 1234.567890] host kernel: Mem-Info:", {"offset":28,"foreign":false,"wrapped":true,"timestamp":{"raw":"[ 1234.567890]","monotonicSec":1234.56789}}],
  ["172.16.1.110: kern: warning: [2024-07-16T19:11:36.10466434Z]: [  12.5] Mem-Info:", {"offset":71,"foreign":false,"wrapped":true,"timestamp":{"raw":"2024-07-16T19:11:36.10466434Z [  12.5]","wall":"2024-07-16T19:11:36.10466434Z","iso":"2024-07-16T19:11:36.10466434Z","monotonicSec":12.5}}],
  ["2023-12-04T10:49:30.103Z In(05) vcpu-5 - Guest: <6>[  12.500000] Mem-Info:", {"offset":65,"foreign":false,"wrapped":true,"timestamp":{"raw":"2023-12-04T10:49:30.103Z [  12.500000]","wall":"2023-12-04T10:49:30.103Z","iso":"2023-12-04T10:49:30.103Z","monotonicSec":12.5}}],
  ["6,30574067,3816544225424,-;Mem-Info:", {"offset":27,"foreign":false,"wrapped":true,"timestamp":{"raw":"3816544225424","monotonicSec":3816544.225424}}],
  ["6,30574067,3816544225424,-,caller=T123;[  12.5] Mem-Info:", {"offset":48,"foreign":false,"wrapped":true,"timestamp":{"raw":"3816544225424","monotonicSec":3816544.225424}}],
  ["kern  :warn  : [Thu Dec  7 00:05:15 2017] Mem-Info:", {"offset":42,"foreign":false,"wrapped":true,"timestamp":{"raw":"[Thu Dec  7 00:05:15 2017]","wall":"Thu Dec  7 00:05:15 2017"}}],
  ["kernel: [  T1234] Mem-Info:", {"offset":18,"foreign":false,"wrapped":true}],
  ["> > [  12.500000] [    C3] Mem-Info:", {"offset":27,"foreign":false,"wrapped":true,"timestamp":{"raw":"[  12.500000]","monotonicSec":12.5}}],
  ["> ", {"offset":0,"foreign":false,"wrapped":false}],
  ["Jul  9 00:15:25 not-a-tag-here", {"offset":0,"foreign":false,"wrapped":false}],
  // pasted-text frames (indentation, line numbers, backticks), RFC 5424, dmesg -d/-e, journalctl short-delta;
  // kernel lines that merely start like a frame keep their text
  ["<4>1 2024-05-01T10:00:00.123Z db-primary kernel - - - Mem-Info:", {"offset":54,"foreign":false,"wrapped":true,"timestamp":{"raw":"2024-05-01T10:00:00.123Z","wall":"2024-05-01T10:00:00.123Z","iso":"2024-05-01T10:00:00.123Z"}}],
  ["<30>1 2024-05-01T10:00:00.123Z db-primary dockerd 9931 - - time=\"x\"", {"offset":0,"foreign":true,"wrapped":true,"timestamp":{"raw":"2024-05-01T10:00:00.123Z","wall":"2024-05-01T10:00:00.123Z"}}],
  ["<4>1 - db-primary kernel - - [meta sequenceId=\"7\"] Mem-Info:", {"offset":51,"foreign":false,"wrapped":true}],
  ["    [ 1234.500000] Mem-Info:", {"offset":19,"foreign":false,"wrapped":true,"timestamp":{"raw":"[ 1234.500000]","monotonicSec":1234.5}}],
  ["    12345 total pagecache pages", {"offset":0,"foreign":false,"wrapped":false}],
  ["131072 pages RAM", {"offset":0,"foreign":false,"wrapped":false}],
  ["9980: 00000000 c0b1c2d3", {"offset":0,"foreign":false,"wrapped":false}],
  ["  12 | [  536.583722] Mem-Info:", {"offset":22,"foreign":false,"wrapped":true,"timestamp":{"raw":"[  536.583722]","monotonicSec":536.583722}}],
  ["     3\tMem-Info:", {"offset":7,"foreign":false,"wrapped":true}],
  ["1200:Jul  9 00:15:25 db-primary kernel: Mem-Info:", {"offset":40,"foreign":false,"wrapped":true,"timestamp":{"raw":"Jul  9 00:15:25","wall":"Jul  9 00:15:25"}}],
  ["`[ 1234.500000] Mem-Info:`", {"offset":16,"foreign":false,"wrapped":true,"timestamp":{"raw":"[ 1234.500000]","monotonicSec":1234.5}}],
  ["[ 1234.567890 <    0.000123>] host kernel: Mem-Info:", {"offset":43,"foreign":false,"wrapped":true,"timestamp":{"raw":"[ 1234.567890 <    0.000123>]","monotonicSec":1234.56789}}],
  ["[  +0.000123] Mem-Info:", {"offset":14,"foreign":false,"wrapped":true}],
  ["[May14 10:00] Mem-Info:", {"offset":14,"foreign":false,"wrapped":true}],
  ["      7 [  536.583722] Mem-Info:", {"offset":23,"foreign":false,"wrapped":true,"timestamp":{"raw":"[  536.583722]","monotonicSec":536.583722}}],
  ["  active_anon:1 inactive_anon:2", {"offset":0,"foreign":false,"wrapped":false}],
  ["kern.log:12:[  536.583722] Mem-Info:", {"offset":27,"foreign":false,"wrapped":true,"timestamp":{"raw":"[  536.583722]","monotonicSec":536.583722}}],
  ["\t<4>[  536.583722] Mem-Info:", {"offset":19,"foreign":false,"wrapped":true,"timestamp":{"raw":"[  536.583722]","monotonicSec":536.583722}}],
];

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

test('stripPrefix: message column and timestamp of each wrapper', () => {
  for (const [line, want] of CASES) assert.deepEqual(plain(stripPrefix(line)), want, line);
});

test('scanPrefix reused from line to line keeps nothing of the line before', () => {
  // a line with a timestamp next to one without, in both orders, through one scan object
  const scan = new PrefixScan();
  for (const order of [CASES, [...CASES].reverse()]) {
    for (const [line, want] of order) {
      const p = scanPrefix(line, scan);
      assert.deepEqual(plain({ offset: p.offset, foreign: p.foreign, wrapped: p.wrapped, timestamp: prefixTimestamp(p) }), want, line);
    }
  }
});

test('only the first 256 characters are read: a wrapper that runs past them is not one', () => {
  // 200 characters of quoting, then a syslog header whose `host kernel: ` ends at column 285
  const quoted = `${'> '.repeat(100)}Jul  9 00:15:25 ${'h'.repeat(60)} kernel: Mem-Info:`;
  assert.deepEqual(plain(stripPrefix(quoted)), { offset: 200, foreign: false, wrapped: true });
  assert.equal(stripPrefix(quoted.slice(150)).offset, 135);
  assert.equal(stripPrefix(`[  12.500000] ${'x'.repeat(1 << 20)}`).offset, 14);
});
