'use strict';
// Manual playback page: pick algorithm / video / trace from GET /api/catalog, create a session, play it with
// live uPlot charts: trace capacity (GET /api/sessions/<id>/link) against measured per-chunk throughput on one
// time axis, buffer level, bitrate, decision latency and the server's running QoE. window.manualCharts is the
// read hook for tests (docs/protocol.md §7).
(function () {
  const params = new URLSearchParams(location.search);
  const api = new TB.Api(params.get('server') || '');
  const $ = (id) => document.getElementById(id);
  const MS_PER_S = 1000;
  const grid = $('charts');
  const charts = {
    throughput: new TB.LiveChart(grid, {
      id: 'throughput', title: 'Trace capacity vs measured throughput', xLabel: 'time since trace start (s)',
      yLabel: 'Mbit/s', series: [{ label: 'trace capacity', step: true }, { label: 'chunk throughput', points: true }],
    }),
    buffer: new TB.LiveChart(grid, {
      id: 'buffer', title: 'Buffer level at each decision', xLabel: 'time since trace start (s)', yLabel: 's',
      series: [{ label: 'buffer', color: TB.COLORS[2] }],
    }),
    bitrate: new TB.LiveChart(grid, {
      id: 'bitrate', title: 'Bitrate of each chunk', xLabel: 'chunk', yLabel: 'kbit/s',
      // markers: the last chunk's step has no next chunk to run to
      series: [{ label: 'bitrate', step: true, markers: true, color: TB.COLORS[3] }],
    }),
    latency: new TB.LiveChart(grid, {
      id: 'latency', title: 'Decision latency', xLabel: 'chunk decided', yLabel: 'ms',
      series: [{ label: 'server', color: TB.COLORS[4] }, { label: 'round trip (page)', color: TB.COLORS[5] }],
    }),
    qoe: new TB.LiveChart(grid, {
      id: 'qoe', title: 'Running QoE (server, mean per chunk)', xLabel: 'chunks reported', yLabel: 'QoE',
      series: [{ label: 'QoE mean', color: TB.COLORS[0] }],
    }),
  };
  let current = null;

  /** What a test reads: each chart's points and the last /link reply. */
  window.manualCharts = {
    link: null,
    ended: false,
    snapshot() {
      const out = { link: this.link, ended: this.ended };
      for (const [name, c] of Object.entries(charts)) {
        out[name] = c.opts.series.map((s, k) => Object.assign({ label: s.label }, c.series(k)));
      }
      return out;
    },
  };

  function message(text, isError) {
    $('message').textContent = text;
    $('message').className = isError ? 'error' : '';
  }

  function summary(rows) {
    const dl = $('summary');
    dl.textContent = '';
    for (const [k, v] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      dl.append(dt, dd);
    }
  }

  function fill(select, values) {
    for (const v of values) {
      const o = document.createElement('option');
      o.value = typeof v === 'string' ? v : (v.id || v.name);
      o.textContent = o.value;
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

  /** Fetches the session's link and redraws the capacity series (at the start, and again at the end). */
  async function refreshLink(id) {
    const link = await api.getJson(`/api/sessions/${encodeURIComponent(id)}/link`);
    window.manualCharts.link = link;
    if (link.capacity) charts.throughput.replaceSeries(0, link.capacity.tS, link.capacity.mbps);
    return link;
  }

  async function play(ev) {
    ev.preventDefault();
    if (current && current.player) current.player.reset();
    Object.values(charts).forEach((c) => c.clear());
    window.manualCharts.link = null;
    window.manualCharts.ended = false;
    const trace = $('trace').value || null;
    const body = {
      algorithm: $('algorithm').value,
      video: $('video-name').value,
      trace,
      link: { mode: trace ? 'builtin' : 'none', delayMs: Number($('delay').value), decisionsCrossLink: false },
      label: 'manual',
    };
    let session;
    let link;
    const createdMs = Date.now();
    try {
      session = await api.postJson('/api/sessions', body);
      link = await refreshLink(session.id);
    } catch (e) {
      message(`cannot create the session: ${e.message}`, true);
      return;
    }
    // one time axis for capacity, throughput and buffer: seconds of trace time (unshaped: since creation)
    const originMs = link.traceStartMs !== null ? link.traceStartMs : createdMs;
    const atS = (epochMs) => (epochMs - originMs) / MS_PER_S;
    const qoeSeen = new Set();
    const info = [['session', session.id], ['algorithm', session.algorithm], ['video', session.video],
      ['trace', trace || '(none)'], ['link', `${link.mode}, ${link.delayMs} ms each way`]];
    summary(info);
    const state = TB.newState();
    window.testbed = state;
    const sessionPath = `/api/sessions/${encodeURIComponent(session.id)}`;
    current = new TB.SessionPlayer(api, session, $('video'), state, {
      onChunk(rec) {
        const kbps = current.ladderKbps ? current.ladderKbps[rec.quality] : NaN;
        charts.bitrate.add(rec.index, kbps);
        // measured from the first byte, as the decision body's throughput (docs/protocol.md §2)
        const dtMs = Math.max(rec.endTimeMs - rec.firstByteTimeMs, 1);
        charts.throughput.add(atS(rec.endTimeMs), null, (rec.bytes * 8) / dtMs / MS_PER_S);
      },
      onDecision(d) {
        charts.buffer.add(atS(d.atMs), d.bufferS);
        charts.latency.add(d.reportedChunk + 1, d.decisionLatencyMs, d.roundTripMs);
        message(`chunk ${d.reportedChunk} reported, next quality ${d.quality} `
          + `(decision ${Number(d.decisionLatencyMs).toFixed(2)} ms)`);
        // the running QoE is the server's own score (GET /api/sessions/<id>, docs/protocol.md §3)
        api.getJson(sessionPath).then((v) => {
          if (v.qoe && Number.isFinite(v.qoe.mean) && !qoeSeen.has(v.chunks)) {
            qoeSeen.add(v.chunks);
            charts.qoe.add(v.chunks, v.qoe.mean);
          }
        }).catch((e) => console.warn(`[manual] ${sessionPath}: ${e.message}`));
      },
      async onEnd(s) {
        const q = s.qoe || {};
        const f = (x, d) => (Number.isFinite(x) ? x.toFixed(d) : '–');
        summary(info.concat([['chunks', String(s.chunks)], ['QoE mean', f(q.mean, 3)],
          ['bitrate', `${f(q.bitrateMbps, 3)} Mbit/s`], ['rebuffer', `${f(q.rebufferS, 3)} s/chunk`],
          ['smoothness', `${f(q.smoothnessMbps, 3)} Mbit/s`], ['total rebuffer', `${f(q.totalRebufferS, 2)} s`]]));
        if (q.mean !== null && Number.isFinite(q.mean) && !qoeSeen.has(s.chunks)) {
          qoeSeen.add(s.chunks);
          charts.qoe.add(s.chunks, q.mean);
        }
        try {
          await refreshLink(session.id); // the window may have grown past the video's length
        } catch (e) {
          message(`cannot read the session's link: ${e.message}`, true);
        }
        window.manualCharts.ended = true;
        message(`session ${session.id} ended`);
      },
      onError(msg) {
        message(msg, true);
      },
    });
    current.start();
    message(`session ${session.id} (${session.algorithm}) playing`);
  }

  $('form').addEventListener('submit', play);
  loadCatalog();
})();
