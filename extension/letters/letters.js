// The Letters page: every letter, each with what it is for, who to send it to and what to
// do next, filled in with the person's saved details (no page's settings), to copy or
// save. Reached from the popup and the options page, so that the letters a warning's
// after-text names (a data protection complaint, the ICO) are always within reach.
import { localize, t } from "../shared/i18n.js";
import { ask, button, copy, el, saveAsText } from "../shared/ui.js";
import { askIfSent } from "../shared/sent-letter.js";

const list = document.getElementById("letters");
const status = document.getElementById("letters-status");

async function start() {
  localize();
  document.title = t("lettersTitle");
  let infos;
  let texts;
  let missing;
  try {
    ({ letters: infos } = await ask({ kind: "letter-list" }));
    const wanted = infos.map(({ id }) => ({ id, settings: [] }));
    ({ letters: texts, missing } = await ask({ kind: "letters", wanted, site: null }));
  } catch (_) {
    status.textContent = t("lettersUnavailable");
    return;
  }
  const items = [];
  for (const info of infos) {
    const text = texts[info.id];
    if (typeof text !== "string") continue;
    const item = el("li");
    item.id = info.id;
    item.append(el("h2", "", info.title), el("p", "", info.purpose), el("p", "send-to small", t("sendItTo", info.to)));
    const done = el("p", "status small");
    done.setAttribute("role", "status");
    const sent = el("div", "sent");
    const copyButton = button(t("copyLetter"), "primary", async () => {
      const ok = await copy(text);
      copyButton.textContent = ok ? t("copied") : t("couldNotCopy");
      done.textContent = ok ? `${t("copiedSendTo", info.to)} ${info.after}` : "";
      if (ok) askIfSent(sent, info);
    });
    copyButton.setAttribute("aria-label", t("copyLetterLabel", info.title));
    const saveButton = button(t("saveAsText"), "secondary", () => {
      saveAsText(text, info.id, "letter");
      askIfSent(sent, info);
    });
    saveButton.setAttribute("aria-label", t("saveAsTextLabel", info.title));
    const row = el("div", "row");
    row.append(copyButton, saveButton);
    if (missing?.[info.id]) item.append(el("p", "notice small", missing[info.id]));
    const read = el("details");
    read.append(el("summary", "", t("readLetterTitled", info.title)), el("pre", "letter", text));
    item.append(row, done, sent, el("p", "muted small", info.after), read);
    items.push(item);
  }
  list.replaceChildren(...items);
}

start();
