package org.netllm.testbed.cjs.netllm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.netllm.testbed.cjs.decima.DecimaNetwork;
import org.netllm.testbed.cjs.decima.DecimaScheduler;
import org.netllm.testbed.cjs.decima.NeuralObservation;
import org.netllm.testbed.cjs.service.CjsService;
import org.netllm.testbed.cjs.sim.Action;
import org.netllm.testbed.cjs.sim.Observation;
import org.netllm.testbed.cjs.sim.SimConfig;
import org.netllm.testbed.cjs.sim.SparkSchedSim;
import org.netllm.testbed.cjs.sim.StepResult;
import org.netllm.testbed.netllm.rng.PythonRandom;

/**
 * NetLLM-CJS's experience pool (docs/reference/cjs.md §5.5): complete episodes of the Java Decima (sampling policy)
 * on a simulator setting, one {@link Transition} per decision. File format {@value #FORMAT}: gzip of a
 * {@code DataOutputStream} with the format string, the setting (executors, jobs, first seed, episodes), the
 * transition count, then every transition (observation arrays, action, reward, done). Reading validates sizes,
 * indices and actions against the observation and names the transition that is wrong.
 *
 * @param config    simulator setting the episodes ran on
 * @param firstSeed env seed of episode 0 (episode i uses firstSeed + i)
 * @param episodes  complete episodes in the pool
 */
public record ExperiencePool(SimConfig config, long firstSeed, int episodes, List<Transition> transitions) {
    public static final String FORMAT = "netllm-cjs-pool/1";
    /** Upper bound on transitions in a file (a 450-job Decima episode has ~12 k decisions). */
    public static final int MAX_TRANSITIONS = 5_000_000;

    public ExperiencePool {
        transitions = List.copyOf(transitions);
    }

