'use strict';
// Minimal <canvas> line chart for the manual page: no library, works offline.
window.TB = window.TB || {};

TB.LineChart = class LineChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{title: string, yLabel: string, step?: boolean, color?: string}} opts step=true draws a staircase
   */
  constructor(canvas, opts) {
    this.canvas = canvas;
    this.opts = Object.assign({ step: false, color: '#1565c0' }, opts);
    this.points = [];
    this.draw();
  }

  clear() {
    this.points = [];
    this.draw();
  }

  add(x, y) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    this.points.push([x, y]);
    this.draw();
  }

  draw() {
    const c = this.canvas.getContext('2d');
    const { width: w, height: h } = this.canvas;
    const pad = { l: 48, r: 10, t: 22, b: 26 };
    c.clearRect(0, 0, w, h);
    c.fillStyle = '#222';
    c.font = '12px sans-serif';
    c.fillText(`${this.opts.title} (${this.opts.yLabel})`, pad.l, 14);
    const xs = this.points.map((p) => p[0]);
    const ys = this.points.map((p) => p[1]);
    const xMax = Math.max(1, ...xs);
    const yMax = Math.max(1e-9, ...ys) * 1.1;
    const px = (x) => pad.l + (x / xMax) * (w - pad.l - pad.r);
    const py = (y) => h - pad.b - (y / yMax) * (h - pad.t - pad.b);
    c.strokeStyle = '#999';
    c.beginPath();
    c.moveTo(pad.l, pad.t);
    c.lineTo(pad.l, h - pad.b);
    c.lineTo(w - pad.r, h - pad.b);
    c.stroke();
    c.fillStyle = '#555';
    for (const f of [0, 0.5, 1]) {
      const y = (yMax / 1.1) * f;
      c.fillText(y >= 100 ? y.toFixed(0) : y.toFixed(1), 2, py(y) + 4);
    }
    c.fillText('0', pad.l, h - 8);
    c.fillText(`chunk ${xMax}`, w - pad.r - 60, h - 8);
    if (this.points.length === 0) return;
    c.strokeStyle = this.opts.color;
    c.lineWidth = 2;
    c.beginPath();
    this.points.forEach(([x, y], i) => {
      if (i === 0) c.moveTo(px(x), py(y));
      else {
        if (this.opts.step) c.lineTo(px(x), py(this.points[i - 1][1]));
        c.lineTo(px(x), py(y));
      }
    });
    c.stroke();
  }
};
