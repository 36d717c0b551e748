package org.netllm.testbed.report;

import java.util.Locale;

/** Number formatting shared by the Markdown and HTML tables. */
final class Fmt {

    private Fmt() {
    }

    static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String ci(Stats.MeanCi c) {
        return Double.isNaN(c.halfWidth()) ? "n/a" : String.format(Locale.ROOT, "±%.3f", c.halfWidth());
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Safe file-name part for chart names. */
    static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
