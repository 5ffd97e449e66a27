package io.emboss.dashboard;

import io.emboss.tenancy.ConsoleSessions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The dashboard's own filter chain, matched before the API's: no bearer credentials here, a session
 * cookie instead ({@link ConsoleFilter}), which also checks every form's CSRF token. Pages may use
 * only what Emboss serves itself (a strict Content-Security-Policy), are never framed or cached.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain dashboard(HttpSecurity http, ConsoleSessions sessions, io.emboss.tenancy.AuditLog audit)
            throws Exception {
        http.securityMatcher("/", "/dashboard", "/dashboard/**")
                .csrf(c -> c.disable()) // ConsoleFilter checks a token bound to the browser on every POST
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .addFilterBefore(new ConsoleFilter(sessions, audit), AnonymousAuthenticationFilter.class);
        return http.build();
    }
}
