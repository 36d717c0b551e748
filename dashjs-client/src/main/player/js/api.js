'use strict';
// HTTP helpers for the testbed server API (/work protocol: JSON bodies, 4xx {"error": ...}).
window.TB = window.TB || {};

TB.Api = class Api {
  /** @param {string} origin '' for same-origin, or e.g. 'http://127.0.0.1:8080' from ?server= */
  constructor(origin) {
    this.origin = (origin || '').replace(/\/$/, '');
  }

  url(path) {
    return /^https?:\/\//.test(path) ? path : this.origin + path;
  }

  async getJson(path) {
    const r = await fetch(this.url(path), { cache: 'no-store' });
    return TB.Api.parse(path, r.status, await r.text());
  }

  async postJson(path, body) {
    const r = await fetch(this.url(path), {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    return TB.Api.parse(path, r.status, await r.text());
  }

  /**
   * Synchronous POST: the page's JS thread (and so dash.js's scheduler) blocks until the reply,
   * exactly like GENET/Pensieve's modified dash.js (docs/reference/abr.md §8.4). This is what makes the
   * server's choice apply to the very next segment request.
   */
  postJsonSync(path, body) {
    const x = new XMLHttpRequest();
    x.open('POST', this.url(path), false);
    x.setRequestHeader('Content-Type', 'application/json');
    x.send(JSON.stringify(body));
    return TB.Api.parse(path, x.status, x.responseText);
  }

  static parse(path, status, text) {
    if (status === 204) return null;
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        throw new Error(`${path}: HTTP ${status}, reply is not JSON: ${text.slice(0, 200)}`);
      }
    }
    if (status < 200 || status >= 300) {
      throw new Error(`${path}: HTTP ${status}${body && body.error ? ': ' + body.error : ''}`);
    }
    return body;
  }
};
