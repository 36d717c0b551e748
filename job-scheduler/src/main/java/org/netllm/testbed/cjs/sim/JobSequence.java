package org.netllm.testbed.cjs.sim;

import java.util.ArrayList;
import java.util.List;
import org.netllm.testbed.cjs.random.NumpyGenerator;
import org.netllm.testbed.cjs.tpch.TpchCatalog;

/**
 * The episode's jobs, all drawn at reset from the env's numpy Generator (docs/reference/cjs.md
 * §1.3, upstream {@code datagen/base_job_sequence.py} and {@code tpch_job_sequence.py}): per job
 * query = 1 + integers(22), size = choice(7 sizes), then t += exponential(1/λ).
 */
final class JobSequence {

    private JobSequence() {
    }

    static List<Job> generate(SimConfig cfg, NumpyGenerator np, TpchCatalog catalog) {
        double meanInterarrival = 1 / cfg.jobArrivalRate();
        List<Job> jobs = new ArrayList<>(cfg.jobArrivalCap());
        double t = 0;
        for (int i = 0; i < cfg.jobArrivalCap(); i++) {
            int query = 1 + (int) np.integers(0, TpchCatalog.NUM_QUERIES);
            String size = TpchCatalog.SIZES.get(np.choiceIndex(TpchCatalog.SIZES.size()));
            jobs.add(new Job(i, catalog.template(query, size), t));
            t += np.exponential(meanInterarrival);
        }
        return jobs;
    }
}
