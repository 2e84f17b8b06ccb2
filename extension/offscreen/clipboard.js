// Chrome's offscreen document for the clipboard: the background (a service worker, no DOM)
// sends it a letter to copy when the person presses "Copy" in a warning, so that the letter
// never passes through the page's own document, selection or copy events. It can not be
// focused, so the Clipboard API refuses it; a selected textarea and the copy command work.
"use strict";

const api = globalThis.browser ?? globalThis.chrome;

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== api.runtime.id || message?.kind !== "offscreen-copy") return false;
  const area = document.getElementById("text");
  area.value = String(message.text ?? "");
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch (_) {
    copied = false;
  }
  // Nothing of the letter stays here.
  area.value = "";
  sendResponse({ copied });
  return false;
});
