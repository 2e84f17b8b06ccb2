// The in-page warning: a plain <div data-untick-warning> with a closed shadow root, so the
// page's styles and scripts can neither restyle it nor read it. Not a custom element: a
// page that defines the name first would run its own constructor on it and could refuse
// the shadow root, so that no warning is ever drawn. Built with DOM calls
// and textContent only: labels come from the page and may contain markup.
// Loaded as a content script before content.js; defines globalThis.untickWarning.
"use strict";

// Own properties only: an element with this id is a property of the window too.
if (!Object.hasOwn(globalThis, "untickWarning")) {
  const api = globalThis.browser ?? globalThis.chrome;
  const t = (key, ...subs) => api.i18n.getMessage(key, subs) || key;

  const CSS = `
:host { all: initial !important; display: block !important; margin: 6px 0 14px !important;
  visibility: visible !important; opacity: 1 !important;
  grid-column: 1 / -1 !important; align-self: stretch !important; min-width: min(280px, 100%) !important; }
.card { box-sizing: border-box; max-width: 38rem; padding: 12px 14px; text-align: left;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1f1a14; background: #fff7e8; border: 1px solid #c2410c; border-left: 6px solid #c2410c;
  border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.card.alert { border-color: #b91c1c; background: #fff1f1; }
.brand { display: flex; align-items: center; gap: 6px; margin: 0 0 4px; font-size: 12px;
  font-weight: 700; letter-spacing: .05em; text-transform: uppercase; color: #7c2d12; }
.brand svg { flex: none; }
.headline { margin: 0 0 6px; font-size: 16px; font-weight: 700; }
.setting { margin: 0 0 6px; }
.quote { display: block; margin-top: 2px; padding: 2px 0 2px 10px; border-left: 3px solid #d97706;
  font-style: italic; overflow-wrap: anywhere; }
.summary { font-weight: 400; }
.more { margin: 8px 0 0; }
.more summary { cursor: pointer; color: #7c2d12; font-weight: 600; width: max-content; }
.more summary:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.why { margin: 6px 0 0; }
.more + .more { margin-top: 4px; }
button.link { min-height: 0; margin-top: 6px; padding: 2px 0; border: 0; background: none;
  color: #7c2d12; text-decoration: underline; font-weight: 600; }
.mistakes { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0; }
.banner { margin: 0 0 8px; padding: 6px 10px; border-radius: 4px; font-weight: 700;
  color: #ffffff; background: #b91c1c; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; }
button { font: inherit; font-size: 15px; font-weight: 600; min-height: 38px; padding: 6px 14px;
  border-radius: 5px; cursor: pointer; border: 2px solid #7c2d12; }
button.primary { color: #ffffff; background: #7c2d12; }
button.secondary { color: #7c2d12; background: #ffffff; }
button:hover { filter: brightness(1.08); }
button:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
button[hidden] { display: none; }
.status { margin: 8px 0 0; font-size: 14px; }
/* Empty, it takes no room but stays in the page, so that what fills it is read out. */
.status:empty { margin: 0; }
/* Switched off: one line and "Undo"; the rest returns if the setting comes back on. */
.card.off .headline, .card.off .setting, .card.off .more,
.card.off .copy, .card.off .untick { display: none; }
.card.off .status { margin: 0; font-weight: 600; }
.card:not(.off) .undo { display: none; }
.card.off .actions { margin-top: 6px; }
/* On a touch screen or a phone-sized window, every control is a 44 px touch target. */
@media (pointer: coarse), (max-width: 480px) {
  button { min-height: 44px; min-width: 44px; }
  button.link { min-height: 44px; margin-top: 0; }
  .more summary { padding: 10px 0; line-height: 24px; } /* stays a list item: keeps its arrow */
  .mistakes { gap: 0 18px; }
}
@media (prefers-color-scheme: dark) {
  .card { color: #f7efe5; background: #2b2117; border-color: #fb923c; box-shadow: none; }
  .card.alert { background: #3a1717; border-color: #f87171; }
  .brand { color: #fdba74; }
  .quote { border-left-color: #fb923c; }
  .more summary, button.link { color: #fdba74; }
  .banner { color: #1b0a0a; background: #fca5a5; }
  button { border-color: #fdba74; }
  button.primary { color: #1f1206; background: #fdba74; }
  button.secondary { color: #fdba74; background: #2b2117; }
  button:focus-visible { outline-color: #93c5fd; }
}`;

  // One constructed sheet shared by every warning: parsed once, and not subject to the
  // page's style-src CSP. A Firefox content script cannot set adoptedStyleSheets (the
  // Xray wrapper refuses), so there each warning gets a copy of one <style> element
  // instead (which Firefox applies on pages with a strict CSP too: tests/e2e, csp.html).
  let sharedSheet; // undefined until tried; null where it cannot be used
  let styleElement = null;

  function styleTemplate() {
    if (!styleElement) {
      styleElement = document.createElement("style");
      styleElement.textContent = CSS;
    }
    return styleElement;
  }

  // Finds out, on a shadow root of our own, which of the two this browser allows, and
  // parses the styles once for it.
  function prepareStyles() {
    if (sharedSheet !== undefined) return;
    try {
      const probe = document.createElement("span").attachShadow({ mode: "closed" });
      const sheet = new CSSStyleSheet();
      probe.adoptedStyleSheets = [sheet];
      sheet.replaceSync(CSS);
      sharedSheet = sheet;
    } catch (_) {
      sharedSheet = null;
      styleTemplate();
    }
  }

  function applyStyles(shadow) {
    prepareStyles();
    if (sharedSheet) {
      try {
        shadow.adoptedStyleSheets = [sharedSheet];
        return;
      } catch (_) {
        // Refused here although allowed on our own root: use a <style> from now on.
        sharedSheet = null;
      }
    }
    shadow.append(styleTemplate().cloneNode(true));
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const SVG_NS = "http://www.w3.org/2000/svg";
  function shieldIcon() {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", "M8 1 2 3.5V8c0 3.3 2.6 6.2 6 7 3.4-.8 6-3.7 6-7V3.5z");
    path.setAttribute("fill", "currentColor");
    const tick = document.createElementNS(SVG_NS, "path");
    tick.setAttribute("d", "M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6");
    tick.setAttribute("stroke", "#fff7e8");
    tick.setAttribute("stroke-width", "1.8");
    tick.setAttribute("stroke-linecap", "round");
    svg.append(path, tick);
    return svg;
  }

  /**
   * Builds a warning for one finding.
   * actions.letterTo(finding) -> string|null     who the letter is for, if known
   * actions.letterAfter(finding) -> string|null  what to do once it is sent, if known
   * actions.copyLetter(finding) -> Promise<boolean>  copy the letter (the user clicked),
   *   done by the background: the letter never passes through the page
   * actions.untick(finding) -> Promise<boolean>  switch the control off (the user clicked)
   * Returns { host, update(finding) }.
   */
  // The card's fixed parts, built once and cloned for each warning: one clone costs far
  // less than building each part again (in Firefox every DOM call from a content script
  // crosses a wrapper). Its parts are found again by class name.
  let cardTemplate = null;
  function prepareCard() {
    if (!cardTemplate) {
      const card = el("div", "card");
      card.setAttribute("aria-label", t("warningRegion"));
      const brand = el("p", "brand");
      brand.append(shieldIcon(), el("span", "", t("warningBrand")));
      const setting = el("p", "setting");
      setting.append(el("span", "said"), el("span", "quote"));
      const actionsRow = el("div", "actions");
      const copyButton = el("button", "primary copy", t("copyLetter"));
      copyButton.type = "button";
      const untickButton = el("button", "secondary untick", t("untickIt"));
      untickButton.type = "button";
      const undoButton = el("button", "secondary undo", t("undo"));
      undoButton.type = "button";
      actionsRow.append(copyButton, untickButton, undoButton);
      // What happened after a click, and what to do next: shown, and read out.
      const status = el("p", "status");
      status.setAttribute("aria-live", "polite");
      // After a copy (issue 22): one click puts the letter in the case file as sent today.
      const sentButton = el("button", "link sent", t("sentToday"));
      sentButton.type = "button";
      sentButton.hidden = true;
      // Short first (issue 17): what it is, what was done, the buttons; why it matters
      // and the law behind "Why?".
      const more = el("details", "more");
      const reportButton = el("button", "link report", t("reportMistake"));
      reportButton.type = "button";
      const notSettingButton = el("button", "link not-setting", t("notASetting"));
      notSettingButton.type = "button";
      // The case file (issue 22): the page's warnings, dated, on the person's click only.
      const keepButton = el("button", "link keep", t("keepRecord"));
      keepButton.type = "button";
      const mistakes = el("p", "mistakes");
      mistakes.append(keepButton, reportButton, notSettingButton);
      more.append(el("summary", "", t("warningWhy")), el("p", "why"), mistakes);
      // A card inside a DWP page can be taken for the site's own message (issue 17).
      const about = el("details", "more about");
      about.append(el("summary", "", t("warningWhatIsThis")), el("p", "why", t("warningAbout")));
      card.append(
        brand,
        el("p", "banner", t("warningReticked")),
        headlineParagraph(),
        setting,
        actionsRow,
        status,
        sentButton,
        more,
        about,
      );
      cardTemplate = card;
    }
  }

  // The headline, then the one sentence on what was done to the setting, in one paragraph.
  // (As a paragraph of its own, that sentence made Chromium's page unresponsive for over
  // 20 s on a page of 600,000 parts: tests/e2e, hostile-huge.html; see BENCHMARKS.md.)
  function headlineParagraph() {
    const paragraph = el("p", "headline");
    paragraph.append(el("span", "headline-text"), " ", el("span", "summary"));
    return paragraph;
  }

  function cardParts() {
    prepareCard();
    const card = cardTemplate.cloneNode(true);
    const part = (name) => card.querySelector(`.${name}`);
    return {
      card,
      banner: part("banner"),
      headline: part("headline-text"),
      setting: part("setting"),
      said: part("said"),
      quote: part("quote"),
      summary: part("summary"),
      why: part("why"),
      copyButton: part("copy"),
      untickButton: part("untick"),
      undoButton: part("undo"),
      reportButton: part("report"),
      notSettingButton: part("not-setting"),
      keepButton: part("keep"),
      sentButton: part("sent"),
      status: part("status"),
    };
  }

  // The button says what it will do, which the engine decided: untick the box, tick an
  // opt-out box (there, leaving it empty is what shares), or choose the answer that
  // does not share.
  function nameSwitchButton(button, switchOff, label) {
    let text;
    let name;
    if (switchOff.action === "check") {
      text = t("tickOptOut");
      name = t("tickOptOutLabel", label);
    } else if (switchOff.action === "choose" && switchOff.choice) {
      text = t("chooseAnswer", switchOff.choice);
      name = t("chooseAnswerLabel", switchOff.choice, label);
    } else if (switchOff.action === "choose") {
      text = t("chooseOther");
      name = t("chooseOtherLabel", label);
    } else {
      text = t("untickIt");
      name = t("untickItLabel", label);
    }
    if (button.textContent !== text) button.textContent = text;
    button.setAttribute("aria-label", name);
  }

  function createWarning(finding, actions) {
    // Not hidden by the page's own rules: the shadow root's `:host` rules marked
    // !important win over the page's, even !important ones (tests/e2e, hostile-styles.html).
    const host = document.createElement("div");
    // For people and tests reading the page; Untick itself knows its hosts by identity.
    host.setAttribute("data-untick-warning", "");
    const shadow = host.attachShadow({ mode: "closed" });
    applyStyles(shadow);

    const {
      card,
      banner,
      headline,
      setting,
      said,
      quote,
      summary,
      why,
      copyButton,
      untickButton,
      undoButton,
      reportButton,
      notSettingButton,
      keepButton,
      sentButton,
      status,
    } = cardParts();
    shadow.append(card);

    let current = finding;
    let copiedTimer = 0;

    async function copy() {
      status.textContent = "";
      let ok = false;
      try {
        ok = await actions.copyLetter(current);
      } catch (_) {
        ok = false;
      }
      if (ok) {
        copyButton.textContent = t("copied");
        copyButton.setAttribute("aria-label", t("copiedLabel", current.label || current.headline));
        const to = actions.letterTo(current);
        // The next steps (keep a copy; which letter follows if no answer comes) are seen
        // only here by someone who never opens the toolbar's list.
        const after = actions.letterAfter(current) ?? t("keepACopy");
        status.textContent = `${to ? t("copiedSendTo", to) : t("copiedAnnounce")} ${after}`;
        sentButton.hidden = false;
        clearTimeout(copiedTimer);
        copiedTimer = setTimeout(() => {
          copyButton.textContent = t("copyLetter");
          copyButton.setAttribute("aria-label", t("copyLetterLabel", current.label || current.headline));
        }, 8000);
      } else {
        status.textContent = t("copyFailed");
      }
    }

    // Asks the background for `action` (true when done), then says how it went.
    async function tell(action, done, failed) {
      let ok = false;
      try {
        ok = await action(current);
      } catch (_) {
        ok = false;
      }
      status.textContent = t(ok ? done : failed);
      return ok;
    }

    const report = () => tell(actions.copyReport, "reportCopied", "copyFailed");
    const keepRecord = () => tell(actions.keepRecord, "keptRecord", "keepRecordFailed");
    async function sentToday() {
      if (await tell(actions.letterSent, "sentKept", "sentFailed")) sentButton.hidden = true;
    }

    // Runs a change to the page from `button`, which waits meanwhile; true if it was made.
    async function change(button, action) {
      button.disabled = true;
      try {
        return (await action(current)) === true;
      } catch (_) {
        return false;
      } finally {
        button.disabled = false;
      }
    }

    async function untick() {
      status.textContent = "";
      if (await change(untickButton, actions.untick)) {
        // One line, read out, and "Undo" with the focus (issue 17).
        switchedOffHere = true;
        showOff();
        undoButton.focus();
      } else {
        status.textContent = t("untickFailed");
      }
    }

    // "Not a data-sharing setting": one line and "Undo" until the page is left; not
    // drawn at all on the next visit (content.js), and not counted.
    let setAside = false;
    async function notASetting() {
      status.textContent = "";
      if (await change(notSettingButton, actions.notASetting)) undoButton.focus();
      else status.textContent = t("copyFailed");
    }

    // Switched off by "Untick it" here: "Undo" puts it back as the page had it.
    // Set aside as not a data-sharing setting: "Undo" warns about it again.
    let switchedOffHere = false;
    async function undo() {
      if (setAside) {
        if (await change(undoButton, actions.warnAgain)) {
          if (!card.classList.contains("off")) status.textContent = t("warningBack");
          copyButton.focus();
        }
        return;
      }
      if (await change(undoButton, actions.undo)) {
        switchedOffHere = false;
        card.classList.remove("off");
        status.textContent = t("undone");
        copyButton.focus();
      }
    }

    // One line (what happened) and "Undo" where there is something to undo.
    function collapse(words, undoable) {
      card.classList.add("off");
      undoButton.hidden = !undoable;
      if (status.textContent !== words) status.textContent = words;
    }

    function showOff() {
      collapse(t("warningNowOff"), switchedOffHere);
    }

    // Each button acts on the clicks it hears. A click the page stopped on its way (a
    // capture listener on the window) still reaches shared/clicks.js, which runs first:
    // that button is then the one under the pointer, or for a click made with the keyboard
    // (Enter or Space: no pointer, `detail` 0), the one with the focus.
    const heard = new WeakSet();
    const buttons = new Map([
      [copyButton, copy],
      [untickButton, untick],
      [undoButton, undo],
      [reportButton, report],
      [notSettingButton, notASetting],
      [keepButton, keepRecord],
      [sentButton, sentToday],
    ]);
    for (const [button, act] of buttons) {
      button.addEventListener("click", (event) => {
        heard.add(event);
        act();
      });
    }
    globalThis.untickClicks.register(host, (event) => {
      if (heard.has(event)) return;
      const under = event.detail === 0 ? shadow.activeElement : shadow.elementFromPoint(event.clientX, event.clientY);
      const button = under?.closest?.("button");
      if (!button || button.disabled || button.hidden) return;
      buttons.get(button)?.();
    });

    // `dismissed`: the person said this is not a data-sharing setting.
    function update(next, { dismissed = false } = {}) {
      current = next;
      const reticked = next.reticked === true;
      card.setAttribute("role", reticked ? "alert" : "note");
      card.classList.toggle("alert", reticked);
      banner.hidden = !reticked;
      headline.textContent = next.headline;
      // A hidden setting's label is its name and value in the page's code, not words shown.
      said.textContent = t(next.control === "hidden" ? "warningSettingHidden" : "warningSetting");
      quote.textContent = `\u201c${next.label}\u201d`;
      setting.hidden = !next.label;
      summary.textContent = next.summary ?? "";
      why.textContent = next.why;
      copyButton.setAttribute("aria-label", t("copyLetterLabel", next.label || next.headline));
      const canSwitch = next.switch_off !== null && next.switch_off !== undefined;
      if (canSwitch) nameSwitchButton(untickButton, next.switch_off, next.label || next.headline);
      if (!canSwitch) {
        untickButton.remove();
      } else if (!untickButton.isConnected) {
        copyButton.after(untickButton);
      }
      const wasSetAside = setAside;
      setAside = dismissed;
      if (dismissed) {
        collapse(t("notASettingDone"), true);
        return;
      }
      if (!next.on_now && !reticked) {
        showOff();
        return;
      }
      if (card.classList.contains("off") || wasSetAside) {
        // On again (the page switched it back, or the person did): the warning in full.
        card.classList.remove("off");
        switchedOffHere = false;
        status.textContent = "";
      }
      untickButton.hidden = false;
    }

    update(finding);
    return { host, update };
  }

  /**
   * Builds what every warning shares (the card, its words, the styles) ahead of the first
   * warning: the content script calls it while it waits for the engine's answer, so that
   * the first warnings are drawn sooner. Later calls do nothing.
   */
  function prepare() {
    prepareStyles();
    prepareCard();
  }

  globalThis.untickWarning = { createWarning, prepare };
}
