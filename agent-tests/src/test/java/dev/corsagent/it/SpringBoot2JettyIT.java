package dev.corsagent.it;

/** Spring Boot 2.7 fat jar on the Jetty starter (Jetty 9.4, javax), agent via -javaagent. */
class SpringBoot2JettyIT extends SpringBootContract {
    @Override
    String fatJarProperty() {
        return "spring.boot2.jetty.jar";
    }

    @Override
    String[] expectedHooks() {
        return new String[] {"Jetty 9.4 request entry", "Jetty 9.4 response commit"};
    }
}