    /**
     * Collects {@code episodes} complete Decima episodes, as NetLLM's {@code generate_exp_pool.py}: the sampling
     * policy, the simulator's and the policy's draws on one CPython stream seeded with the env seed.
     */
    public static ExperiencePool collect(SimConfig cfg, DecimaNetwork decima, long firstSeed, int episodes) {
        if (episodes < 1) {
            throw new IllegalArgumentException("--episodes must be >= 1, got " + episodes);
        }
        List<Transition> out = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            long seed = firstSeed + e;
            SparkSchedSim sim = new SparkSchedSim(cfg);
            PythonRandom random = new PythonRandom(seed);
            Observation obs = sim.reset(seed, random);
            DecimaScheduler policy = new DecimaScheduler(decima, DecimaScheduler.Mode.SAMPLE);
            policy.startEpisode(random);
            boolean done = false;
            while (!done) {
                Action a = policy.schedule(obs);
                StepResult r = sim.step(a);
                done = r.terminated();
                out.add(new Transition(obs, a.stageIdx(), a.numExec() - 1, r.reward(), done));
                obs = r.observation();
                if (out.size() > MAX_TRANSITIONS) {
                    throw new IllegalStateException("pool exceeds " + MAX_TRANSITIONS + " transitions");
                }
            }
        }
        return new ExperiencePool(cfg, firstSeed, episodes, out);
    }

    public void write(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(file))))) {
            out.writeUTF(FORMAT);
            out.writeInt(config.numExecutors());
            out.writeInt(config.jobArrivalCap());
            out.writeDouble(config.jobArrivalRate());
            out.writeDouble(config.movingDelayMs());
            out.writeDouble(config.warmupDelayMs());
            out.writeLong(firstSeed);
            out.writeInt(episodes);
            out.writeInt(transitions.size());
            for (Transition t : transitions) {
                Observation o = t.observation();
                out.writeInt(o.numJobs());
                out.writeInt(o.numNodes());
                out.writeInt(o.edgeParents().length);
                for (int j = 0; j < o.numJobs(); j++) {
                    out.writeInt(o.jobIds()[j]);
                    out.writeInt(o.dagPtr()[j + 1]);
                    out.writeInt(o.execSupplies()[j]);
                }
                for (int i = 0; i < o.numNodes(); i++) {
                    out.writeInt(o.remainingTasks()[i]);
                    out.writeFloat(o.mostRecentDuration()[i]);
                    out.writeBoolean(o.schedulable()[i]);
                }
                for (int e = 0; e < o.edgeParents().length; e++) {
                    out.writeInt(o.edgeParents()[e]);
                    out.writeInt(o.edgeChildren()[e]);
                }
                out.writeInt(o.numCommittable());
                out.writeInt(o.sourceJobIdx());
                out.writeInt(o.numExecutors());
                out.writeDouble(o.wallTimeMs());
                out.writeInt(t.stageIdx());
                out.writeInt(t.execK());
                out.writeDouble(t.reward());
                out.writeBoolean(t.done());
            }
        }
    }

    public static ExperiencePool read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such pool file");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file))))) {
            String format = in.readUTF();
            if (!FORMAT.equals(format)) {
                throw new IOException(file + ": format '" + format + "' is not " + FORMAT);
            }
            SimConfig cfg;
            try {
                cfg = new SimConfig(in.readInt(), in.readInt(), in.readDouble(), in.readDouble(), in.readDouble());
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": bad simulator setting: " + e.getMessage());
            }
            long seed = in.readLong();
            int episodes = in.readInt();
            int n = in.readInt();
            if (n < 1 || n > MAX_TRANSITIONS || episodes < 1) {
                throw new IOException(file + ": transition count " + n + " / episodes " + episodes + " out of range");
            }
            List<Transition> list = new ArrayList<>(n);
            int ends = 0;
            for (int i = 0; i < n; i++) {
                Transition t = readTransition(in, file, i);
                ends += t.done() ? 1 : 0;
                list.add(t);
            }
            if (in.read() != -1) {
                throw new IOException(file + ": trailing bytes after " + n + " transitions");
            }
            if (ends != episodes || !list.get(n - 1).done()) {
                throw new IOException(file + ": " + ends + " episode ends (last transition done=" + list.get(n - 1).done()
                        + "), header says " + episodes + " complete episodes");
            }
            return new ExperiencePool(cfg, seed, episodes, list);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated pool file");
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a gzip pool file (" + e.getMessage() + ")");
        }
    }

    private static Transition readTransition(DataInputStream in, Path file, int i) throws IOException {
        String where = file + ": transition " + i;
        int jobs = in.readInt();
        int nodes = in.readInt();
        int edges = in.readInt();
        if (jobs < 1 || jobs > CjsService.MAX_JOBS || nodes < jobs || nodes > CjsService.MAX_NODES || edges < 0
                || edges > (long) nodes * nodes) {
            throw new IOException(where + ": sizes out of range (jobs " + jobs + ", nodes " + nodes + ", edges " + edges + ")");
        }
        int[] ids = new int[jobs];
        int[] ptr = new int[jobs + 1];
        int[] supply = new int[jobs];
        for (int j = 0; j < jobs; j++) {
            ids[j] = in.readInt();
            ptr[j + 1] = in.readInt();
            supply[j] = in.readInt();
            if (ptr[j + 1] <= ptr[j] || ptr[j + 1] > nodes || supply[j] < 0) {
                throw new IOException(where + ": job " + j + " has a bad node range or supply");
            }
        }
        if (ptr[jobs] != nodes) {
            throw new IOException(where + ": job pointer ends at " + ptr[jobs] + ", not at " + nodes + " nodes");
        }
        int[] rem = new int[nodes];
        float[] mrd = new float[nodes];
        boolean[] sched = new boolean[nodes];
        for (int k = 0; k < nodes; k++) {
            rem[k] = in.readInt();
            mrd[k] = in.readFloat();
            sched[k] = in.readBoolean();
            if (rem[k] < 0 || !(mrd[k] >= 0) || Float.isInfinite(mrd[k])) {
                throw new IOException(where + ": node " + k + " has bad remaining tasks or duration");
            }
        }
        int[] ep = new int[edges];
        int[] ec = new int[edges];
        for (int e = 0; e < edges; e++) {
            ep[e] = in.readInt();
            ec[e] = in.readInt();
            if (ep[e] < 0 || ec[e] <= ep[e] || ec[e] >= nodes) {
                throw new IOException(where + ": edge " + e + " (" + ep[e] + "→" + ec[e] + ") out of range");
            }
        }
        int committable = in.readInt();
        int source = in.readInt();
        int n = in.readInt();
        double wall = in.readDouble();
        if (n < 1 || n > SimConfig.MAX_EXECUTORS || committable < 1 || committable > n || source < 0 || source > jobs) {
            throw new IOException(where + ": executors/committable/source out of range");
        }
        Observation o = new Observation(ids, ptr, rem, mrd, sched, ep, ec, committable, source, supply, n, wall);
        int stage = in.readInt();
        int k = in.readInt();
        double reward = in.readDouble();
        boolean done = in.readBoolean();
        NeuralObservation no = NeuralObservation.of(o);
        int[] schedNodes = no.schedulableNodes();
        if (stage < 0 || stage >= schedNodes.length) {
            throw new IOException(where + ": stage_idx " + stage + " not among " + schedNodes.length + " schedulable stages");
        }
        int cap = no.commitCaps()[no.jobOf(schedNodes[stage])];
        if (k < 0 || k >= cap) {
            throw new IOException(where + ": executor choice " + k + " outside the job's cap " + cap);
        }
        if (!(reward <= 0) || Double.isInfinite(reward)) {
            throw new IOException(where + ": reward " + reward + " (must be finite and <= 0)");
        }
        return new Transition(o, stage, k, reward, done);
    }
}
