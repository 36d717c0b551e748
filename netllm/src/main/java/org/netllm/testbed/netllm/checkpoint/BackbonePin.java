package org.netllm.testbed.netllm.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.netllm.testbed.netllm.adapt.CheckpointException;

/**
 * A task adapter's reference to the backbone it was trained on: the SHA-256 of the backbone folder's
 * {@code model.safetensors}. Adapters do not copy the backbone (one backbone serves every task), so opening an
 * adapter on any other backbone is refused with both hashes named.
 */
public final class BackbonePin {

    public static final String BACKBONE_WEIGHTS = "model.safetensors";
    private static final int BUFFER = 1 << 16;

    private BackbonePin() {
    }

    /** SHA-256 (lower-case hex) of {@code backboneDir/model.safetensors}. */
    public static String sha256(Path backboneDir) throws IOException {
        Path f = backboneDir.resolve(BACKBONE_WEIGHTS);
        if (!Files.isRegularFile(f)) {
            throw new CheckpointException(backboneDir + ": no " + BACKBONE_WEIGHTS
                    + " (only single-file backbones can be pinned)");
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Fails unless {@code backboneDir} has the weights {@code expectedSha256} pins ({@code dir} names the adapter). */
    public static void require(Path dir, String expectedSha256, Path backboneDir) throws IOException {
        String sha = sha256(backboneDir);
        if (!sha.equals(expectedSha256)) {
            throw new CheckpointException(dir + ": trained on a backbone with " + BACKBONE_WEIGHTS + " SHA-256 "
                    + expectedSha256 + ", but " + backboneDir + " has " + sha);
        }
    }
}
