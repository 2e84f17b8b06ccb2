// Untick's content script: snapshots the page with each control's state, asks the
// background (where the engine runs) what it finds, and draws what comes back.
// It decides nothing: what is a warning, its words and how to switch it off come
// from the engine. Plain JavaScript, no build step.
"use strict";

(() => {
  // Own properties only: a page element with id "untickContent" is a property of the window
  // too (tests/e2e, clobber.html), and must not pass for this script.
  if (Object.hasOwn(globalThis, "untickContent")) {
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
  const ownHosts = new Set(); // the warnings' host elements: known by identity, never by name
  // "page": warnings in the page; "badge": badge and popup only; "off": the person turned
  // Untick off on this site (nothing drawn, nothing counted).
  let mode = "page";
  let site = { host: location.hostname, known: null };
  const letterRecipients = new Map(); // letter id -> who it is for
  const letterAfters = new Map(); // letter id -> what to do once it is sent
  let startedAt = performance.now(); // when the first check began (start)
  let shownAt = performance.timeOrigin; // when the page was last shown (onShownAgain)
  let firstPaintMeasured = false;

  // ---- state of controls -------------------------------------------------------------

  function isOn(node) {
    const tag = node.localName;
    if (tag === "input") return node.checked;
    if (tag === "option") return node.selected;
    return node.getAttribute("aria-checked") === "true";
  }

  // `root`: an element, or a shadow root.
  function controlsIn(root) {
    const found = root.nodeType === Node.ELEMENT_NODE && root.matches(STATEFUL) ? [root] : [];
    return found.concat(Array.from(root.querySelectorAll(STATEFUL)));
  }

  /** Notes the state of controls seen for the first time; says whether any is on. */
  function rememberDefaults(root) {
    let anyOn = false;
    for (const node of controlsIn(root)) {
      if (!defaults.has(node)) defaults.set(node, isOn(node));
      // A select's first option is chosen unless the page says otherwise: not a sign.
      anyOn ||= defaults.get(node) && (node.localName !== "option" || node.defaultSelected);
    }
    return anyOn;
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

  function forgetUserState(node) {
    for (const member of stateGroup(node)) {
      userStates.delete(member);
      userTurnedOff.delete(member);
    }
    updateRetickWatch();
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

  // A frame its page wrote (about:srcdoc, about:blank) is the page's own: it has the page's
  // origin and base address, and is checked as that site. Read through Node.prototype, as a
  // page's <img name="baseURI"> would stand in for document.baseURI.
  const baseURIOf = Object.getOwnPropertyDescriptor(Node.prototype, "baseURI").get;
  function pageAddress() {
    return location.protocol === "about:" ? baseURIOf.call(document) : location.href;
  }

  // ---- shadow DOM ----------------------------------------------------------------------

  // Web components (custom elements, whose names have a hyphen) may draw their controls in
  // a shadow root, which the page's tree does not include; so may the built-in elements the
  // DOM standard lets a page attach one to (a page could hide a form in a <div>'s closed
  // root, issue 16). Content scripts may read closed ones too.
  const SHADOW_HOSTS = new Set([
    "article", "aside", "blockquote", "body", "div", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "main", "nav", "p", "section", "span",
  ]);

  function shadowRootOf(element) {
    try {
      if (api.dom?.openOrClosedShadowRoot) return api.dom.openOrClosedShadowRoot(element);
      if ("openOrClosedShadowRoot" in element) return element.openOrClosedShadowRoot;
      return element.shadowRoot;
    } catch (_) {
      return null;
    }
  }

  const CONTROL_EVENTS = ["input", "change", "click"];
  const WATCHED = {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["checked", "selected", "aria-checked"],
  };
  const observer = new MutationObserver((records) => onMutations(records));
  const watchedShadows = new WeakSet();

  // A shadow root is watched as the document is: its controls' defaults, its changes, and
  // the person's input in it ("change" does not leave a shadow root).
  function watchShadow(shadow) {
    if (watchedShadows.has(shadow)) return;
    watchedShadows.add(shadow);
    rememberDefaults(shadow);
    observer.observe(shadow, WATCHED);
    for (const type of CONTROL_EVENTS) shadow.addEventListener(type, onControlEvent, true);
  }

  // A component whose code has not loaded yet gets its shadow root later, and neither that
  // nor what is drawn in it is a change the observers see. While a snapshot finds such
  // components, look at the whole page again every few seconds, for half a minute.
  const LATE_COMPONENT_INTERVAL_MS = 2000;
  const LATE_COMPONENT_CHECKS = 15;
  let lateComponentChecks = 0;
  function lookAgainForComponents() {
    if (lateComponentChecks >= LATE_COMPONENT_CHECKS) return;
    lateComponentChecks += 1;
    scheduleCheck(document.documentElement, Math.max(LATE_COMPONENT_INTERVAL_MS, 10 * lastAuditMs));
  }

  // ---- snapshot ----------------------------------------------------------------------

  // Elements whose content the engine never reads: sent, but empty.
  const EMPTIED = new Set(["script", "style", "template", "noscript"]);
  // Only Untick writes these; a page must not be able to pretend the person acted.
  const OWN_ATTRIBUTES = new Set(["data-untick-now", "data-untick-user"]);
  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

  // The engine reads UTF-8: a lone surrogate (possible in DOM strings) becomes U+FFFD,
  // as it would when the text is encoded.
  function wellFormed(text) {
    if (typeof text.isWellFormed === "function") return text.isWellFormed() ? text : text.toWellFormed();
    return text.replace(LONE_SURROGATE, "\uFFFD");
  }

  // Text a page draws with CSS (`label::before { content: "…" }`) is read as the person
  // reads it (issue 16), in labels and legends only: reading every element's generated
  // content would cost a style lookup per node on big pages (issue 20).
  const DRAWN_TEXT_IN = new Set(["label", "legend"]);
  const CSS_TEXT = /"((?:[^"\\]|\\[\s\S])*)"|'((?:[^'\\]|\\[\s\S])*)'|attr\(\s*([\w-]+)\s*\)/g;
  const CSS_ESCAPE = /\\(?:([0-9a-fA-F]{1,6})\s?|([\s\S]))/g;

  // The text of an element's ::before or ::after: its quoted strings and attr() values.
  function drawnText(element, pseudo) {
    let content;
    try {
      content = getComputedStyle(element, pseudo).content;
    } catch (_) {
      return "";
    }
    if (!content || content === "none" || content === "normal") return "";
    let text = "";
    for (const [, double, single, attr] of content.matchAll(CSS_TEXT)) {
      if (attr) text += element.getAttribute(attr) ?? "";
      else {
        text += (double ?? single).replace(CSS_ESCAPE, (_, hex, c) =>
          hex ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff) || 0xfffd) : c,
        );
      }
    }
    return wellFormed(text);
  }

  // The most nodes the engine reads of a snapshot (src/engine/snapshot.rs, MAX_NODES), and
  // whether the last check of the whole page stopped there (tests/extension checks the two
  // agree).
  const MAX_SNAPSHOT_NODES = 500_000;
  let checkedInPart = false;

  // ---- slices: the page's thread is never held for long (issue 20) ------------------

  // Work on the page's thread is done in slices of at most SLICE_MS, each followed by a
  // turn of the page's event loop (clicks, typing, rendering), so that no task of Untick's
  // is a long one (over 50 ms) even on a page of 100,000 nodes.
  const SLICE_MS = 8;
  const turns = new MessageChannel();
  let waitingForTurn = [];
  turns.port1.onmessage = () => {
    const waiting = waitingForTurn;
    waitingForTurn = [];
    for (const go of waiting) go();
  };

  // A message-channel turn: it waits behind the page's own tasks, timers included (a
  // timeout of ours would be clamped to 4 ms). Not `scheduler.yield()`: its continuation
  // goes before the page's other tasks, so the page's timers waited for the whole check
  // (Firefox, 100,000 nodes: 600 ms without one timer firing; scripts/bench-pages.mjs).
  function nextTurn() {
    return new Promise((go) => {
      waitingForTurn.push(go);
      if (waitingForTurn.length === 1) turns.port2.postMessage(null);
    });
  }

  // Measures time in slices: `due(every)` says when a slice has run its time; `pause()`
  // waits for the page's turn and starts the next one. Reading the clock costs next to one
  // node's work, so `due` reads it only every `every` calls.
  function slicer() {
    let sliceStart = performance.now();
    let calls = 0;
    return {
      due(every = 64) {
        calls += 1;
        return calls % every === 0 && performance.now() - sliceStart > SLICE_MS;
      },
      async pause() {
        await nextTurn();
        sliceStart = performance.now();
      },
    };
  }

  // JSON of the snapshot's nodes, made in slices (JSON.stringify of a 100,000-node page is
  // tens of milliseconds in one go).
  async function snapshotJson(nodes, slices) {
    const CHUNK = 1024;
    const pieces = [];
    for (let i = 0; i < nodes.length; i += CHUNK) {
      pieces.push(JSON.stringify(nodes.slice(i, i + CHUNK)).slice(1, -1));
      if (slices.due(1)) await slices.pause();
    }
    return `[${pieces.join(",")}]`;
  }

  // `root` and everything under it as the page shows it, read from the live page without
  // copying it: a flat list in document order of [parent, tag, [name, value, ...]] for an
  // element and [parent, "#text", text] for text, parent being an earlier element's index
  // or -1 (docs/extension.md). A component's children are those of its shadow root, and a
  // slot is replaced by the nodes shown in it. Each control's default is written into the
  // standard attributes and its live and user-set state into data-untick-now /
  // data-untick-user. Also keeps the live element of each entry, to map the engine's
  // selectors back.
  // `defaultsNoted`: the caller has just noted the defaults of everything under `root`
  // (the first audit, whose defaults are noted before anything else runs).
  // Walked in slices (see above). The page may change between slices: what is read
  // is still well formed (the walk goes by its own stack, not by parentNode), and the
  // change is heard by the observer and checked after this check.
  // `walkInto` (the first check of a big page, settingsFirst): the elements that hold a
  // setting and their ancestors. A child of one of them that is not one itself and has
  // LEFT_OUT_MIN_ELEMENTS or more elements in it is sent without its content.
  async function snapshot(root, defaultsNoted = false, walkInto = null) {
    if (!defaultsNoted) rememberDefaults(root);
    const slices = slicer();
    const nodes = [];
    // A page too big to check in full is sent only as far as the engine reads, and one
    // node more, from which the engine knows it was cut short and says so.
    const live = [];
    // One frame per element walked into (iteratively: pages can be very deep). `list`
    // holds a slot's nodes, which are not each other's siblings; otherwise nextSibling
    // leads on. `outer` is the parent index to return to, `outerScope` the id scope.
    const frames = [];
    let parent = -1;
    // Ids are unique only within a document or a shadow root: each shadow root walked
    // gets a scope number, written before its ids (scopedIds), so that a label's `for`
    // finds the control in its own component. 0 is the document.
    let scope = 0;
    let scopes = 0;
    const outerScopes = [0]; // shadow root n -> the scope its host is in
    let undefinedComponents = false;
    let afterText = false; // the node before, among the same parent's, was text
    let inLabels = 0; // labels and legends walked into (for drawnText)
    let sizing = walkInto !== null; // this node's parent is in walkInto: its size is looked at
    let node = root;
    for (;;) {
      let index = -1;
      let first = null; // the first child to walk into
      let list = null;
      let assigned = false; // list is a slot's assigned nodes (not its own content)
      let shadow = null;
      let drawnAfter = ""; // the element's ::after text, sent after its children
      let label = false;
      // Each DOM property read is costly in a content script (Firefox's Xray wrappers):
      // read each once, and only when needed.
      const type = node.nodeType;
      if (type === Node.ELEMENT_NODE) {
        const tag = node.localName;
        if (tag === "slot" && scope > 0) {
          list = node.assignedNodes();
          assigned = list.length > 0;
          if (!assigned) list = Array.from(node.childNodes);
          first = list.length > 0 ? list[0] : null;
        } else if (!ownHosts.has(node)) {
          index = nodes.length;
          nodes.push([parent, tag, attributesOf(node, scope)]);
          live[index] = node;
          label = DRAWN_TEXT_IN.has(tag);
          if (label || inLabels > 0) {
            const before = drawnText(node, "::before");
            if (before) nodes.push([index, "#text", before]);
            drawnAfter = drawnText(node, "::after");
          }
          // A big part of a big page with no setting in it waits for the whole page's
          // check: sent empty (settingsFirst).
          const leftOut =
            sizing && !walkInto.has(node) && node.getElementsByTagName("*").length >= LEFT_OUT_MIN_ELEMENTS;
          if (leftOut) {
            // Neither its content nor a shadow root.
          } else if (tag.includes("-")) {
            shadow = shadowRootOf(node);
            if (!shadow && !node.matches(":defined")) undefinedComponents = true;
          } else if (SHADOW_HOSTS.has(tag)) {
            shadow = shadowRootOf(node);
          }
          if (shadow) {
            watchShadow(shadow);
            first = shadow.firstChild;
          } else if (!EMPTIED.has(tag) && !leftOut) {
            first = node.firstChild;
          }
        }
        afterText = false;
        if (drawnAfter && !first) {
          nodes.push([index, "#text", drawnAfter]);
          drawnAfter = "";
        }
      } else if (type === Node.TEXT_NODE) {
        const last = nodes[nodes.length - 1];
        // Adjacent text nodes are one text, as the HTML parser would make them.
        if (afterText && last?.[1] === "#text" && last[0] === parent) {
          last[2] += wellFormed(node.data);
        } else {
          nodes.push([parent, "#text", wellFormed(node.data)]);
        }
        afterText = true;
      } else {
        afterText = false; // comments are left out, but end a run of text
      }
      if (nodes.length > MAX_SNAPSHOT_NODES) break;
      if (slices.due()) await slices.pause();
      if (first) {
        frames.push({ owner: node, outer: parent, outerScope: scope, list, at: 0, drawnAfter, label, outerSizing: sizing });
        sizing = walkInto !== null && walkInto.has(node);
        if (label) inLabels += 1;
        if (index >= 0) parent = index; // a slot's nodes belong to the slot's parent
        if (shadow) {
          scopes += 1;
          outerScopes[scopes] = scope;
          scope = scopes;
        } else if (assigned) {
          // A slot's assigned nodes are its host's children, in the host's scope. (A slot's
          // own content stays in the slot's.)
          scope = outerScopes[scope];
        }
        afterText = false;
        node = first;
        continue;
      }
      // On to the next node: this one's next sibling, or its parent's, and so on up.
      let next = null;
      while (node !== root) {
        const frame = frames[frames.length - 1];
        if (frame.list) {
          frame.at += 1;
          next = frame.at < frame.list.length ? frame.list[frame.at] : null;
        } else {
          next = node.nextSibling;
        }
        if (next) break;
        frames.pop();
        if (frame.drawnAfter) nodes.push([parent, "#text", frame.drawnAfter]);
        if (frame.label) inLabels -= 1;
        parent = frame.outer;
        scope = frame.outerScope;
        sizing = frame.outerSizing;
        afterText = false;
        node = frame.owner;
      }
      if (!next) break;
      node = next;
    }
    if (undefinedComponents) lookAgainForComponents();
    const json = await snapshotJson(nodes, slices);
    return { json, nodes, live, flattened: scopes > 0, children: null, ids: null };
  }

  // Attributes whose values are ids (the ones the engine follows).
  const ID_ATTRIBUTES = new Set(["id", "for", "aria-labelledby", "aria-describedby"]);

  // An id-valued attribute in shadow root `scope`: each id marked with the scope.
  function scopedIds(value, scope) {
    return value.replace(/\S+/g, (id) => `\u00a7${scope}\u00a7${id}`);
  }

  function attributesOf(element, scope = 0) {
    const out = [];
    if (element.hasAttributes()) {
      for (const name of element.getAttributeNames()) {
        if (OWN_ATTRIBUTES.has(name)) continue;
        const value = wellFormed(element.getAttribute(name) ?? "");
        out.push(name, scope > 0 && ID_ATTRIBUTES.has(name) ? scopedIds(value, scope) : value);
      }
    }
    if (!defaults.has(element)) return out;
    const first = defaults.get(element);
    writeDefault(element, out, first);
    const now = isOn(element);
    if (now !== first) out.push("data-untick-now", now ? "on" : "off");
    if (userStates.has(element)) out.push("data-untick-user", userStates.get(element) ? "on" : "off");
    return out;
  }

  // The state as first seen, in the attribute the engine reads for it.
  function writeDefault(element, attributes, on) {
    const tag = element.localName;
    const name = tag === "input" ? "checked" : tag === "option" ? "selected" : "aria-checked";
    let at = -1;
    for (let i = 0; i < attributes.length; i += 2) if (attributes[i] === name) at = i;
    if (name === "aria-checked") {
      // A mixed or odd value is left as the page wrote it.
      if (at >= 0 && !["true", "false"].includes(attributes[at + 1])) return;
      if (at < 0) attributes.push(name, "");
      attributes[at < 0 ? attributes.length - 1 : at + 1] = on ? "true" : "false";
    } else if (on && at < 0) {
      attributes.push(name, "");
    } else if (!on && at >= 0) {
      attributes.splice(at, 2);
    }
  }

  // The snapshot entry an engine selector names. The engine writes selectors of one
  // shape: a start (`html`, `:scope` or `#id`) then `tag:nth-of-type(n)` steps joined by
  // " > ", with ids and tags escaped as CSS.escape does.
  function findInSnapshot(selector, snap) {
    if (!snap.children) {
      snap.children = new Map([[-1, []]]);
      snap.ids = new Map();
      snap.nodes.forEach(([parent, tag, attributes], index) => {
        if (tag === "#text") return;
        snap.children.get(parent)?.push(index);
        snap.children.set(index, []);
        for (let i = 0; i < attributes.length; i += 2) {
          if (attributes[i] !== "id") continue;
          const key = CSS.escape(attributes[i + 1]);
          if (!snap.ids.has(key)) snap.ids.set(key, index);
        }
      });
    }
    const [start, ...steps] = selector.split(" > ");
    let current;
    if (start === ":scope") current = -1;
    else if (start === "html") current = snap.children.get(-1).find((i) => snap.nodes[i][1] === "html");
    else if (start.startsWith("#")) current = snap.ids.get(start.slice(1));
    if (current === undefined) return null;
    for (const step of steps) {
      const match = /^(.+):nth-of-type\((\d+)\)$/.exec(step);
      if (!match) return null;
      const [, tag, nth] = match;
      const ofType = snap.children.get(current).filter((i) => CSS.escape(snap.nodes[i][1]) === tag);
      current = ofType[Number(nth) - 1];
      if (current === undefined) return null;
    }
    return current >= 0 ? snap.live[current] : null;
  }

  // Finds the live element an engine selector names, through the snapshot it was made from.
  function resolve(selector, snap, liveRoot) {
    if (!selector) return null;
    try {
      const live = findInSnapshot(selector, snap);
      if (live && live.isConnected) return live;
      // The element has gone since the snapshot; try the live page as it is, unless the
      // selector walks through shadow roots, which querySelector would read differently.
      if (snap.flattened) return null;
      const base = liveRoot === document.documentElement ? document : liveRoot.parentElement;
      return base ? base.querySelector(selector) : null;
    } catch (_) {
      return null;
    }
  }

  // ---- settings first, on big pages (issue 20) ---------------------------------------

  // A results page of 100,000 elements takes about a second to check whole: a walk in
  // slices, then the engine's audit of all of it. So that the warning beside a setting
  // does not wait for that, the first check of a big page leaves out each big part that
  // holds no setting (a list of job cards), sent as an empty element; the whole page's
  // check follows at once, and its findings replace the first's. Choosing what to send
  // first is all this does: what is a warning is still the engine's to say, and the whole
  // page's check has the last word.
  const BIG_PAGE_ELEMENTS = 10_000;
  const LEFT_OUT_MIN_ELEMENTS = 50;
  // What can hold a setting or its words, without a select's many options (but with its
  // groups of them, so that none is sent empty).
  const HOLDS_A_SETTING =
    'input, select, optgroup, textarea, label, legend, [role="switch" i], [role="checkbox" i], [role="radio" i], [role="combobox" i], [role="listbox" i], [aria-checked]';
  // More than this many, and they are spread all over the page: nothing to leave out.
  const MAX_SETTINGS_FIRST = 500;

  /** The elements a first check walks into (see snapshot), or null: check the whole page. */
  function settingsFirst() {
    if (document.getElementsByTagName("*").length < BIG_PAGE_ELEMENTS) return null;
    const holders = document.querySelectorAll(HOLDS_A_SETTING);
    if (holders.length === 0 || holders.length > MAX_SETTINGS_FIRST) return null;
    const walkInto = new Set();
    for (const holder of holders) {
      for (let at = holder; at && !walkInto.has(at); at = at.parentElement) walkInto.add(at);
    }
    return walkInto;
  }

  // ---- talking to the background ------------------------------------------------------

  async function ask(message) {
    const reply = await globalThis.untickChannel.send(message);
    if (!reply || !reply.ok) throw new Error(reply ? reply.error : "no reply from Untick");
    return reply;
  }

  // For benchmarks (scripts/bench-pages.mjs), the first whole-page check only: how long the
  // snapshot took on the page's thread, and the wait for the engine's answer.
  let firstCheckMeasured = false;
  function measure(name, start, duration = performance.now() - start) {
    try {
      performance.measure(name, { start, duration });
    } catch (_) {
      // Older browsers lack measure options; the figure is only for benchmarks.
    }
  }

  // `walkInto`: a first check that leaves big parts out (settingsFirst).
  async function auditRoot(root, defaultsNoted = false, walkInto = null) {
    const fragment = root !== document.documentElement;
    const timed = !fragment && !walkInto && !firstCheckMeasured;
    firstCheckMeasured ||= timed;
    const began = performance.now();
    const snap = await snapshot(root, defaultsNoted, walkInto);
    if (timed) measure("untick-snapshot", began);
    const asked = performance.now();
    const { report, waitedMs, auditMs } = await ask({
      kind: "audit",
      snapshot: snap.json,
      url: pageAddress(),
      fragment,
    });
    if (timed) {
      measure("untick-answer", asked);
      // Of which: the wait in the background's queue, and the engine's audit.
      measure("untick-waited", asked, waitedMs);
      measure("untick-audit", asked, auditMs);
    }
    site = report.site;
    if (!fragment && !walkInto) checkedInPart = report.checked_in_part === true;
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

  // Where a warning goes: after the block that holds the setting whole (issue 17). Never
  // between a control and its label (GOV.UK Frontend draws the tick with `input:checked +
  // label::after`), never between the options of one radio group, never as an item of a
  // flex row or a table cell where it would be squeezed. So: the smallest element that
  // holds the control, its group and their labels; then out of any table, row-direction
  // flex container or inline box around it. (A grid places the card on a row of its own:
  // the card's `grid-column`, warning.js.)
  function placeAfter(element) {
    const control = element.localName === "option" ? element.closest("select") ?? element : element;
    const members = [control, ...stateGroup(control)];
    for (const member of [...members]) members.push(...labelsOf(member));
    let item = commonAncestor(members);
    for (let steps = 0; steps < 12 && item.parentElement && item.parentElement !== document.body; steps++) {
      const parent = item.parentElement;
      const inTable = /^(td|th|tr|thead|tbody|tfoot|caption)$/.test(item.localName);
      if (!inTable && !squeezes(parent)) break;
      item = parent;
    }
    return item;
  }

  // After the setting's block, and after any warnings already there, so that several cards
  // after one group or table keep the order of their settings.
  function place(element, host) {
    let after = placeAfter(element);
    while (after.nextElementSibling && ownHosts.has(after.nextElementSibling)) after = after.nextElementSibling;
    after.after(host);
  }

  // A control's labels: <label>s, and what aria-labelledby names in its own root.
  function labelsOf(control) {
    const found = control.labels ? Array.from(control.labels) : [];
    const ids = (control.getAttribute("aria-labelledby") ?? "").split(/\s+/).filter(Boolean).slice(0, 8);
    const root = control.getRootNode();
    for (const id of ids) {
      const named = typeof root.getElementById === "function" ? root.getElementById(id) : null;
      if (named) found.push(named);
    }
    // Only labels near the control: one across the page would make the whole page its item.
    const block = control.closest("form, fieldset, section, article, main") ?? control.getRootNode();
    return found.filter((label) => block.contains(label));
  }

  function commonAncestor(nodes) {
    let common = nodes[0];
    for (const node of nodes.slice(1)) {
      while (common && !common.contains(node)) common = common.parentElement;
      if (!common) return nodes[0];
    }
    return common.nodeType === Node.ELEMENT_NODE ? common : nodes[0];
  }

  // A container whose children sit side by side or run inline: a card among them would be
  // squeezed beside them, or split their line.
  function squeezes(container) {
    const style = getComputedStyle(container);
    if (/^(inline-)?flex$/.test(style.display)) return !style.flexDirection.startsWith("column");
    return /^(inline|inline-block|table|table-row|table-cell|table-row-group|contents)$/.test(style.display);
  }

  const warningActions = {
    letterTo: (finding) => letterRecipients.get(finding.letter) ?? null,
    letterAfter: (finding) => letterAfters.get(finding.letter) ?? null,
    // The background renders the letter and copies it in the extension's own context: the
    // letter, with the person's details, never comes into the page's process.
    copyLetter: async (finding) => {
      const settings = wantedLetters().get(finding.letter) ?? [];
      const { copied } = await ask({ kind: "copy-letter", id: finding.letter, settings, site });
      return copied === true;
    },
    untick: (finding) => switchOff(finding),
    undo: (finding) => switchBack(finding),
    // "Not a data-sharing setting": remembered on this computer; undone by "Undo" here or
    // by "Warn me again" in the popup.
    notASetting: (finding) => rememberNotASetting(finding, true),
    warnAgain: (finding) => rememberNotASetting(finding, false),
    // "Report a mistake": the report is made and copied in the background too.
    copyReport: async (finding) => {
      const { copied } = await ask({ kind: "copy-report", finding, page: pageAddress() });
      return copied === true;
    },
    // "I have sent it": the background adds the letter to the case file, sent today.
    letterSent: async (finding) => {
      const { entry } = await ask({ kind: "letter-sent", id: finding.letter });
      return Boolean(entry);
    },
    // "Keep a record of this page": the background keeps what it holds for this tab.
    keepRecord: async () => {
      const { entry } = await ask({ kind: "keep-record" });
      return Boolean(entry);
    },
  };

  // One warning that cannot be drawn (the page broke its anchor, say) costs only itself:
  // the others are drawn, and every finding is still counted and reported.
  function draw(element, entry) {
    if (mode !== "page") return;
    const dismissed = isNotASetting(entry.finding);
    // Set aside before this visit: not drawn at all. Set aside here: one line with "Undo".
    if (dismissed && !entry.warning) return;
    try {
      // A check that found the same again changes nothing in the page (issue 20).
      const shown = `${dismissed} ${entry.findingJson}`;
      if (entry.warning) {
        if (entry.shown !== shown) entry.warning.update(entry.finding, { dismissed });
        entry.shown = shown;
        if (!entry.warning.host.isConnected) place(element, entry.warning.host);
        return;
      }
      entry.shown = shown;
      entry.warning = globalThis.untickWarning.createWarning(entry.finding, warningActions);
      ownHosts.add(entry.warning.host);
      watchWarning(entry.warning.host);
      place(element, entry.warning.host);
    } catch (_) {
      undraw(entry);
    }
  }

  function undraw(entry) {
    if (!entry.warning) return;
    ownHosts.delete(entry.warning.host);
    unwatchWarning(entry.warning.host);
    entry.warning.host.remove();
    entry.warning = null;
  }

  // ---- warnings the page hides ---------------------------------------------------------

  // A page may move a warning into something hidden, hide or clip what holds it, or draw
  // over it (issue 16). Each warning is looked at when its size changes (hidden, or moved
  // into something hidden, it has none) and when it comes wholly into view (is something
  // drawn over it?). A hidden one is put back in its place, a few times; then Untick stops
  // fighting, and the badge and the popup say the page hid its warnings. A warning hidden
  // with its setting (a later step of a form, a closed section) is not the page hiding it.
  const MAX_PUT_BACKS = 3;
  let warningsHidden = false;
  const putBacks = new WeakMap(); // host -> times put back
  const sizeWatch = new ResizeObserver((seen) => {
    for (const { target } of seen) lookAtWarning(target);
  });
  const viewWatch = new IntersectionObserver(
    (seen) => {
      for (const { target, intersectionRatio } of seen) if (intersectionRatio > 0.99) lookAtWarning(target);
    },
    { threshold: 1 },
  );

  function watchWarning(host) {
    sizeWatch.observe(host);
    viewWatch.observe(host);
  }

  function unwatchWarning(host) {
    sizeWatch.unobserve(host);
    viewWatch.unobserve(host);
  }

  function lookAtWarning(host) {
    if (!ownHosts.has(host) || !host.isConnected) return; // a removed one is redrawn (onMutations)
    const element = elementWhere((entry) => entry.warning?.host === host);
    if (!element || !element.isConnected || !shows(placeAfter(element)) || !hiddenByPage(host)) return;
    const times = (putBacks.get(host) ?? 0) + 1;
    putBacks.set(host, times);
    if (times > MAX_PUT_BACKS) {
      if (!warningsHidden) {
        warningsHidden = true;
        report();
      }
      return;
    }
    place(element, host);
    // Hidden where it is (what holds it made transparent, say), its size does not change:
    // look again shortly.
    setTimeout(() => lookAtWarning(host), 200);
  }

  function shows(element) {
    const box = element.getBoundingClientRect();
    if (box.width < 1 && box.height < 1) return false;
    return typeof element.checkVisibility !== "function" || element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  }

  function hiddenByPage(host) {
    if (!shows(host)) return true;
    const box = host.getBoundingClientRect();
    // Clipped: what holds it hides its overflow and leaves less than half of it showing.
    let [left, top, right, bottom] = [box.left, box.top, box.right, box.bottom];
    const up = (el) => el.parentElement ?? el.getRootNode().host ?? null; // out of components too
    for (let el = up(host), steps = 0; el && steps < 64; el = up(el), steps++) {
      const style = getComputedStyle(el);
      const clips = [style.overflowX, style.overflowY].some((o) => o === "hidden" || o === "clip");
      if (!clips) continue;
      const r = el.getBoundingClientRect();
      [left, top, right, bottom] = [Math.max(left, r.left), Math.max(top, r.top), Math.min(right, r.right), Math.min(bottom, r.bottom)];
    }
    const area = (w, h) => Math.max(0, w) * Math.max(0, h);
    if (area(right - left, bottom - top) < area(box.width, box.height) / 2) return true;
    // Drawn over: only when wholly in view, most of five points show something else.
    if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) return false;
    const points = [[0.5, 0.5], [0.2, 0.2], [0.8, 0.2], [0.2, 0.8], [0.8, 0.8]];
    // Asked of the warning's own root: in a component, the document would answer with the
    // component itself.
    const root = host.getRootNode();
    const covered = points.filter(([x, y]) => {
      const top = root.elementFromPoint(box.left + x * box.width, box.top + y * box.height);
      return top !== null && top !== host && !host.contains(top);
    });
    return covered.length >= 3;
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
      // The same finding again keeps the object its warning holds: the warning's buttons
      // find their entry by it (switchOff, switchBack), and it is not redrawn (draw).
      const json = JSON.stringify(finding);
      if (entry.findingJson !== json) {
        entry.finding = finding;
        entry.findingJson = json;
      }
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

  // Every finding the page has, drawn or not, but those the person set aside.
  function countedFindings() {
    return Array.from(entries.values(), (entry) => entry.finding)
      .concat(Array.from(unplacedFindings.values()))
      .filter((finding) => !isNotASetting(finding));
  }

  // What was last told to the background: a check that finds the same again sends nothing
  // (a page with a live counter was checked, and told, about six times a second).
  let lastReported = "";
  // Checks in a row that found nothing new: text the page keeps changing (a live count)
  // is then checked less and less often, down to once in 1.2 s; a new control, or the
  // person's own change, is checked as promptly as ever.
  let quietChecks = 0;
  const MAX_QUIET_DOUBLINGS = 3;

  function textChangeDelay() {
    return Math.max(DEBOUNCE_MS * 2 ** Math.min(quietChecks, MAX_QUIET_DOUBLINGS), 10 * lastAuditMs);
  }

  function report() {
    const findings = countedFindings();
    // `page`: which document of this frame reports (its time origin), so that the
    // background can tell a new page in the frame from a change in the same one.
    // `shown`: when the page was last shown, which orders pages back from the cache.
    const message = {
      kind: "findings",
      url: pageAddress(),
      page: performance.timeOrigin,
      shown: shownAt,
      site,
      // Turned off on this site: nothing to count or list.
      findings: mode === "off" ? [] : findings,
      checkedInPart,
      warningsHidden,
    };
    const said = JSON.stringify(message);
    if (said === lastReported) {
      quietChecks += 1;
      return;
    }
    quietChecks = 0;
    lastReported = said;
    ask(message).catch(() => {
      lastReported = ""; // not heard: say it again next time
    });
    refreshLetterGuidance().catch(() => {});
  }

  // Each letter this page's findings need -> the settings that share it (named in it).
  function wantedLetters() {
    const wanted = new Map();
    for (const finding of countedFindings()) {
      if (!wanted.has(finding.letter)) wanted.set(finding.letter, []);
      const labels = wanted.get(finding.letter);
      if (finding.label && !labels.includes(finding.label)) labels.push(finding.label);
    }
    return wanted;
  }

  // Who each letter is for and what to do once it is sent: words for the card, with none of
  // the person's details.
  async function refreshLetterGuidance() {
    const wanted = wantedLetters();
    if (wanted.size === 0) return;
    const { to = {}, after = {} } = await ask({
      kind: "letter-guidance",
      wanted: Array.from(wanted.keys(), (id) => ({ id })),
    });
    for (const [id, recipient] of Object.entries(to)) letterRecipients.set(id, recipient);
    for (const [id, next] of Object.entries(after)) letterAfters.set(id, next);
  }

  // ---- switching off, on the person's click only ------------------------------------

  function settle() {
    return new Promise((done) => setTimeout(done, 60));
  }

  function fire(node, type) {
    node.dispatchEvent(new Event(type, { bubbles: true }));
  }

  async function switchOff(finding) {
    const element = elementWhere((entry) => entry.finding === finding);
    const entry = element ? entries.get(element) : null;
    const target = entry?.target;
    if (!finding.switch_off || !target || !target.isConnected) return false;
    const action = finding.switch_off.action;
    const wantOn = action !== "uncheck"; // check and choose switch the target on
    const tag = target.localName;

    // What "Undo" puts back: the option or radio chosen before, or the box's state.
    const select = tag === "option" ? target.closest("select") : null;
    entry.undo = {
      target,
      chosen: select ? select.selectedOptions[0] ?? null : tag === "input" && target.type === "radio" ? groupChecked(target) : null,
      wasOn: isOn(target),
    };
    if (tag === "option") {
      choose(target);
    } else {
      await setOn(target, wantOn);
    }
    await settle();
    if (isOn(target) !== wantOn) return false;
    recordUserState(target);
    if (element !== target) recordUserState(element);
    scheduleCheck(document.documentElement, 0);
    return true;
  }

  // "Undo" after "Untick it" (issue 17): the setting back as the page had it, and the
  // person's change forgotten, so that the full warning returns.
  async function switchBack(finding) {
    const element = elementWhere((entry) => entry.finding === finding);
    const entry = element ? entries.get(element) : null;
    const undo = entry?.undo;
    if (!undo || !undo.target.isConnected) return false;
    entry.undo = null;
    if (undo.chosen?.localName === "option") choose(undo.chosen);
    else if (undo.chosen) await setOn(undo.chosen, true);
    else await setOn(undo.target, undo.wasOn);
    await settle();
    forgetUserState(undo.target);
    if (undo.chosen) forgetUserState(undo.chosen);
    if (element !== undo.target) forgetUserState(element);
    scheduleCheck(document.documentElement, 0);
    return true;
  }

  function choose(option) {
    const select = option.closest("select");
    option.selected = true;
    if (select) {
      fire(select, "input");
      fire(select, "change");
    }
  }

  // The element whose entry matches `test`, if any.
  function elementWhere(test) {
    for (const [element, entry] of entries) if (test(entry)) return element;
    return null;
  }

  function groupChecked(radio) {
    return stateGroup(radio).find((r) => r.checked) ?? null;
  }

  // Clicking is what the page's own code expects; failing that, the state is set.
  async function setOn(target, wantOn) {
    if (isOn(target) === wantOn) return;
    target.click();
    await settle();
    if (isOn(target) === wantOn) return;
    if (target.localName === "input") {
      target.checked = wantOn;
      fire(target, "input");
      fire(target, "change");
    } else {
      target.setAttribute("aria-checked", wantOn ? "true" : "false");
      fire(target, "change");
    }
  }

  // ---- watching the page -------------------------------------------------------------

  // Parts of the page changed since the last check. Bounded: past this many, the whole page
  // is checked anyway (fragmentsAreCheaper), so it stands in for them all, and finding
  // the topmost parts stays cheap however many nodes a page adds one by one (issue 16).
  const MAX_PENDING_ROOTS = 8;
  const MANY_ADDED = 4;
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
    const page = document.documentElement;
    if (pendingRoots.has(page)) {
      // The whole page is due already: it covers this part.
    } else if (root === page || pendingRoots.size >= MAX_PENDING_ROOTS) {
      pendingRoots.clear();
      pendingRoots.add(page);
    } else {
      pendingRoots.add(root);
    }
    const at = performance.now() + delay;
    if (at >= dueAt) return;
    dueAt = at;
    clearTimeout(timer);
    timer = setTimeout(runChecks, delay);
  }

  const MAX_RETRIES = 3;
  let failedInARow = 0;

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
      failedInARow = 0;
    } catch (error) {
      // The background stopped mid-request (browsers stop an idle one): check the whole
      // page again shortly, so that a change the person made (or a box the page ticked
      // again) is not missed. An answer that refused (the engine's error) is not retried:
      // it would refuse again; the page's next change tries again.
      failedInARow = error?.lost ? failedInARow + 1 : MAX_RETRIES + 1;
      if (failedInARow <= MAX_RETRIES) scheduleCheck(document.documentElement, DEBOUNCE_MS * failedInARow);
    } finally {
      running = false;
    }
  }

  function topmost(nodes) {
    return nodes.filter((node) => !nodes.some((other) => other !== node && other.contains(node)));
  }

  // Auditing new parts alone pays when they are a small share of the page.
  function fragmentsAreCheaper(roots) {
    if (roots.length === 0 || roots.length > MAX_PENDING_ROOTS) return false;
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
    if (ownHosts.has(node)) return false;
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
      // A new part inside a component is checked with the whole page, whose snapshot is
      // what leads from the document to it.
      const inShadow = record.target.getRootNode() !== document;
      const worth = Array.from(record.addedNodes).filter(worthAuditing);
      const newControls = worth.some(
        (node) => node.nodeType === Node.ELEMENT_NODE && (node.matches(STATEFUL) || node.querySelector(STATEFUL) !== null),
      );
      // Many parts added at once (a list rendered again): one check of what holds them,
      // not one per part, which would soon become a check of the whole page.
      const roots =
        worth.length > MANY_ADDED && record.target.nodeType === Node.ELEMENT_NODE
          ? [record.target]
          : worth.map((node) => (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement));
      const delay = newControls ? undefined : textChangeDelay();
      for (const root of roots) {
        if (root) rememberDefaults(root);
        if (inShadow) scheduleCheck(document.documentElement, delay);
        else if (root) scheduleCheck(root, delay);
      }
    }
    // A control changed state, or a warning went: the page did it, not the person (whose
    // input is a trusted event, onControlEvent), so it waits as long as audits cost here.
    // A page toggling a box every millisecond used most of a core (issue 16). A box the
    // page ticks again after the person unticked it is caught at once all the same
    // (updateRetickWatch).
    if (whole) scheduleCheck(document.documentElement);
  }

  function onControlEvent(event) {
    const path = event.composedPath();
    const origin = path.length > 0 ? path[0] : event.target;
    if (!(origin instanceof Element) || isOurs(origin)) return;
    const control = origin.localName === "select" ? origin : origin.closest(STATEFUL);
    if (!control) return;
    if (event.isTrusted) {
      // Read the state after the page's own handlers have run; the person's change is
      // checked promptly, whatever audits cost on this page.
      setTimeout(() => {
        recordUserState(control);
        scheduleCheck(document.documentElement, DEBOUNCE_MS);
      }, 0);
    } else {
      // An event the page made: as the page's own changes (onMutations).
      scheduleCheck(document.documentElement);
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

  // The mode the stored settings ask for on this site.
  function modeOf(stored) {
    const offSites = Array.isArray(stored?.offSites) ? stored.offSites : [];
    if (offSites.includes(location.hostname)) return "off";
    return stored?.mode === "badge" ? "badge" : "page";
  }

  function setMode(wanted) {
    if (wanted === mode) return;
    const wasOff = mode === "off";
    mode = wanted;
    for (const [element, entry] of entries) {
      if (mode === "page") draw(element, entry);
      else undraw(entry);
    }
    if (wasOff || mode === "off") report();
  }

  // "Not a data-sharing setting" (issue 17): what the person told Untick to leave alone
  // on this site, kept on this computer as the site, the category and the setting's words
  // (`notSettings` in storage.local). Such a finding is not counted, listed or drawn.
  let notSettings = new Set(); // keys of the findings set aside on this site

  function notASettingKey(category, words) {
    return JSON.stringify([category, words]);
  }

  function settingWords(finding) {
    return finding.label || finding.selector;
  }

  function isNotASetting(finding) {
    return notSettings.size > 0 && notSettings.has(notASettingKey(finding.category, settingWords(finding)));
  }

  function notSettingsOf(stored) {
    const list = Array.isArray(stored?.notSettings) ? stored.notSettings : [];
    return new Set(
      list.filter((item) => item?.site === location.hostname).map((item) => notASettingKey(item.category, item.words)),
    );
  }

  function useNotSettings(next) {
    const same = next.size === notSettings.size && [...next].every((key) => notSettings.has(key));
    if (same) return;
    notSettings = next;
    for (const [element, entry] of entries) draw(element, entry);
    report();
  }

  async function rememberNotASetting(finding, setAside) {
    const words = settingWords(finding);
    const { notSettings: stored } = await api.storage.local.get("notSettings");
    const others = (Array.isArray(stored) ? stored : []).filter(
      (item) => !(item?.site === location.hostname && item.category === finding.category && item.words === words),
    );
    if (setAside) others.push({ site: location.hostname, category: finding.category, words });
    await api.storage.local.set({ notSettings: others });
    useNotSettings(notSettingsOf({ notSettings: others }));
    return true;
  }

  const SETTINGS = ["mode", "offSites", "notSettings"];

  function useSettings(stored) {
    setMode(modeOf(stored));
    useNotSettings(notSettingsOf(stored));
  }

  // At start, before anything is drawn or reported.
  function takeSettings(stored) {
    mode = modeOf(stored);
    notSettings = notSettingsOf(stored);
  }

  api.storage.onChanged.addListener((changes, area) => {
    if (area !== "local" || !SETTINGS.some((key) => key in changes)) return;
    api.storage.local.get(SETTINGS).then(useSettings, () => {});
  });

  /** `anyOn`: some control on the page is on, so warnings are likely. */
  async function start(anyOn) {
    started = true;
    startedAt = performance.now();
    for (const type of CONTROL_EVENTS) document.addEventListener(type, onControlEvent, true);
    observer.observe(document.documentElement, WATCHED);
    // Audit while the setting is read; changes meanwhile wait for this first audit.
    running = true;
    mode = "badge";
    const early = Object.hasOwn(globalThis, "untickEarlySettings") ? globalThis.untickEarlySettings : null;
    const settingsRead = (early ?? api.storage.local.get(SETTINGS)).catch(() => ({}));
    try {
      const walkInto = anyOn ? settingsFirst() : null;
      const audit = auditRoot(document.documentElement, true, walkInto); // sent before this returns
      // While the engine works: build what every warning shares, so that drawing the
      // first ones takes less once the answer comes. Not on pages where nothing is on
      // (most pages of a job site), which are unlikely to get any.
      if (anyOn) {
        try {
          globalThis.untickWarning.prepare();
        } catch (_) {
          // Only a head start: drawing builds whatever is missing.
        }
      }
      const result = await audit;
      takeSettings(await settingsRead);
      apply(document.documentElement, result);
      if (walkInto) apply(document.documentElement, await auditRoot(document.documentElement, true));
    } catch (error) {
      takeSettings(await settingsRead);
      if (error?.lost) scheduleCheck(document.documentElement);
    } finally {
      running = false;
    }
  }

  // Back from the back/forward cache: the page's port was closed when it left, and with it
  // what the badge and popup knew of it. Tell them again, as the page now shown.
  globalThis.untickChannel.onShownAgain(() => {
    shownAt = performance.timeOrigin + performance.now();
    if (!running) report();
  });

  // Injected again before the first check has begun: that check is still to come, with
  // the settings read and the page watched, so there is nothing to do.
  let started = false;
  globalThis.untickContent = {
    checkNow: () => {
      if (started) scheduleCheck(document.documentElement, 0);
    },
  };
  // The first check waits for the page's own DOMContentLoaded listeners, which may still
  // tick boxes as the page sets itself up (this script's listener, added at document
  // start in the window's capture phase, runs before any of theirs, so none can stop the
  // event reaching it), and for the browser's first styling and layout of the
  // whole page: reading a label's drawn text (getComputedStyle) before then would do that
  // work inside Untick's task (130 ms on a page of 100,000 nodes in Firefox). A hidden tab
  // draws no frames, hence the timer. Defaults are what the page shows before anyone
  // acts: noted before any other await.
  const pageSetUp = document.readyState === "loading"
    ? new Promise((done) => addEventListener("DOMContentLoaded", done, { once: true, capture: true }))
    : Promise.resolve();
  const FIRST_FRAME_WAIT_MS = 200;
  function afterNextFrame() {
    return new Promise((done) => {
      const timer = setTimeout(done, FIRST_FRAME_WAIT_MS);
      requestAnimationFrame(() => {
        clearTimeout(timer);
        done();
      });
    });
  }
  pageSetUp
    .then(afterNextFrame)
    .then(nextTurn)
    .then(() => start(rememberDefaults(document.documentElement)));
})();
