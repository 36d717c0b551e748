package org.netllm.testbed.abr.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.netllm.testbed.abr.video.VideoSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A DASH folder on disk (an MPD plus its segment files), e.g. a user-supplied video or one made by
 * the generator (module {@code dash-content}, {@code ./testbed video}). The server reads videos only through this class
 * and {@link ContentLayout}. {@link #load} parses the MPD's first video AdaptationSet
 * (SegmentTemplate with {@code $Number$}/{@code $Time$}/{@code $RepresentationID$}/{@code $Bandwidth$},
 * SegmentTimeline optional) and derives a {@link VideoSpec}: ladder from @bandwidth ascending,
 * sizes from the segment files.
 *
 * @param representations ascending by bandwidth; index = quality
 */
public record DashContent(Path dir, Path manifest, VideoSpec spec, List<DashRepresentation> representations) {

    /** One Representation with its resolved segment files. */
    public record DashRepresentation(String id, long bandwidthBps, Path init, List<Path> segments) {
    }

    private static final Pattern TEMPLATE_VAR = Pattern.compile("\\$(RepresentationID|Number|Bandwidth|Time)(%0(\\d+)d)?\\$|\\$\\$");
    private static final double SECONDS_EPS = 1e-6;

    /** Loads {@code dir}/manifest.mpd, or the only *.mpd in {@code dir}. */
    public static DashContent load(Path dir) throws IOException {
        Path mpd = findManifest(dir);
        Element root = parse(mpd).getDocumentElement();
        if (!"MPD".equals(local(root))) {
            throw bad(mpd, "root element is <" + local(root) + ">, expected <MPD>");
        }
        Element period = first(root, "Period").orElseThrow(() -> bad(mpd, "no <Period>"));
        Element set = null;
        for (Element as : children(period, "AdaptationSet")) {
            String ct = as.getAttribute("contentType");
            String mime = as.getAttribute("mimeType");
            boolean repVideo = children(as, "Representation").stream().anyMatch(r -> r.getAttribute("mimeType").startsWith("video/"));
            if ("video".equals(ct) || mime.startsWith("video/") || repVideo) {
                set = as;
                break;
            }
        }
        if (set == null) {
            throw bad(mpd, "no video <AdaptationSet> in the first <Period>");
        }
        Element setTemplate = first(set, "SegmentTemplate").orElse(null);
        List<DashRepresentation> reps = new ArrayList<>();
        double chunkDuration = Double.NaN;
        Integer segmentCount = null;
        for (Element rep : children(set, "Representation")) {
            String id = rep.getAttribute("id");
            String where = "<Representation id=\"" + id + "\">";
            if (id.isEmpty()) {
                throw bad(mpd, "<Representation> without @id");
            }
            long bandwidth = parseLong(mpd, where, "bandwidth", rep.getAttribute("bandwidth"));
            Element repTemplate = first(rep, "SegmentTemplate").orElse(null);
            if (setTemplate == null && repTemplate == null) {
                throw bad(mpd, where + ": no <SegmentTemplate> (only SegmentTemplate addressing is supported)");
            }
            Template t = Template.of(mpd, where, setTemplate, repTemplate);
            Segments segments = t.segments(mpd, where, presentationDuration(mpd, root));
            List<Long> times = segments.startTicks();
            double d = segments.meanDurationS();
            if (segmentCount != null && segmentCount != times.size()) {
                throw bad(mpd, where + " has " + times.size() + " segments, other representations " + segmentCount);
            }
            segmentCount = times.size();
            chunkDuration = d;
            Path init = t.initialization == null ? null : resolve(mpd, where, dir, expand(t.initialization, id, bandwidth, 0, 0));
            List<Path> segs = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                segs.add(resolve(mpd, where, dir, expand(t.media, id, bandwidth, t.startNumber + i, times.get(i))));
            }
            reps.add(new DashRepresentation(id, bandwidth, init, List.copyOf(segs)));
        }
        if (reps.isEmpty()) {
            throw bad(mpd, "the video <AdaptationSet> has no <Representation>");
        }
        reps.sort(Comparator.comparingLong(DashRepresentation::bandwidthBps));
        int[] kbps = new int[reps.size()];
        long[][] sizes = new long[reps.size()][];
        for (int q = 0; q < reps.size(); q++) {
            DashRepresentation r = reps.get(q);
            kbps[q] = (int) Math.round(r.bandwidthBps() / 1000.0);
            if (q > 0 && kbps[q] <= kbps[q - 1]) {
                throw bad(mpd, "<Representation id=\"" + r.id() + "\"> has the same bandwidth (" + kbps[q] + " kbps) as another one");
            }
            sizes[q] = new long[r.segments().size()];
            for (int c = 0; c < sizes[q].length; c++) {
                Path seg = r.segments().get(c);
                if (!Files.isRegularFile(seg)) {
                    throw bad(mpd, "<Representation id=\"" + r.id() + "\"> segment " + (c + 1) + ": file " + seg + " is missing");
                }
                sizes[q][c] = Files.size(seg);
            }
        }
        VideoSpec spec = new VideoSpec(dir.toAbsolutePath().normalize().getFileName().toString(), kbps, chunkDuration, sizes);
        return new DashContent(dir, mpd, spec, List.copyOf(reps));
    }

    /** SegmentTemplate attributes, Representation level overriding AdaptationSet level. */
    private record Template(String media, String initialization, long timescale, long duration, long startNumber,
                            Element timeline) {

        static Template of(Path mpd, String where, Element outer, Element inner) {
            String media = attr(inner, outer, "media");
            if (media == null) {
                throw bad(mpd, where + ": <SegmentTemplate> has no @media");
            }
            String ts = attr(inner, outer, "timescale");
            String dur = attr(inner, outer, "duration");
            String sn = attr(inner, outer, "startNumber");
            Element timeline = inner != null ? first(inner, "SegmentTimeline").orElse(null) : null;
            if (timeline == null && outer != null) {
                timeline = first(outer, "SegmentTimeline").orElse(null);
            }
            long timescale = ts == null ? 1 : parseLong(mpd, where, "SegmentTemplate@timescale", ts);
            long duration = dur == null ? 0 : parseLong(mpd, where, "SegmentTemplate@duration", dur);
            if (timeline == null && duration <= 0) {
                throw bad(mpd, where + ": <SegmentTemplate> needs @duration or a <SegmentTimeline>");
            }
            return new Template(media, attr(inner, outer, "initialization"), timescale, duration,
                    sn == null ? 1 : parseLong(mpd, where, "SegmentTemplate@startNumber", sn), timeline);
        }

        /** Start time (timescale units) of every segment. */
        Segments segments(Path mpd, String where, Duration presentation) {
            List<Long> times = new ArrayList<>();
            if (timeline != null) {
                long t = 0;
                for (Element s : children(timeline, "S")) {
                    if (!s.getAttribute("t").isEmpty()) {
                        t = parseLong(mpd, where, "S@t", s.getAttribute("t"));
                    }
                    long d = parseLong(mpd, where, "S@d", s.getAttribute("d"));
                    long r = s.getAttribute("r").isEmpty() ? 0 : Long.parseLong(s.getAttribute("r"));
                    if (r < 0) {
                        throw bad(mpd, where + ": <S r=\"" + r + "\"> (open-ended repeat) is not supported");
                    }
                    for (long i = 0; i <= r; i++) {
                        times.add(t);
                        t += d;
                    }
                }
                if (times.isEmpty()) {
                    throw bad(mpd, where + ": empty <SegmentTimeline>");
                }
                return new Segments(times, t, timescale);
            }
            if (presentation == null) {
                throw bad(mpd, "<MPD> has no @mediaPresentationDuration, needed with SegmentTemplate@duration");
            }
            double total = presentation.toNanos() / 1e9;
            double seg = (double) duration / timescale;
            long n = (long) Math.ceil(total / seg - SECONDS_EPS);
            for (long i = 0; i < n; i++) {
                times.add(i * duration);
            }
            return new Segments(times, n * duration, timescale);
        }
    }

    /** Segment start times and the end of the last one, in timescale ticks. */
    private record Segments(List<Long> startTicks, long endTicks, long timescale) {
        double meanDurationS() {
            long first = startTicks.get(0);
            return (double) (endTicks - first) / timescale / startTicks.size();
        }
    }

    private static String attr(Element inner, Element outer, String name) {
        if (inner != null && inner.hasAttribute(name)) {
            return inner.getAttribute(name);
        }
        if (outer != null && outer.hasAttribute(name)) {
            return outer.getAttribute(name);
        }
        return null;
    }

    static String expand(String template, String id, long bandwidth, long number, long time) {
        Matcher m = TEMPLATE_VAR.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String rep;
            if (m.group(0).equals("$$")) {
                rep = "$";
            } else {
                String var = m.group(1);
                Object value = switch (var) {
                    case "RepresentationID" -> id;
                    case "Number" -> number;
                    case "Bandwidth" -> bandwidth;
                    default -> time;
                };
                rep = m.group(3) != null && !(value instanceof String)
                        ? String.format("%0" + m.group(3) + "d", (Long) value) : value.toString();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Path resolve(Path mpd, String where, Path dir, String relative) {
        if (relative.contains("://") || relative.startsWith("/")) {
            throw bad(mpd, where + ": segment URL '" + relative + "' is not relative to the MPD folder");
        }
        Path p = dir.resolve(relative).normalize();
        if (!p.startsWith(dir.normalize())) {
            throw bad(mpd, where + ": segment URL '" + relative + "' leaves the MPD folder");
        }
        return p;
    }

    private static Duration presentationDuration(Path mpd, Element root) {
        String v = root.getAttribute("mediaPresentationDuration");
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw bad(mpd, "<MPD mediaPresentationDuration=\"" + v + "\"> is not an ISO-8601 duration");
        }
    }

    private static Path findManifest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a directory");
        }
        Path standard = dir.resolve(ContentLayout.MANIFEST);
        if (Files.isRegularFile(standard)) {
            return standard;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> mpds = s.filter(p -> p.getFileName().toString().endsWith(".mpd")).toList();
            if (mpds.size() != 1) {
                throw new IllegalArgumentException(dir + ": expected one .mpd file, found " + mpds.size());
            }
            return mpds.get(0);
        }
    }

    private static Document parse(Path mpd) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(mpd.toFile());
        } catch (SAXException e) {
            throw new IllegalArgumentException(mpd + ": not well-formed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser unavailable", e);
        }
    }

    private static long parseLong(Path mpd, String where, String what, String v) {
        try {
            long x = Long.parseLong(v.trim());
            if (x < 0) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw bad(mpd, where + ": @" + what + "=\"" + v + "\" is not a non-negative integer");
        }
    }

    private static IllegalArgumentException bad(Path mpd, String msg) {
        return new IllegalArgumentException(mpd + ": " + msg);
    }

    private static String local(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(local(e))) {
                out.add(e);
            }
        }
        return out;
    }

    private static java.util.Optional<Element> first(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }
}
