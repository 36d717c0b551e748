'use strict';
// Experiment page: reads the session, plays it, exposes window.testbed for Selenium (protocol.md).
window.testbed = TB.newState();

(async function main() {
  const params = new URLSearchParams(location.search);
  const status = document.getElementById('status');
  const show = () => {
    const t = window.testbed;
    status.textContent = `${t.state}  chunks ${t.chunks.length}  decisions ${t.decisions.length}`
      + `  rebuffer ${t.rebufferMs} ms${t.error ? '\nerror: ' + t.error : ''}`;
  };
  setInterval(show, 500);
  const id = params.get('session');
  if (!id) {
    window.testbed.state = 'error';
    window.testbed.error = 'missing ?session=<id> in the page URL';
    show();
    return;
  }
  const api = new TB.Api(params.get('server') || '');
  try {
    const session = await api.getJson(`/api/sessions/${encodeURIComponent(id)}`);
    new TB.SessionPlayer(api, session, document.getElementById('video'), window.testbed).start();
  } catch (e) {
    window.testbed.state = 'error';
    window.testbed.error = `cannot start session ${id}: ${e.message}`;
    console.error('[testbed] ' + window.testbed.error);
  }
  show();
})();
