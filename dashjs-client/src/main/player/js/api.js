'use strict';
// HTTP helpers for the testbed server API (/work protocol: JSON bodies, 4xx {"error": ...}).
window.TB = window.TB || {};

/**
 * Longest wait for an asynchronous API reply (events, /end, catalog). These calls happen outside the decision
 * path; without a bound a lost reply left a finished session "playing" until the runner's 120 s stall cap.
 */
TB.API_TIMEOUT_MS = 30000;

TB.Api = class Api {
  /** @param {string} origin '' for same-origin, or e.g. 'http://127.0.0.1:8080' from ?server= */
  constructor(origin) {
    this.origin = (origin || '').replace(/\/$/, '');
  }

  url(path) {
    return /^https?:\/\//.test(path) ? path : this.origin + path;
  }

  async getJson(path) {
    return this.timed(path, { cache: 'no-store' });
  }

  async postJson(path, body) {
    return this.timed(path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
  }

  /** fetch with TB.API_TIMEOUT_MS: a reply that never comes becomes an error naming the path. */
  async timed(path, init) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TB.API_TIMEOUT_MS);
    try {
      const r = await fetch(this.url(path), Object.assign({ signal: abort.signal }, init));
      return TB.Api.parse(path, r.status, await r.text());
    } catch (e) {
      if (abort.signal.aborted) throw new Error(`${path}: no reply within ${TB.API_TIMEOUT_MS} ms`);
      throw e;
    } finally {
      clearTimeout(timer);
    }
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
