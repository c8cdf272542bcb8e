package dev.corsagent.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Firefox ESR, headless, driven over WebDriver BiDi, which Firefox serves itself on
 * {@code --remote-debugging-port} (no geckodriver). Unlike {@link ChannelBrowser} it can drive any
 * page, so the playground's own page is the one under test.
 */
final class FirefoxBidi implements Browser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private FirefoxBidi(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    static FirefoxBidi launch(Path workDir) throws Exception {
        Files.createDirectories(workDir);
        Path profile = ChannelBrowser.firefoxProfile(workDir, null);
        Path output = workDir.resolve("firefox-output.txt");
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/firefox", "--headless", "--no-remote",
                "--profile", profile.toString(), "--remote-debugging-port", "0");
        builder.environment().put("MOZ_HEADLESS", "1");
        builder.environment().put("HOME", workDir.toString());
        Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            String endpoint = awaitEndpoint(process, output);
            Receiver receiver = new Receiver();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(endpoint + "/session"), receiver).get(20, TimeUnit.SECONDS);
            FirefoxBidi firefox = new FirefoxBidi(process, socket);
            receiver.owner = firefox;
            firefox.call("session.new", JSON.createObjectNode().set("capabilities", JSON.createObjectNode()));
            return firefox;
        } catch (Exception | AssertionError e) {
            kill(process);
            throw e;
        }
    }

    /** Firefox prints where BiDi listens once it is ready (the port it picked for 0). */
    private static String awaitEndpoint(Process process, Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(output) ? Files.readString(output) : "";
            Matcher listening = LISTENING.matcher(text);
            if (listening.find()) {
                return listening.group(1);
            }
            if (!process.isAlive()) {
                throw new IOException("Firefox exited with " + process.exitValue() + ": " + text);
            }
            Thread.sleep(100);
        }
        throw new IOException("Firefox did not open WebDriver BiDi within 60 s; see " + output);
    }

    @Override
    public Tab newTab() {
        String context = call("browsingContext.create", JSON.createObjectNode().put("type", "tab")).path("context").asText();
        return new BidiTab(context);
    }

    /** One BiDi command; an error answer fails the test. */
    private JsonNode call(String method, ObjectNode params) {
        int id = nextId.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (socket) {
                socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
            }
            JsonNode reply = answer.get(60, TimeUnit.SECONDS);
            if (!"success".equals(reply.path("type").asText())) {
                throw new AssertionError("BiDi " + method + " failed: " + reply);
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + method, e);
        } catch (Exception e) {
            throw new AssertionError("BiDi " + method + " got no answer: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    private void onMessage(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) { // events are not subscribed to: the tests poll instead
                CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            }
        } catch (IOException e) {
            // not JSON: nothing waits for it
        }
    }

    @Override
    public void close() {
        try {
            call("session.end", JSON.createObjectNode());
        } catch (AssertionError e) {
            // gone already: killed below
        }
        socket.abort();
        kill(process);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class BidiTab implements Tab {
        private final String context;

        BidiTab(String context) {
            this.context = context;
        }

        @Override
        public void open(String url) {
            call("browsingContext.navigate", JSON.createObjectNode().put("context", context).put("url", url)
                    .put("wait", "complete"));
        }

        /** BiDi returns typed remote values: the page stringifies to JSON, so the value comes back whole. */
        @Override
        public JsonNode evaluate(String expression) throws IOException {
            String wrapped = "Promise.resolve((0, eval)(" + JSON.writeValueAsString(expression) + "))"
                    + ".then(v => JSON.stringify(v === undefined ? null : v))";
            ObjectNode params = JSON.createObjectNode().put("expression", wrapped).put("awaitPromise", true);
            params.set("target", JSON.createObjectNode().put("context", context));
            JsonNode result = call("script.evaluate", params);
            if (!"success".equals(result.path("type").asText())) {
                throw new AssertionError("the page threw evaluating " + expression + ": " + result.path("exceptionDetails"));
            }
            return JSON.readTree(result.path("result").path("value").asText());
        }
    }

    /** Collects the (possibly fragmented) text messages of the socket. */
    private static final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile FirefoxBidi owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                FirefoxBidi target = owner;
                if (target != null) {
                    target.onMessage(text);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
