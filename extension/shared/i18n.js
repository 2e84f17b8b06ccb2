// Words for the popup and the options page come from _locales/, like the in-page warning's,
// so that a translation is one new messages.json. Elements name their message with
// data-i18n (text) or data-i18n-aria-label; the text goes in with textContent only.
const api = globalThis.browser ?? globalThis.chrome;

export function t(key, ...substitutions) {
  return api.i18n.getMessage(key, substitutions) || key;
}

export function localize(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-aria-label]")) {
    node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
  }
}
