package org.netllm.testbed.abr.algo.pensieve;

import java.util.List;

/**
 * Registry names of the learned baselines and the resource folder of each (docs/reference/data.md §5).
 *
 * @param name   registry id
 * @param folder {@code models/<folder>/} in this module's resources
 */
public record BundledActors(String name, String folder) {

    /** NetLLM's baselines (config.py) plus GENET's emulation models and the original Pensieve. */
    public static final List<BundledActors> ALL = List.of(
            new BundledActors("genet", "genet-abr"),
            new BundledActors("genet-emulation", "genet-abr-emulation"),
            new BundledActors("udr-1", "udr-1"),
            new BundledActors("udr-2", "udr-2"),
            new BundledActors("udr-3", "udr-3"),
            new BundledActors("udr-real", "udr-real"),
            new BundledActors("udr-3-emulation", "udr-3-emulation"),
            new BundledActors("pensieve", "pensieve-original"));
}
