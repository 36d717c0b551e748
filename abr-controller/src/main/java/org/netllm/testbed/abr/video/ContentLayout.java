package org.netllm.testbed.abr.video;

import java.nio.file.Path;

/**
 * File layout of one generated video under the content root:
 * {@code <root>/<video>/manifest.mpd}, {@code <root>/<video>/<q>/init.mp4},
 * {@code <root>/<video>/<q>/<n>.m4s} (n = chunk + 1, like Envivio's {@code (k+1).m4s}, docs/reference/abr.md §0)
 * and {@code <root>/<video>/content.json}.
 */
public record ContentLayout(Path dir) {

    public static final String MANIFEST = "manifest.mpd";
    public static final String INFO = "content.json";
    public static final String INIT = "init.mp4";
    /** SegmentTemplate strings written into the MPD; {@code $RepresentationID$} is the quality index. */
    public static final String INIT_TEMPLATE = "$RepresentationID$/" + INIT;
    public static final String MEDIA_TEMPLATE = "$RepresentationID$/$Number$.m4s";
    /** DASH segment numbers start at 1 for chunk 0. */
    public static final int START_NUMBER = 1;

    public static ContentLayout of(Path contentRoot, String video) {
        return new ContentLayout(contentRoot.resolve(video));
    }

    public Path manifest() {
        return dir.resolve(MANIFEST);
    }

    public Path info() {
        return dir.resolve(INFO);
    }

    public Path qualityDir(int quality) {
        return dir.resolve(Integer.toString(quality));
    }

    public Path init(int quality) {
        return qualityDir(quality).resolve(INIT);
    }

    /** Media segment file of 0-based {@code chunk}. */
    public Path segment(int quality, int chunk) {
        return qualityDir(quality).resolve((chunk + START_NUMBER) + ".m4s");
    }
}
