package dev.corsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The read rule as a table: for a request (its method and the headers it carries) and whether some
 * policy has cross-origin protection on, the headers the dialogue asks the advice for, in order,
 * whether it asks for the server name, and what reaches the handler. One row per case the SPEC's
 * rules tell apart; an advice that follows the dialogue reads exactly this on every container.
 */
class RequestReadsTest {

    @AfterEach
    void reset() {
        CorsBridge.install(null);
        CorsBridge.protecting(false);
    }

    // method | headers sent (name=value;...) | protecting | names asked (NONE: no dialogue) | server asked | what the handler got
    @ParameterizedTest(name = "{0} {1} protecting={2}")
    @CsvSource(delimiter = '|', value = {
        // without Origin and without protection nothing is read: no dialogue, nothing allocated
        "GET     | ''                                   | false | NONE | false | GET origins=- host=-",
        "POST    | Content-Type=text/plain               | false | NONE | false | POST origins=- host=-",
        "OPTIONS | Access-Control-Request-Method=PUT     | false | NONE | false | OPTIONS origins=- host=-",
        // with Origin: the preflight headers only on OPTIONS, Content-Type only on POST
        "GET     | Origin=https://a.example              | false | Origin | false | GET origins=https://a.example host=-",
        "OPTIONS | Origin=https://a.example;Access-Control-Request-Method=PUT | false | Origin,Access-Control-Request-Method,Access-Control-Request-Headers,Access-Control-Request-Private-Network | false | OPTIONS origins=https://a.example requestMethod=PUT host=-",
        "POST    | Origin=https://a.example;Content-Type=application/json | false | Origin,Content-Type | false | POST origins=https://a.example contentType=application/json host=-",
        "PUT     | Origin=https://a.example              | false | Origin | false | PUT origins=https://a.example host=-",
        // protection on: a safe method without Origin still reads nothing
        "GET     | ''                                   | true  | NONE | false | GET origins=- host=-",
        "HEAD    | Origin=https://a.example              | true  | Origin | false | HEAD origins=https://a.example host=-",
        // a GET with Origin reads Upgrade, and Host only when it is a handshake
        "GET     | Origin=https://a.example              | true  | Origin,Upgrade | false | GET origins=https://a.example host=-",
        "GET     | Origin=https://a.example;Upgrade=websocket;Host=shop.example | true | Origin,Upgrade,Host | true | GET origins=https://a.example upgrade=websocket host=shop.example scheme=https",
        // an unsafe method reads Sec-Fetch-Site, then Host when there is an Origin or a Sec-Fetch-Site
        "POST    | ''                                   | true  | Sec-Fetch-Site | false | POST origins=- host=-",
        "POST    | Sec-Fetch-Site=cross-site;Host=shop.example | true | Sec-Fetch-Site,Host | false | POST origins=- fetchSite=cross-site host=shop.example",
        "DELETE  | Origin=https://a.example;Host=shop.example | true | Origin,Sec-Fetch-Site,Host | false | DELETE origins=https://a.example host=shop.example",
        // no Host (HTTP/2 :authority): the server name and port stand in
        "DELETE  | Origin=https://a.example              | true  | Origin,Sec-Fetch-Site,Host | true | DELETE origins=https://a.example host=shop.example:8443",
    })
    void theDialogueAsksForWhatTheReadRuleNeedsAndNothingElse(String method, String sent, boolean protecting,
                                                             String asked, boolean serverAsked, String received) {
        RecordingHandler handler = RecordingHandler.installed();
        handler.nextPlan = new ResponsePlan(0, null, null, null, false, null, null, null, null);
        CorsBridge.protecting(protecting);
        Map<String, String> headers = headers(sent);
        RequestReads reads = CorsBridge.reads(method, "/api", headers.containsKey("Origin"));
        List<String> names = new ArrayList<String>();
        for (String name = CorsBridge.firstRead(reads); name != null; name = reads.next()) {
            names.add(name);
            String value = headers.get(name);
            reads.lines(value == null ? Collections.<String>emptyEnumeration() : Collections.enumeration(
                    Collections.singletonList(value)));
        }
        assertEquals(asked, names.isEmpty() ? "NONE" : String.join(",", names));
        if (asked.equals("NONE")) {
            assertNull(reads);
        }
        assertEquals(serverAsked, CorsBridge.needsServer(reads));
        ResponsePlan plan = !CorsBridge.needsServer(reads) ? CorsBridge.decide(reads, method, "/api")
                : reads.decide("shop.example", 8443, "https");
        assertTrue(plan != null);
        assertEquals(Collections.singletonList(received), lines(handler.decided));
        assertEquals(Collections.emptyList(), handler.failures);
    }

    private static Map<String, String> headers(String sent) {
        Map<String, String> headers = new LinkedHashMap<String, String>();
        for (String pair : sent.split(";")) {
            if (!pair.isEmpty()) {
                headers.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return headers;
    }

    /** What reached the handler, only the arguments that are not null. */
    private static List<String> lines(List<RecordingHandler.Request> decided) {
        List<String> lines = new ArrayList<String>();
        for (RecordingHandler.Request r : decided) {
            StringBuilder line = new StringBuilder(r.method);
            line.append(" origins=").append(r.origins == null || r.origins.isEmpty() ? "-" : String.join(",", r.origins));
            append(line, "requestMethod", r.requestMethod);
            append(line, "privateNetwork", r.privateNetworkRequest);
            append(line, "contentType", r.contentType);
            append(line, "fetchSite", r.fetchSite);
            append(line, "upgrade", r.upgrade);
            line.append(" host=").append(r.host == null ? "-" : r.host);
            append(line, "scheme", r.scheme);
            lines.add(line.toString());
        }
        return lines;
    }

    private static void append(StringBuilder line, String name, String value) {
        if (value != null) {
            line.append(' ').append(name).append('=').append(value);
        }
    }
}
