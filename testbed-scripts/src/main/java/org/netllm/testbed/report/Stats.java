package org.netllm.testbed.report;

import java.util.List;

/** Mean with a two-sided 95 % confidence interval from Student's t distribution. */
public final class Stats {

    public static final double CONFIDENCE = 0.95;

    private static final int CF_MAX_ITER = 300;
    private static final double CF_EPS = 1e-15;
    private static final double BISECTION_TOL = 1e-12;

    private Stats() {
    }

    /**
     * @param n         samples
     * @param mean      sample mean (NaN when n = 0)
     * @param sd        sample standard deviation, n−1 denominator (NaN when n < 2)
     * @param halfWidth CI half-width t_{0.975, n−1}·sd/√n (NaN when n < 2)
     */
    public record MeanCi(int n, double mean, double sd, double halfWidth) {
        public double low() {
            return mean - halfWidth;
        }

        public double high() {
            return mean + halfWidth;
        }
    }

    public static MeanCi meanCi(List<Double> xs) {
        int n = xs.size();
        if (n == 0) {
            return new MeanCi(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        double mean = sum / n;
        if (n == 1) {
            return new MeanCi(1, mean, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t = studentTQuantile(1 - (1 - CONFIDENCE) / 2, n - 1);
        return new MeanCi(n, mean, sd, t * sd / Math.sqrt(n));
    }

    /** Inverse CDF of Student's t with {@code df} degrees of freedom, for p in (0.5, 1). */
    public static double studentTQuantile(double p, int df) {
        if (!(p > 0.5 && p < 1) || df < 1) {
            throw new IllegalArgumentException("t quantile needs 0.5 < p < 1 and df >= 1, got p=" + p + " df=" + df);
        }
        double lo = 0;
        double hi = 1;
        while (studentTCdf(hi, df) < p) {
            hi *= 2;
        }
        while (hi - lo > BISECTION_TOL * Math.max(1, hi)) {
            double mid = (lo + hi) / 2;
            if (studentTCdf(mid, df) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** CDF of Student's t for t >= 0: 1 − I_{df/(df+t²)}(df/2, 1/2)/2. */
    static double studentTCdf(double t, int df) {
        double x = df / (df + t * t);
        return 1 - 0.5 * regularizedBeta(x, df / 2.0, 0.5);
    }

    /** Regularised incomplete beta I_x(a, b) by Lentz's continued fraction. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        if (x > (a + 1) / (a + b + 2)) {
            return 1 - regularizedBeta(1 - x, b, a);
        }
        double lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
        double front = Math.exp(lnFront) / a;
        double tiny = 1e-300;
        double f = 1;
        double c = 1;
        double d = 0;
        for (int i = 0; i <= CF_MAX_ITER; i++) {
            int m = i / 2;
            double num;
            if (i == 0) {
                num = 1;
            } else if (i % 2 == 0) {
                num = m * (b - m) * x / ((a + 2.0 * m - 1) * (a + 2.0 * m));
            } else {
                num = -((a + m) * (a + b + m) * x) / ((a + 2.0 * m) * (a + 2.0 * m + 1));
            }
            d = 1 + num * d;
            d = Math.abs(d) < tiny ? tiny : d;
            d = 1 / d;
            c = 1 + num / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double cd = c * d;
            f *= cd;
            if (Math.abs(1 - cd) < CF_EPS) {
                return front * (f - 1);
            }
        }
        throw new ArithmeticException("incomplete beta did not converge for x=" + x + " a=" + a + " b=" + b);
    }

    /** Lanczos approximation (g = 7, n = 9) of ln Γ(x), x > 0. */
    static double lnGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
        }
        double xx = x - 1;
        double sum = c[0];
        double t = xx + 7.5;
        for (int i = 1; i < c.length; i++) {
            sum += c[i] / (xx + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
