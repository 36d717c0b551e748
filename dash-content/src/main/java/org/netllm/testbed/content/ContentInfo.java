package org.netllm.testbed.content;

import java.util.List;

/**
 * {@code content.json}: what was generated and from which inputs (the cache key is {@code inputsHash}).
 *
 * @param sizesBytes sizesBytes[quality][chunk] of the media segments as written
 */
public record ContentInfo(String video, String inputsHash, String mode, int chunks, double chunkDurationS,
                          int[] ladderKbps, long timescale, List<String> codecs, long[] encodeBitrateBps,
                          long[] initBytes, long[][] sizesBytes, String ffmpeg) {
}
