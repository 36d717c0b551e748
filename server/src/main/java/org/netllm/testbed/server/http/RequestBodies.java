package org.netllm.testbed.server.http;

import org.netllm.testbed.server.spi.JsonBody;
import org.netllm.testbed.server.config.LinkMode;
import org.netllm.testbed.server.config.LinkSpec;
import org.netllm.testbed.server.decision.ChunkReport;
import org.netllm.testbed.server.spi.RequestException;
import org.netllm.testbed.server.session.SessionRequest;

/** Maps docs/protocol.md bodies onto domain records; every problem is a 400 naming the field. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** docs/protocol.md §1. */
    static SessionRequest session(JsonBody b, LinkSpec defaults) {
        LinkSpec link = defaults;
        JsonBody l = b.optionalObject("link");
        try {
            if (l != null) {
                link = new LinkSpec(
                        l.has("mode") ? LinkMode.parse(l.string("mode")) : defaults.mode(),
                        l.has("delayMs") ? l.smallInt("delayMs") : defaults.delayMs(),
                        l.has("decisionsCrossLink") ? l.bool("decisionsCrossLink") : defaults.decisionsCrossLink());
            }
            return new SessionRequest(b.string("algorithm"), b.string("video"), b.optionalString("trace"), link,
                    b.optionalString("label"));
        } catch (IllegalArgumentException e) {
            throw RequestException.badRequest("session: " + e.getMessage());
        }
    }

    /** docs/protocol.md §2. */
    static ChunkReport decision(JsonBody b) {
        long chunk = b.integer("chunkIndex");
        long quality = b.integer("quality");
        double requestTime = b.has("requestTimeMs") ? b.number("requestTimeMs") : Double.NaN;
        return report(chunk, quality, b.number("bufferS"), b.number("rebufferMs"), requestTime,
                b.number("firstByteTimeMs"), b.number("endTimeMs"), b.integer("bytes"), "decision");
    }

    /**
     * docs/protocol.md §5 / docs/reference/abr.md §8.5: Pensieve's dash.js field names. It does not report the
     * request time; {@code bandwidthEst}, {@code bufferAdjusted} and {@code nextChunkSize} are
     * ignored as the GENET server does.
     */
    static ChunkReport pensieve(JsonBody b) {
        return report(b.integer("lastRequest"), b.integer("lastquality"), b.number("buffer"), b.number("RebufferTime"),
                Double.NaN, b.number("lastChunkStartTime"), b.number("lastChunkFinishTime"), b.integer("lastChunkSize"),
                "pensieve");
    }

    private static ChunkReport report(long chunk, long quality, double bufferS, double rebufMs, double requestMs,
                                      double firstByteMs, double endMs, long bytes, String what) {
        if (chunk < 0 || chunk > Integer.MAX_VALUE || quality < 0 || quality > Integer.MAX_VALUE) {
            throw RequestException.badRequest(what + ": chunk index " + chunk + " / quality " + quality + " out of range");
        }
        try {
            return new ChunkReport((int) chunk, (int) quality, bufferS, rebufMs, requestMs, firstByteMs, endMs, bytes);
        } catch (IllegalArgumentException e) {
            throw RequestException.badRequest(what + ": " + e.getMessage());
        }
    }
}
