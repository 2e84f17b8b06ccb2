// Untick's content script: snapshots the page with each control's state, asks the
// background (where the engine runs) what it finds, and draws what comes back.
// It decides nothing: what is a warning, its words and how to switch it off come
// from the engine. Plain JavaScript, no build step.
"use strict";

(() => {
  if (globalThis.untickContent) {
    // Injected again ("Check this page" on a page already checked): just look again.
    globalThis.untickContent.checkNow();
    return;
  }
  const api = globalThis.browser ?? globalThis.chrome;

  // Elements that carry an on/off state the engine reads.
  const STATEFUL =
    'input[type="checkbox" i], input[type="radio" i], option, [role="switch"], [role="checkbox"], [role="radio"], [aria-checked]';
  const DEBOUNCE_MS = 150;
  const RETICK_POLL_MS = 250;

  const defaults = new WeakMap(); // element -> on/off when first seen: its default
  const userStates = new WeakMap(); // element -> on/off the person last set
  const userTurnedOff = new Set(); // elements the person switched off (watched for re-ticking)
  let entries = new Map(); // flagged element -> { finding, target, warning }
  let mode = "page"; // "page": warnings in the page; "badge": badge and popup only
  let site = { host: location.hostname, known: null };
  const letterTexts = new Map(); // letter id -> rendered text for this page's findings
  const startedAt = performance.now();
  let firstPaintMeasured = false;

  // ---- state of controls -------------------------------------------------------------

  function isOn(node) {
    const tag = node.localName;
    if (tag === "input") return node.checked;
    if (tag === "option") return node.selected;
    return node.getAttribute("aria-checked") === "true";
  }

  function controlsIn(root) {
    const found = root.matches(STATEFUL) ? [root] : [];
    return found.concat(Array.from(root.querySelectorAll(STATEFUL)));
  }

  function rememberDefaults(root) {
    for (const node of controlsIn(root)) {
      if (!defaults.has(node)) defaults.set(node, isOn(node));
    }
  }

  // The elements whose state one user action sets together: a radio group, a select's options.
  function stateGroup(node) {
    if (node.localName === "input" && node.type.toLowerCase() === "radio" && node.name) {
      const scope = node.form ?? node.getRootNode();
      return Array.from(scope.querySelectorAll('input[type="radio" i]')).filter(
        (radio) => radio.name === node.name,
      );
    }
    if (node.localName === "option") {
      const select = node.closest("select");
      return select ? Array.from(select.options) : [node];
    }
    if (node.localName === "select") return Array.from(node.options);
    return [node];
  }

  function recordUserState(node) {
    for (const member of stateGroup(node)) {
      if (!defaults.has(member)) continue;
      const on = isOn(member);
      userStates.set(member, on);
      if (on) userTurnedOff.delete(member);
      else userTurnedOff.add(member);
    }
    updateRetickWatch();
  }

  // ---- snapshot ----------------------------------------------------------------------

  // A copy of `root` in an inert document (no scripts, no loads, no custom elements),
  // with each control's default written into the standard attributes and its live and
  // user-set state into data-untick-now / data-untick-user. Also returns the map from
  // copied elements back to the live ones.
  function snapshot(root) {
    rememberDefaults(root);
    const inert = document.implementation.createHTMLDocument("");
    const copy = inert.importNode(root, true);
    const liveAll = [root, ...root.querySelectorAll("*")];
    const copyAll = [copy, ...copy.querySelectorAll("*")];
    const toLive = new Map();
    const count = Math.min(liveAll.length, copyAll.length);
    for (let i = 0; i < count; i += 1) toLive.set(copyAll[i], liveAll[i]);

    // Only Untick writes these; a page must not be able to pretend the person acted.
    for (const node of copy.querySelectorAll("[data-untick-now], [data-untick-user]")) {
      node.removeAttribute("data-untick-now");
      node.removeAttribute("data-untick-user");
    }
    for (let i = 0; i < count; i += 1) {
      const live = liveAll[i];
      if (!defaults.has(live)) continue;
      const node = copyAll[i];
      const first = defaults.get(live);
      const now = isOn(live);
      writeDefault(node, first);
      if (now !== first) node.setAttribute("data-untick-now", now ? "on" : "off");
      if (userStates.has(live)) {
        node.setAttribute("data-untick-user", userStates.get(live) ? "on" : "off");
      }
    }
    for (const warning of copy.querySelectorAll("untick-warning")) warning.remove();
    for (const node of copy.querySelectorAll("script, style")) node.textContent = "";

    let html;
    let scope;
    if (root === document.documentElement) {
      inert.replaceChild(copy, inert.documentElement);
      html = `<!DOCTYPE html>\n${copy.outerHTML}`;
      scope = inert;
    } else {
      scope = inert.createElement("div");
      scope.append(copy);
      html = copy.outerHTML;
    }
    return { html, scope, toLive };
  }

  function writeDefault(node, on) {
    const tag = node.localName;
    if (tag === "input") node.toggleAttribute("checked", on);
    else if (tag === "option") node.toggleAttribute("selected", on);
    else if (["true", "false"].includes(node.getAttribute("aria-checked") ?? "false")) {
      node.setAttribute("aria-checked", on ? "true" : "false");
    }
  }

  // Finds the live element an engine selector names, through the snapshot it was made from.
  function resolve(selector, snap, liveRoot) {
    if (!selector) return null;
    try {
      const copied = snap.scope.querySelector(selector);
      const live = copied ? snap.toLive.get(copied) : null;
      if (live && live.isConnected) return live;
      // Parsing the snapshot can differ from the live tree; try the live page as it is.
      const base = liveRoot === document.documentElement ? document : liveRoot.parentElement;
      return base ? base.querySelector(selector) : null;
    } catch (_) {
      return null;
    }
  }

  // ---- talking to the background ------------------------------------------------------

  async function ask(message) {
    const reply = await api.runtime.sendMessage(message);
    if (!reply || !reply.ok) throw new Error(reply ? reply.error : "no reply from Untick");
    return reply;
  }

  async function auditRoot(root) {
    const fragment = root !== document.documentElement;
    const snap = snapshot(root);
    const { report } = await ask({
      kind: "audit",
      html: snap.html,
      url: location.href,
      fragment,
    });
    site = report.site;
    const found = new Map();
    const unplaced = [];
    for (const finding of report.findings) {
      const element = resolve(finding.selector, snap, root);
      if (!element) {
        unplaced.push(finding);
        continue;
      }
      const target = finding.switch_off ? resolve(finding.switch_off.selector, snap, root) : null;
      found.set(element, { finding, target });
    }
    return { found, unplaced };
  }

  // ---- drawing ---------------------------------------------------------------------

  function anchorFor(element) {
    const control = element.localName === "option" ? element.closest("select") ?? element : element;
    return control.closest("label") ?? control;
  }

  const warningActions = {
    letterText: (finding) => letterTexts.get(finding.letter) ?? null,
    fetchLetter: async (finding) => {
      await refreshLetters();
      const text = letterTexts.get(finding.letter);
      if (text === undefined) throw new Error("letter unavailable");
      return text;
    },
    untick: (finding) => switchOff(finding),
  };

  function draw(element, entry) {
    if (mode !== "page") return;
    if (entry.warning) {
      entry.warning.update(entry.finding);
      if (!entry.warning.host.isConnected) anchorFor(element).after(entry.warning.host);
      return;
    }
    entry.warning = globalThis.untickWarning.createWarning(entry.finding, warningActions);
    ownHosts.add(entry.warning.host);
    anchorFor(element).after(entry.warning.host);
  }

  function undraw(entry) {
    if (!entry.warning) return;
    ownHosts.delete(entry.warning.host);
    entry.warning.host.remove();
    entry.warning = null;
  }

  // Findings the page no longer shows where the engine saw them (the page changed between
  // snapshot and answer): not drawn, but still counted and listed in the popup.
  let unplacedFindings = new Map(); // stable key -> finding

  function unplacedKey(finding) {
    return JSON.stringify([finding.category, finding.selector, finding.label, finding.headline]);
  }

  // Replaces the findings inside `root` (the whole page, or a new part of it) with the result.
  function apply(root, { found, unplaced }) {
    const whole = root === document.documentElement;
    if (whole) unplacedFindings = new Map();
    for (const finding of unplaced) unplacedFindings.set(unplacedKey(finding), finding);
    const next = new Map();
    for (const [element, entry] of entries) {
      const inside = whole || root.contains(element);
      if (!element.isConnected || (inside && !found.has(element))) undraw(entry);
      else next.set(element, entry);
    }
    for (const [element, { finding, target }] of found) {
      const entry = next.get(element) ?? { warning: null };
      entry.finding = finding;
      entry.target = target;
      next.set(element, entry);
    }
    entries = next;
    for (const [element, entry] of entries) draw(element, entry);
    // For benchmarks: "untick-first-paint" spans from the script's start to the first
    // warnings drawn. Only in page mode, where the warnings show the page Untick is there.
    if (!firstPaintMeasured && mode === "page" && entries.size > 0) {
      firstPaintMeasured = true;
      try {
        performance.measure("untick-first-paint", { start: startedAt, end: performance.now() });
      } catch (_) {
        // Older browsers lack measure options; the figure is only for benchmarks.
      }
    }
    report();
  }

  function report() {
    const findings = Array.from(entries.values(), (entry) => entry.finding).concat(
      Array.from(unplacedFindings.values()),
    );
    api.runtime
      .sendMessage({ kind: "findings", url: location.href, site, findings })
      .catch(() => {});
    refreshLetters().catch(() => {});
  }

  // Renders, in the background, each letter this page's findings need, naming every
  // setting that shares that letter.
  async function refreshLetters() {
    const wanted = new Map();
    const all = Array.from(entries.values(), (entry) => entry.finding).concat(
      Array.from(unplacedFindings.values()),
    );
    for (const finding of all) {
      if (!wanted.has(finding.letter)) wanted.set(finding.letter, []);
      const labels = wanted.get(finding.letter);
      if (finding.label && !labels.includes(finding.label)) labels.push(finding.label);
    }
    if (wanted.size === 0) return;
    const { letters } = await ask({
      kind: "letters",
      site,
      wanted: Array.from(wanted, ([id, settings]) => ({ id, settings })),
    });
    for (const [id, text] of Object.entries(letters)) letterTexts.set(id, text);
  }

  // ---- switching off, on the person's click only ------------------------------------

  function settle() {
    return new Promise((done) => setTimeout(done, 60));
  }

  function fire(node, type) {
    node.dispatchEvent(new Event(type, { bubbles: true }));
  }

  async function switchOff(finding) {
    const element = [...entries].find(([, entry]) => entry.finding === finding)?.[0];
    const entry = element ? entries.get(element) : null;
    const target = entry?.target;
    if (!finding.switch_off || !target || !target.isConnected) return false;
    const action = finding.switch_off.action;
    const wantOn = action !== "uncheck"; // check and choose switch the target on
    const tag = target.localName;

    if (tag === "option") {
      const select = target.closest("select");
      target.selected = true;
      if (select) {
        fire(select, "input");
        fire(select, "change");
      }
    } else if (isOn(target) !== wantOn) {
      // Clicking is what the page's own code expects; fall back to setting the state.
      target.click();
      await settle();
      if (isOn(target) !== wantOn) {
        if (tag === "input") {
          target.checked = wantOn;
          fire(target, "input");
          fire(target, "change");
        } else {
          target.setAttribute("aria-checked", wantOn ? "true" : "false");
          fire(target, "change");
        }
      }
    }
    await settle();
    if (isOn(target) !== wantOn) return false;
    recordUserState(target);
    if (element !== target) recordUserState(element);
    scheduleCheck(document.documentElement, 0);
    return true;
  }

  // ---- watching the page -------------------------------------------------------------

  const ownHosts = new Set();
  const pendingRoots = new Set();
  let timer = 0;
  let running = false;

  // On a page that changes all the time, wait longer between audits the more each costs,
  // so that Untick never takes more than a small share of the page's time.
  let lastAuditMs = 0;

  let dueAt = Infinity;

  // Pending checks run together at the earliest time asked for. A later request never
  // postpones an earlier one, so a page that changes constantly still gets checked.
  function scheduleCheck(root, delay = Math.max(DEBOUNCE_MS, 10 * lastAuditMs)) {
    pendingRoots.add(root);
    const at = performance.now() + delay;
    if (at >= dueAt) return;
    dueAt = at;
    clearTimeout(timer);
    timer = setTimeout(runChecks, delay);
  }

  async function runChecks() {
    if (running) {
      dueAt = performance.now() + DEBOUNCE_MS;
      timer = setTimeout(runChecks, DEBOUNCE_MS);
      return;
    }
    dueAt = Infinity;
    running = true;
    try {
      const roots = topmost(Array.from(pendingRoots).filter((node) => node.isConnected));
      pendingRoots.clear();
      const whole = roots.includes(document.documentElement) || !fragmentsAreCheaper(roots);
      const began = performance.now();
      if (whole) {
        apply(document.documentElement, await auditRoot(document.documentElement));
      } else {
        for (const root of roots) apply(root, await auditRoot(root));
      }
      lastAuditMs = performance.now() - began;
    } catch (_) {
      // The background was restarting or the page went away; the next change tries again.
    } finally {
      running = false;
    }
  }

  function topmost(nodes) {
    return nodes.filter((node) => !nodes.some((other) => other !== node && other.contains(node)));
  }

  // Auditing new parts alone pays when they are a small share of the page.
  function fragmentsAreCheaper(roots) {
    if (roots.length === 0 || roots.length > 8) return false;
    const pageSize = document.body ? document.body.getElementsByTagName("*").length : 0;
    const newSize = roots.reduce((sum, root) => sum + root.getElementsByTagName("*").length + 1, 0);
    return newSize * 3 < pageSize;
  }

  function isOurs(node) {
    for (let cur = node; cur; cur = cur.parentNode) {
      if (ownHosts.has(cur)) return true;
    }
    return false;
  }

  // New parts worth auditing: elements with a control, or with text (an announcement).
  function worthAuditing(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) {
      return node.nodeType === Node.TEXT_NODE && node.data.trim().length > 0;
    }
    if (node.localName === "untick-warning" || ownHosts.has(node)) return false;
    if (["script", "style", "link", "meta", "noscript", "template"].includes(node.localName)) {
      return false;
    }
    return node.matches(STATEFUL) || node.querySelector(STATEFUL) !== null || node.textContent.trim().length > 0;
  }

  let redraws = 0;
  function onMutations(records) {
    let whole = false;
    for (const record of records) {
      if (record.type === "attributes") {
        if (defaults.has(record.target)) whole = true;
        continue;
      }
      // The head (title, styles) holds nothing a person reads as a setting.
      if (isOurs(record.target) || document.head?.contains(record.target)) continue;
      for (const node of record.removedNodes) {
        // The page removed a warning (a framework re-rendering): draw it again, within reason.
        if (ownHosts.has(node) && !node.isConnected && redraws < 50) {
          redraws += 1;
          whole = true;
        }
      }
      for (const node of record.addedNodes) {
        if (!worthAuditing(node)) continue;
        const root = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
        if (root) {
          rememberDefaults(root);
          scheduleCheck(root);
        }
      }
    }
    // A control changed state: check promptly, whatever audits cost on this page.
    if (whole) scheduleCheck(document.documentElement, DEBOUNCE_MS);
  }

  function onControlEvent(event) {
    const path = event.composedPath();
    const origin = path.length > 0 ? path[0] : event.target;
    if (!(origin instanceof Element) || isOurs(origin)) return;
    const control = origin.localName === "select" ? origin : origin.closest(STATEFUL);
    if (!control) return;
    if (event.isTrusted) {
      // Read the state after the page's own handlers have run.
      setTimeout(() => {
        recordUserState(control);
        scheduleCheck(document.documentElement, DEBOUNCE_MS);
      }, 0);
    } else {
      scheduleCheck(document.documentElement, DEBOUNCE_MS);
    }
  }

  // Pages can re-tick a box from script without any event or attribute change;
  // watch only what the person switched off, and only while there is such a thing.
  let retickTimer = 0;
  function updateRetickWatch() {
    if (userTurnedOff.size > 0 && retickTimer === 0) {
      retickTimer = setInterval(() => {
        for (const node of userTurnedOff) {
          if (!node.isConnected) userTurnedOff.delete(node);
          else if (isOn(node) && userStates.get(node) === false) {
            userTurnedOff.delete(node);
            scheduleCheck(document.documentElement, 0);
          }
        }
        if (userTurnedOff.size === 0) {
          clearInterval(retickTimer);
          retickTimer = 0;
        }
      }, RETICK_POLL_MS);
    }
  }

  // ---- settings ---------------------------------------------------------------------

  function setMode(next) {
    const wanted = next === "badge" ? "badge" : "page";
    if (wanted === mode) return;
    mode = wanted;
    for (const [element, entry] of entries) {
      if (mode === "page") draw(element, entry);
      else undraw(entry);
    }
  }

  api.storage.onChanged.addListener((changes, area) => {
    if (area !== "local") return;
    if (changes.mode) setMode(changes.mode.newValue);
    if (changes.details) refreshLetters().catch(() => {});
  });

  async function start() {
    for (const type of ["input", "change", "click"]) {
      document.addEventListener(type, onControlEvent, true);
    }
    new MutationObserver(onMutations).observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["checked", "selected", "aria-checked"],
    });
    // Audit while the setting is read; changes meanwhile wait for this first audit.
    running = true;
    mode = "badge";
    const modeRead = api.storage.local.get("mode").then(
      (stored) => (stored.mode === "badge" ? "badge" : "page"),
      () => "page",
    );
    try {
      const result = await auditRoot(document.documentElement);
      mode = await modeRead;
      apply(document.documentElement, result);
    } catch (_) {
      mode = await modeRead;
      scheduleCheck(document.documentElement);
    } finally {
      running = false;
    }
  }

  globalThis.untickContent = {
    checkNow: () => scheduleCheck(document.documentElement, 0),
  };
  // Defaults are what the page shows before anyone acts: note them before any await.
  rememberDefaults(document.documentElement);
  start();
})();
