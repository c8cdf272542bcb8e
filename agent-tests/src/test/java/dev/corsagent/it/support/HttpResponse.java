package dev.corsagent.it.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A response as it came over the wire: every header line, in order, names compared case-insensitively. */
public final class HttpResponse {
    private final String statusLine;
    private final int status;
    private final List<String[]> headers;
    private final String body;
    private final String request;

    HttpResponse(String statusLine, int status, List<String[]> headers, String body, String request) {
        this.statusLine = statusLine;
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.request = request;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    /** Every value of a header, one per line it came in. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The names of all header lines whose name starts with {@code prefix} (case-insensitive). */
    public List<String> headerNamesStartingWith(String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        return headers.stream().map(h -> h[0]).filter(n -> n.toLowerCase(Locale.ROOT).startsWith(p))
                .collect(Collectors.toList());
    }

    /** The comma-separated tokens of all lines of a header, lower-cased, e.g. every Vary token. */
    public Set<String> tokens(String name) {
        return new LinkedHashSet<>(tokenList(name));
    }

    /** Like {@link #tokens} but keeps repeats, to catch a token sent twice. */
    public List<String> tokenList(String name) {
        List<String> tokens = new ArrayList<>();
        for (String value : headers(name)) {
            for (String t : value.split(",")) {
                if (!t.isBlank()) {
                    tokens.add(t.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return tokens;
    }

    /** The request and the whole response head, for assertion messages. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("request:\n").append(request.strip()).append("\nresponse:\n").append(statusLine);
        for (String[] h : headers) {
            sb.append('\n').append(h[0]).append(": ").append(h[1]);
        }
        String shown = body.length() > 400 ? body.substring(0, 400) + "..." : body;
        return sb.append("\n\n").append(shown).append('\n').toString();
    }
}
