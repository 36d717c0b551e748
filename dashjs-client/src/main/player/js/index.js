'use strict';
// Experiment page: reads the session, plays it, exposes window.testbed for Selenium (docs/protocol.md).
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
  // ?server=<origin>: where media (and by default the API) live; ?decisions=<origin>: where session JSON,
  // decision POSTs, /events and /end go instead (the unshaped relay inside a Mahimahi shell)
  const media = new TB.Api(params.get('server') || '');
  const api = params.has('decisions') ? new TB.Api(params.get('decisions')) : media;
  try {
    const session = await api.getJson(`/api/sessions/${encodeURIComponent(id)}`);
    new TB.SessionPlayer(api, session, document.getElementById('video'), window.testbed, {}, media).start();
  } catch (e) {
    window.testbed.state = 'error';
    window.testbed.error = `cannot start session ${id}: ${e.message}`;
    console.error('[testbed] ' + window.testbed.error);
  }
  show();
})();
