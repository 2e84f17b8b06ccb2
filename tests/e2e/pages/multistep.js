// Step 2 is only put into the page when the person moves on, as single-page forms do.
document.getElementById('next').addEventListener('click', () => {
  const step2 = document.getElementById('step-2-template').content.cloneNode(true);
  document.getElementById('step-1').hidden = true;
  document.getElementById('steps').append(step2);
  document.title = 'Register - step 2 of 2 - MyWorkSearch';
});
