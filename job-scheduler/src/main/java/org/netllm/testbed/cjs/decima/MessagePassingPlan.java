package org.netllm.testbed.cjs.decima;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The graph traversal of Decima's node encoder (docs/reference/cjs.md §4.4), independent of the MLPs: which
 * nodes start from update(h_init) (no children), and for every topological generation d from the
 * second-deepest to the first, the level's edges (both ends in G_d ∪ children(G_d)) and the parents they
 * update. Decima's float32 encoder and NetLLM-CJS's trainable DJL encoder (§5.2, same algorithm) both run
 * this plan.
 *
 * @param hasEdges whether the observation graph has any edge (without edges, h = prep(x))
 * @param isParent per node: is the parent end of some edge (nodes without children start from update(h_init))
 * @param levels   deepest first
 */
public record MessagePassingPlan(boolean hasEdges, boolean[] isParent, List<Level> levels) {

    /**
     * One level's message passing.
     *
     * @param edgeParents parent of each edge of the level's set, in observation edge order
     * @param edgeChildren child of each such edge (the message sender)
     * @param parents     distinct parents of those edges, ascending: the nodes this level overwrites
     */
    public record Level(int[] edgeParents, int[] edgeChildren, int[] parents) {
    }

    public static MessagePassingPlan of(NeuralObservation obs) {
        int n = obs.numNodes();
        int[] ep = obs.edgeParents();
        int[] ec = obs.edgeChildren();
        boolean[] isParent = new boolean[n];
        for (int p : ep) {
            isParent[p] = true;
        }
        if (ep.length == 0) {
            return new MessagePassingPlan(false, isParent, List.of());
        }
        // topological generation of every node: longest path from a source (edges go to higher indices)
        int[] level = new int[n];
        int[][] parentsOf = adjacency(n, ec, ep);
        int maxLevel = 0;
        for (int v = 0; v < n; v++) {
            for (int p : parentsOf[v]) {
                level[v] = Math.max(level[v], level[p] + 1);
            }
            maxLevel = Math.max(maxLevel, level[v]);
        }
        List<Level> levels = new ArrayList<>();
        boolean[] inSet = new boolean[n];
        boolean[] updated = new boolean[n];
        for (int d = maxLevel - 1; d >= 0; d--) {
            // S_d = G_d ∪ children(G_d); the level's edges have both ends in S_d
            Arrays.fill(inSet, false);
            Arrays.fill(updated, false);
            for (int e = 0; e < ep.length; e++) {
                if (level[ep[e]] == d) {
                    inSet[ep[e]] = true;
                    inSet[ec[e]] = true;
                }
            }
            for (int v = 0; v < n; v++) {
                if (level[v] == d) {
                    inSet[v] = true;
                }
            }
            int count = 0;
            for (int e = 0; e < ep.length; e++) {
                if (inSet[ep[e]] && inSet[ec[e]]) {
                    count++;
                }
            }
            int[] lp = new int[count];
            int[] lc = new int[count];
            int k = 0;
            for (int e = 0; e < ep.length; e++) {
                if (inSet[ep[e]] && inSet[ec[e]]) {
                    lp[k] = ep[e];
                    lc[k++] = ec[e];
                    updated[ep[e]] = true;
                }
            }
            int distinct = 0;
            for (boolean u : updated) {
                distinct += u ? 1 : 0;
            }
            int[] parents = new int[distinct];
            k = 0;
            for (int v = 0; v < n; v++) {
                if (updated[v]) {
                    parents[k++] = v;
                }
            }
            levels.add(new Level(lp, lc, parents));
        }
        return new MessagePassingPlan(true, isParent, List.copyOf(levels));
    }

    private static int[][] adjacency(int n, int[] from, int[] to) {
        int[] count = new int[n];
        for (int v : from) {
            count[v]++;
        }
        int[][] out = new int[n][];
        for (int v = 0; v < n; v++) {
            out[v] = new int[count[v]];
        }
        int[] fill = new int[n];
        for (int e = 0; e < from.length; e++) {
            out[from[e]][fill[from[e]]++] = to[e];
        }
        return out;
    }
}
