/**
 * gluable (server/src/oomlog/rewrap.ts) rules a line out when it holds none of GLUE_NEEDLES, so
 * every mark of a line that can be glued must hold one of them.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { GLUABLE, GLUE_NEEDLES, gluable } from '../../../server/src/oomlog/rewrap';

test('every gluable mark contains one of the needles gluable searches for first', () => {
  for (const g of GLUABLE) assert.ok(GLUE_NEEDLES.some(n => g.mark.includes(n)), g.mark);
});

test('gluable finds each mark, and nothing in a line without one', () => {
  for (const g of GLUABLE) assert.equal(gluable(`x${g.mark}1`), g, g.mark);
  assert.equal(gluable('nf_conntrack: table full, dropping packet (42909) Memory killer'), undefined);
});
