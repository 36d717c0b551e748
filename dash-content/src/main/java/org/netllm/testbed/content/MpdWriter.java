package org.netllm.testbed.content;

import org.netllm.testbed.abr.video.ContentLayout;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes the static MPD of a generated video: one video AdaptationSet, one SegmentTemplate with
 * {@code $Number$} (startNumber 1) shared by all Representations, @bandwidth = the ladder (bit/s),
 * Representation id = quality index, so dash.js's bitrate-sorted index equals the quality q.
 */
final class MpdWriter {

    private MpdWriter() {
    }

    /**
     * @param codecs per-level RFC 6381 codecs strings from the init segments
     */
    static String write(GeneratorSettings s, long timescale, List<String> codecs) {
        long segmentTicks = Math.round(s.table().chunkDurationS() * timescale);
        String duration = BigDecimal.valueOf(s.durationS()).stripTrailingZeros().toPlainString();
        String chunk = BigDecimal.valueOf(s.table().chunkDurationS()).stripTrailingZeros().toPlainString();
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\"")
                .append(" type=\"static\" mediaPresentationDuration=\"PT").append(duration).append("S\"")
                .append(" maxSegmentDuration=\"PT").append(chunk).append("S\" minBufferTime=\"PT").append(chunk).append("S\">\n")
                .append("  <Period id=\"0\" start=\"PT0S\">\n")
                .append("    <AdaptationSet id=\"0\" contentType=\"video\" mimeType=\"video/mp4\" segmentAlignment=\"true\"")
                .append(" startWithSAP=\"1\" frameRate=\"").append(s.fps()).append("\">\n")
                .append("      <SegmentTemplate timescale=\"").append(timescale).append("\" duration=\"").append(segmentTicks)
                .append("\" startNumber=\"").append(ContentLayout.START_NUMBER)
                .append("\" initialization=\"").append(ContentLayout.INIT_TEMPLATE)
                .append("\" media=\"").append(ContentLayout.MEDIA_TEMPLATE).append("\"/>\n");
        for (int q = 0; q < s.levels(); q++) {
            int[] wh = s.resolution(q);
            x.append("      <Representation id=\"").append(q).append("\" bandwidth=\"").append(s.table().bitratesKbps()[q] * 1000L)
                    .append("\" codecs=\"").append(codecs.get(q)).append("\" width=\"").append(wh[0])
                    .append("\" height=\"").append(wh[1]).append("\" sar=\"1:1\"/>\n");
        }
        x.append("    </AdaptationSet>\n  </Period>\n</MPD>\n");
        return x.toString();
    }
}
