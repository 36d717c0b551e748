'use strict';
// VP live replay page: replays a bundled test trace (GET /api/vp/traces/<id>) at 5 Hz × speed; at each step it
// posts the last hw samples to POST /api/vp/predict for every chosen method, charts actual vs predicted
// yaw/pitch/roll over the horizon, and scores each prediction with POST /api/vp/evaluate (the server's MAE,
// docs/reference/vp.md §2) for a running MAE per method. window.vpReplay is the read hook for tests.
(function () {
  const params = new URLSearchParams(location.search);
  const api = new TB.Api(params.get('server') || '');
  const $ = (id) => document.getElementById(id);
  const SAMPLE_S = 0.2; // 5 Hz (docs/reference/vp.md §1.2)
  const PAST_S = 10; // actual movement shown before the current step
  const AXES = ['yaw', 'pitch', 'roll'];
  const DEFAULT_METHODS = ['lr', 'velocity', 'repeat'];
  const grid = $('charts');
  let charts = null;
  let run = null;

  /** What a test reads: the state, how many steps ran, each chart's points, the per-method scores. */
  window.vpReplay = {
    state: 'loading', steps: 0, error: null,
    snapshot() {
      const out = { state: this.state, steps: this.steps, error: this.error, scores: run ? run.scoreRows() : [] };
      if (charts) {
        for (const [name, c] of Object.entries(charts)) {
          out[name] = c.opts.series.map((s, k) => Object.assign({ label: s.label }, c.series(k)));
        }
      }
      return out;
    },
  };

  function message(text, isError) {
    $('message').textContent = text;
    $('message').className = isError ? 'error' : '';
  }

  function chosenMethods() {
    return [...document.querySelectorAll('#methods input:checked')].map((i) => i.value);
  }

  /** One chart per axis (actual + one prediction per method), running MAE and latency per method. */
  function buildCharts(methods) {
    grid.textContent = '';
    const perMethod = (m, i) => ({ label: m, color: TB.COLORS[(i + 1) % TB.COLORS.length] });
    const c = {};
    for (const axis of AXES) {
      c[axis] = new TB.LiveChart(grid, {
        id: axis, title: `${axis[0].toUpperCase()}${axis.slice(1)}: actual vs predicted over the horizon`,
        xLabel: 'trace time (s)', yLabel: 'degrees',
        series: [{ label: 'actual', color: '#333' }].concat(methods.map(perMethod)),
      });
    }
    c.mae = new TB.LiveChart(grid, {
      id: 'mae', title: 'Running MAE (server /evaluate)', xLabel: 'trace time (s)', yLabel: 'degrees',
      series: methods.map((m, i) => ({ label: m, color: TB.COLORS[(i + 1) % TB.COLORS.length] })),
    });
    c.latency = new TB.LiveChart(grid, {
      id: 'latency', title: 'Request latency (round trip from this page)', xLabel: 'trace time (s)', yLabel: 'ms',
      series: methods.map((m, i) => ({ label: m, color: TB.COLORS[(i + 1) % TB.COLORS.length] })),
    });
    return c;
  }

  /** The angles of a sample or prediction, as /api/vp/evaluate takes them. */
  const angles = (p) => ({ roll: p.roll, pitch: p.pitch, yaw: p.yaw });

  class Replay {
    constructor(trace, methods, hw, pw, speed) {
      this.trace = trace;
      this.methods = methods;
      this.hw = hw;
      this.pw = pw;
      this.speed = speed;
      this.stopped = false;
      // per method: sum of per-prediction MAE, count, latencies (the running MAE is the mean per prediction)
      this.scores = new Map(methods.map((m) => [m, { sum: 0, n: 0, latencies: [] }]));
    }

    scoreRows() {
      return this.methods.map((m) => {
        const s = this.scores.get(m);
        const sorted = s.latencies.slice().sort((a, b) => a - b);
        return { method: m, predictions: s.n, maeDeg: s.n ? s.sum / s.n : null,
          p50Ms: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null };
      });
    }

    async start() {
      const samples = this.trace.samples;
      window.vpReplay.state = 'playing';
      for (let i = this.hw - 1; i + this.pw < samples.length && !this.stopped; i++) {
        const began = performance.now();
        await this.step(i);
        window.vpReplay.steps++;
        const wait = (SAMPLE_S * 1000) / this.speed - (performance.now() - began);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      if (window.vpReplay.state === 'playing') window.vpReplay.state = 'done';
      message(this.stopped ? 'stopped' : 'end of trace');
      $('start').disabled = false;
      $('stop').disabled = true;
    }

    /** Step i: history = samples (i-hw, i], ground truth = the next pw samples. */
    async step(i) {
      const samples = this.trace.samples;
      const history = samples.slice(i - this.hw + 1, i + 1);
      const truth = samples.slice(i + 1, i + 1 + this.pw);
      const now = samples[i].t;
      const replies = await Promise.all(this.methods.map(async (method) => {
        const t0 = performance.now();
        const r = await api.postJson('/api/vp/predict', { history, historyWindow: this.hw, horizon: this.pw, method,
          wrapOutputs: true });
        const latencyMs = performance.now() - t0;
        const e = await api.postJson('/api/vp/evaluate', { predictions: r.predictions.map(angles), groundTruth: truth.map(angles) });
        return { method, predictions: r.predictions, latencyMs, maeDeg: e.maeDeg };
      }));
      const shown = samples.filter((s) => s.t >= now - PAST_S && s.t <= now + this.pw * SAMPLE_S);
      for (const axis of AXES) {
        charts[axis].replaceSeries(0, shown.map((s) => s.t), shown.map((s) => s[axis]));
        replies.forEach((r, k) => charts[axis].replaceSeries(k + 1, r.predictions.map((p) => p.t), r.predictions.map((p) => p[axis])));
      }
      const maes = [];
      const lats = [];
      for (const r of replies) {
        const s = this.scores.get(r.method);
        s.sum += r.maeDeg;
        s.n++;
        s.latencies.push(r.latencyMs);
        maes.push(s.sum / s.n);
        lats.push(r.latencyMs);
      }
      charts.mae.add(now, ...maes);
      charts.latency.add(now, ...lats);
      renderScores(this.scoreRows());
    }
  }

  function renderScores(rows) {
    const t = $('mae');
    t.textContent = '';
    const head = t.insertRow();
    for (const h of ['method', 'predictions', 'running MAE (°)', 'p50 latency (ms)']) {
      const th = document.createElement('th');
      th.textContent = h;
      head.appendChild(th);
    }
    for (const r of rows) {
      const tr = t.insertRow();
      for (const v of [r.method, String(r.predictions), r.maeDeg === null ? '–' : r.maeDeg.toFixed(2),
        r.p50Ms === null ? '–' : r.p50Ms.toFixed(1)]) {
        tr.insertCell().textContent = v;
      }
    }
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

  async function start(ev) {
    ev.preventDefault();
    if (run) run.stopped = true;
    const methods = chosenMethods();
    if (methods.length === 0) {
      message('choose at least one method', true);
      return;
    }
    const hw = Number($('hw').value);
    const pw = Number($('pw').value);
    const speed = Number($('speed').value);
    let trace;
    try {
      trace = await api.getJson(`/api/vp/traces/${encodeURIComponent($('trace').value)}`);
    } catch (e) {
      message(`cannot load the trace: ${e.message}`, true);
      return;
    }
    charts = buildCharts(methods);
    window.vpReplay.steps = 0;
    window.vpReplay.error = null;
    summary([['trace', trace.id], ['dataset', `${trace.dataset} (${trace.split})`],
      ['samples', `${trace.samples.length} at ${trace.sampleRateHz} Hz`], ['history / horizon', `${hw} / ${pw} samples`],
      ['speed', `${speed}×`]]);
    run = new Replay(trace, methods, hw, pw, speed);
    $('start').disabled = true;
    $('stop').disabled = false;
    message(`replaying ${trace.id}`);
    run.start().catch((e) => {
      window.vpReplay.state = 'error';
      window.vpReplay.error = e.message;
      message(e.message, true);
      $('start').disabled = false;
      $('stop').disabled = true;
    });
  }

  async function load() {
    try {
      const [list, catalog] = await Promise.all([api.getJson('/api/vp/traces'), api.getJson('/api/catalog')]);
      for (const t of list.traces) {
        const o = document.createElement('option');
        o.value = t.id;
        o.textContent = `${t.dataset} video ${t.video} user ${t.user}`;
        $('trace').appendChild(o);
      }
      const vp = (catalog.tasks || {}).vp || {};
      for (const m of vp.methods || []) {
        const l = document.createElement('label');
        const i = document.createElement('input');
        i.type = 'checkbox';
        i.value = m;
        i.checked = DEFAULT_METHODS.includes(m);
        l.append(i, ` ${m}`);
        $('methods').appendChild(l);
      }
      if (vp.limits && vp.limits.maxHorizon) $('pw').max = vp.limits.maxHorizon;
      window.vpReplay.state = 'idle';
      message('Pick a trace and methods, then Start.');
    } catch (e) {
      window.vpReplay.state = 'error';
      window.vpReplay.error = e.message;
      message(`cannot load the VP catalog: ${e.message}`, true);
    }
  }

  $('form').addEventListener('submit', start);
  $('stop').addEventListener('click', () => { if (run) run.stopped = true; });
  load();
})();
