package dev.corsagent.sample.springboot;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;

/**
 * /api/** needs HTTP BASIC login (alice / secret); every request without it, OPTIONS included, gets
 * Spring Security's 401. Only API that Spring Security 5.7 and 6.x share (hence AntPathRequestMatcher).
 */
@Configuration
public class ShopSecurity {
    @Bean
    @SuppressWarnings("deprecation") // AntPathRequestMatcher: deprecated in 6.5, the one matcher 5.7 has too
    public SecurityFilterChain shopFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(new AntPathRequestMatcher("/api/**")).authenticated()
                        // Boot's error page must stay reachable, or a 500 would turn into a 401
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    public UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}secret").roles("USER").build());
    }
}
