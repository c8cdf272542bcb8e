package dev.corsagent.advice;

import dev.corsagent.hooks.Hooks;
import dev.corsagent.hooks.WeaveForTest;

import dev.corsagent.hooks.HookCatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.bytebuddy.dynamic.ClassFileLocator;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RecordingHandler;
import dev.corsagent.bridge.ResponsePlan;

/**
 * The Jetty 12 advice inlined into the real Jetty 12 core classes (an isolated copy of Jetty, with
 * {@code Server} and {@code ChannelResponse} hooked as the agent hooks them), serving real HTTP
 * through {@link JettyCoreApp}, against a recording request handler.
 */
class Jetty12AdviceTest {
    private static final String APP = "https://app.example.com";
    private RecordingHandler handler;
    private Class<?> app;
    private Object server;
    private int port;

    /** Loads Jetty and {@link JettyCoreApp} itself (child first), with the two hooked classes redefined. */
    static final class HookedJettyLoader extends ClassLoader {
        HookedJettyLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.eclipse.jetty.") && !name.equals(JettyCoreApp.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    byte[] bytes = hookedOrPlain(name);
                    loaded = defineClass(name, bytes, 0, bytes.length);
                }
                return loaded;
            }
        }

        private byte[] hookedOrPlain(String name) throws ClassNotFoundException {
            try {
                ClassFileLocator parentFiles = ClassFileLocator.ForClassLoader.of(getParent());
                if (name.equals(HookCatalog.JETTY12_ENTRY.target)) {
                    return hook(parentFiles, name, Jetty12ServerAdvice.class.getName(), Hooks.methods(HookCatalog.JETTY12_ENTRY));
                }
                if (name.equals(HookCatalog.JETTY12_COMMIT.target)) {
                    return hook(parentFiles, name, Jetty12CommitAdvice.class.getName(), Hooks.methods(HookCatalog.JETTY12_COMMIT));
                }
                return parentFiles.locate(name).resolve();
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        private byte[] hook(ClassFileLocator files, String target, String advice, Hooks.MethodCheck methods)
                throws IOException {
            return WeaveForTest.weave(getParent(), files.locate(target).resolve(), advice, methods);
        }
    }

    @BeforeEach
    void startJetty() throws Exception {
        handler = RecordingHandler.installed();
        app = Class.forName(JettyCoreApp.class.getName(), true, new HookedJettyLoader(getClass().getClassLoader()));
        Object[] started = (Object[]) app.getMethod("startServer").invoke(null);
        server = started[0];
        port = (Integer) started[1];
    }

    @AfterEach
    void stopJetty() throws Exception {
        if (server != null) {
            app.getMethod("stopServer", Object.class).invoke(null, server);
        }
        CorsBridge.install(null);
        assertEquals(Collections.emptyList(), handler.failures, "no advice may fail: " + handler.errors);
    }

    /** {@code method path [origins] requestMethod [requestHeaders] [contentType]} of each decision asked for. */
    private List<String> decided() {
        List<String> lines = new ArrayList<String>();
        for (RecordingHandler.Request r : handler.decided) {
            lines.add(r.method + " " + r.path + " " + r.origins + " " + r.requestMethod + " " + r.requestHeaders
                    + (r.contentType == null ? "" : " " + r.contentType));
        }
        return lines;
    }

    private int handledByTheApp() throws Exception {
        return app.getField("handled").getInt(null);
    }

    private static ResponsePlan plan(int status, String type, String vary, String... nameValues) {
        String[] names = new String[nameValues.length / 2];
        String[] values = new String[nameValues.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = nameValues[2 * i];
            values[i] = nameValues[2 * i + 1];
        }
        return new ResponsePlan(status, names, values, vary, true, Boolean.TRUE, APP, type, null);
    }

    /** One request over a fresh connection; the status line and header lines as they came. */
    private List<String> send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10000);
            OutputStream out = socket.getOutputStream();
            out.write((request + "Host: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
            }
            String text = new String(all.toByteArray(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            List<String> lines = new ArrayList<String>();
            for (String line : text.substring(0, end < 0 ? text.length() : end).split("\r\n")) {
                lines.add(line);
            }
            return lines;
        }
    }

    private static List<String> headers(List<String> response, String name) {
        List<String> values = new ArrayList<String>();
        for (String line : response.subList(1, response.size())) {
            int colon = line.indexOf(':');
            if (line.substring(0, colon).equalsIgnoreCase(name)) {
                values.add(line.substring(colon + 1).trim());
            }
        }
        return values;
    }

    private static List<String> corsHeaderLines(List<String> response) {
        List<String> lines = new ArrayList<String>();
        for (String line : response.subList(1, response.size())) {
            if (CorsBridge.isCorsHeaderName(line)) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void aPreflightIsAnsweredBeforeAnyHandlerWithThePlansHeaders() throws Exception {
        handler.nextPlan = plan(204, "PRE_FLIGHT", "Origin, Access-Control-Request-Method",
                "Access-Control-Allow-Origin", APP, "Access-Control-Allow-Methods", "PUT");
        int before = handledByTheApp();

        List<String> r = send("OPTIONS /api/items HTTP/1.1\r\nOrigin: " + APP
                + "\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: a\r\n"
                + "Access-Control-Request-Headers: b\r\n");

        assertTrue(r.get(0).startsWith("HTTP/1.1 204"), r.toString());
        assertEquals(java.util.Arrays.asList("Access-Control-Allow-Origin: " + APP, "Access-Control-Allow-Methods: PUT"),
                corsHeaderLines(r));
        assertEquals(Collections.singletonList("Origin, Access-Control-Request-Method"), headers(r, "Vary"));
        assertEquals(before, handledByTheApp(), "no handler may see an answered preflight");
        assertEquals(Collections.singletonList("OPTIONS /api/items [" + APP + "] PUT [a, b]"), decided());
    }

    @Test
    void decidesOnceOnTheDecodedNormalizedPathAndTheAppSeesTheAttributes() throws Exception {
        handler.nextPlan = plan(0, "ACTUAL", "Origin", "Access-Control-Allow-Origin", APP);

        List<String> r = send("POST /x/../%61pi;v=1/items?q=1 HTTP/1.1\r\nOrigin: " + APP
                + "\r\nContent-Type: application/json\r\nContent-Length: 0\r\n");

        assertTrue(r.get(0).startsWith("HTTP/1.1 200"), r.toString());
        assertEquals(Collections.singletonList("POST /api/items [" + APP + "] null null application/json"), decided());
        assertEquals(Collections.singletonList("ACTUAL"), headers(r, "X-Cors-Type"), "cors.* on the core request");
    }

    @Test
    void theAppsCorsHeadersAreReplacedAndVaryMerged() throws Exception {
        handler.nextPlan = plan(0, "ACTUAL", "Origin", "Access-Control-Allow-Origin", APP);

        List<String> r = send("GET /api/items HTTP/1.1\r\nOrigin: " + APP + "\r\n");

        assertEquals(Collections.singletonList("Access-Control-Allow-Origin: " + APP), corsHeaderLines(r));
        assertEquals(Collections.singletonList("Accept-Encoding, Origin"), headers(r, "Vary"));
        assertEquals(java.util.Arrays.asList("/api/items Access-Control-Allow-Origin",
                "/api/items Access-Control-Allow-Methods"), handler.dropped);
    }

    @Test
    void aResetResponseGetsThePlansHeaders() throws Exception {
        handler.nextPlan = plan(0, "ACTUAL", "Origin", "Access-Control-Allow-Origin", APP);

        List<String> r = send("GET /reset HTTP/1.1\r\nOrigin: " + APP + "\r\n");

        assertTrue(r.get(0).startsWith("HTTP/1.1 200"), r.toString());
        assertEquals(Collections.singletonList("Access-Control-Allow-Origin: " + APP), corsHeaderLines(r));
        assertEquals(Collections.singletonList("Origin"), headers(r, "Vary"));
    }

    @Test
    void aSecurityChallengeWithoutBodyGetsThePlansHeaders() throws Exception {
        handler.nextPlan = plan(0, "SIMPLE", "Origin", "Access-Control-Allow-Origin", APP,
                "Access-Control-Allow-Credentials", "true");

        List<String> r = send("GET /login HTTP/1.1\r\nOrigin: " + APP + "\r\n");

        assertTrue(r.get(0).startsWith("HTTP/1.1 401"), r.toString());
        assertEquals(java.util.Arrays.asList("Access-Control-Allow-Origin: " + APP, "Access-Control-Allow-Credentials: true"),
                corsHeaderLines(r));
        assertEquals(Collections.singletonList("Origin"), headers(r, "Vary"));
    }

    @Test
    void theErrorResponseJettyBuildsAfterAFailureGetsThePlansHeaders() throws Exception {
        handler.nextPlan = plan(0, "SIMPLE", "Origin", "Access-Control-Allow-Origin", APP);

        List<String> r = send("GET /fail HTTP/1.1\r\nOrigin: " + APP + "\r\n");

        assertTrue(r.get(0).startsWith("HTTP/1.1 500"), r.toString());
        assertEquals(Collections.singletonList("Access-Control-Allow-Origin: " + APP), corsHeaderLines(r));
        assertEquals(Collections.singletonList("Origin"), headers(r, "Vary"));
    }

    @Test
    void aRequestLeftAloneIsUntouched() throws Exception {
        handler.nextPlan = null; // agent off, or no config yet

        List<String> r = send("GET /api/items HTTP/1.1\r\nOrigin: " + APP + "\r\n");

        assertTrue(r.get(0).startsWith("HTTP/1.1 200"), r.toString());
        assertEquals(Collections.singletonList("*"), headers(r, "Access-Control-Allow-Origin"));
        assertEquals(Collections.singletonList("Accept-Encoding"), headers(r, "Vary"));
        assertEquals(Collections.singletonList("null"), headers(r, "X-Cors-Type"));
        assertFalse(handler.decided.isEmpty());
    }
}
