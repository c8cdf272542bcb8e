package dev.corsagent.it;

/** Spring Boot 3.5 fat jar on the Undertow starter (Undertow 2.3, jakarta), agent via -javaagent. */
class SpringBoot3UndertowIT extends SpringBootContract {
    @Override
    String fatJarProperty() {
        return "spring.boot3.undertow.jar";
    }

    @Override
    String[] expectedHooks() {
        return new String[] {"Undertow servlet request entry", "Undertow response commit"};
    }
}
