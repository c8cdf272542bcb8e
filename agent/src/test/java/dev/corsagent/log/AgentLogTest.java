package dev.corsagent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * tinylog's configuration freezes on first use, so one test drives the whole life of the logger.
 * src/test/resources/tinylog.properties plays the host app's own tinylog setup: it must not leak in.
 */
class AgentLogTest {
    @Test
    void logsOnlyToStderrWithTheTagIgnoringTheAppsTinylogSettings() {
        System.setProperty("tinylog.writer.stream", "out");
        System.setProperty("tinylog.writer.format", "LEAKED-SYSPROP {message}");
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            assertFalse(AgentLog.isEnabled(AgentLog.ERROR), "nothing is logged before configure");
            AgentLog.configure("info", null);
            AgentLog.debug("hidden debug line");
            AgentLog.info("visible info line");
            AgentLog.setLevel("warn");
            AgentLog.info("hidden after the level changed");
            AgentLog.warn("visible warn line");
            AgentLog.setLevel("off");
            AgentLog.error("hidden when off");
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            System.clearProperty("tinylog.writer.stream");
            System.clearProperty("tinylog.writer.format");
        }
        String stdout = new String(out.toByteArray(), StandardCharsets.UTF_8);
        String stderr = new String(err.toByteArray(), StandardCharsets.UTF_8);
        assertEquals("", stdout);
        String[] lines = stderr.trim().split("\\R");
        assertEquals(2, lines.length, stderr);
        assertTrue(lines[0].matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[cors-agent\\] INFO: visible info line"), lines[0]);
        assertTrue(lines[1].endsWith("[cors-agent] WARN: visible warn line"), lines[1]);
        assertFalse(stderr.contains("LEAKED"), stderr);
        assertEquals("stderr", AgentLog.destination());
    }

    @Test
    void parsesLevelNamesDefaultingToInfo() {
        assertEquals(AgentLog.TRACE, AgentLog.parseLevel("trace"));
        assertEquals(AgentLog.DEBUG, AgentLog.parseLevel(" DEBUG "));
        assertEquals(AgentLog.WARN, AgentLog.parseLevel("warn"));
        assertEquals(AgentLog.ERROR, AgentLog.parseLevel("error"));
        assertEquals(AgentLog.OFF, AgentLog.parseLevel("off"));
        assertEquals(AgentLog.INFO, AgentLog.parseLevel(null));
        assertEquals(AgentLog.INFO, AgentLog.parseLevel("verbose"));
    }

    @Test
    void describesAnExceptionOnOneLine() {
        IllegalStateException error = new IllegalStateException("bad\nthing", new RuntimeException("root"));
        String text = AgentLog.describe(error);
        assertFalse(text.contains("\n"), text);
        assertTrue(text.startsWith("java.lang.IllegalStateException: bad thing at "), text);
        assertTrue(text.contains("AgentLogTest"), text);
        assertTrue(text.endsWith("caused by java.lang.RuntimeException: root"), text);
    }
}
