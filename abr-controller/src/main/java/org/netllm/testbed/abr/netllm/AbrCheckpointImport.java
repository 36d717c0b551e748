package org.netllm.testbed.abr.netllm;

import static org.netllm.testbed.abr.netllm.AbrDtLayout.ACTION_DIM;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.ENCODER;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.HEAD;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.HISTORY_CONV_OUT;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.HISTORY_KERNEL;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.SIZES_KERNEL;
import static org.netllm.testbed.abr.netllm.AbrDtLayout.STATE_TOKENS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.netllm.testbed.netllm.adapt.BaseModelDims;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.adapt.DtCheckpointConfig;
import org.netllm.testbed.netllm.adapt.DtEmbeddings;
import org.netllm.testbed.netllm.adapt.NamedWeights;
import org.netllm.testbed.netllm.adapt.PeftAdapterImport;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;
import org.netllm.testbed.netllm.io.TorchCheckpoint;

/**
 * {@code netllm import} for ABR: NetLLM's {@code modules_except_plm.bin} (a ModuleList state dict,
 * docs/reference/abr.md §7.7) + PEFT adapter + base model folder → our checkpoint folder
 * ({@link DtCheckpointConfig}). Every tensor is shape-checked against the base model's hidden
 * size E and the encoder width F (taken from {@code 0.fc1.0.weight}); unknown or missing keys are
 * errors.
 */
public final class AbrCheckpointImport {

    /** What to import. {@code adapter} may be empty for a base model without LoRA. */
    public record Request(Path base, Optional<Path> adapter, Path modules, Path out, int window, int whichLayer,
            ReturnNormalisation normalisation) {
    }

    private AbrCheckpointImport() {
    }

    /** One original key → our key with its expected shape. */
    private record Mapping(String original, String ours, long[] shape) {
    }

    public static DtCheckpointConfig run(Request req) throws IOException {
        BaseModelDims base = BaseModelDims.read(req.base());
        long e = base.hiddenSize();
        Map<String, org.netllm.testbed.netllm.io.TorchTensor> original = TorchCheckpoint.read(req.modules());
        NamedWeights src = NamedWeights.fromTorch(req.modules(), original);
        long[] fc1 = src.shape("0.fc1.0.weight");
        if (fc1.length != 2 || fc1[1] != 1) {
            throw new CheckpointException(req.modules() + ": '0.fc1.0.weight' has shape " + java.util.Arrays.toString(fc1)
                    + ", expected [F, 1]");
        }
        long f = fc1[0];
        long[] ts = src.shape("1.weight");
        if (ts.length != 2 || ts[1] != e) {
            throw new CheckpointException(req.modules() + ": '1.weight' (embed_timestep) has shape "
                    + java.util.Arrays.toString(ts) + ", expected [max_ep_len + 1, " + e + "] for the base model's hidden size");
        }
        long rows = ts[0];
        if (req.normalisation().maxTimestep() >= rows) {
            throw new CheckpointException("--max-timestep " + req.normalisation().maxTimestep() + " does not fit the "
                    + rows + "-row embed_timestep of " + req.modules());
        }
        List<Mapping> map = mappings(f, e, rows);
        Map<String, NamedWeights.Entry> ours = new LinkedHashMap<>();
        for (Mapping m : map) {
            ours.put(m.ours(), new NamedWeights.Entry(m.shape(), src.require(m.original(), m.shape())));
        }
        TreeSet<String> extra = new TreeSet<>(src.names());
        map.forEach(m -> extra.remove(m.original()));
        if (!extra.isEmpty()) {
            throw new CheckpointException(req.modules() + ": unexpected tensors " + extra
                    + " (not part of NetLLM's ABR ModuleList layout; residual/other variants are not supported)");
        }
        Files.createDirectories(req.out());
        if (req.adapter().isPresent()) {
            PeftAdapterImport.convert(req.adapter().get(), base, req.out().resolve(DtCheckpointConfig.ADAPTER_DIR));
        }
        new NamedWeights(req.modules().toString(), ours).writeSafetensors(
                req.out().resolve(DtCheckpointConfig.MODULES_FILE), Map.of("source", req.modules().toString()));
        DtCheckpointConfig cfg = new DtCheckpointConfig(AbrDtLayout.TASK, req.base(), req.adapter().isPresent(),
                (int) e, req.whichLayer(), false, req.window(), (int) rows, DtEmbeddings.DEFAULT_LN_EPS,
                Map.of(AbrDtLayout.DIM_STATE_FEATURE, (int) f, AbrDtLayout.DIM_ACTION, ACTION_DIM), req.normalisation());
        cfg.write(req.out());
        return cfg;
    }

    /** docs/reference/abr.md §7.7 key layout: ModuleList index → module. */
    private static List<Mapping> mappings(long f, long e, long rows) {
        List<Mapping> m = new ArrayList<>();
        for (String fc : new String[] {"fc1", "fc2", "fc6"}) {
            m.add(new Mapping("0." + fc + ".0.weight", ENCODER + "." + fc + ".weight", new long[] {f, 1}));
            m.add(new Mapping("0." + fc + ".0.bias", ENCODER + "." + fc + ".bias", new long[] {f}));
        }
        for (String conv : new String[] {"conv3", "conv4", "conv5"}) {
            long k = conv.equals("conv5") ? SIZES_KERNEL : HISTORY_KERNEL;
            m.add(new Mapping("0." + conv + ".0.weight", ENCODER + "." + conv + ".weight", new long[] {f, 1, k}));
            m.add(new Mapping("0." + conv + ".0.bias", ENCODER + "." + conv + ".bias", new long[] {f}));
        }
        m.add(new Mapping("1.weight", DtEmbeddings.TIMESTEP + ".weight", new long[] {rows, e}));
        m.add(new Mapping("2.weight", DtEmbeddings.RETURN + ".weight", new long[] {e, 1}));
        m.add(new Mapping("2.bias", DtEmbeddings.RETURN + ".bias", new long[] {e}));
        m.add(new Mapping("3.weight", DtEmbeddings.ACTION + ".weight", new long[] {e, 1}));
        m.add(new Mapping("3.bias", DtEmbeddings.ACTION + ".bias", new long[] {e}));
        m.add(new Mapping("4.weight", DtEmbeddings.LAYER_NORM + ".weight", new long[] {e}));
        m.add(new Mapping("4.bias", DtEmbeddings.LAYER_NORM + ".bias", new long[] {e}));
        for (int i = 0; i < STATE_TOKENS; i++) {
            long in = (i == 2 || i == 3) ? HISTORY_CONV_OUT * f : f;
            String idx = String.valueOf(5 + i);
            m.add(new Mapping(idx + ".weight", AbrStateEncoder.embedName(i) + ".weight", new long[] {e, in}));
            m.add(new Mapping(idx + ".bias", AbrStateEncoder.embedName(i) + ".bias", new long[] {e}));
        }
        m.add(new Mapping("11.weight", HEAD + ".weight", new long[] {ACTION_DIM, e}));
        m.add(new Mapping("11.bias", HEAD + ".bias", new long[] {ACTION_DIM}));
        return m;
    }
}
