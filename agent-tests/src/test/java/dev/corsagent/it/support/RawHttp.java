package dev.corsagent.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * HTTP/1.1 over a plain socket, one request per connection. Unlike java.net.http it sends header
 * lines exactly as given (repeated {@code Origin}, several {@code Access-Control-Request-Headers}
 * lines, any spelling) and returns every response header line.
 */
public final class RawHttp {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 20_000;

    private final String method;
    private final String target;
    private final List<String> headerLines = new ArrayList<>();
    private byte[] body = new byte[0];

    private RawHttp(String method, String target) {
        this.method = method;
        this.target = target;
    }

    public static RawHttp request(String method, String target) {
        return new RawHttp(method, target);
    }

    public static RawHttp get(String target) {
        return new RawHttp("GET", target);
    }

    public static RawHttp options(String target) {
        return new RawHttp("OPTIONS", target);
    }

    /** Adds one header line; calling it twice with the same name sends two lines. */
    public RawHttp header(String name, String value) {
        headerLines.add(name + ": " + value);
        return this;
    }

    public RawHttp origin(String origin) {
        return header("Origin", origin);
    }

    /** A bearer token the app's AuthFilter accepts (it only checks that Authorization is present). */
    public RawHttp authorized() {
        return header("Authorization", "Bearer it-token");
    }

    public RawHttp basicAuth(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return header("Authorization", "Basic " + token);
    }

    /** A browser-style preflight: Origin, Access-Control-Request-Method, and headers when given. */
    public static RawHttp preflight(String target, String origin, String requestMethod, String requestHeaders) {
        RawHttp r = options(target).origin(origin).header("Access-Control-Request-Method", requestMethod);
        if (requestHeaders != null) {
            r.header("Access-Control-Request-Headers", requestHeaders);
        }
        return r;
    }

    public RawHttp body(String contentType, String text) {
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return header("Content-Type", contentType);
    }

    public HttpResponse send(int port) {
        return sendOnOneConnection(port, List.of(this)).get(0);
    }

    /**
     * Sends the requests one after the other on one kept-alive connection, each after the answer
     * to the one before, the way a browser reuses a connection; the last one closes it.
     */
    public static List<HttpResponse> sendOnOneConnection(int port, List<RawHttp> requests) {
        String host = "localhost";
        List<HttpResponse> responses = new ArrayList<>();
        String requestText = "";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < requests.size(); i++) {
                RawHttp request = requests.get(i);
                requestText = request.head(host, port, i == requests.size() - 1);
                out.write(requestText.getBytes(StandardCharsets.ISO_8859_1));
                out.write(request.body);
                out.flush();
                responses.add(request.readResponse(in, requestText));
            }
            return responses;
        } catch (IOException e) {
            throw new UncheckedIOExceptionWithRequest(requestText, e);
        }
    }

    private String head(String host, int port, boolean closeConnection) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        if (body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        // a request that names its own Connection options (a WebSocket handshake's "Upgrade") keeps them in one line
        if (closeConnection && headerLines.stream().noneMatch(line -> line.regionMatches(true, 0, "Connection:", 0, 11))) {
            head.append("Connection: close\r\n");
        }
        return head.append("\r\n").toString();
    }

    private HttpResponse readResponse(InputStream in, String requestText) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new IOException("connection closed before a status line");
        }
        // an interim 100 Continue is not the answer
        while (statusLine.startsWith("HTTP/1.1 1")) {
            String line;
            while ((line = readLine(in)) != null && !line.isEmpty()) {
                // skip interim headers
            }
            statusLine = readLine(in);
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        List<String[]> headers = new ArrayList<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        HttpResponse partial = new HttpResponse(statusLine, status, headers, "", requestText);
        byte[] bodyBytes;
        if (method.equals("HEAD") || status == 204 || status == 304) {
            bodyBytes = new byte[0];
        } else if ("chunked".equalsIgnoreCase(partial.header("Transfer-Encoding"))) {
            bodyBytes = readChunked(in);
        } else if (partial.header("Content-Length") != null) {
            bodyBytes = in.readNBytes(Integer.parseInt(partial.header("Content-Length")));
        } else if ("close".equalsIgnoreCase(partial.header("Connection"))) {
            bodyBytes = in.readAllBytes();
        } else {
            bodyBytes = new byte[0];
        }
        return new HttpResponse(statusLine, status, headers, new String(bodyBytes, StandardCharsets.UTF_8), requestText);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                break;
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                String trailer;
                while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                    // trailers are not used by the app
                }
                break;
            }
            out.write(in.readNBytes(size));
            readLine(in);
        }
        return out.toByteArray();
    }

    /** One CRLF- (or LF-) terminated line in ISO-8859-1; null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** An I/O failure that says which request it was. */
    public static final class UncheckedIOExceptionWithRequest extends RuntimeException {
        UncheckedIOExceptionWithRequest(String request, IOException cause) {
            super(cause + " for request:\n" + request, cause);
        }
    }
}
