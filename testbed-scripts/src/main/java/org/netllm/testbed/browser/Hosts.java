package org.netllm.testbed.browser;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Host-name checks for deciding whether a browser elsewhere (a Grid node) can reach a server here. */
public final class Hosts {

    private static final String LOCALHOST = "localhost";

    private Hosts() {
    }

    /**
     * True for {@code localhost}, 127.0.0.0/8 and ::1. A name that does not resolve counts as not
     * loopback: it names some other machine, which is what the callers must refuse or accept.
     */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals(LOCALHOST) || h.endsWith("." + LOCALHOST)) {
            return true;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code base} with its host replaced (scheme and port kept, path "/"). */
    public static URI withHost(URI base, String host) {
        try {
            return new URI(base.getScheme(), null, host, base.getPort(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot form a URL with host '" + host + "' from " + base + ": " + e.getMessage(), e);
        }
    }
}
