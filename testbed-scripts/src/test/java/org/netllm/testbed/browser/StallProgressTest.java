package org.netllm.testbed.browser;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What counts as progress for the stall cap besides a new chunk: the playhead of the media diagnostics. */
class StallProgressTest {

    @Test
    void aMovingPlayheadIsProgress() {
        assertTrue(BrowserSessionRunner.playheadMoved("t=180.00s ready=4 paused=false buffered=[0.00-196.00]",
                "t=181.25s ready=4 paused=false buffered=[0.00-196.00]"));
    }

    @Test
    void aStuckPlayheadIsNotProgressEvenWhenTheBufferChanges() {
        assertFalse(BrowserSessionRunner.playheadMoved("t=166.00s ready=2 paused=false buffered=[0.00-166.00]",
                "t=166.00s ready=2 paused=false buffered=[0.00-166.00,166.04-196.00]"));
    }

    @Test
    void theFirstDiagnosticsAfterNoneCountOnceAndMissingOnesNever() {
        assertTrue(BrowserSessionRunner.playheadMoved(null, "t=0.00s ready=0 paused=true buffered=[]"));
        assertFalse(BrowserSessionRunner.playheadMoved(null, null));
    }
}
