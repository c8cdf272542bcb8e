package dev.corsagent.sample.springboot;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/** The shop's endpoints, under the context path /shop. */
@RestController
public class ShopController {
    private final AtomicLong requestIds = new AtomicLong();

    /** 200 JSON with the app's own X-Request-Id and Vary: Accept-Encoding (the agent must merge Vary). */
    @RequestMapping(path = "/api/items",
            method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT, RequestMethod.DELETE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> items(@RequestBody(required = false) String body, HttpMethod method) {
        return ResponseEntity.ok()
                .header("X-Request-Id", Long.toString(requestIds.incrementAndGet()))
                .header("X-Internal", "not-exposed")
                .header(HttpHeaders.VARY, "Accept-Encoding")
                .body("{\"items\":[\"apple\",\"pear\"],\"method\":\"" + method
                        + "\",\"bodyLength\":" + (body == null ? 0 : body.length()) + "}");
    }

    /** Throws: Spring Boot's error handling answers 500 from /error. */
    @GetMapping("/api/boom")
    public String boom() {
        throw new IllegalStateException("boom, on purpose");
    }

    /** CORS headers of the app's own, as legacy code sets them: the agent must replace them. */
    @GetMapping("/api/legacy-cors")
    public ResponseEntity<String> legacyCors() {
        return ResponseEntity.ok()
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "GET")
                .body("legacy");
    }

    @GetMapping("/public/hello")
    public String hello() {
        return "hello";
    }

    /** Outside security: the tests poll it until the app serves. */
    @GetMapping(path = "/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    public String stats() {
        return "{\"itemsRequests\":" + requestIds.get() + "}";
    }
}
