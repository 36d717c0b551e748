package org.netllm.testbed.server.fs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.netllm.testbed.server.spi.RequestException;

/**
 * Resolves client-supplied relative paths inside a root folder and refuses anything that could
 * leave it: dot segments (also percent-encoded), backslashes, NUL, and symbolic links whose target
 * lies outside the root (checked on the real path).
 */
public final class SafePaths {

    private SafePaths() {
    }

    /**
     * @param root     folder the result must lie in
     * @param encoded  '/'-separated relative path as it appeared in the URL (percent-encoded)
     * @param what     names the kind of resource in messages ("content", "trace")
     * @return the real path of an existing regular file inside {@code root}
     */
    public static Path resolveFile(Path root, String encoded, String what) {
        String rel = percentDecode(encoded, what);
        if (rel.isEmpty()) {
            throw RequestException.notFound(what + ": empty path");
        }
        for (String seg : rel.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.indexOf('\\') >= 0 || seg.indexOf('\0') >= 0) {
                throw new RequestException(RequestException.FORBIDDEN,
                        what + " path '" + encoded + "' refused: empty, dot or backslash segment");
            }
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw RequestException.notFound(what + " root " + root + " does not exist");
        }
        Path candidate = realRoot.resolve(rel).normalize();
        if (!candidate.startsWith(realRoot) || !Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            throw RequestException.notFound(what + " '" + rel + "' not found under " + root);
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw RequestException.notFound(what + " '" + rel + "' not found under " + root + " (dangling link)");
        }
        if (!real.startsWith(realRoot)) {
            throw new RequestException(RequestException.FORBIDDEN,
                    what + " '" + rel + "' refused: it links outside " + root);
        }
        if (!Files.isRegularFile(real)) {
            throw RequestException.notFound(what + " '" + rel + "' is not a file under " + root);
        }
        return real;
    }

    /** RFC 3986 percent-decoding (no '+' → space: that is form encoding, not paths). */
    static String percentDecode(String s, String what) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw RequestException.badRequest(what + " path '" + s + "': truncated percent escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw RequestException.badRequest(what + " path '" + s + "': bad percent escape at " + i);
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
