package dev.corsagent.sample.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service with no CORS code and no Spring CORS configuration: cors-agent adds CORS
 * from outside. {@code java -jar shop-spring-boot2.jar --server.port=8080}, context path {@code /shop}.
 * The same sources build the Boot 2.7 (javax) and the Boot 3 (jakarta) jar, so they name no servlet type.
 */
@SpringBootApplication
public class ShopApplication {
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
