// Web components as a provider's portal might build them: each draws its controls in a
// shadow root. Defined before the body is parsed, so the elements are built as they appear.
'use strict';

/** A paragraph with a checkbox `id` and its label (given by `text`, or a slot if none). */
function checkboxRow(id, text) {
  const p = document.createElement('p');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.id = id;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.append(text ?? document.createElement('slot'));
  p.append(box, ' ', label);
  return { p, box };
}

customElements.define('consent-box', class extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const { p, box } = checkboxRow('box');
    this.box = box;
    root.append(p);
  }

  // The parser gives a new element its attributes only after its constructor has run.
  connectedCallback() {
    this.box.defaultChecked = !this.hasAttribute('unchecked');
  }
});

customElements.define('cv-switch', class extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'closed' });
    const text = document.createElement('span');
    text.id = 'label';
    text.textContent = 'Make my CV public so that employers can find and view it';
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'switch';
    button.setAttribute('role', 'switch');
    button.setAttribute('aria-checked', 'true');
    button.setAttribute('aria-labelledby', 'label');
    button.textContent = 'On';
    button.addEventListener('click', () => {
      const on = button.getAttribute('aria-checked') !== 'true';
      button.setAttribute('aria-checked', String(on));
      button.textContent = on ? 'On' : 'Off';
    });
    root.append(text, ' ', button);
    // Only for the tests: nothing else can reach into a closed shadow root.
    (window.testShadowRoots ??= []).push(root);
  }
});

// <late-consent> works as <consent-box>, but is defined only when #define-late is pressed.
document.addEventListener('click', (event) => {
  if (event.target.id !== 'define-late' || customElements.get('late-consent')) return;
  customElements.define('late-consent', class extends customElements.get('consent-box') {});
});

customElements.define('consent-list', class extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const add = document.createElement('button');
    add.type = 'button';
    add.id = 'add';
    add.textContent = 'More settings';
    add.addEventListener('click', () => {
      const { p, box } = checkboxRow('extra', 'Let my Jobcentre work coach see my job applications');
      box.checked = true;
      root.append(p);
    });
    root.append(add);
  }
});
