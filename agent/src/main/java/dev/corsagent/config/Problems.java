package dev.corsagent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The errors and warnings of one load, each naming the source, and the entry's line, key and value. */
final class Problems {
    private final String source;
    private final List<ConfigProblem> found = new ArrayList<ConfigProblem>();
    private int errors;

    Problems(String source) {
        this.source = source;
    }

    void error(PropertiesParser.Entry entry, String message) {
        add(ConfigProblem.Severity.ERROR, entry.line, entry.key, entry.value, message);
    }

    void warn(PropertiesParser.Entry entry, String message) {
        add(ConfigProblem.Severity.WARNING, entry.line, entry.key, entry.value, message);
    }

    /** A line the properties syntax could not read: it has no key. */
    void syntaxError(int line, String message) {
        add(ConfigProblem.Severity.ERROR, line, null, null, message);
    }

    /** A warning about the file as a whole (no line, no key). */
    void warnWholeFile(String message) {
        add(ConfigProblem.Severity.WARNING, 0, null, null, message);
    }

    private void add(ConfigProblem.Severity severity, int line, String key, String value, String message) {
        found.add(new ConfigProblem(severity, source, line, key, value, message));
        if (severity == ConfigProblem.Severity.ERROR) {
            errors++;
        }
    }

    /** How many errors so far: a reader compares before and after to know whether its entry failed. */
    int errorCount() {
        return errors;
    }

    /**
     * In file order (a stable sort, so the problems of one line keep the order they were found in),
     * whole-file ones last, each reported once: several policies inheriting one entry find its
     * combination problems once each.
     */
    List<ConfigProblem> inFileOrder() {
        List<ConfigProblem> ordered = new ArrayList<ConfigProblem>(found);
        Collections.sort(ordered, new Comparator<ConfigProblem>() {
            @Override
            public int compare(ConfigProblem a, ConfigProblem b) {
                int lineA = a.line() == 0 ? Integer.MAX_VALUE : a.line();
                int lineB = b.line() == 0 ? Integer.MAX_VALUE : b.line();
                return lineA < lineB ? -1 : lineA == lineB ? 0 : 1;
            }
        });
        List<ConfigProblem> unique = new ArrayList<ConfigProblem>();
        Set<String> seen = new HashSet<String>();
        for (ConfigProblem problem : ordered) {
            if (seen.add(problem.severity() + problem.toString())) {
                unique.add(problem);
            }
        }
        return unique;
    }
}
