package dev.corsagent.sample.playground;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CORS playground: a second origin whose page calls the shop with fetch and shows what the
 * browser allowed. The page can only see part of the story, so this server adds two helpers:
 * {@code POST /probe} replays the same request with a raw HTTP client and returns the exact
 * headers the shop sent, and {@code POST /check} asks the agent's own CLI
 * ({@code cors-agent.jar check}) what it decides and why. It has no CORS code: the page calls the
 * shop directly, and the helpers are same-origin calls.
 *
 * <p>Usage: {@code java -jar cors-playground.jar --port 8081 --target http://localhost:8080
 * --policy examples/cors.properties --agent-jar agent/target/cors-agent.jar}
 */
public final class Playground {
    private static final String USAGE = "usage: java -jar cors-playground.jar --port N --target URL"
            + " --policy FILE --agent-jar JAR [--java PATH]";

    private final URI target;
    private final Path policy;
    private final String policyAsGiven;
    private final Path agentJar;
    private final String javaExecutable;

    private Playground(URI target, String policyAsGiven, Path agentJar, String javaExecutable) {
        this.target = target;
        this.policyAsGiven = policyAsGiven;
        this.policy = Paths.get(policyAsGiven).toAbsolutePath();
        this.agentJar = agentJar;
        this.javaExecutable = javaExecutable;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || !args[i].startsWith("--")) {
                usageError("bad argument " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : new String[] {"port", "target", "policy", "agent-jar"}) {
            if (!options.containsKey(required)) {
                usageError("--" + required + " is required");
            }
        }
        String java = options.getOrDefault("java",
                Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        Playground playground = new Playground(URI.create(options.get("target")),
                options.get("policy"),
                Paths.get(options.get("agent-jar")).toAbsolutePath(), java);

        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(options.get("port"))), 0);
        server.createContext("/", playground::serveStatic);
        server.createContext("/config", playground::serveConfig);
        server.createContext("/probe", playground::serveProbe);
        server.createContext("/check", playground::serveCheck);
        server.start();
        System.out.println("playground on http://localhost:" + server.getAddress().getPort() + "/");
        System.out.flush();
    }

    private static void usageError(String message) {
        System.err.println("playground: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }

    private void serveStatic(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String name = "/".equals(path) ? "index.html" : path.substring(1);
        String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
        // only the page's own three files; anything else, including "..", is not found
        if (!name.matches("index\\.html|playground\\.js|playground\\.css")) {
            send(exchange, 404, "text/plain", "not found");
            return;
        }
        try (InputStream in = Playground.class.getResourceAsStream("/playground/" + name)) {
            send(exchange, 200, type + "; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Where the shop is, and which policy the agent runs with: the page needs both. */
    private void serveConfig(HttpExchange exchange) throws IOException {
        send(exchange, 200, "application/json", "{\"target\":" + Json.string(target.toString())
                + ",\"policy\":" + Json.string(policyAsGiven) + "}");
    }

    /**
     * Replays the page's request the way the browser sends it: a preflight first when the page
     * says one is needed, then (unless the preflight was refused) the actual request. Returns the
     * raw status line and header lines of each.
     */
    private void serveProbe(HttpExchange exchange) throws IOException {
        Map<String, String> form = readForm(exchange);
        String method = form.getOrDefault("method", "GET");
        String path = form.getOrDefault("path", "/");
        String origin = form.getOrDefault("origin", "");
        boolean preflight = "true".equals(form.get("preflight"));
        List<String[]> headers = parseHeaderLines(form.getOrDefault("headers", ""));
        StringBuilder json = new StringBuilder("{");
        boolean sendActual = true;
        if (preflight) {
            // the names the browser lists: only those that are not CORS-safelisted (the page works them out)
            String names = form.getOrDefault("headerNames", "");
            List<String[]> preflightHeaders = new ArrayList<>();
            preflightHeaders.add(new String[] {"Origin", origin});
            preflightHeaders.add(new String[] {"Access-Control-Request-Method", method});
            if (!names.isEmpty()) {
                preflightHeaders.add(new String[] {"Access-Control-Request-Headers", names});
            }
            RawResponse answer = RawResponse.send(target, "OPTIONS", path, preflightHeaders, null);
            json.append("\"preflight\":").append(answer.toJson()).append(',');
            sendActual = answer.allows(origin);
        }
        if (sendActual) {
            List<String[]> actualHeaders = new ArrayList<>(headers);
            actualHeaders.add(0, new String[] {"Origin", origin});
            String body = form.get("body");
            RawResponse answer = RawResponse.send(target, method, path, actualHeaders,
                    body == null || body.isEmpty() || "GET".equals(method) || "HEAD".equals(method) ? null : body);
            json.append("\"actual\":").append(answer.toJson());
        } else {
            json.append("\"actual\":null");
        }
        send(exchange, 200, "application/json", json.append('}').toString());
    }

    /** Runs {@code java -jar cors-agent.jar check POLICY ...}: the agent's decision and its reason. */
    private void serveCheck(HttpExchange exchange) throws IOException {
        Map<String, String> form = readForm(exchange);
        List<String> command = new ArrayList<>(List.of(javaExecutable, "-jar", agentJar.toString(), "check",
                policy.toString(), "--origin", form.getOrDefault("origin", ""),
                "--method", form.getOrDefault("method", "GET"),
                "--path", URI.create(form.getOrDefault("path", "/")).getPath()));
        String headerNames = form.getOrDefault("headerNames", "");
        if (!headerNames.isEmpty()) {
            command.add("--headers");
            command.add(headerNames);
        }
        if ("true".equals(form.get("preflight"))) {
            command.add("--preflight");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit;
        try {
            exit = process.waitFor(20, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = -1;
        }
        process.destroy();
        // show the command as a person would type it, relative paths kept short
        String shown = "java -jar " + agentJar.getFileName() + " " + String.join(" ", command.subList(3, command.size()))
                .replace(policy.toString(), policy.getFileName().toString());
        send(exchange, 200, "application/json", "{\"exit\":" + exit + ",\"command\":" + Json.string(shown)
                + ",\"output\":" + Json.string(output) + "}");
    }

    /** "Name: value" lines; blank lines and lines without a colon are ignored. */
    static List<String[]> parseHeaderLines(String text) {
        List<String[]> headers = new ArrayList<>();
        for (String line : text.split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
            }
        }
        return headers;
    }

    private static Map<String, String> readForm(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** One response read off a plain socket: status line and header lines exactly as sent. */
    static final class RawResponse {
        final String requestLine;
        final String statusLine;
        final List<String> headerLines;
        final String error;

        private RawResponse(String requestLine, String statusLine, List<String> headerLines, String error) {
            this.requestLine = requestLine;
            this.statusLine = statusLine;
            this.headerLines = headerLines;
            this.error = error;
        }

        static RawResponse send(URI target, String method, String path, List<String[]> headers, String body) {
            String requestLine = method + " " + path + " HTTP/1.1";
            int port = target.getPort() > 0 ? target.getPort() : 80;
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new InetSocketAddress(target.getHost(), port), 5000);
                socket.setSoTimeout(10000);
                StringBuilder request = new StringBuilder(requestLine).append("\r\n")
                        .append("Host: ").append(target.getHost()).append(':').append(port).append("\r\n");
                for (String[] header : headers) {
                    request.append(header[0]).append(": ").append(header[1]).append("\r\n");
                }
                byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                if (body != null) {
                    request.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
                }
                request.append("Connection: close\r\n\r\n");
                OutputStream out = socket.getOutputStream();
                out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(bodyBytes);
                out.flush();
                String head = readHead(socket.getInputStream());
                String[] lines = head.split("\r\n");
                List<String> headerLines = new ArrayList<>();
                for (int i = 1; i < lines.length; i++) {
                    headerLines.add(lines[i]);
                }
                return new RawResponse(requestLine, lines[0], headerLines, null);
            } catch (IOException e) {
                return new RawResponse(requestLine, null, List.of(), e.toString());
            }
        }

        /** Everything up to the blank line that ends the headers. */
        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4 && (b = in.read()) != -1) {
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r\n\r\n") ? text.substring(0, text.length() - 4) : text;
        }

        /** What a browser would make of a preflight answer: 2xx and the page's origin allowed. */
        boolean allows(String origin) {
            if (statusLine == null || !statusLine.matches("HTTP/1\\.[01] 2\\d\\d.*")) {
                return false;
            }
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Access-Control-Allow-Origin")) {
                    String value = line.substring(colon + 1).trim();
                    return value.equals(origin) || value.equals("*");
                }
            }
            return false;
        }

        String toJson() {
            StringBuilder lines = new StringBuilder("[");
            for (String line : headerLines) {
                lines.append(lines.length() > 1 ? "," : "").append(Json.string(line));
            }
            return "{\"request\":" + Json.string(requestLine) + ",\"status\":" + Json.string(statusLine)
                    + ",\"headers\":" + lines.append(']') + ",\"error\":" + Json.string(error) + "}";
        }
    }

    /** JSON string literals, enough for this server's answers. */
    static final class Json {
        static String string(String value) {
            if (value == null) {
                return "null";
            }
            StringBuilder out = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"': out.append("\\\""); break;
                    case '\\': out.append("\\\\"); break;
                    case '\n': out.append("\\n"); break;
                    case '\r': out.append("\\r"); break;
                    case '\t': out.append("\\t"); break;
                    default:
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                }
            }
            return out.append('"').toString();
        }
    }
}
