package org.netllm.testbed.cjs.tpch;

/**
 * One TPC-H query at one input size: its stage DAG (parents/children by stage index; the
 * adjacency matrix is strictly upper-triangular so index order is topological) and the
 * preprocessed profile of every stage (docs/reference/cjs.md §2.2). Immutable, shared by every job
 * drawn from it.
 */
public record JobTemplate(int query, String size, int[][] parents, int[][] children, StageProfile[] stages) {

    public int numStages() {
        return stages.length;
    }
}
