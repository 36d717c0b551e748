'use strict';
// Live line charts on uPlot (dashjs-client/README.md "Charts"): a titled card that appends points as they
// arrive, resizes with its container and keeps its data readable for tests (data()).
window.TB = window.TB || {};

/** Series colours, colour-blind safe (Okabe–Ito). */
TB.COLORS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];
/** Chart height in CSS px; the width follows the card. */
TB.CHART_HEIGHT = 220;

TB.LiveChart = class LiveChart {
  /**
   * @param {HTMLElement} parent element the chart card is appended to
   * @param {{id: string, title: string, xLabel: string, yLabel: string,
   *          series: {label: string, color?: string, step?: boolean, points?: boolean, markers?: boolean}[]}} opts
   *        step: staircase (value holds until the next x); points: markers only, no line; markers: line and markers
   */
  constructor(parent, opts) {
    this.opts = opts;
    this.card = document.createElement('section');
    this.card.className = 'chart-card';
    this.card.id = `chart-${opts.id}`;
    const h = document.createElement('h2');
    h.textContent = opts.title;
    this.card.appendChild(h);
    this.body = document.createElement('div');
    this.card.appendChild(this.body);
    parent.appendChild(this.card);
    this.x = [];
    this.ys = opts.series.map(() => []);
    this.plot = new uPlot(this.config(), this.data(), this.body);
    new ResizeObserver(() => this.fit()).observe(this.card);
  }

  config() {
    const o = this.opts;
    return {
      width: Math.max(this.body.clientWidth, 200),
      height: TB.CHART_HEIGHT,
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [{ label: o.xLabel, size: 40 }, { label: o.yLabel, size: 56 }],
      series: [{ label: o.xLabel }].concat(o.series.map((s, i) => ({
        label: s.label,
        stroke: s.color || TB.COLORS[i % TB.COLORS.length],
        width: s.points ? 0 : 2,
        spanGaps: true,
        paths: s.step ? uPlot.paths.stepped({ align: 1 }) : undefined,
        points: s.points || s.markers ? { show: true, size: s.points ? 7 : 5, fill: s.color || TB.COLORS[i % TB.COLORS.length] }
          : { show: false },
      }))),
    };
  }

  fit() {
    const w = Math.max(this.body.clientWidth, 200);
    if (w !== this.plot.width) this.plot.setSize({ width: w, height: TB.CHART_HEIGHT });
  }

  /** [x, y1, y2, ...] as uPlot wants them (copies). */
  data() {
    return [this.x.slice()].concat(this.ys.map((y) => y.slice()));
  }

  clear() {
    this.x = [];
    this.ys = this.opts.series.map(() => []);
    this.plot.setData(this.data());
  }

  /**
   * Adds one x with a value per series (null where a series has none); x stays sorted, so points may arrive
   * out of order (capacity bins ahead of throughput samples).
   */
  add(x, ...values) {
    if (!Number.isFinite(x)) return;
    let i = this.x.length;
    while (i > 0 && this.x[i - 1] > x) i--;
    this.x.splice(i, 0, x);
    this.ys.forEach((y, k) => y.splice(i, 0, Number.isFinite(values[k]) ? values[k] : null));
    this.plot.setData(this.data());
  }

  /** Replaces one series with (xs, ys) points, keeping the others' points at their x. */
  replaceSeries(k, xs, ys) {
    const kept = [];
    this.x.forEach((x, i) => {
      const vals = this.ys.map((y) => y[i]);
      vals[k] = null;
      if (vals.some((v) => v !== null)) kept.push([x, vals]);
    });
    this.x = [];
    this.ys = this.opts.series.map(() => []);
    const rows = kept.concat(xs.map((x, i) => {
      const vals = this.opts.series.map(() => null);
      vals[k] = ys[i];
      return [x, vals];
    })).sort((a, b) => a[0] - b[0]);
    for (const [x, vals] of rows) {
      this.x.push(x);
      vals.forEach((v, j) => this.ys[j].push(v));
    }
    this.plot.setData(this.data());
  }

  /** Points of series k as {x: [...], y: [...]} (nulls left out), for the pages' read hooks. */
  series(k) {
    const out = { x: [], y: [] };
    this.x.forEach((x, i) => {
      if (this.ys[k][i] !== null) {
        out.x.push(x);
        out.y.push(this.ys[k][i]);
      }
    });
    return out;
  }
};
