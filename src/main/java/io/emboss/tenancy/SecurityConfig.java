package io.emboss.tenancy;

import io.emboss.web.ApiDialects;
import io.emboss.web.EnvelopeWriter;
import io.emboss.web.IdempotencyFilter;
import io.emboss.web.IdempotencyRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;

/**
 * Stateless bearer authentication. The filters run in this order: authenticate, rate-limit,
 * audit, idempotency; so a replayed POST is still counted and audited. Compatibility dialects
 * ({@code /compat/<name>/}) go through the same chain: their errors are written in the dialect's
 * shape by {@link EnvelopeWriter}, and a dialect may name its own credential header.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

    /** Refuses paths spelled in more than one way before any filter looks at them. */
    @Bean
    HttpFirewall httpFirewall() {
        return new CanonicalPathFirewall();
    }

    @Bean
    AdminToken adminToken(AdminTokenSource source) {
        return new AdminToken(source.token());
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthService auth, RateLimiter rateLimiter, AuditLog audit,
            IdempotencyRepository idempotency, EnvelopeWriter envelope,
            io.emboss.web.RequestFingerprint fingerprint, ApiDialects dialects,
            org.springframework.transaction.PlatformTransactionManager transactions,
            @Value("${emboss.idempotency.wait:PT2S}") java.time.Duration idempotencyWait) throws Exception {
        BearerAuthFilter bearer = new BearerAuthFilter(auth, envelope, dialects);
        RateLimitFilter rateLimit = new RateLimitFilter(rateLimiter, auth, envelope);
        AuditFilter auditFilter = new AuditFilter(audit);
        IdempotencyFilter idempotencyFilter = new IdempotencyFilter(idempotency, envelope, fingerprint, transactions,
                idempotencyWait);
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h.cacheControl(c -> { }))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/error", "/actuator/health/**", "/actuator/prometheus", "/v3/api-docs/**",
                                "/docs", "/docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/v1/auth/login", "/v1/auth/refresh").permitAll()
                        .requestMatchers("/v1/platform/**").hasRole("PLATFORM_ADMIN")
                        .requestMatchers("/v1/**").hasRole("TENANT")
                        // compatibility dialects: tenant credentials, except each dialect's login paths
                        .requestMatchers(dialects::isPublic).permitAll()
                        .requestMatchers("/compat/**").hasRole("TENANT")
                        .anyRequest().permitAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> envelope.write(req, res, 401, "missing_credentials",
                                "Send Authorization: Bearer <API key or access token>"))
                        .accessDeniedHandler((req, res, ex) -> envelope.write(req, res, 403, "forbidden",
                                "These credentials may not call this endpoint")))
                .addFilterBefore(bearer, AnonymousAuthenticationFilter.class)
                .addFilterAfter(rateLimit, BearerAuthFilter.class)
                .addFilterAfter(auditFilter, RateLimitFilter.class)
                .addFilterAfter(idempotencyFilter, AuditFilter.class);
        return http.build();
    }

    @Bean
    AdminTokenSource adminTokenSource(@Value("${emboss.admin-token:}") String configured,
            @Value("${spring.datasource.url}") String dbUrl, @Value("${emboss.data-dir}") String dataDir) {
        return AdminTokenSource.resolve(configured, dbUrl, dataDir);
    }
}
