package org.netllm.testbed.server.http;

import java.util.Locale;
import java.util.Map;

/** Content types of DASH files (DASH-IF: MPD application/dash+xml, media segments video/iso.segment). */
final class MediaTypes {

    static final String OCTET_STREAM = "application/octet-stream";
    private static final Map<String, String> BY_EXTENSION = Map.of(
            "mpd", "application/dash+xml",
            "mp4", "video/mp4",
            "m4s", "video/iso.segment",
            "m4v", "video/mp4",
            "m4a", "audio/mp4",
            "json", "application/json");

    private MediaTypes() {
    }

    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return OCTET_STREAM;
        }
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
    }

    /** The manifest may be regenerated; segments never change under the same name. */
    static boolean isManifest(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".mpd");
    }
}
