'use strict';
// Plays one testbed session: dash.js with the server-driven rule, per-chunk records, decision
// POSTs (docs/protocol.md §2), stall accounting, /events and /end. State is mirrored into `state`
// (window.testbed on the experiment page) for Selenium to poll.
window.TB = window.TB || {};

/** GENET's page: buffer target, buffer to keep and pruning all 60 s (docs/reference/abr.md §8.3; sim BUFFER_THRESH). */
TB.BUFFER_THRESHOLD_S = 60;
/** The real dash.js client fetches chunk 0 at quality 1 before any decision (docs/reference/abr.md §8.4, §9.2). */
TB.DEFAULT_INITIAL_QUALITY = 1;
/** dash.js fragmentRequestTimeout meaning "never abort a segment download" (0 = no XHR/fetch timeout). */
TB.NO_REQUEST_TIMEOUT = 0;
/** How often the stall monitor samples the buffer level, ms. */
TB.STALL_POLL_MS = 50;

TB.newState = function () {
  return { state: 'loading', chunks: [], decisions: [], error: null, session: null, summary: null, rebufferMs: 0 };
};

TB.SessionPlayer = class SessionPlayer {
  /**
   * @param {TB.Api} api decision/report API (session JSON, decisions, /events, /end)
   * @param {object} session the session JSON (docs/protocol.md §1)
   * @param {HTMLVideoElement} video
   * @param {object} state TB.newState() object, updated in place
   * @param {object} hooks optional {onChunk(rec), onDecision(d), onEnd(summary), onError(msg)}
   */
  constructor(api, session, video, state, hooks = {}, media = api) {
    if (!session || !session.id) throw new Error('session JSON has no "id"');
    this.api = api;
    // media may come from another origin than decisions: behind Mahimahi the page and decisions use the
    // unshaped relay inside the shell, media crosses mm-link to the server (netem/README.md "Mahimahi")
    this.media = media;
    this.video = video;
    this.state = state;
    this.hooks = hooks;
    const id = encodeURIComponent(session.id);
    this.session = {
      id: session.id,
      algorithm: session.algorithm,
      manifestUrl: session.manifestUrl || `/s/${id}/content/${encodeURIComponent(session.video)}/manifest.mpd`,
      decisionUrl: session.decisionUrl || `/api/sessions/${id}/decision`,
      endUrl: `/api/sessions/${id}/end`,
      eventsUrl: `/api/sessions/${id}/events`,
      initialQuality: Number.isInteger(session.initialQuality) ? session.initialQuality : TB.DEFAULT_INITIAL_QUALITY,
      totalChunks: Number.isInteger(session.totalChunks) ? session.totalChunks : null,
    };
    state.session = this.session;
    this.lastCompleted = -1;          // 0-based index of the last media chunk fully downloaded
    this.decided = new Map();         // chunk -> {quality, bufferS} chosen for it
    this.reported = new Set();        // chunks already POSTed
    this.finalReport = null;          // promise of the last chunk's (async) report
    this.events = [];
    this.ended = false;
    this.stalls = new TB.StallMonitor(() => this.bufferLevelS(), Math.round(performance.timeOrigin));
  }

  start() {
    const p = dashjs.MediaPlayer().create();
    this.player = p;
    p.updateSettings(TB.SessionPlayer.settings());
    // recorded (start event, window.testbed) so a session's log shows the request timeout it played with
    this.state.fragmentRequestTimeoutMs = p.getSettings().streaming.fragmentRequestTimeout;
    p.addABRCustomRule('qualitySwitchRules', 'ServerAbrRule', TB.createServerRule(this));
    const ev = dashjs.MediaPlayer.events;
    p.on(ev.STREAM_INITIALIZED, () => this.onStreamInitialized());
    p.on(ev.FRAGMENT_LOADING_COMPLETED, (e) => this.onFragmentCompleted(e));
    p.on(ev.BUFFER_LOADED, (e) => { if (!e.mediaType || e.mediaType === 'video') this.onBufferingComplete(); });
    p.on(ev.ERROR, (e) => this.fail(`dash.js error: ${TB.SessionPlayer.describeError(e)}`));
    // Two signals mean "played to the end". The element's 'ended' event, and dash.js's PLAYBACK_ENDED: dash.js
    // also checks every 200 ms whether the playhead reached the period's end and, if the element did not fire
    // 'ended', seeks to the end and pauses it itself (StreamController's playback-ended timer, PlaybackController
    // onPlaybackEnded). The element then sits paused at the end (readyState 4) and may never fire 'ended'
    // (always so when its media runs past the manifest's duration); listening to 'ended' alone left such a
    // session "playing" until the runner's stall cap (docs/benchmarks.md "Experiments and Mahimahi").
    this.video.addEventListener('ended', () => this.endOfVideo('video'));
    p.on(ev.PLAYBACK_ENDED, (e) => { if (!e || e.isLast !== false) this.endOfVideo('dash.js'); });
    this.video.addEventListener('playing', () => { if (this.state.state === 'loading') this.state.state = 'playing'; });
    this.stallTimer = setInterval(() => { this.stalls.update(); this.state.rebufferMs = this.stalls.cumulativeMs(); },
      TB.STALL_POLL_MS);
    this.log('start', { manifest: this.session.manifestUrl, algorithm: this.session.algorithm,
      fragmentRequestTimeoutMs: this.state.fragmentRequestTimeoutMs });
    p.initialize(this.video, this.media.url(this.session.manifestUrl), true);
  }

  static settings() {
    const off = { active: false };
    const b = TB.BUFFER_THRESHOLD_S;
    return {
      debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING },
      streaming: {
        // A chunk takes as long as the replayed trace makes it take (as in the simulator and in GENET's
        // dash.js 2.x client). dash.js 5 aborts a segment request after 20 s by default and re-requests
        // it from the first byte, which wastes trace capacity and ends slow-trace sessions with error 27.
        fragmentRequestTimeout: TB.NO_REQUEST_TIMEOUT,
        abr: {
          autoSwitchBitrate: { video: true, audio: true },
          rules: {
            throughputRule: off, bolaRule: off, insufficientBufferRule: off, switchHistoryRule: off,
            droppedFramesRule: off, abandonRequestsRule: off, l2ARule: off, loLPRule: off,
          },
        },
        buffer: {
          fastSwitchEnabled: false,
          bufferTimeAtTopQuality: b, bufferTimeAtTopQualityLongForm: b, bufferTimeDefault: b,
          bufferToKeep: b, bufferPruningInterval: b,
        },
      },
    };
  }

  bufferLevelS() {
    if (!this.player) return 0;
    try {
      const v = this.player.getBufferLength('video');
      return Number.isFinite(v) ? v : 0;
    } catch (e) {
      return 0; // not initialised yet
    }
  }

  onStreamInitialized() {
    const reps = this.player.getRepresentationsByType('video').slice().sort((a, b) => a.bandwidth - b.bandwidth);
    this.qualityById = new Map(reps.map((r, i) => [r.id, i]));
    this.ladderKbps = reps.map((r) => Math.round(r.bandwidth / 1000));
    if (this.session.totalChunks === null) {
      const seg = reps[0].segmentDuration;
      this.session.totalChunks = Math.ceil(this.player.duration() / seg - 1e-6);
    }
    this.log('stream', { ladderKbps: this.ladderKbps, totalChunks: this.session.totalChunks });
  }

  /** Called by the rule before every segment request; returns the quality of the next media chunk. */
  qualityForNextChunk(levels) {
    if (this.ended || this.state.state === 'error') return null;
    const next = this.lastCompleted + 1;
    if (this.session.totalChunks !== null && next >= this.session.totalChunks) return null;
    if (!this.decided.has(next)) {
      if (next === 0) {
        // chunk 0 goes out at the session's initial quality, before any decision (docs/reference/abr.md §8.4)
        this.decided.set(0, { quality: this.session.initialQuality, bufferS: this.bufferLevelS() });
      } else {
        const reply = this.report(this.lastCompleted);
        if (reply === null) return null;
        if (!Number.isInteger(reply.quality) || reply.quality < 0 || reply.quality >= levels) {
          this.fail(`decision for chunk ${next}: quality ${reply.quality} outside 0..${levels - 1}`);
          return null;
        }
        this.decided.set(next, { quality: reply.quality, bufferS: this.lastReportBufferS });
      }
    }
    return this.decided.get(next).quality;
  }

  onFragmentCompleted(e) {
    const r = e.request;
    if (!r || r.mediaType !== 'video' || r.type !== 'MediaSegment') return; // init segments are not chunks
    if (e.error) {
      this.fail(`chunk ${r.index} (${r.url}) failed to load: ${TB.SessionPlayer.describeError(e.error)}`);
      return;
    }
    const decided = this.decided.get(r.index);
    const rec = {
      index: r.index,
      quality: this.qualityById ? this.qualityById.get(r.representation.id) : null,
      url: r.url,
      bytes: r.bytesLoaded,
      requestTimeMs: TB.SessionPlayer.epochMs(r.startDate),
      firstByteTimeMs: TB.SessionPlayer.epochMs(r.firstByteDate),
      endTimeMs: TB.SessionPlayer.epochMs(r.endDate),
      bufferS: decided ? decided.bufferS : null,
    };
    if (decided && rec.quality !== decided.quality) {
      this.log('warning', { message: `chunk ${rec.index} loaded at q${rec.quality}, decided q${decided.quality}` });
    }
    this.state.chunks.push(rec);
    this.lastCompleted = Math.max(this.lastCompleted, r.index);
    if (this.hooks.onChunk) this.hooks.onChunk(rec);
    if (this.session.totalChunks !== null && r.index === this.session.totalChunks - 1) {
      // no further rule call will carry this chunk's report; the reply is ignored (docs/protocol.md §2)
      setTimeout(() => this.onBufferingComplete(), 0);
    }
  }

  onBufferingComplete() {
    if (this.session.totalChunks === null || this.lastCompleted !== this.session.totalChunks - 1) return;
    this.stalls.markBufferingComplete();
    if (this.finalReport === null) {
      this.finalReport = Promise.resolve().then(() => this.report(this.lastCompleted));
    }
  }

  /**
   * POSTs the decision body of `chunk` (docs/protocol.md §2) synchronously. Inside the rule that blocking is
   * the point; the last chunk's report runs outside the scheduler, where it blocks nothing that matters.
   * @returns the reply JSON, or null after a failure (the session is then in state "error")
   */
  report(chunk) {
    if (this.reported.has(chunk)) return null;
    this.reported.add(chunk);
    const rec = this.state.chunks.find((c) => c.index === chunk);
    if (!rec) {
      this.fail(`no download record for chunk ${chunk}`);
      return null;
    }
    this.stalls.update();
    const bufferS = this.bufferLevelS();
    this.lastReportBufferS = bufferS;
    const body = {
      chunkIndex: chunk,
      quality: rec.quality,
      bufferS,
      rebufferMs: this.stalls.cumulativeMs(),
      requestTimeMs: rec.requestTimeMs,
      firstByteTimeMs: rec.firstByteTimeMs,
      endTimeMs: rec.endTimeMs,
      bytes: rec.bytes,
    };
    const t0 = performance.now();
    try {
      const reply = this.api.postJsonSync(this.session.decisionUrl, body);
      const d = {
        chunk: reply.chunk, quality: reply.quality, algorithm: reply.algorithm,
        decisionLatencyMs: reply.decisionLatencyMs, roundTripMs: performance.now() - t0,
        reportedChunk: chunk, bufferS, rebufferMs: body.rebufferMs, atMs: Date.now(),
      };
      if (reply.chunk !== chunk + 1) {
        this.fail(`decision reply for chunk ${chunk} names chunk ${reply.chunk}, expected ${chunk + 1}`);
        return null;
      }
      this.state.decisions.push(d);
      if (this.hooks.onDecision) this.hooks.onDecision(d);
      return reply;
    } catch (e) {
      this.fail(`decision POST for chunk ${chunk} failed: ${e.message}`);
      return null;
    }
  }

  /** Playback reached the end of the video; `signal` says which of the two end signals came first. */
  endOfVideo(signal) {
    if (this.ended) return;
    this.state.endSignal = signal;
    this.log('endOfVideo', { signal, playheadS: this.video.currentTime, videoEnded: this.video.ended, paused: this.video.paused });
    this.finish('ended');
  }

  async finish(reason, detail) {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.stallTimer);
    // each step on the console: a session that never reaches "end" shows in console.jsonl where it stopped
    this.log('finishing', { reason });
    try {
      if (this.finalReport) await this.finalReport;
      if (reason === 'ended' && this.session.totalChunks !== null && !this.reported.has(this.session.totalChunks - 1)) {
        this.report(this.session.totalChunks - 1);
      }
      await this.flushEvents();
      console.log('[testbed] posting /end');
      const summary = await this.api.postJson(this.session.endUrl, detail ? { reason, detail } : { reason });
      this.state.summary = summary;
      if (this.hooks.onEnd) this.hooks.onEnd(summary);
    } catch (e) {
      this.state.error = this.state.error || `ending the session failed: ${e.message}`;
      reason = 'error';
    }
    this.state.state = reason === 'ended' ? 'ended' : 'error';
    this.log('end', { reason, state: this.state.state });
  }

  fail(message) {
    if (this.state.error) return;
    console.error('[testbed] ' + message);
    this.state.error = message;
    this.log('error', { message });
    if (this.hooks.onError) this.hooks.onError(message);
    if (this.player) {
      try { this.player.pause(); } catch (e) { /* not playing yet */ }
    }
    this.finish('error', message);
  }

  log(type, fields) {
    const e = Object.assign({ t: Date.now(), type }, fields);
    this.events.push(e);
    console.log('[testbed] ' + JSON.stringify(e));
  }

  async flushEvents() {
    if (this.events.length === 0) return;
    const batch = this.events;
    this.events = [];
    try {
      await this.api.postJson(this.session.eventsUrl, batch);
    } catch (e) {
      console.warn('[testbed] event upload failed (optional endpoint): ' + e.message);
    }
  }

  static epochMs(d) {
    return d instanceof Date ? d.getTime() : (typeof d === 'number' ? d : null);
  }

  static describeError(e) {
    if (!e) return 'unknown';
    const err = e.error || e;
    return [err.code, err.message].filter((x) => x !== undefined && x !== null).join(' ') || JSON.stringify(err);
  }
};
