/** Runs the webview's inline script against a tiny fake DOM: clicks become the right messages. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildReportView } from '../../../server/src/report/model';
import { renderReportHtml } from '../../../client/src/report/html';
import { analysisOf, globalEvent, memcgEvent } from './fixtures';

class FakeElement {
  hidden = false;
  innerHTML = '';
  classList = { toggle: () => undefined };
  constructor(public tag: string, public attrs: Record<string, string>, public parent?: FakeElement) {}
  getAttribute(n: string) { return this.attrs[n] ?? null; }
  hasAttribute(n: string) { return n in this.attrs; }
  setAttribute(n: string, v: string) { this.attrs[n] = v; }
  scrolled: unknown[] = [];
  scrollIntoView(o?: unknown) { this.scrolled.push(o); }
  private matches(sel: string): boolean {
    if (sel.startsWith('#')) return this.attrs.id === sel.slice(1);
    const attr = /^\[([\w-]+)\]$/.exec(sel);
    if (attr) return attr[1] in this.attrs;
    return this.tag === sel;
  }
  closest(sel: string): FakeElement | null {
    for (let e: FakeElement | undefined = this; e; e = e.parent) if (sel.split(',').some(s => e!.matches(s.trim()))) return e;
    return null;
  }
}

function boot(html: string) {
  const script = /<script nonce="n">([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(script, 'inline script present');
  const posted: any[] = [];
  const listeners: Record<string, (e: any) => void> = {};
  const boxes: Record<string, FakeElement> = {};
  for (const m of html.matchAll(/<section id="(ev-\d+)" class="detail"( data-loaded)?/g)) {
    boxes[m[1]] = new FakeElement('section', m[2] ? { id: m[1], 'data-loaded': '' } : { id: m[1] });
  }
  const document = {
    addEventListener: (t: string, f: any) => { listeners[t] = f; },
    getElementById: (id: string) => boxes[id] ?? null,
    querySelectorAll: () => [],
  };
  const window = { addEventListener: (t: string, f: any) => { listeners[`window:${t}`] = f; } };
  const api = () => ({ postMessage: (m: unknown) => posted.push(m) });
  new Function('acquireVsCodeApi', 'document', 'window', 'Element', script!)(api, document, window, FakeElement);
  return { posted, listeners, boxes };
}

const view = buildReportView(analysisOf(memcgEvent(0, 0), globalEvent(1, 30)), 'kern.log', 'u');

test('clicking a line link asks the editor to reveal that line', () => {
  const { posted, listeners } = boot(renderReportHtml(view, { nonce: 'n' }));
  listeners.click({ target: new FakeElement('a', { 'data-line': '18' }) });
  assert.deepEqual(posted, [{ type: 'reveal', line: 18 }]);
});

test('opening an event not rendered yet asks for its HTML, and the answer fills it', () => {
  const { posted, listeners, boxes } = boot(renderReportHtml(view, { nonce: 'n' }));
  const row = new FakeElement('tr', { 'data-event': '1' });
  listeners.click({ target: new FakeElement('td', {}, row) });
  assert.deepEqual(posted, [{ type: 'expand', index: 1 }]);
  assert.equal(boxes['ev-1'].hidden, false);
  listeners['window:message']({ data: { type: 'eventHtml', index: 1, html: '<p>details</p>' } });
  assert.equal(boxes['ev-1'].innerHTML, '<p>details</p>');
  assert.ok(boxes['ev-1'].hasAttribute('data-loaded'));
  posted.length = 0;
  listeners.click({ target: new FakeElement('td', {}, row) });
  assert.deepEqual(posted, [], 'loaded once');
});

test('timeline bars open the event and reveal it; export button asks for Markdown; Enter works like a click', () => {
  const { posted, listeners } = boot(renderReportHtml(view, { nonce: 'n' }));
  listeners.click({ target: new FakeElement('rect', { 'data-event': '1', 'data-line': '30' }) });
  assert.deepEqual(posted, [{ type: 'expand', index: 1 }, { type: 'reveal', line: 30 }]);
  posted.length = 0;
  listeners.click({ target: new FakeElement('button', { id: 'export' }) });
  assert.deepEqual(posted, [{ type: 'exportMarkdown' }]);
  posted.length = 0;
  listeners.keydown({ key: 'Enter', target: new FakeElement('g', { 'data-line': '13' }) });
  assert.deepEqual(posted, [{ type: 'reveal', line: 13 }]);
});

test('details that arrive after the click scroll the event the user asked for into view', () => {
  const { listeners, boxes } = boot(renderReportHtml(view, { nonce: 'n' }));
  listeners.click({ target: new FakeElement('td', {}, new FakeElement('tr', { 'data-event': '1' })) });
  const before = boxes['ev-1'].scrolled.length;
  listeners['window:message']({ data: { type: 'eventHtml', index: 1, html: '<p>details</p>' } });
  assert.deepEqual(boxes['ev-1'].scrolled.slice(before), [{ block: 'start' }]);
});

test('charts shrink to a narrow panel instead of being cut off', () => {
  assert.match(renderReportHtml(view, { nonce: 'n' }), /svg\.chart \{ max-width: 100%; height: auto; \}/);
});
