package dev.corsagent.it;

/** Spring Boot 3.5 fat jar on the Jetty starter (Jetty 12.0, ee10, jakarta), agent via -javaagent. */
class SpringBoot3JettyIT extends SpringBootContract {
    @Override
    String fatJarProperty() {
        return "spring.boot3.jetty.jar";
    }

    @Override
    String[] expectedHooks() {
        return new String[] {"Jetty 12 request entry", "Jetty 12 response commit"};
    }
}
