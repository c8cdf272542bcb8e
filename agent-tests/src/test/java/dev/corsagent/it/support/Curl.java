package dev.corsagent.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One request with the system's {@code curl --http2} (nghttp2), over TLS that trusts only the given
 * CA certificate: the HTTP/2 counterpart of {@link RawHttp}, whose framing over h2 only a real
 * client gets right. {@link #send} returns the response as curl received it, header names as the
 * server sent them (lower case under h2), and the HTTP version curl negotiated.
 */
public final class Curl {
    private static final Path CURL = Path.of("/usr/bin/curl");

    private final Path caPem;
    private final Path workDir;
    private int requests;

    /** The response and the version curl reports in {@code %{http_version}} ("2", "1.1"). */
    public static final class Result {
        public final HttpResponse response;
        public final String httpVersion;

        Result(HttpResponse response, String httpVersion) {
            this.response = response;
            this.httpVersion = httpVersion;
        }
    }

    public Curl(Path caPem, Path workDir) {
        this.caPem = caPem;
        this.workDir = workDir;
    }

    /** Null when curl is there with HTTP/2, else why the h2 vectors cannot run here. */
    public static String unavailableReason() {
        if (!Files.isExecutable(CURL)) {
            return "no curl: apt-get install -y curl";
        }
        try {
            Process process = new ProcessBuilder(CURL.toString(), "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return version.contains(" HTTP2") ? null : "this curl has no HTTP2 feature (nghttp2): " + version.strip();
        } catch (IOException | InterruptedException e) {
            return "curl --version failed: " + e;
        }
    }

    /** {@code headers}: "Name: value" lines, sent as given (two of one name are two header fields). */
    public synchronized Result send(String method, String url, List<String> headers)
            throws IOException, InterruptedException {
        int n = ++requests;
        Path head = workDir.resolve("curl-" + n + ".head");
        Path body = workDir.resolve("curl-" + n + ".body");
        List<String> command = new ArrayList<>(List.of(CURL.toString(), "--http2", "--silent", "--show-error",
                "--cacert", caPem.toString(), "--request", method, "--dump-header", head.toString(),
                "--output", body.toString(), "--write-out", "%{http_version}", "--max-time", "20"));
        for (String header : headers) {
            command.add("--header");
            command.add(header);
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectError(workDir.resolve("curl-" + n + ".err").toFile()).start();
        String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: "
                    + Files.readString(workDir.resolve("curl-" + n + ".err")));
        }
        String request = method + " " + url + " (curl --http2)\n" + String.join("\n", headers);
        return new Result(parse(Files.readString(head, StandardCharsets.ISO_8859_1),
                Files.exists(body) ? Files.readString(body, StandardCharsets.UTF_8) : "", request), version);
    }

    /** The last response head curl dumped (an interim 100 comes first when there is one). */
    private static HttpResponse parse(String dump, String body, String request) {
        String[] blocks = dump.replace("\r\n", "\n").strip().split("\n\n");
        String[] lines = blocks[blocks.length - 1].split("\n");
        String statusLine = lines[0];
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
        }
        return new HttpResponse(statusLine, status, headers, body, request);
    }
}
