package org.netllm.testbed.abr.algo.pensieve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrContext;
import org.netllm.testbed.abr.state.StateNormalisation;

/**
 * Creates {@link PensieveActor} sessions around one shared, immutable {@link PensieveActorNetwork}.
 * Bundled models are loaded lazily on the first session (once per factory); a user-supplied
 * folder is loaded eagerly so a bad file fails when the factory is made.
 *
 * <p>Row 5's cap follows the session: GENET/UDR actors use {@code context.totalChunks()} — 48 in
 * the simulator as NetLLM's CHUNK_TIL_VIDEO_END_CAP, 49 in the browser as GENET's abr_server
 * (docs/reference/abr.md §5.1). The original Pensieve actor never reads row 5 (quirk), its cap is 48.
 */
public final class PensieveActorFactory implements AbrAlgorithmFactory {

    /** File name of the weights inside a model folder (docs/reference/data.md §5). */
    public static final String WEIGHTS_FILE = "model.safetensors";
    private static final String RESOURCE_ROOT = "/org/netllm/testbed/abr/models/";

    private final String name;
    private final String description;
    private final NetworkSource source;
    private volatile PensieveActorNetwork network;

    @FunctionalInterface
    private interface NetworkSource {
        PensieveActorNetwork load() throws IOException;
    }

    private PensieveActorFactory(String name, String description, NetworkSource source) {
        this.name = name;
        this.description = description;
        this.source = source;
    }

    /** A model shipped in this module's resources under {@code models/<folder>/}. */
    public static PensieveActorFactory bundled(String name, String folder) {
        return new PensieveActorFactory(name, "bundled model '" + folder + "'", () -> loadResource(folder));
    }

    /** A model folder on disk holding {@value #WEIGHTS_FILE}; loaded now. */
    public static PensieveActorFactory fromFolder(String name, Path folder) throws IOException {
        Path file = Files.isDirectory(folder) ? folder.resolve(WEIGHTS_FILE) : folder;
        if (!Files.isRegularFile(file)) {
            throw new IOException(folder + ": no " + WEIGHTS_FILE + " (expected a model folder or a .safetensors file)");
        }
        PensieveActorNetwork loaded = PensieveActorNetwork.load(file);
        PensieveActorFactory f = new PensieveActorFactory(name, file.toString(), () -> loaded);
        f.network = loaded;
        return f;
    }

    /** The shared network, loading it on first use. */
    public PensieveActorNetwork network() {
        PensieveActorNetwork n = network;
        if (n == null) {
            synchronized (this) {
                n = network;
                if (n == null) {
                    try {
                        n = source.load();
                    } catch (IOException e) {
                        throw new UncheckedIOException("ABR algorithm '" + name + "': cannot load " + description
                                + ": " + e.getMessage(), e);
                    }
                    network = n;
                }
            }
        }
        return n;
    }

    @Override
    public AbrAlgorithm create(AbrContext context) {
        PensieveActorNetwork n = network();
        int cap = n.architecture() == ActorArchitecture.PENSIEVE_ORIGINAL
                ? StateNormalisation.REMAIN_CAP_NETLLM : context.totalChunks();
        return new PensieveActor(name, n, context.video().bitratesKbps(), cap, context.sampling(), context.seed());
    }

    private static PensieveActorNetwork loadResource(String folder) throws IOException {
        String resource = RESOURCE_ROOT + folder + "/" + WEIGHTS_FILE;
        URL url = PensieveActorFactory.class.getResource(resource);
        if (url == null) {
            throw new IOException("classpath resource " + resource + " not found");
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return PensieveActorNetwork.load(Path.of(url.toURI()));
            } catch (URISyntaxException e) {
                throw new IOException("bad resource URL " + url, e);
            }
        }
        // inside a jar: Safetensors memory-maps a real file, so copy it out for the load only
        Path tmp = Files.createTempFile("abr-" + folder + "-", ".safetensors");
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return PensieveActorNetwork.load(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
