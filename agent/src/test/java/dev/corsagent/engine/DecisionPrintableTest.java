package dev.corsagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecisionPrintableTest {

    @Test
    void escapesRequestTextForTheLog() {
        assertEquals("/a\\x0aINFO: forged\\x0d", Decision.printable("/a\nINFO: forged\r"));
        assertEquals("(none)", Decision.printable(null));
        StringBuilder longPath = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            longPath.append('a');
        }
        assertEquals(203, Decision.printable(longPath.toString()).length());
    }
}
