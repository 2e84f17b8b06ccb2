// The page's own script, allowed by script-src 'self'.
document.getElementById('status').textContent = 'Ready';
document.documentElement.dataset.ready = 'yes';
