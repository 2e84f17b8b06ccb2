// After a letter is copied or saved (the popup and the Letters page): one question, which
// the person may skip, "Did you send it? When, and to whom?". A yes adds the letter to the
// case file with that date (issue 22), from which My case works out when a reply is due.
import { t } from "./i18n.js";
import { addEntry, today } from "./case-file.js";
import { button, el } from "./ui.js";

let forms = 0;

// Shows the question in `holder` (replacing what it held) for letter `info` ({id, title, to}).
export function askIfSent(holder, info) {
  const id = `sent-${(forms += 1)}`;
  const form = el("form", "sent-form");
  form.setAttribute("aria-labelledby", `${id}-q`);
  const question = el("p", "sent-question", t("sentQuestion"));
  question.id = `${id}-q`;
  const field = (label, input) => {
    input.id = `${id}-${input.name}`;
    const wrap = el("p", "field");
    const name = el("label", "", label);
    name.htmlFor = input.id;
    wrap.append(name, input);
    return wrap;
  };
  const date = el("input");
  date.type = "date";
  date.name = "date";
  date.required = true;
  date.max = today();
  date.value = today();
  const to = el("input");
  to.type = "text";
  to.name = "to";
  to.value = info.to ?? "";
  const status = el("p", "status small");
  status.setAttribute("role", "status");
  const yes = el("button", "primary", t("sentYes"));
  yes.type = "submit";
  const no = button(t("sentNo"), "secondary", () => holder.replaceChildren());
  const row = el("div", "row");
  row.append(yes, no);
  form.append(question, field(t("sentDate"), date), field(t("sentTo"), to), row);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await addEntry({ type: "letter", letter: info.id, title: info.title, to: to.value.trim(), sent: date.value });
      holder.replaceChildren(status);
      status.textContent = t("sentKept");
    } catch (_) {
      status.textContent = t("sentFailed");
      form.append(status);
    }
  });
  holder.replaceChildren(form);
}
