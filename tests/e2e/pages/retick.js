// A page that will not take no for an answer: shortly after the person unticks the box,
// it ticks it again (the way a script that "syncs" form state would).
const box = document.getElementById('retick-box');
box.addEventListener('change', () => {
  if (!box.checked) {
    setTimeout(() => {
      box.checked = true;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    }, 300);
  }
});

// The second box is ticked again silently: no event, no attribute, only the property
// (as a framework re-rendering its own state would).
const silent = document.getElementById('retick-silent');
silent.addEventListener('change', () => {
  if (!silent.checked) setTimeout(() => (silent.checked = true), 300);
});
