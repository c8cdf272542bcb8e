package dev.corsagent.config;

/**
 * One error or warning found while loading a configuration file, naming where it is and why.
 * Rendered as {@code cors.properties:12: cors.max-age = 99999: must be a number of seconds from 0 to 86400}.
 */
public final class ConfigProblem {
    public enum Severity { ERROR, WARNING }

    private final Severity severity;
    private final String source;
    private final int line;
    private final String key;
    private final String value;
    private final String message;

    public ConfigProblem(Severity severity, String source, int line, String key, String value, String message) {
        this.severity = severity;
        this.source = source;
        this.line = line;
        this.key = key;
        this.value = value;
        this.message = message;
    }

    public Severity severity() {
        return severity;
    }

    /** The file (or other source name) the problem is in. */
    public String source() {
        return source;
    }

    /** The 1-based line of the entry, 0 when the problem is not tied to a line. */
    public int line() {
        return line;
    }

    /** The key concerned, or null. */
    public String key() {
        return key;
    }

    /** The value as written (after unescaping), or null. */
    public String value() {
        return value;
    }

    /** The reason, as a sentence fragment without the location. */
    public String message() {
        return message;
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(source);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (key != null) {
            text.append(key);
            if (value != null) {
                text.append(" = ").append(value);
            }
            text.append(": ");
        }
        text.append(message);
        return text.toString();
    }
}
