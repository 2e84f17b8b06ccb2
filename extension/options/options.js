// The options page: the person's details for letters and where warnings show.
// Stored only in the browser's storage; nothing is sent anywhere.
import { localize, t } from "../shared/i18n.js";
import { onSharedComputer, setSharedComputer } from "../shared/case-file.js";

const api = globalThis.browser ?? globalThis.chrome;

const FIELDS = ["name", "address", "date_of_birth", "ni_number", "provider", "adviser", "account_email", "situation"];
const form = document.getElementById("details-form");
const detailsStatus = document.getElementById("details-status");
const modeStatus = document.getElementById("mode-status");
const sharedComputer = document.getElementById("shared-computer");
const sharedStatus = document.getElementById("shared-status");
const forgetStatus = document.getElementById("forget-status");
const sitesList = document.getElementById("sites");
const noSites = document.getElementById("no-sites");

// A shared computer: the case file is kept only until the browser closes (issue 22).
sharedComputer.addEventListener("change", async () => {
  await setSharedComputer(sharedComputer.checked);
  sharedStatus.textContent = t(sharedComputer.checked ? "sharedComputerOn" : "sharedComputerOff");
});

async function load() {
  sharedComputer.checked = await onSharedComputer();
  const { details = {}, mode = "page" } = await api.storage.local.get(["details", "mode"]);
  for (const field of FIELDS) form.elements[field].value = details[field] ?? "";
  for (const radio of document.querySelectorAll('input[name="mode"]')) {
    radio.checked = radio.value === (mode === "badge" ? "badge" : "page");
  }
  await listSites();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const details = {};
  for (const field of FIELDS) {
    const value = form.elements[field].value.trim();
    // Missing details are left out, so letters read naturally without them.
    if (value) details[field] = value;
  }
  await api.storage.local.set({ details });
  detailsStatus.textContent = t("detailsSaved");
});

for (const radio of document.querySelectorAll('input[name="mode"]')) {
  radio.addEventListener("change", async () => {
    if (!radio.checked) return;
    await api.storage.local.set({ mode: radio.value });
    modeStatus.textContent =
      radio.value === "badge" ? t("modeSavedBadge") : t("modeSavedPage");
  });
}

async function builtInPatterns() {
  const declared = api.runtime.getManifest().content_scripts ?? [];
  return new Set(declared.flatMap((script) => script.matches ?? []));
}

async function extraSites() {
  const builtIn = await builtInPatterns();
  const origins = (await api.permissions.getAll()).origins ?? [];
  return origins.filter((pattern) => !builtIn.has(pattern) && pattern !== "*://*/*");
}

async function listSites() {
  const sites = await extraSites();
  sitesList.replaceChildren();
  noSites.hidden = sites.length > 0;
  for (const pattern of sites) {
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = pattern.replace(/^\*:\/\//, "").replace(/\/\*$/, "");
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "secondary";
    remove.textContent = t("stopChecking");
    remove.setAttribute("aria-label", t("stopCheckingLabel", name.textContent));
    remove.addEventListener("click", async () => {
      await api.permissions.remove({ origins: [pattern] });
      await api.runtime.sendMessage({ kind: "sync-sites" }).catch(() => {});
      await listSites();
    });
    item.append(name, remove);
    sitesList.append(item);
  }
}

// Forgetting cannot be undone, so the first click only asks; the safe answer
// gets the focus, and Escape also keeps everything.
const forgetButton = document.getElementById("forget");
const forgetConfirm = document.getElementById("forget-confirm");

function askToForget(open) {
  forgetConfirm.hidden = !open;
  forgetButton.setAttribute("aria-expanded", String(open));
}

function closeQuestion() {
  askToForget(false);
  forgetButton.focus();
}

forgetButton.addEventListener("click", () => {
  forgetStatus.textContent = "";
  askToForget(true);
  document.getElementById("forget-no").focus();
});

document.getElementById("forget-no").addEventListener("click", closeQuestion);

forgetConfirm.addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeQuestion();
});

document.getElementById("forget-yes").addEventListener("click", async () => {
  const sites = await extraSites();
  if (sites.length > 0) await api.permissions.remove({ origins: sites });
  await api.storage.local.clear();
  await api.storage.session.clear().catch(() => {});
  await api.runtime.sendMessage({ kind: "sync-sites" }).catch(() => {});
  await load();
  closeQuestion();
  forgetStatus.textContent = t("forgotten");
});

localize();
document.title = t("optionsTitle");
load();
