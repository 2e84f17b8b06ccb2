// Who started each network request, as the browser itself records it, so the closing check
// ("no request leaves the extension") is decided by the request's starter, never by a list of
// hosts the browser may call.
//
// Each record: { url, host, startedBy } where host is written as the test proxy records a
// CONNECT (host:port for https and wss) and startedBy is one of
//   'browser'    the browser itself (no initiator: its own services, typed navigations)
//   'preconnect' a connection opened ahead of any request, with no request behind it
//   'extension'  one of the extension's documents or workers, or its content scripts
//   'page'       a web page (its origin, or 'page' when Firefox gives a content principal)

import { readFileSync } from 'node:fs';

export function proxyHostOf(url) {
  const u = new URL(url);
  return u.protocol === 'https:' || u.protocol === 'wss:' ? `${u.hostname}:${u.port || 443}` : u.host;
}

const isNetwork = (url) => /^(https?|wss?):/.test(url);

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
 * Chromium's NetLog (--log-net-log): every URL request with its initiator (the origin that
 * started it; none for the browser's own), and every preconnect. Event names are looked up
 * in the log's own constants, so a renumbering between versions does not matter.
 */
export function chromiumRequestStarters(file) {
  const log = parse(file);
  const types = log.constants.logEventTypes;
  const records = [];
  for (const e of log.events) {
    const url = e.params?.url;
    if (!url || !isNetwork(url)) continue;
    if (e.type === types.URL_REQUEST_START_JOB) {
      const initiator = e.params.initiator ?? null;
      let startedBy;
      if (initiator === null || initiator === 'not an origin' || /^chrome(-untrusted)?:/.test(initiator)) startedBy = 'browser';
      else if (/^chrome-extension:/.test(initiator)) startedBy = 'extension';
      else startedBy = 'page';
      records.push({ url, host: proxyHostOf(url), startedBy, initiator });
    } else if (e.type === types.HTTP_STREAM_JOB_CONTROLLER && e.params.is_preconnect === true) {
      records.push({ url, host: proxyHostOf(url), startedBy: 'preconnect', initiator: null });
    }
  }
  return records;
}

/**
 * Firefox: a script for WebDriver's chrome context that records, from now on, every HTTP
 * request's triggering principal (who caused the load: the system, an extension's page or
 * worker, a content script's expanded principal, or a page). Run it before the extension is
 * installed; read the record with FIREFOX_READ_RECORD.
 */
export const FIREFOX_START_RECORD = `
  const records = [];
  const describe = (p) => {
    if (!p || p.isSystemPrincipal) return 'browser';
    if (p.addonId) return 'extension';
    if (p.isExpandedPrincipal) {
      const list = p.QueryInterface(Ci.nsIExpandedPrincipal).allowlist ?? [];
      return list.some((q) => q.addonId) ? 'extension' : 'page';
    }
    return 'page';
  };
  const observer = {
    observe(subject) {
      try {
        const channel = subject.QueryInterface(Ci.nsIHttpChannel);
        const url = channel.URI.spec;
        const loadInfo = channel.loadInfo;
        records.push({ url, startedBy: describe(loadInfo?.triggeringPrincipal), at: Date.now() });
      } catch (e) {
        records.push({ url: String(subject?.URI?.spec ?? ''), startedBy: 'unknown', error: String(e) });
      }
    },
  };
  Services.obs.addObserver(observer, 'http-on-opening-request');
  window.untickE2eRequestRecord = records;
  return true;`;

export const FIREFOX_READ_RECORD = `return window.untickE2eRequestRecord ?? null;`;

/** The Firefox record as starters, like chromiumRequestStarters' records. */
export function firefoxRequestStarters(records) {
  return records.filter((r) => isNetwork(r.url)).map((r) => ({ ...r, host: proxyHostOf(r.url) }));
}
