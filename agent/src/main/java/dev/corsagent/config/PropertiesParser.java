package dev.corsagent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code java.util.Properties} text format but keeps the line number of every entry,
 * which {@code Properties} throws away. Supports {@code key=value}, {@code key: value},
 * {@code key value}, {@code #} and {@code !} comments, backslash line continuations and the
 * escapes {@code \t \n \r \f \\uXXXX}; any other escaped character stands for itself.
 */
final class PropertiesParser {

    /** One {@code key = value} entry and the line its logical line starts on. */
    static final class Entry {
        final String key;
        final String value;
        final int line;

        Entry(String key, String value, int line) {
            this.key = key;
            this.value = value;
            this.line = line;
        }
    }

    /** A syntax problem: the line and the reason. */
    static final class SyntaxError {
        final int line;
        final String message;

        SyntaxError(int line, String message) {
            this.line = line;
            this.message = message;
        }
    }

    final List<Entry> entries = new ArrayList<Entry>();
    final List<SyntaxError> errors = new ArrayList<SyntaxError>();

    private PropertiesParser() {
    }

    static PropertiesParser parse(String text) {
        PropertiesParser parser = new PropertiesParser();
        parser.run(text);
        return parser;
    }

    private void run(String text) {
        String[] lines = splitLines(text);
        int index = 0;
        while (index < lines.length) {
            int startLine = index + 1;
            String natural = stripLeadingWhitespace(lines[index]);
            index++;
            if (natural.isEmpty() || natural.charAt(0) == '#' || natural.charAt(0) == '!') {
                continue; // a comment never continues onto the next line
            }
            StringBuilder logical = new StringBuilder();
            while (endsWithContinuation(natural)) {
                logical.append(natural, 0, natural.length() - 1);
                if (index >= lines.length) {
                    natural = "";
                    break;
                }
                natural = stripLeadingWhitespace(lines[index]);
                index++;
            }
            logical.append(natural);
            parseLogicalLine(logical.toString(), startLine);
        }
    }

    private static String[] splitLines(String text) {
        List<String> lines = new ArrayList<String>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
            i++;
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines.toArray(new String[0]);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    private static String stripLeadingWhitespace(String line) {
        int i = 0;
        while (i < line.length() && isWhitespace(line.charAt(i))) {
            i++;
        }
        return line.substring(i);
    }

    /** An odd number of trailing backslashes continues the line. */
    private static boolean endsWithContinuation(String line) {
        int count = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            count++;
        }
        return count % 2 == 1;
    }

    private void parseLogicalLine(String line, int lineNumber) {
        int keyEnd = 0;
        while (keyEnd < line.length()) {
            char c = line.charAt(keyEnd);
            if (c == '\\') {
                keyEnd += 2;
                continue;
            }
            if (c == '=' || c == ':' || isWhitespace(c)) {
                break;
            }
            keyEnd++;
        }
        keyEnd = Math.min(keyEnd, line.length());
        int valueStart = keyEnd;
        while (valueStart < line.length() && isWhitespace(line.charAt(valueStart))) {
            valueStart++;
        }
        if (valueStart < line.length() && (line.charAt(valueStart) == '=' || line.charAt(valueStart) == ':')) {
            valueStart++;
            while (valueStart < line.length() && isWhitespace(line.charAt(valueStart))) {
                valueStart++;
            }
        }
        String key = unescape(line.substring(0, keyEnd), lineNumber);
        String value = unescape(line.substring(valueStart), lineNumber);
        if (key == null || value == null) {
            return;
        }
        entries.add(new Entry(key, value, lineNumber));
    }

    /** Resolves escapes; null (and an error recorded) on a malformed {@code \\u} escape. */
    private String unescape(String text, int lineNumber) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= text.length()) {
                break; // a lone trailing backslash (continuation at end of file) stands for nothing
            }
            char escaped = text.charAt(i++);
            switch (escaped) {
                case 't': out.append('\t'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 'f': out.append('\f'); break;
                case 'u':
                    if (i + 4 > text.length()) {
                        errors.add(new SyntaxError(lineNumber, "malformed \\uXXXX escape"));
                        return null;
                    }
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        int digit = Character.digit(text.charAt(i + k), 16);
                        if (digit < 0) {
                            errors.add(new SyntaxError(lineNumber, "malformed \\uXXXX escape"));
                            return null;
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                    i += 4;
                    break;
                default:
                    out.append(escaped);
            }
        }
        return out.toString();
    }
}
