package org.netllm.testbed.server.http;

import io.vertx.core.net.HostAndPort;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may talk to the server (issue 11 "cross-origin"). Every port is reachable by any web page the experimenter's
 * browser opens, so:
 * <ul>
 *   <li><b>Host</b> must name this server: an IP literal (a DNS-rebinding page reaches us under its own host
 *       name, never under an IP literal), "localhost", or a configured trusted name (--public-host).</li>
 *   <li><b>Origin</b>, when a browser sends one, must be one of this machine's own origins: "localhost", a
 *       loopback or local-interface IP literal, or a trusted name, on any port (the decision relay inside a
 *       Mahimahi shell serves the page from its own loopback port and fetches media from here). Anything else —
 *       a page on another site — is refused, and no {@code Access-Control-Allow-Origin: *} is ever sent.</li>
 * </ul>
 */
public final class OriginPolicy {

    private static final String LOCALHOST = "localhost";
    private static final int DEFAULT_HTTP_PORT = 80;
    /** IPv4 dotted quad or a bracketed IPv6 literal (hosts are compared without the brackets). */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> trustedNames = new HashSet<>();
    private final Set<InetAddress> localAddresses = new HashSet<>();

    public OriginPolicy(Collection<String> trustedHosts) {
        trustedNames.add(LOCALHOST);
        for (String h : trustedHosts) {
            trustedNames.add(h.toLowerCase(Locale.ROOT));
        }
        try {
            for (NetworkInterface ni : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
                localAddresses.addAll(java.util.Collections.list(ni.getInetAddresses()));
            }
        } catch (SocketException e) {
            // no interface list: loopback literals and trusted names still work
        }
    }

    /** The loopback-only policy (the decision relay's). */
    public static OriginPolicy localOnly() {
        return new OriginPolicy(java.util.List.of());
    }

    /** Whether a Host header value ({@code host[:port]}) names this server. */
    public boolean hostAllowed(String hostHeader) {
        String host = hostOf(hostHeader);
        return host != null && hostNameAllowed(host);
    }

    /** Whether a host name or IP literal (without port; IPv6 with or without brackets) names this server. */
    public boolean hostNameAllowed(String host) {
        if (host == null || host.isEmpty() || host.length() > 255) {
            return false;
        }
        String h = strip(host.toLowerCase(Locale.ROOT));
        return trustedNames.contains(h) || literal(h) != null;
    }

    /** Whether a browser page of this Origin may use the server when reached at {@code authority} (Host checked). */
    public boolean originAllowed(String origin, HostAndPort authority) {
        return sameOrigin(origin, authority) || originAllowed(origin);
    }

    /**
     * A page served by this server under the authority the request names is our own page: e.g. under Mahimahi with
     * decisions across the link the page comes from the shell-side address (10.0.0.1), an interface that appears
     * only after the server started, so the interface list taken at construction cannot know it.
     */
    static boolean sameOrigin(String origin, HostAndPort authority) {
        URI u;
        try {
            u = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (u.getHost() == null || !"http".equalsIgnoreCase(u.getScheme())) {
            return false;
        }
        int port = u.getPort() < 0 ? DEFAULT_HTTP_PORT : u.getPort();
        int authorityPort = authority.port() < 0 ? DEFAULT_HTTP_PORT : authority.port();
        return port == authorityPort && strip(u.getHost()).equalsIgnoreCase(strip(authority.host()));
    }

    /** Whether a browser page of this Origin may use the server. */
    public boolean originAllowed(String origin) {
        URI u;
        try {
            u = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = u.getScheme();
        if (u.getHost() == null || scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return false; // "null" (sandboxed frames, file: pages) and other schemes
        }
        String host = strip(u.getHost().toLowerCase(Locale.ROOT));
        if (trustedNames.contains(host)) {
            return true;
        }
        InetAddress a = literal(host);
        return a != null && (a.isLoopbackAddress() || localAddresses.contains(a));
    }

    /** The host part of {@code host[:port]} / {@code [v6]:port}, lower case, brackets removed; null if malformed. */
    static String hostOf(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank() || hostHeader.length() > 255) {
            return null;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The address of an IP literal (never a DNS lookup), or null for a name. */
    private static InetAddress literal(String host) {
        if (!(IPV4.matcher(host).matches() || host.contains(":"))) {
            return null;
        }
        try {
            return InetAddress.getByName(host); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
