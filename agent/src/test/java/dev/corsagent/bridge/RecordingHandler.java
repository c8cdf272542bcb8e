package dev.corsagent.bridge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The request handler of the advice and bridge tests: keeps, in order, what the bridge passes on
 * (every decision asked for, every app CORS header dropped, every failure) and answers each request
 * with {@link #nextPlan}. Thread-safe: a real server's threads call it. Tests uninstall it with
 * {@code CorsBridge.install(null)}.
 */
public final class RecordingHandler implements RequestHandler {
    /** One request as the advice read it: header lines as lists, null where the advice passed null. */
    public static final class Request {
        public final String method;
        public final String path;
        public final List<String> origins;
        public final String requestMethod;
        public final List<String> requestHeaders;
        public final String privateNetworkRequest;
        public final String contentType;
        public final String fetchSite;
        public final String upgrade;
        public final String host;
        public final String scheme;

        Request(String method, String path, Enumeration<String> origins, String requestMethod,
                Enumeration<String> requestHeaders, String privateNetworkRequest, String contentType,
                String fetchSite, String upgrade, String host, String scheme) {
            this.method = method;
            this.path = path;
            this.origins = origins == null ? null : Collections.list(origins);
            this.requestMethod = requestMethod;
            this.requestHeaders = requestHeaders == null ? null : Collections.list(requestHeaders);
            this.privateNetworkRequest = privateNetworkRequest;
            this.contentType = contentType;
            this.fetchSite = fetchSite;
            this.upgrade = upgrade;
            this.host = host;
            this.scheme = scheme;
        }
    }

    public final List<Request> decided = Collections.synchronizedList(new ArrayList<Request>());
    /** {@code path header} for each app header the advice dropped. */
    public final List<String> dropped = Collections.synchronizedList(new ArrayList<String>());
    public final List<Throwable> errors = Collections.synchronizedList(new ArrayList<Throwable>());
    /** {@code where: ExceptionClass} for each failure, in the order of {@link #errors}. */
    public final List<String> failures = Collections.synchronizedList(new ArrayList<String>());
    /** What every request is answered with; null leaves requests untouched. */
    public volatile ResponsePlan nextPlan;

    /** A new handler, installed with the bridge. */
    public static RecordingHandler installed() {
        RecordingHandler handler = new RecordingHandler();
        CorsBridge.install(handler);
        return handler;
    }

    @Override
    public ResponsePlan decide(String method, String path, Enumeration<String> origins, String requestMethod,
                               Enumeration<String> requestHeaders, String privateNetworkRequest,
                               String contentType, String fetchSite, String upgrade, String host, String scheme) {
        decided.add(new Request(method, path, origins, requestMethod, requestHeaders, privateNetworkRequest,
                contentType, fetchSite, upgrade, host, scheme));
        return nextPlan;
    }

    @Override
    public void appCorsHeaderDropped(String path, String headerName) {
        dropped.add(path + " " + headerName);
    }

    @Override
    public synchronized void failed(String where, Throwable error) {
        errors.add(error);
        failures.add(where + ": " + error.getClass().getSimpleName());
    }
}
