package dev.corsagent.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PropertiesParserTest {

    private static PropertiesParser.Entry only(String text) {
        PropertiesParser parsed = PropertiesParser.parse(text);
        assertTrue(parsed.errors.isEmpty());
        assertEquals(1, parsed.entries.size());
        return parsed.entries.get(0);
    }

    @Test
    void readsTheThreeSeparators() {
        List<PropertiesParser.Entry> entries = PropertiesParser.parse("a=1\nb: 2\nc 3\nd\t =  4\ne\n").entries;
        assertEquals(5, entries.size());
        assertEquals("1", entries.get(0).value);
        assertEquals("2", entries.get(1).value);
        assertEquals("3", entries.get(2).value);
        assertEquals("d", entries.get(3).key);
        assertEquals("4", entries.get(3).value);
        assertEquals("e", entries.get(4).key);
        assertEquals("", entries.get(4).value);
    }

    @Test
    void onlyTheFirstSeparatorSplits() {
        PropertiesParser.Entry entry = only("cors.paths = /a=b:c");
        assertEquals("/a=b:c", entry.value);
    }

    @Test
    void skipsCommentsAndBlankLinesAndKeepsLineNumbers() {
        List<PropertiesParser.Entry> entries = PropertiesParser.parse(
                "# comment\n! other comment\n\n   \nfirst=1\n  # indented comment\nsecond=2\n").entries;
        assertEquals(2, entries.size());
        assertEquals(5, entries.get(0).line);
        assertEquals(7, entries.get(1).line);
    }

    @Test
    void continuationLinesJoinWithoutTheirLeadingWhitespace() {
        List<PropertiesParser.Entry> entries = PropertiesParser.parse(
                "list = a, \\\n      b, \\\n   # not a comment here\nnext = x\n").entries;
        assertEquals("a, b, # not a comment here", entries.get(0).value);
        assertEquals(1, entries.get(0).line);
        assertEquals("next", entries.get(1).key);
        assertEquals(4, entries.get(1).line);
    }

    @Test
    void anEvenNumberOfBackslashesDoesNotContinue() {
        List<PropertiesParser.Entry> entries = PropertiesParser.parse("a = x\\\\\nb = y\n").entries;
        assertEquals(2, entries.size());
        assertEquals("x\\", entries.get(0).value);
    }

    @Test
    void aCommentEndingInABackslashDoesNotContinue() {
        List<PropertiesParser.Entry> entries = PropertiesParser.parse("# note \\\nkey = v\n").entries;
        assertEquals(1, entries.size());
        assertEquals("key", entries.get(0).key);
        assertEquals(2, entries.get(0).line);
    }

    @Test
    void resolvesEscapesInKeysAndValues() {
        PropertiesParser.Entry entry = only("my\\=key\\ x = \\u0041\\tB\\\\C\\:");
        assertEquals("my=key x", entry.key);
        assertEquals("A\tB\\C:", entry.value);
    }

    @Test
    void malformedUnicodeEscapeIsAnErrorOnItsLine() {
        PropertiesParser parsed = PropertiesParser.parse("ok=1\nbad = \\u00zz\n");
        assertEquals(1, parsed.entries.size());
        assertEquals(1, parsed.errors.size());
        assertEquals(2, parsed.errors.get(0).line);
    }

    @Test
    void handlesCrLfAndCrLineEnds() {
        List<PropertiesParser.Entry> entries = PropertiesParser.parse("a=1\r\nb=2\rc=3").entries;
        assertEquals(3, entries.size());
        assertEquals(2, entries.get(1).line);
        assertEquals(3, entries.get(2).line);
        assertEquals("3", entries.get(2).value);
    }
}
