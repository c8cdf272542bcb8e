package dev.corsagent.it;

/** Spring Boot 2.7 fat jar on the Undertow starter (Undertow 2.2, javax), agent via -javaagent. */
class SpringBoot2UndertowIT extends SpringBootContract {
    @Override
    String fatJarProperty() {
        return "spring.boot2.undertow.jar";
    }

    @Override
    String[] expectedHooks() {
        return new String[] {"Undertow servlet request entry", "Undertow response commit"};
    }
}
