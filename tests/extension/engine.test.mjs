// The background's engine wrapper (extension/engine.js), with the real WebAssembly module
// as built in dist/: it answers, and after a trap it carries on with a fresh instance.
// Run by `make test` (node --test tests/extension/), after `make extension`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const DIST = resolve(process.env.UNTICK_DIST ?? join(import.meta.dirname, '..', '..', 'dist'), 'chrome');
const { createEngine } = await import(pathToFileURL(join(DIST, 'engine.js')));
const initGlue = (await import(pathToFileURL(join(DIST, 'wasm', 'untick.js')))).default;
const moduleBytes = readFileSync(join(DIST, 'wasm', 'untick_bg.wasm'));

const PAGE = JSON.stringify([
  [-1, 'html', []],
  [0, 'body', []],
  [1, 'label', []],
  [2, 'input', ['type', 'checkbox', 'checked', '']],
  [2, '#text', 'Allow my employment support provider to see my job search activity'],
]);
const URL = 'https://www.myworksearch.co.uk/register';

const findings = (report) => report.findings.map((finding) => finding.label);

test('a trapped engine is replaced, and the next page is audited as before', async () => {
  const engine = createEngine(moduleBytes);
  assert.ok((await engine.call('warm_up')) >= 3, 'the warm-up form reaches the findings code');
  const before = await engine.call('audit_snapshot', PAGE, URL, false);
  assert.equal(before.findings.length, 1, `findings: ${findings(before)}`);

  // Break the running instance as a bug would: wipe its memory, so the next call traps.
  const exports = await initGlue({ module_or_path: moduleBytes });
  new Uint8Array(exports.memory.buffer).fill(0xff);
  await assert.rejects(engine.call('audit_snapshot', PAGE, URL, false), /the engine stopped .* has restarted/);

  const after = await engine.call('audit_snapshot', PAGE, URL, false);
  assert.deepEqual(findings(after), findings(before));
  assert.match(await engine.call('render_letter', before.findings[0].letter, {}, {}), /Dear/);
});

test('an error the engine returns on purpose leaves the instance alone', async () => {
  const engine = createEngine(moduleBytes);
  await assert.rejects(engine.call('audit_snapshot', 'not json', URL, false), (error) => {
    assert.doesNotMatch(error.message, /restarted/);
    return true;
  });
  const report = await engine.call('audit_snapshot', PAGE, URL, false);
  assert.equal(report.findings.length, 1);
});

// The content script sends at most MAX_SNAPSHOT_NODES + 1 nodes: as many as the engine
// reads, and one more by which it knows the page was cut short (issue 16). Read from the
// content script as built, so the two cannot drift apart.
test("the content script's snapshot bound is the engine's, so a cut-off page says so", async () => {
  const content = readFileSync(join(DIST, 'content.js'), 'utf8');
  const bound = Number(content.match(/const MAX_SNAPSHOT_NODES = ([\d_]+);/)?.[1].replaceAll('_', ''));
  assert.ok(bound > 0, 'content.js declares MAX_SNAPSHOT_NODES');
  const engine = createEngine(moduleBytes);
  const page = (count) => {
    const nodes = JSON.parse(PAGE);
    while (nodes.length < count) nodes.push([1, '#text', 'x']);
    return JSON.stringify(nodes);
  };
  const whole = await engine.call('audit_snapshot', page(bound), URL, false);
  assert.equal(whole.checked_in_part, undefined, 'a snapshot of exactly the bound is the whole page');
  const cut = await engine.call('audit_snapshot', page(bound + 1), URL, false);
  assert.equal(cut.checked_in_part, true, 'one node more is a page checked in part');
  assert.deepEqual(findings(cut), findings(whole), 'and its first part is still checked');
});

// Issue 16: the background audited requests in the order they came, so one page's huge
// snapshots held up every other tab's audit. Requests waiting together go smallest first.
test("a small page's audit does not wait behind a big page's", async () => {
  const engine = createEngine(moduleBytes);
  await engine.ready();
  const big = JSON.parse(PAGE);
  for (let i = 0; i < 40_000; i++) {
    big.push([1, 'p', []], [big.length, '#text', 'Your adviser can see everything you do on this site. ']);
  }
  const order = [];
  const asked = [
    engine.audit(JSON.stringify(big), URL, false).then(() => order.push('big')),
    engine.audit(JSON.stringify(big), URL, false).then(() => order.push('big')),
    engine.audit(PAGE, URL, false).then(({ report }) => order.push(`small: ${report.findings.length}`)),
  ];
  await Promise.all(asked);
  assert.deepEqual(order, ['small: 1', 'big', 'big']);
});
