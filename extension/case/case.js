// My case (issue 22): the pages Untick warned about and the letters sent, in date order,
// with what is due, what is overdue and the next step for each (worked out by the engine
// from the letters' own files), to print, save, or give to an adviser. Page text goes in
// with textContent only.
import { localize, t } from "../shared/i18n.js";
import { ask, button, el, saveAsText, saveFile } from "../shared/ui.js";
import { exportJson, importJson, onSharedComputer, readCase, removeEntry, today, updateEntry } from "../shared/case-file.js";

const list = document.getElementById("entries");
const status = document.getElementById("case-status");

const longDate = (date) => date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
const dayText = (isoDay) => longDate(new Date(`${isoDay}T12:00:00`));
const timeText = (iso) => {
  const at = new Date(iso);
  return `${longDate(at)}, ${at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}`;
};

const HOW = { ticked: "caseHowTicked", locked: "caseHowLocked", hidden: "caseHowHidden", announced: "caseHowAnnounced" };

// Each entry's lines, as text: the page shows them, and "Save as text" writes them.
function describe(entry, step) {
  if (entry.type === "page") {
    return {
      heading: t("casePageKept", timeText(entry.at)),
      lines: [t("caseSiteAt", entry.site, entry.address)],
      settings: entry.settings.map((s) => {
        const then = s.offAt ? t("caseSwitchedOffAt", timeText(s.offAt)) : t(s.onWhenKept ? "caseStillOn" : "caseSwitchedOff");
        return `\u201c${s.words}\u201d: ${t(HOW[s.how])}, ${then}.`;
      }),
      due: null,
      overdue: false,
    };
  }
  const lines = [entry.title || entry.letter];
  if (entry.to) lines.push(t("caseSentTo", entry.to));
  let due = null;
  let overdue = false;
  if (entry.answered) {
    lines.push(t("caseAnswered", dayText(entry.answered)));
  } else if (step?.reply_by) {
    const days = step.days_left;
    overdue = days < 0;
    due = days > 0
      ? t("caseReplyDue", step.reply_by, String(days))
      : days === 0
        ? t("caseReplyDueToday", step.reply_by)
        : t("caseReplyOverdue", step.reply_by, String(-days));
    lines.push(due);
    if (step.next_title) lines.push(t("caseNextStep", step.next_title));
    if (step.next_by) lines.push(t("caseNextBy", step.next_by));
  } else {
    lines.push(t("caseNothingDue"));
  }
  return { heading: t("caseLetterSent", dayText(entry.sent)), lines, due, settings: [], overdue };
}

async function stepsFor(entries) {
  const sent = entries.filter((entry) => entry.type === "letter");
  if (sent.length === 0) return new Map();
  const { steps } = await ask({ kind: "case-steps", sent, today: today() });
  return new Map(sent.map((entry, i) => [entry.id, steps[i]]));
}

let shown = { entries: [], steps: new Map() };

async function render() {
  const caseFile = await readCase();
  let steps;
  try {
    steps = await stepsFor(caseFile.entries);
  } catch (_) {
    status.textContent = t("caseUnavailable");
    steps = new Map();
  }
  shown = { entries: caseFile.entries, steps };
  document.getElementById("shared").hidden = !(await onSharedComputer());
  if (caseFile.entries.length === 0) {
    list.replaceChildren(el("li", "muted", t("caseEmpty")));
    return;
  }
  list.replaceChildren(
    ...caseFile.entries.map((entry) => {
      const { heading, lines, due, settings, overdue } = describe(entry, steps.get(entry.id));
      const item = el("li", overdue ? "entry overdue" : "entry");
      item.dataset.type = entry.type;
      item.append(el("h2", "", heading));
      for (const line of lines) item.append(el("p", line === due ? "due" : "", line));
      if (settings.length > 0) {
        const ul = el("ul");
        for (const line of settings) ul.append(el("li", "", line));
        item.append(ul);
      }
      const row = el("div", "row");
      if (entry.type === "letter" && !entry.answered) {
        row.append(button(t("caseMarkAnswered"), "secondary", async () => {
          await updateEntry(entry.id, { answered: today() });
          await render();
        }));
      }
      row.append(button(t("caseRemove"), "secondary", async () => {
        await removeEntry(entry.id);
        await render();
      }));
      item.append(row);
      return item;
    }),
  );
}

function asText() {
  const out = [t("caseTitle"), "", t("caseSanction"), ""];
  for (const entry of shown.entries) {
    const { heading, lines, settings } = describe(entry, shown.steps.get(entry.id));
    out.push(heading, ...lines, ...settings.map((line) => `- ${line}`), "");
  }
  out.push(t("notAdvice"));
  return `${out.join("\n")}\n`;
}

document.getElementById("export-json").addEventListener("click", async () => {
  saveFile(exportJson(await readCase()), `untick-case-${today()}.json`, "application/json");
});
document.getElementById("export-text").addEventListener("click", () => saveAsText(asText(), "case", today()));
document.getElementById("print").addEventListener("click", () => window.print());
document.getElementById("import").addEventListener("change", async (event) => {
  const file = event.target.files?.[0];
  if (!file) return;
  try {
    const added = await importJson(await file.text(), t("caseNotACaseFile"));
    status.textContent = t("caseImported", String(added));
  } catch (error) {
    status.textContent = error.message;
  }
  event.target.value = "";
  await render();
});

localize();
document.title = t("caseTitle");
render();
