// Small helpers the extension's own pages share (the popup and the Letters page). Text
// goes in with textContent only: nothing from a page or a letter becomes markup.

const api = globalThis.browser ?? globalThis.chrome;

// A request to the background; its error, if it gives one, is thrown.
export async function ask(message) {
  const reply = await api.runtime.sendMessage(message);
  if (!reply || !reply.ok) throw new Error(reply ? reply.error : "no reply");
  return reply;
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(text, className, onClick) {
  const node = el("button", className, text);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

// An extension page may write the clipboard (clipboardWrite); the old copy command is
// the fallback where the asynchronous clipboard is refused.
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (_) {
    const area = el("textarea");
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

// Saves `text` as a file named `name`, through the browser's downloads.
export function saveFile(text, name, type) {
  const link = el("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

export function saveAsText(text, letterId, host) {
  const safeHost = (host || "page").replace(/[^a-z0-9.-]/gi, "_");
  saveFile(text, `untick-${letterId}-${safeHost}.txt`, "text/plain;charset=utf-8");
}
