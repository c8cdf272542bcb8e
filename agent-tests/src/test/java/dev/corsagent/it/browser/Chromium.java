package dev.corsagent.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium in a child process, driven over the DevTools protocol (one browser-level
 * WebSocket; pages are attached as flat sessions). Only what the browser tests need: open a tab,
 * navigate it, evaluate a script and await its promise.
 */
final class Chromium implements Browser {
    static final String INSTALL_HINT = "install chromium: apt-get install -y chromium";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path userDataDir;
    private final WebSocket socket;
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Chromium(Process process, Path userDataDir, WebSocket socket, Receiver receiver) {
        this.process = process;
        this.userDataDir = userDataDir;
        this.socket = socket;
        receiver.owner = this;
    }

    /**
     * The chromium binary: system property {@code chromium.path} when set (only that one), else
     * Debian's /usr/bin/chromium; null when absent, and the browser tests are then skipped.
     */
    static Path executable() {
        String configured = System.getProperty("chromium.path", "");
        List<Path> candidates = new ArrayList<>();
        if (!configured.isBlank()) {
            candidates.add(Paths.get(configured));
        } else {
            candidates.add(Paths.get("/usr/bin/chromium"));
            candidates.add(Paths.get("/usr/bin/chromium-browser"));
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Starts a headless Chromium with a fresh profile under {@code workDir}. */
    static Chromium launch(Path workDir) throws IOException, InterruptedException {
        return launch(workDir, false);
    }

    /** {@code ignoreCertificateErrors}: for the HTTPS tests, whose certificate is made at test time. */
    static Chromium launch(Path workDir, boolean ignoreCertificateErrors) throws IOException, InterruptedException {
        Path binary = executable();
        if (binary == null) {
            throw new IllegalStateException(INSTALL_HINT);
        }
        Path profile = Files.createDirectories(workDir.resolve("chromium-profile"));
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0"));
        if (ignoreCertificateErrors) {
            command.add("--ignore-certificate-errors");
        }
        command.add("about:blank");
        Process process = new ProcessBuilder(command)
                .redirectOutput(workDir.resolve("chromium.stdout.txt").toFile())
                .redirectError(workDir.resolve("chromium.stderr.txt").toFile())
                .start();
        try {
            URI endpoint = awaitDevToolsEndpoint(process, profile, workDir);
            Receiver receiver = new Receiver();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(endpoint, receiver)
                    .get(20, TimeUnit.SECONDS);
            return new Chromium(process, profile, socket, receiver);
        } catch (IOException | InterruptedException | RuntimeException e) {
            kill(process);
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            kill(process);
            throw new IOException("cannot connect to Chromium's DevTools socket", e);
        }
    }

    /** Chromium writes the port it picked, and the browser target's path, to DevToolsActivePort. */
    private static URI awaitDevToolsEndpoint(Process process, Path profile, Path workDir)
            throws IOException, InterruptedException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with " + process.exitValue() + "; see "
                        + workDir.resolve("chromium.stderr.txt"));
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                    return URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("Chromium wrote no " + portFile + " within 30 s");
    }

    /** Opens a new tab, attached as its own DevTools session. */
    @Override
    public Tab newTab() {
        String targetId = call(null, "Target.createTarget", params().put("url", "about:blank"))
                .path("targetId").asText();
        String sessionId = call(null, "Target.attachToTarget",
                params().put("targetId", targetId).put("flatten", true)).path("sessionId").asText();
        return new Tab(sessionId);
    }

    private static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Sends one command and waits for its answer; a protocol error fails the test. */
    private JsonNode call(String sessionId, String method, ObjectNode params) {
        int id = nextId.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (socket) { // one text message at a time on the socket
                socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
            }
            JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError("DevTools " + method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + method, e);
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new AssertionError("no answer to DevTools " + method + " within " + COMMAND_TIMEOUT, e);
        } finally {
            pending.remove(id);
        }
    }

    private void onMessage(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) { // events (no id) are not needed: the tests poll instead
                CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            call(null, "Browser.close", params());
        } catch (AssertionError e) {
            // already gone or not answering: killed below
        }
        socket.abort();
        kill(process);
    }

    private static void kill(Process process) {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Path userDataDir() {
        return userDataDir;
    }

    /** One browser tab. */
    final class Tab implements Browser.Tab {
        private final String sessionId;

        private Tab(String sessionId) {
            this.sessionId = sessionId;
        }

        /** Loads {@code url} and waits until the document (and its scripts) finished loading. */
        @Override
        public void open(String url) throws InterruptedException {
            call(sessionId, "Page.navigate", params().put("url", url));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                JsonNode state = evaluate("[location.href, document.readyState]");
                if (url.equals(state.path(0).asText()) && "complete".equals(state.path(1).asText())) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the tab did not load " + url + " within 20 s");
        }

        /**
         * Evaluates a JavaScript expression in the page (its origin, its cookies), awaits the
         * promise it returns, and gives back the value as JSON.
         */
        @Override
        public JsonNode evaluate(String expression) {
            JsonNode result = call(sessionId, "Runtime.evaluate", params()
                    .put("expression", expression)
                    .put("awaitPromise", true)
                    .put("returnByValue", true));
            if (result.has("exceptionDetails")) {
                throw new AssertionError("the page threw evaluating " + expression + ": "
                        + result.get("exceptionDetails"));
            }
            return result.path("result").path("value");
        }
    }

    /** Collects the (possibly fragmented) text messages of the socket. */
    private static final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile Chromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                Chromium target = owner;
                if (target != null) {
                    target.onMessage(text);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
