package org.netllm.testbed.abr.netllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code netllm replay}: feeds recorded steps through one session's inference path (deques,
 * window, LayerNorm, backbone, head) in file order. Input: JSON array of
 * {@code {"state": 6×6, "return": R, "timestep": t, "action": optional q}}; output: JSON array of
 * {@code {"logits": [6], "action": q}}.
 */
public final class NetLlmReplay {

    /** One input step; {@code action} is −1 when the file gives none. */
    public record Step(float[][] state, double returnToGo, int timestep, int action) {
    }

    private NetLlmReplay() {
    }

    public static List<Step> readSteps(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": expected a JSON array of steps");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String where = file + ": step " + i;
            JsonNode s = root.get(i);
            if (!s.isObject()) {
                throw new IOException(where + ": not an object");
            }
            JsonNode st = s.get("state");
            if (st == null || !st.isArray() || st.size() != AbrDtLayout.STATE_ROWS) {
                throw new IOException(where + ": 'state' must be a " + AbrDtLayout.STATE_ROWS + "x" + AbrDtLayout.STATE_COLS
                        + " array");
            }
            float[][] state = new float[AbrDtLayout.STATE_ROWS][AbrDtLayout.STATE_COLS];
            for (int r = 0; r < state.length; r++) {
                JsonNode row = st.get(r);
                if (!row.isArray() || row.size() != AbrDtLayout.STATE_COLS) {
                    throw new IOException(where + ": state row " + r + " must have " + AbrDtLayout.STATE_COLS + " numbers");
                }
                for (int c = 0; c < state[r].length; c++) {
                    if (!row.get(c).isNumber()) {
                        throw new IOException(where + ": state[" + r + "][" + c + "] is not a number");
                    }
                    state[r][c] = row.get(c).floatValue();
                }
            }
            JsonNode ret = s.get("return");
            if (ret == null || !ret.isNumber()) {
                throw new IOException(where + ": 'return' must be a number");
            }
            JsonNode t = s.get("timestep");
            if (t == null || !t.isIntegralNumber() || t.intValue() < 0) {
                throw new IOException(where + ": 'timestep' must be a non-negative integer");
            }
            int action = -1;
            JsonNode a = s.get("action");
            if (a != null && !a.isNull()) {
                if (!a.isIntegralNumber() || a.intValue() < 0 || a.intValue() >= AbrDtLayout.ACTION_DIM) {
                    throw new IOException(where + ": 'action' must be an integer 0.." + (AbrDtLayout.ACTION_DIM - 1));
                }
                action = a.intValue();
            }
            steps.add(new Step(state, ret.doubleValue(), t.intValue(), action));
        }
        return steps;
    }

    /** Runs all steps through {@code session}, in order. */
    public static List<NetLlmAbrSession.Decision> run(NetLlmAbrSession session, List<Step> steps) {
        List<NetLlmAbrSession.Decision> out = new ArrayList<>(steps.size());
        for (Step s : steps) {
            out.add(session.step(s.state(), s.returnToGo(), s.timestep(), s.action()));
        }
        return out;
    }

    public static void writeDecisions(Path file, List<NetLlmAbrSession.Decision> decisions) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode arr = json.createArrayNode();
        for (NetLlmAbrSession.Decision d : decisions) {
            ObjectNode o = arr.addObject();
            ArrayNode l = o.putArray("logits");
            for (float v : d.logits()) {
                l.add(v);
            }
            o.put("action", d.quality());
        }
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), arr);
    }
}
