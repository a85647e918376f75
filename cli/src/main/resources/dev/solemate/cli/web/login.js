// Trades the token in the link's fragment (#token=...) for a cookie, then cleans the address bar.
// A fragment is never sent to the server, so the secret never appears in a request line or a log.
const message = document.getElementById('message');

function signIn() {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (!match) return;
  history.replaceState(null, '', location.pathname);
  message.textContent = 'Signing in…';
  fetch('/api/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: match[1] }),
    credentials: 'same-origin',
  }).then(async (r) => {
    if (r.ok) {
      location.replace('/');
    } else {
      const body = await r.json().catch(() => ({}));
      message.textContent = body.error || `Sign-in refused (${r.status}).`;
    }
  }).catch(() => { message.textContent = 'Cannot reach solemate serve. Is it still running?'; });
}

signIn();
// The link pasted into a tab that already shows this page changes only the fragment: no reload.
window.addEventListener('hashchange', signIn);
