package org.netllm.testbed.abr.algo.pensieve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.state.PensieveState;
import org.netllm.testbed.abr.testing.Fixtures;
import org.netllm.testbed.netllm.io.Safetensors;

class PensieveActorNetworkTest {

    private static float[] probabilities(PensieveActorNetwork n, double[][] state) {
        PensieveState s = new PensieveState(Fixtures.video1().bitratesKbps(), n.architecture().sLen(), 48);
        s.load(state);
        float[] p = new float[n.architecture().actions()];
        n.forward(s, new PensieveActorNetwork.Scratch(), p);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"genet-abr", "udr-1", "udr-2", "udr-3", "udr-real", "genet-abr-emulation",
        "udr-3-emulation", "pensieve-original"})
    void sampleStateMatchesTheVerificationProbabilities(String folder) {
        JsonNode v = Fixtures.modelJson(folder).get("verification");
        PensieveActorNetwork n = PensieveActorFactory.bundled(folder, folder).network();
        float[] p = probabilities(n, Fixtures.matrix(v.get("sample_state")));
        JsonNode expected = v.get("actor_probabilities_numpy");
        assertEquals(expected.size(), p.length);
        for (int a = 0; a < p.length; a++) {
            assertEquals(expected.get(a).asDouble(), p[a], 1e-4, folder + " action " + a);
        }
    }

    @Test
    void architectureIsInferredFromShapes() {
        assertSame(ActorArchitecture.GENET_JUMP, PensieveActorFactory.bundled("g", "genet-abr").network().architecture());
        assertSame(ActorArchitecture.PENSIEVE_ORIGINAL,
                PensieveActorFactory.bundled("p", "pensieve-original").network().architecture());
    }

    @Test
    void actorSessionOnTheReplayedStoryDecidesLikeTheVerificationArgmax() {
        var genet = PensieveActorFactory.bundled("genet", "genet-abr").create(Fixtures.context(48, false));
        var pensieve = PensieveActorFactory.bundled("pensieve", "pensieve-original").create(Fixtures.context(48, false));
        int g = -1;
        int p = -1;
        for (AbrObservation o : Fixtures.verificationStory()) {
            g = genet.decide(o);
            p = pensieve.decide(o);
        }
        assertEquals(2, g, "genet: argmax 'down' (p=0.785) from level 3");
        assertEquals(3, p, "pensieve: argmax level 3 (p=0.997)");
    }

    @Test
    void userFolderLoadsAndEqualsTheBundledModel(@TempDir Path dir) throws IOException {
        Files.copy(Fixtures.modelFolder("udr-1").resolve("model.safetensors"), dir.resolve("model.safetensors"));
        PensieveActorNetwork user = PensieveActorFactory.fromFolder("mine", dir).network();
        double[][] state = Fixtures.matrix(Fixtures.modelJson("udr-1").get("verification").get("sample_state"));
        float[] a = probabilities(user, state);
        float[] b = probabilities(PensieveActorFactory.bundled("udr-1", "udr-1").network(), state);
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 0f);
        }
    }

    private static Path rewrite(Path dir, String drop, String reshape, long[] newShape) throws IOException {
        List<Safetensors.F32Tensor> out = new ArrayList<>();
        try (Safetensors st = Safetensors.open(Fixtures.modelFolder("genet-abr").resolve("model.safetensors"))) {
            for (var e : st.tensors().values()) {
                if (e.name().equals(drop)) {
                    continue;
                }
                if (e.name().equals(reshape)) {
                    long n = 1;
                    for (long d : newShape) {
                        n *= d;
                    }
                    out.add(new Safetensors.F32Tensor(e.name(), newShape, new float[(int) n]));
                } else {
                    out.add(new Safetensors.F32Tensor(e.name(), e.shape(), e.toFloatArray()));
                }
            }
        }
        Path f = dir.resolve("model.safetensors");
        Safetensors.writeF32(f, out, Map.of());
        return f;
    }

    @Test
    void missingTensorIsNamed(@TempDir Path dir) throws IOException {
        rewrite(dir, "actor/FullyConnected_3/W", null, null);
        IOException e = assertThrows(IOException.class, () -> PensieveActorFactory.fromFolder("bad", dir));
        assertTrue(e.getMessage().contains("actor/FullyConnected_3/W") && e.getMessage().contains("model.safetensors"),
                e.getMessage());
    }

    @Test
    void wrongShapeIsNamed(@TempDir Path dir) throws IOException {
        rewrite(dir, null, "actor/FullyConnected_1/b", new long[] {64});
        IOException e = assertThrows(IOException.class, () -> PensieveActorFactory.fromFolder("bad", dir));
        assertTrue(e.getMessage().contains("actor/FullyConnected_1/b") && e.getMessage().contains("[64]"), e.getMessage());
    }

    @Test
    void unknownArchitectureIsExplained(@TempDir Path dir) throws IOException {
        rewrite(dir, null, "actor/FullyConnected_4/W", new long[] {128, 4});
        IOException e = assertThrows(IOException.class, () -> PensieveActorFactory.fromFolder("bad", dir));
        assertTrue(e.getMessage().contains("4 actions") && e.getMessage().contains("actor/FullyConnected_4/W"),
                e.getMessage());
    }

    @Test
    void truncatedOrAbsentFilesFail(@TempDir Path dir) throws IOException {
        IOException absent = assertThrows(IOException.class, () -> PensieveActorFactory.fromFolder("bad", dir));
        assertTrue(absent.getMessage().contains("model.safetensors"), absent.getMessage());
        byte[] all = Files.readAllBytes(Fixtures.modelFolder("genet-abr").resolve("model.safetensors"));
        Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(all, all.length / 2));
        IOException cut = assertThrows(IOException.class, () -> PensieveActorFactory.fromFolder("bad", dir));
        assertTrue(cut.getMessage().contains("model.safetensors"), cut.getMessage());
    }
}
