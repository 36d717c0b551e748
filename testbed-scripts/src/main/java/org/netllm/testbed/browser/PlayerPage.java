package org.netllm.testbed.browser;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The URL the browser opens for a session. Without a decision relay: the server's {@code playerUrl} on
 * the server. With one (Mahimahi, decisions bypass the link): the page comes from the relay's origin,
 * so decision POSTs are same-origin loopback requests that Chrome's private/local-network rules never
 * block, and {@code ?server=} points media at the server across the link (dashjs-client README).
 */
public final class PlayerPage {

    private PlayerPage() {
    }

    /**
     * @param server    the server's base URL (media origin)
     * @param playerUrl the session's {@code playerUrl}, e.g. {@code /player/index.html?session=ID}
     * @param decisions the decision relay's base URL, when decisions bypass the link
     */
    public static URI url(URI server, String playerUrl, Optional<URI> decisions) {
        if (decisions.isEmpty()) {
            return server.resolve(playerUrl);
        }
        URI relay = decisions.get();
        String sep = playerUrl.contains("?") ? "&" : "?";
        return relay.resolve(playerUrl + sep + "server=" + encode(origin(server)) + "&decisions=" + encode(origin(relay)));
    }

    /** scheme://host:port, which is what the page's ?server= / ?decisions= take. */
    static String origin(URI u) {
        if (u.getScheme() == null || u.getHost() == null) {
            throw new IllegalArgumentException("not an absolute http URL: " + u);
        }
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
