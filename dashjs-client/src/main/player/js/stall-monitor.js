'use strict';
// Rebuffer accounting as in GENET/Pensieve's BufferController (docs/reference/abr.md §8.4): a stall lasts
// while the buffer level is below 0.5 s and buffering is not complete; its wall-clock duration is
// added to the cumulative total when it ends. The page starts stalled, so start-up time counts.
window.TB = window.TB || {};

TB.STALL_THRESHOLD_S = 0.5;

TB.StallMonitor = class StallMonitor {
  /**
   * @param {() => number} bufferLevelS current buffer level in seconds (NaN counts as empty)
   * @param {number} startMs epoch ms at which the start-up stall began (page navigation start)
   */
  constructor(bufferLevelS, startMs) {
    this.bufferLevelS = bufferLevelS;
    this.stallStartMs = startMs;
    this.totalMs = 0;
    this.bufferingComplete = false;
  }

  update(nowMs = Date.now()) {
    const level = this.bufferLevelS();
    const stalled = !this.bufferingComplete && !(level >= TB.STALL_THRESHOLD_S);
    if (stalled && this.stallStartMs === null) {
      this.stallStartMs = nowMs;
    } else if (!stalled && this.stallStartMs !== null) {
      this.totalMs += nowMs - this.stallStartMs;
      this.stallStartMs = null;
    }
  }

  /** The last segment is in the buffer: no further stalls can start (an open one ends now). */
  markBufferingComplete(nowMs = Date.now()) {
    this.update(nowMs);
    this.bufferingComplete = true;
    this.update(nowMs);
  }

  /** Cumulative stall time of the stalls that have ended, ms (the RebufferTime of docs/reference/abr.md §8.5). */
  cumulativeMs() {
    return Math.round(this.totalMs);
  }
};
