// The switch behaves like a real toggle.
const publicCv = document.getElementById('public-cv');
publicCv.addEventListener('click', () => {
  const on = publicCv.getAttribute('aria-checked') !== 'true';
  publicCv.setAttribute('aria-checked', String(on));
  publicCv.textContent = on ? 'On' : 'Off';
});
