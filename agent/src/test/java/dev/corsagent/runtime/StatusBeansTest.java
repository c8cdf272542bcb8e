package dev.corsagent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;

import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.NotificationListener;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;
import dev.corsagent.status.StatusNames;

/**
 * The counters, the recent denials and the JMX beans, through the runtime the bridge calls: what
 * each kind of request counts, that nothing registers before the first request, and that counters
 * survive a reload.
 */
class StatusBeansTest {
    private static final String APP = "https://app.example.com";
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    private static LoadResult load(String text) {
        LoadResult result = ConfigLoader.parse(text, "status.properties");
        assertTrue(result.isValid(), String.valueOf(result.errors()));
        return result;
    }

    private static final String TWO_POLICIES = "cors.policies = api, open\n"
            + "cors.policy.api.paths = /api/**\n"
            + "cors.policy.api.allowed-origins = " + APP + "\n"
            + "cors.policy.api.allowed-methods = GET, PUT\n"
            + "cors.policy.api.cross-origin-protection = enforce\n"
            + "cors.policy.open.paths = /open/**\n"
            + "cors.policy.open.allowed-origins = *\n";

    private static Enumeration<String> lines(String... values) {
        return Collections.enumeration(Arrays.asList(values));
    }

    @AfterEach
    void unregister() throws Exception {
        for (ObjectName name : server.queryNames(new ObjectName("dev.corsagent:*"), null)) {
            server.unregisterMBean(name);
        }
    }

    private Object attribute(String name, String attribute) throws Exception {
        return server.getAttribute(new ObjectName(name), attribute);
    }

    private static void awaitRegistered(MBeanServer server, String name) throws Exception {
        long deadline = System.currentTimeMillis() + 10000;
        while (!server.isRegistered(new ObjectName(name))) {
            assertTrue(System.currentTimeMillis() < deadline, name + " never registered");
            Thread.sleep(20);
        }
    }

