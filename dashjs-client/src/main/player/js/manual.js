'use strict';
// Manual playback page: pick algorithm / video / trace from GET /api/catalog, create a session,
// play it with live charts of the chosen bitrate, buffer level and per-chunk throughput.
(function () {
  const params = new URLSearchParams(location.search);
  const api = new TB.Api(params.get('server') || '');
  const $ = (id) => document.getElementById(id);
  const charts = {
    bitrate: new TB.LineChart($('chart-bitrate'), { title: 'Chosen bitrate', yLabel: 'kbps', step: true }),
    buffer: new TB.LineChart($('chart-buffer'), { title: 'Buffer level', yLabel: 's', color: '#2e7d32' }),
    throughput: new TB.LineChart($('chart-throughput'), { title: 'Throughput', yLabel: 'Mbps', color: '#ef6c00' }),
  };
  let current = null;

  function message(text, isError) {
    $('message').textContent = text;
    $('message').className = isError ? 'error' : '';
  }

  function fill(select, values, label) {
    for (const v of values) {
      const o = document.createElement('option');
      o.value = typeof v === 'string' ? v : (v.id || v.name);
      o.textContent = typeof v === 'string' ? v : (label ? label(v) : o.value);
      select.appendChild(o);
    }
  }

  async function loadCatalog() {
    try {
      // the server lists each task's catalog under tasks.<name> (docs/task-spi.md); this page plays ABR
      const cat = ((await api.getJson('/api/catalog')).tasks || {}).abr || {};
      fill($('algorithm'), cat.algorithms || []);
      fill($('video-name'), cat.videos || []);
      fill($('trace'), cat.traces || []);
      message('Pick an algorithm, a video and a trace, then Play.');
    } catch (e) {
      message(`cannot load /api/catalog: ${e.message}`, true);
    }
  }

  async function play(ev) {
    ev.preventDefault();
    if (current && current.player) current.player.reset();
    Object.values(charts).forEach((c) => c.clear());
    $('qoe').textContent = '';
    const trace = $('trace').value || null;
    const body = {
      algorithm: $('algorithm').value,
      video: $('video-name').value,
      trace,
      link: { mode: trace ? 'builtin' : 'none', delayMs: Number($('delay').value), decisionsCrossLink: false },
      label: 'manual',
    };
    try {
      const session = await api.postJson('/api/sessions', body);
      const state = TB.newState();
      window.testbed = state;
      current = new TB.SessionPlayer(api, session, $('video'), state, {
        onChunk(rec) {
          const kbps = current.ladderKbps ? current.ladderKbps[rec.quality] : NaN;
          charts.bitrate.add(rec.index, kbps);
          const dtS = Math.max(rec.endTimeMs - rec.firstByteTimeMs, 1) / 1000;
          charts.throughput.add(rec.index, (rec.bytes * 8) / dtS / 1e6);
        },
        onDecision(d) {
          charts.buffer.add(d.reportedChunk, d.bufferS);
          message(`session ${session.id}: chunk ${d.reportedChunk} reported, next quality ${d.quality} `
            + `(decision ${Number(d.decisionLatencyMs).toFixed(2)} ms)`);
        },
        onEnd(summary) {
          $('qoe').textContent = 'Session QoE\n' + JSON.stringify(summary.qoe || summary, null, 2);
        },
        onError(msg) {
          message(msg, true);
        },
      });
      current.start();
      message(`session ${session.id} (${session.algorithm}) playing`);
    } catch (e) {
      message(`cannot create the session: ${e.message}`, true);
    }
  }

  $('form').addEventListener('submit', play);
  loadCatalog();
})();
