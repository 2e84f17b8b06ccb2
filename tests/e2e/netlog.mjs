// Reads Chromium's NetLog (--log-net-log), which records who started each request: the
// browser itself, a page origin or an extension. Used to tell the browser's own background
// requests from anything the extension starts.

import { readFileSync } from 'node:fs';

function parse(file) {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    // A log cut short (browser killed) lacks its closing brackets.
    return JSON.parse(text.replace(/,?\s*$/, '') + ']}');
  }
}

/**
 * { leaks: network requests the extension started or that no page explains,
 *   browserOwnHosts: hosts (host:port as the proxy records CONNECTs) that only the
 *   browser itself contacted }
 */
export function chromiumNetLogLeaks(file) {
  const log = parse(file);
  const startJob = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  const requests = log.events
    .filter((e) => e.type === startJob && e.params?.url)
    .map((e) => ({ url: e.params.url, initiator: e.params.initiator ?? null }));
  const network = requests.filter((r) => /^(https?|wss?):/.test(r.url));
  const byExtension = (r) => /^chrome-extension:/.test(r.initiator ?? '');
  const browserItself = (r) => r.initiator === null || r.initiator === 'not an origin' || /^chrome:/.test(r.initiator);
  const leaks = network.filter(byExtension);
  // A host counts as the browser's own only if every request to it was the browser's own.
  const hosts = new Map();
  for (const r of network) {
    const u = new URL(r.url);
    const key = u.protocol === 'https:' || u.protocol === 'wss:' ? `${u.hostname}:${u.port || 443}` : u.host;
    hosts.set(key, (hosts.get(key) ?? true) && browserItself(r) && !byExtension(r));
  }
  const browserOwnHosts = new Set([...hosts].filter(([, own]) => own).map(([h]) => h));
  return { leaks, browserOwnHosts, requests: network };
}