    @Test
    void nothingIsRegisteredBeforeTheFirstRequestThenTheAgentAndEachPolicyBean() throws Exception {
        AgentRuntime runtime = new AgentRuntime("/etc/cors.properties");
        runtime.registerStatusBeansAfterFirstRequest("1.2.3");
        runtime.onLoad(load(TWO_POLICIES), true);
        Thread.sleep(200);
        assertFalse(server.isRegistered(new ObjectName(StatusNames.AGENT)), "registered before any request");

        runtime.decide("GET", "/api/items", null, null, null, null, null, null, null, null, null);
        awaitRegistered(server, StatusNames.AGENT);
        awaitRegistered(server, StatusNames.POLICY_PREFIX + "\"open\"");
        assertEquals("1.2.3", attribute(StatusNames.AGENT, "Version"));
        assertEquals("enforce", attribute(StatusNames.AGENT, "Mode"));
        assertEquals("/etc/cors.properties", attribute(StatusNames.AGENT, "ConfigFile"));
        assertEquals("loaded", attribute(StatusNames.AGENT, "LastReloadResult"));
        assertTrue(((String) attribute(StatusNames.AGENT, "LastReloadTime")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        assertEquals(2, ((String[]) attribute(StatusNames.AGENT, "Policies")).length);
    }

    @Test
    void eachKindOfRequestCountsInItsPolicyAndDenialsAreKeptNewestFirst() throws Exception {
        AgentRuntime runtime = new AgentRuntime("status.properties");
        runtime.registerStatusBeansAfterFirstRequest("test");
        runtime.onLoad(load(TWO_POLICIES), true);
        runtime.decide("GET", "/api/items", null, null, null, null, null, null, null, null, null);                       // no Origin
        runtime.decide("GET", "/api/items", lines(APP), null, null, null, null, null, null, null, null);                 // granted
        runtime.decide("GET", "/api/items", lines("https://evil.example"), null, null, null, null, null, null, null, null); // not granted
        runtime.decide("OPTIONS", "/api/items", lines(APP), "PUT", lines("content-type"), null, null, null, null, null, null); // denied header
        runtime.decide("OPTIONS", "/api/items", lines(APP), "PUT", null, null, null, null, null, null, null);             // allowed
        runtime.decide("OPTIONS", "/api/items", lines("https://evil.example\r\nX: y"), "GET", null, null, null, null, null, null, null); // malformed
        runtime.decide("GET", "/open/x", lines("https://any.example"), null, null, null, null, null, null, null, null);  // open policy
        runtime.decide("GET", "/elsewhere", lines(APP), null, null, null, null, null, null, null, null);                 // uncovered: no policy
        runtime.decide("POST", "/api/items", lines("https://evil.example"), null, null, null, null, "cross-site", null,
                "shop.example", null);                                                                           // refused by protection
        runtime.appCorsHeaderDropped("/api/items", "Access-Control-Allow-Origin");
        String api = StatusNames.POLICY_PREFIX + "\"api\"";
        // the JMX thread registers the agent's bean and then each policy's: wait for all three
        awaitRegistered(server, StatusNames.AGENT);
        awaitRegistered(server, api);
        awaitRegistered(server, StatusNames.POLICY_PREFIX + "\"open\"");
        assertEquals(1L, attribute(api, "WithoutOrigin"));
        assertEquals(1L, attribute(api, "ActualGranted"));
        assertEquals(1L, attribute(api, "ActualNotGranted"));
        assertEquals(1L, attribute(api, "PreflightsAllowed"));
        assertEquals(2L, attribute(api, "PreflightsDenied"));
        assertEquals(1L, attribute(api, "AppHeadersDropped"));
        assertEquals(1L, attribute(api, "CrossOriginRefused"));
        assertEquals(0L, attribute(StatusNames.POLICY_PREFIX + "\"open\"", "CrossOriginRefused"));
        assertEquals(true, attribute(api, "Live"));
        String open = StatusNames.POLICY_PREFIX + "\"open\"";
        assertEquals(1L, attribute(open, "ActualGranted"));
        assertEquals(0L, attribute(open, "PreflightsDenied"));

        assertEquals(3L, attribute(StatusNames.AGENT, "DenialsTotal"));
        String[] denials = (String[]) attribute(StatusNames.AGENT, "RecentDenials");
        assertEquals(3, denials.length);
        assertTrue(denials[0].contains("not a well-formed serialized origin"), denials[0]);
        assertTrue(denials[0].contains("\\x0d\\x0a"), "request text escaped: " + denials[0]);
        assertFalse(denials[0].contains("\r"), denials[0]);
        assertTrue(denials[1].contains("'content-type' is not in allowed-headers"), denials[1]);
        assertTrue(denials[2].contains("https://evil.example") && denials[2].contains("policy 'api'"), denials[2]);
    }

    @Test
    void aReloadWhileTheBeansAreBeingRegisteredStillGivesItsNewPoliciesTheirBeans() throws Exception {
        AgentRuntime runtime = new AgentRuntime("status.properties");
        runtime.registerStatusBeansAfterFirstRequest("test");
        runtime.onLoad(load(TWO_POLICIES), true);
        ObjectName api = new ObjectName(StatusNames.POLICY_PREFIX + "\"api\"");
        // registration notifications come on the registering thread: this reload lands in the middle
        // of the first registration, after it has read the old policies and before it has finished
        NotificationListener reloadWhenApiIsRegistered = (notification, handback) -> {
            if (notification instanceof MBeanServerNotification
                    && MBeanServerNotification.REGISTRATION_NOTIFICATION.equals(notification.getType())
                    && api.equals(((MBeanServerNotification) notification).getMBeanName())) {
                runtime.onLoad(load("cors.policies = api, admin\n"
                        + "cors.policy.api.paths = /api/**\n"
                        + "cors.policy.api.allowed-origins = " + APP + "\n"
                        + "cors.policy.admin.paths = /admin/**\n"
                        + "cors.policy.admin.allowed-origins = https://admin.example\n"), false);
            }
        };
        server.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, reloadWhenApiIsRegistered, null, null);
        try {
            runtime.decide("GET", "/api/items", lines(APP), null, null, null, null, null, null, null, null);
            awaitRegistered(server, StatusNames.POLICY_PREFIX + "\"admin\"");
        } finally {
            server.removeNotificationListener(MBeanServerDelegate.DELEGATE_NAME, reloadWhenApiIsRegistered);
        }
    }

    @Test
    void countersSurviveAReloadAndARemovedPolicyStaysNotLive() throws Exception {
        AgentRuntime runtime = new AgentRuntime("status.properties");
        runtime.registerStatusBeansAfterFirstRequest("test");
        runtime.onLoad(load(TWO_POLICIES), true);
        runtime.decide("GET", "/api/items", lines(APP), null, null, null, null, null, null, null, null);
        String api = StatusNames.POLICY_PREFIX + "\"api\"";
        String open = StatusNames.POLICY_PREFIX + "\"open\"";
        awaitRegistered(server, api);
        awaitRegistered(server, open); // registered after api, on the same thread
        runtime.onLoad(load("cors.policies = api, admin\n"
                + "cors.policy.api.paths = /api/**\n"
                + "cors.policy.api.allowed-origins = " + APP + ", https://two.example\n"
                + "cors.policy.admin.paths = /admin/**\n"
                + "cors.policy.admin.allowed-origins = https://admin.example\n"), false);
        runtime.decide("GET", "/api/items", lines("https://two.example"), null, null, null, null, null, null, null, null);
        assertEquals(2L, attribute(api, "ActualGranted"), "counted before and after the reload");
        assertEquals(false, attribute(open, "Live"));
        // by the reload, or by the registration thread when the reload came before it had finished
        awaitRegistered(server, StatusNames.POLICY_PREFIX + "\"admin\"");
        assertTrue(((String) attribute(StatusNames.AGENT, "LastReloadChanges")).contains("admin"),
                (String) attribute(StatusNames.AGENT, "LastReloadChanges"));

        runtime.onLoad(ConfigLoader.parse("cors.mode = sometimes\n", "status.properties"), false);
        assertTrue(((String) attribute(StatusNames.AGENT, "LastReloadResult")).startsWith("invalid, previous policy kept"));
        assertEquals("enforce", attribute(StatusNames.AGENT, "Mode"));
    }
}
