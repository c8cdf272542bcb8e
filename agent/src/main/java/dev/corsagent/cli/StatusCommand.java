package dev.corsagent.cli;

import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Properties;
import java.util.Set;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import dev.corsagent.status.StatusNames;

/**
 * {@code status PID}: attaches to the JVM, starts its local management agent (a JDK feature: a JMX
 * connector reachable only by the same user on this machine), and prints what the agent's beans
 * say. The attach API is called reflectively: it is {@code jdk.attach} from Java 9 and
 * {@code tools.jar} on Java 8, never on the agent's class path.
 */
final class StatusCommand {
    private StatusCommand() {
    }

    static int run(String pid, PrintStream out, PrintStream err) {
        Object vm;
        Properties properties;
        String address;
        Class<?> vmClass;
        try {
            vmClass = attachApi();
        } catch (ClassNotFoundException e) {
            err.println("status needs a JDK to run it (the attach API, jdk.attach or tools.jar, is missing here);"
                    + " the JVM it reads may be any Java 8 or later");
            return Main.FAILED;
        }
        try {
            vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
        } catch (InvocationTargetException e) {
            err.println("could not attach to process " + pid + ": " + Main.describe(e.getCause()));
            err.println("status needs a running JVM with that process id, owned by the same user");
            return Main.FAILED;
        } catch (ReflectiveOperationException e) {
            err.println("could not attach to process " + pid + ": " + Main.describe(e));
            return Main.FAILED;
        }
        try {
            properties = (Properties) vmClass.getMethod("getSystemProperties").invoke(vm);
            address = (String) vmClass.getMethod("startLocalManagementAgent").invoke(vm);
        } catch (InvocationTargetException e) {
            err.println("process " + pid + " did not start its local JMX agent: " + Main.describe(e.getCause()));
            return Main.FAILED;
        } catch (ReflectiveOperationException e) {
            err.println("process " + pid + ": " + Main.describe(e));
            return Main.FAILED;
        } finally {
            try {
                vmClass.getMethod("detach").invoke(vm);
            } catch (ReflectiveOperationException ignored) {
                // detaching is best effort
            }
        }
        String installed = properties.getProperty(StatusNames.INSTALLED_PROPERTY);
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName agent = new ObjectName(StatusNames.AGENT);
            if (!server.isRegistered(agent)) {
                if (installed == null) {
                    err.println("no cors-agent in process " + pid + " (neither its JMX bean nor its "
                            + StatusNames.INSTALLED_PROPERTY + " property; an agent waiting for a servlet container"
                            + " to start has not installed yet)");
                    return Main.FAILED;
                }
                out.println("cors-agent " + installed + " is installed in process " + pid
                        + "; its JMX beans register after the first request it decides, none yet");
                return Main.OK;
            }
            print(pid, server, agent, out);
            return Main.OK;
        } catch (Exception e) {
            err.println("could not read the agent's JMX bean in process " + pid + ": " + Main.describe(e));
            return Main.FAILED;
        }
    }

    private static void print(String pid, MBeanServerConnection server, ObjectName agent, PrintStream out)
            throws Exception {
        out.println("cors-agent " + server.getAttribute(agent, "Version") + " in process " + pid);
        out.println("  config:      " + server.getAttribute(agent, "ConfigFile")
                + " (mode " + server.getAttribute(agent, "Mode") + ")");
        String changes = (String) server.getAttribute(agent, "LastReloadChanges");
        out.println("  last load:   " + server.getAttribute(agent, "LastReloadTime") + " "
                + server.getAttribute(agent, "LastReloadResult") + (changes.isEmpty() ? "" : "; changed: " + changes));
        out.println("  policies:");
        for (String line : (String[]) server.getAttribute(agent, "Policies")) {
            out.println("    " + line);
        }
        Set<ObjectName> policies = server.queryNames(new ObjectName(StatusNames.POLICY_PREFIX + "*"), null);
        for (ObjectName policy : policies) {
            if (Boolean.FALSE.equals(server.getAttribute(policy, "Live"))) {
                out.println("    (removed by a reload) " + ObjectName.unquote(policy.getKeyProperty("name"))
                        + ": actual granted " + server.getAttribute(policy, "ActualGranted")
                        + ", preflights allowed " + server.getAttribute(policy, "PreflightsAllowed"));
            }
        }
        out.println("  failures:    " + server.getAttribute(agent, "Failures")
                + " (requests passed on untouched after an internal error)");
        String[] denials = (String[]) server.getAttribute(agent, "RecentDenials");
        out.println("  denials:     " + server.getAttribute(agent, "DenialsTotal") + " since the start"
                + (denials.length == 0 ? "" : "; the last " + denials.length + ", newest first:"));
        for (String denial : denials) {
            out.println("    " + denial);
        }
    }

    /** {@code com.sun.tools.attach.VirtualMachine}: from the JDK's modules, or Java 8's tools.jar. */
    private static Class<?> attachApi() throws ClassNotFoundException {
        String name = "com.sun.tools.attach.VirtualMachine";
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            File toolsJar = new File(System.getProperty("java.home"), "../lib/tools.jar");
            if (!toolsJar.isFile()) {
                throw e;
            }
            try {
                URLClassLoader loader = new URLClassLoader(new URL[] {toolsJar.toURI().toURL()},
                        StatusCommand.class.getClassLoader());
                return Class.forName(name, true, loader);
            } catch (java.net.MalformedURLException malformed) {
                throw e;
            }
        }
    }
}
