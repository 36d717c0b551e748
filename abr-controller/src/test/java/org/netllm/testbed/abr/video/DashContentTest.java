package org.netllm.testbed.abr.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.video.VideoSpec;

/** Hand-written MPDs over small files: template variables, SegmentTimeline, and error messages. */
class DashContentTest {

    @TempDir
    Path dir;

    @Test
    void timelineAndBandwidthTemplate() throws IOException {
        Files.writeString(dir.resolve("v.mpd"), """
                <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT6S">
                 <Period><AdaptationSet mimeType="video/mp4">
                  <SegmentTemplate timescale="1000" media="b$Bandwidth$/seg-$Number%03d$.m4s" startNumber="0">
                   <SegmentTimeline><S t="0" d="2000" r="1"/><S d="2000"/></SegmentTimeline>
                  </SegmentTemplate>
                  <Representation id="hi" bandwidth="900000"/>
                  <Representation id="lo" bandwidth="300000"/>
                 </AdaptationSet></Period></MPD>""");
        for (String b : new String[] {"300000", "900000"}) {
            Files.createDirectories(dir.resolve("b" + b));
            for (int n = 0; n < 3; n++) {
                Files.write(dir.resolve("b" + b + "/seg-00" + n + ".m4s"), new byte[(b.startsWith("3") ? 10 : 100) + n]);
            }
        }
        DashContent d = DashContent.load(dir);
        VideoSpec s = d.spec();
        assertArrayEquals(new int[] {300, 900}, s.bitratesKbps());
        assertEquals(2.0, s.chunkDurationS(), 1e-9);
        assertArrayEquals(new long[] {10, 11, 12}, s.sizesBytes()[0]);
        assertArrayEquals(new long[] {100, 101, 102}, s.sizesBytes()[1]);
        assertEquals("lo", d.representations().get(0).id());
    }

    @Test
    void numberTemplateCountsFromPresentationDuration() throws IOException {
        Files.writeString(dir.resolve("manifest.mpd"), """
                <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT0H0M7.5S">
                 <Period><AdaptationSet contentType="video">
                  <SegmentTemplate timescale="90000" duration="360000" media="$RepresentationID$/$Number$.m4s"
                                   initialization="$RepresentationID$/init.mp4"/>
                  <Representation id="0" bandwidth="300000"/>
                 </AdaptationSet></Period></MPD>""");
        Files.createDirectories(dir.resolve("0"));
        Files.write(dir.resolve("0/1.m4s"), new byte[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DashContent.load(dir));
        assertTrue(e.getMessage().contains("manifest.mpd") && e.getMessage().contains("0/2.m4s"), e.getMessage());
        Files.write(dir.resolve("0/2.m4s"), new byte[7]);
        DashContent d = DashContent.load(dir);
        assertArrayEquals(new long[] {5, 7}, d.spec().sizesBytes()[0]);
        assertEquals(dir.resolve("0/init.mp4"), d.representations().get(0).init());
    }

    @Test
    void errorsNameTheFileAndElement() throws IOException {
        Path mpd = dir.resolve("manifest.mpd");
        Files.writeString(mpd, "<MPD><Period><AdaptationSet contentType=\"video\"><Representation id=\"a\" bandwidth=\"x\"/>"
                + "</AdaptationSet></Period></MPD>");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DashContent.load(dir));
        assertTrue(e.getMessage().startsWith(mpd.toString()) && e.getMessage().contains("id=\"a\""), e.getMessage());
        Files.writeString(mpd, "<MPD><Period><AdaptationSet contentType=\"audio\"/></Period></MPD>");
        e = assertThrows(IllegalArgumentException.class, () -> DashContent.load(dir));
        assertTrue(e.getMessage().contains("no video <AdaptationSet>"), e.getMessage());
        Files.writeString(mpd, "<MPD><Period>");
        e = assertThrows(IllegalArgumentException.class, () -> DashContent.load(dir));
        assertTrue(e.getMessage().contains("not well-formed"), e.getMessage());
    }

    @Test
    void templateExpansion() {
        assertEquals("q1/00042-$-700.m4s", DashContent.expand("$RepresentationID$/$Number%05d$-$$-$Bandwidth$.m4s", "q1", 700, 42, 0));
        assertEquals("t/9000.m4s", DashContent.expand("t/$Time$.m4s", "x", 1, 1, 9000));
    }
}
