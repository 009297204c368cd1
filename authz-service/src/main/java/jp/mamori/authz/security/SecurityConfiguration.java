package jp.mamori.authz.security;

import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.operations.ApiProblems;
import jp.mamori.authz.security.keycloak.KeycloakAdminSessions;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.keycloak.KeycloakSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Two doors: the JSON API ({@code /api/**}) is a stateless OAuth2 resource server over Keycloak
 * JWTs; the pages are an OIDC client (authorization code + PKCE S256) with a session.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

  static final String REGISTRATION_ID = "keycloak";

  /** Keycloak realm role of Mamori's administrators (情報システム課), as an authority. */
  static final String ADMIN_AUTHORITY = "ROLE_" + KeycloakRealmConfigurator.ADMIN_ROLE;

  /** Auditors (監査担当) and the CISO read every record; they change nothing through the API. */
  /** Who may read the metrics and the API description: monitoring and the readers. */
  static final String[] MONITORS = {
    "ROLE_" + KeycloakRealmConfigurator.MONITORING_ROLE,
    ADMIN_AUTHORITY,
    "ROLE_" + KeycloakRealmConfigurator.AUDITOR_ROLE,
    "ROLE_" + KeycloakRealmConfigurator.CISO_ROLE
  };

  static final String[] READERS = {
    ADMIN_AUTHORITY,
    "ROLE_" + KeycloakRealmConfigurator.AUDITOR_ROLE,
    "ROLE_" + KeycloakRealmConfigurator.CISO_ROLE
  };

  /** Keycloak's realm roles ({@code realm_access.roles}) become {@code ROLE_*} authorities. */
  static JwtAuthenticationConverter realmRoles() {
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(jwt -> {
      Object access = jwt.getClaim("realm_access");
      java.util.List<org.springframework.security.core.GrantedAuthority> authorities =
          new java.util.ArrayList<>();
      if (access instanceof java.util.Map<?, ?> map
          && map.get("roles") instanceof java.util.Collection<?> roles) {
        for (Object role : roles) {
          authorities.add(
              new org.springframework.security.core.authority.SimpleGrantedAuthority(
                  "ROLE_" + role));
        }
      }
      return authorities;
    });
    converter.setPrincipalClaimName("preferred_username");
    return converter;
  }

  /**
   * Operations: the health probes are open to the load balancer (no secrets in them; details only
   * with an administrator's token). The metrics, the build information and the OpenAPI description
   * say how many people are locked, hold a privileged ID or wait for a decision, and what the API
   * offers: they need a token of the monitoring system ({@code mamori-monitoring}, e.g. a
   * Prometheus service account with client credentials) or of an administrator, auditor or CISO —
   * closed by default, on whatever port they are served (see docs/operations.md).
   */
  @Bean
  @Order(0)
  SecurityFilterChain operations(HttpSecurity http, JwtDecoder decoder) throws Exception {
    http.securityMatcher("/actuator/**", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml")
        .authorizeHttpRequests(requests ->
            requests
                .requestMatchers("/actuator/health", "/actuator/health/**")
                .permitAll()
                .requestMatchers(
                    "/actuator/prometheus",
                    "/actuator/info",
                    "/v3/api-docs",
                    "/v3/api-docs/**",
                    "/v3/api-docs.yaml")
                .hasAnyAuthority(MONITORS)
                .anyRequest()
                .hasAuthority(ADMIN_AUTHORITY))
        .oauth2ResourceServer(server ->
            server
                .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(realmRoles()))
                .authenticationEntryPoint(ApiProblems.entryPoint())
                .accessDeniedHandler(ApiProblems.accessDenied()))
        // no LiveSessionFilter here: health, counts and the API description hold no personal
        // data, and must stay readable while Keycloak is down
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable());
    return http.build();
  }

  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder, LiveSessions live, AuditLog audit)
      throws Exception {
    http.securityMatcher("/api/**")
        .authorizeHttpRequests(requests ->
            requests
                // GV-5: one person's history is for the CISO alone
                .requestMatchers("/api/audit/people/**")
                .hasAuthority("ROLE_" + KeycloakRealmConfigurator.CISO_ROLE)
                // AU-4: reviews are signed off by auditors and the CISO
                .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/audit/reviews")
                .hasAnyAuthority(
                    "ROLE_" + KeycloakRealmConfigurator.AUDITOR_ROLE,
                    "ROLE_" + KeycloakRealmConfigurator.CISO_ROLE)
                .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/audit/**")
                .hasAnyAuthority(READERS)
                .requestMatchers("/api/audit/**")
                .hasAuthority(ADMIN_AUTHORITY)
                // GV-3: administrators request and report, the CISO decides, readers read
                .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/exceptions/**")
                .hasAnyAuthority(READERS)
                .requestMatchers("/api/exceptions/*/approve", "/api/exceptions/*/reject")
                .hasAuthority("ROLE_" + KeycloakRealmConfigurator.CISO_ROLE)
                .requestMatchers("/api/exceptions", "/api/exceptions/**")
                .hasAuthority(ADMIN_AUTHORITY)
                // GV-6: reports are read by administrators, auditors and the CISO
                .requestMatchers("/api/reports", "/api/reports/**")
                .hasAnyAuthority(READERS)
                // LC-3: administrators start inventories; section heads answer for their staff
                .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/inventories/**")
                .hasAnyAuthority(
                    ADMIN_AUTHORITY,
                    "ROLE_" + KeycloakRealmConfigurator.AUDITOR_ROLE,
                    "ROLE_" + KeycloakRealmConfigurator.CISO_ROLE,
                    "ROLE_" + KeycloakRealmConfigurator.SECTION_HEAD_ROLE)
                .requestMatchers("/api/inventories/*/items/*")
                .hasAnyAuthority(
                    ADMIN_AUTHORITY, "ROLE_" + KeycloakRealmConfigurator.SECTION_HEAD_ROLE)
                .requestMatchers("/api/inventories", "/api/inventories/**")
                .hasAuthority(ADMIN_AUTHORITY)
                // GV-4: administrators and the CISO record and sanction, the CISO decides
                // reinstatements, readers read
                .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/sanctions/**")
                .hasAnyAuthority(READERS)
                .requestMatchers("/api/sanctions/*/reinstatement/*")
                .hasAuthority("ROLE_" + KeycloakRealmConfigurator.CISO_ROLE)
                .requestMatchers("/api/sanctions", "/api/sanctions/**")
                .hasAnyAuthority(ADMIN_AUTHORITY, "ROLE_" + KeycloakRealmConfigurator.CISO_ROLE)
                .requestMatchers(
                    org.springframework.http.HttpMethod.GET,
                    "/api/lifecycle/**",
                    "/api/staff/**",
                    "/api/realm/**",
                    "/api/terminals/**")
                .hasAnyAuthority(READERS)
                .requestMatchers(
                    "/api/lifecycle/**", "/api/staff/**", "/api/realm/**", "/api/terminals/**")
                .hasAuthority(ADMIN_AUTHORITY)
                .anyRequest()
                .authenticated())
        .oauth2ResourceServer(server ->
            server
                .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(realmRoles()))
                .authenticationEntryPoint(ApiProblems.entryPoint())
                .accessDeniedHandler(ApiProblems.accessDenied()))
        .exceptionHandling(e ->
            e.authenticationEntryPoint(ApiProblems.entryPoint())
                .accessDeniedHandler(ApiProblems.accessDenied()))
        // LG-1: a privileged caller's token is served only while Keycloak holds its session
        .addFilterBefore(
            new LiveSessionFilter(LiveSessionFilter.Door.API, live, audit::append),
            AuthorizationFilter.class)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable());
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain console(
      HttpSecurity http,
      ClientRegistrationRepository registrations,
      StackEndpoints endpoints,
      ApiSettings api,
      RealmKeys keys,
      LiveSessions live,
      AuditLog audit)
      throws Exception {
    JwtDecoder consoleTokens =
        JwtDecoders.console(
            keys, endpoints.keycloak().issuer(), endpoints.console().clientId(), api.clockSkew());
    DefaultOAuth2AuthorizationRequestResolver resolver =
        new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
    resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
    OidcClientInitiatedLogoutSuccessHandler logout =
        new OidcClientInitiatedLogoutSuccessHandler(registrations);
    logout.setPostLogoutRedirectUri("{baseUrl}/");
    http.authorizeHttpRequests(requests ->
            requests
                .requestMatchers(
                    "/css/**", "/error", "/favicon.ico", "/logout/connect/back-channel/**")
                .permitAll()
                // LC-3: section heads (and administrators, for IDs with no section) answer
                .requestMatchers("/inventory", "/inventory/**")
                .hasAnyAuthority(
                    ADMIN_AUTHORITY, "ROLE_" + KeycloakRealmConfigurator.SECTION_HEAD_ROLE)
                .requestMatchers(org.springframework.http.HttpMethod.GET, "/admin", "/admin/**")
                .hasAnyAuthority(READERS)
                // GV-3, GV-4: the CISO decides exceptions and reinstatements; administrators and
                // the CISO impose sanctions and ask for reinstatements (as the API)
                .requestMatchers(
                    "/admin/exceptions/*/approve",
                    "/admin/exceptions/*/reject",
                    "/admin/sanctions/*/reinstatement/*")
                .hasAuthority("ROLE_" + KeycloakRealmConfigurator.CISO_ROLE)
                .requestMatchers("/admin/sanctions", "/admin/sanctions/**")
                .hasAnyAuthority(ADMIN_AUTHORITY, "ROLE_" + KeycloakRealmConfigurator.CISO_ROLE)
                .requestMatchers("/admin", "/admin/**")
                .hasAuthority(ADMIN_AUTHORITY)
                .anyRequest()
                .authenticated())
        .oauth2Login(login ->
            login
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
                .userInfoEndpoint(info -> info.oidcUserService(rolesFromAccessToken(consoleTokens)))
                .defaultSuccessUrl("/me", true))
        .logout(l -> l.logoutSuccessHandler(logout))
        // Keycloak's logout token ends the person's console session at once (a disabled, locked
        // or sanctioned administrator loses /admin without waiting for the idle timeout)
        .oidcLogout(oidc -> oidc.backChannel(Customizer.withDefaults()))
        // LG-1: Mamori's lockout listener ends a locked person's Keycloak sessions without a
        // back-channel logout; a privileged console session is asked about at Keycloak (within
        // mamori.api.live-session-cache) and ended when Keycloak no longer holds it
        .addFilterBefore(
            new LiveSessionFilter(LiveSessionFilter.Door.CONSOLE, live, audit::append),
            AuthorizationFilter.class)
        .headers(headers ->
            headers.contentSecurityPolicy(
                csp -> csp.policyDirectives(contentSecurityPolicy(endpoints.keycloak().issuer()))));
    return http.build();
  }

  /**
   * The console's Content-Security-Policy: scripts, styles and connections from the console itself
   * only (no inline script anywhere, so an injected one does not run), no framing, forms only to
   * the console and Keycloak (logout and login continue there).
   */
  static String contentSecurityPolicy(String keycloakIssuer) {
    java.net.URI issuer = java.net.URI.create(keycloakIssuer);
    String keycloak = issuer.getScheme() + "://" + issuer.getRawAuthority();
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        + " connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none';"
        + " form-action 'self' "
        + keycloak;
  }

  /**
   * The console's users get their Keycloak realm roles as {@code ROLE_*} authorities, read from the
   * access token the console just received from Keycloak's token endpoint (the ID token does not
   * carry them) — after its signature, issuer, lifetime and authorised party are verified ({@link
   * JwtDecoders#console}).
   */
  private static org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService
      rolesFromAccessToken(JwtDecoder consoleTokens) {
    return new org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService() {
      @Override
      public org.springframework.security.oauth2.core.oidc.user.OidcUser loadUser(
          org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest request) {
        org.springframework.security.oauth2.core.oidc.user.OidcUser user = super.loadUser(request);
        java.util.Set<org.springframework.security.core.GrantedAuthority> authorities =
            new java.util.HashSet<>(user.getAuthorities());
        for (String role :
            JwtDecoders.realmRoles(consoleTokens, request.getAccessToken().getTokenValue())) {
          authorities.add(
              new org.springframework.security.core.authority.SimpleGrantedAuthority(
                  "ROLE_" + role));
        }
        return new org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser(
            authorities, user.getIdToken(), user.getUserInfo(), "preferred_username");
      }
    };
  }

  /**
   * Keycloak's word on privileged callers' sessions (see {@link LiveSessions}), asked through its
   * admin API with Mamori's administrative account and kept for {@code
   * mamori.api.live-session-cache}.
   */
  @Bean
  LiveSessions liveSessions(
      org.keycloak.admin.client.Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      ApiSettings api,
      java.time.Clock clock) {
    return new LiveSessions(
        new KeycloakAdminSessions(keycloakAdmin, endpoints.keycloak().realm()),
        api.liveSessionCache(),
        clock);
  }

  /** The realm's signing keys, read and kept within stated bounds (see {@link RealmKeys}). */
  @Bean
  RealmKeys realmKeys(StackEndpoints endpoints, java.time.Clock clock) {
    return new RealmKeys(
        endpoints.keycloak().issuer() + "/protocol/openid-connect/certs",
        RealmKeys.Bounds.DEFAULT,
        clock);
  }

  /**
   * Health of the realm's keys ({@code keycloakKeys}): UP, DEGRADED (Keycloak unreachable, tokens
   * verified with the keys kept, within the outage bound) or DOWN (beyond it: tokens refused).
   */
  @Bean
  org.springframework.boot.health.contributor.HealthIndicator keycloakKeysHealthIndicator(
      RealmKeys keys) {
    return () -> {
      RealmKeys.Reading r = keys.reading();
      var health =
          org.springframework.boot.health.contributor.Health.status(keys.state())
              .withDetail("url", r.url())
              .withDetail("cacheFor", keys.bounds().cacheFor().toString())
              .withDetail("tolerateOutageFor", keys.bounds().tolerateOutageFor().toString());
      r.lastSuccess().ifPresent(t -> health.withDetail("lastRead", t.toString()));
      r.lastFailure().ifPresent(t -> health.withDetail("lastFailure", t.toString()));
      r.lastError().ifPresent(e -> health.withDetail("error", e));
      return health.build();
    };
  }

  @Bean
  JwtDecoder jwtDecoder(
      RealmKeys keys, StackEndpoints endpoints, ApiSettings api, java.time.Clock clock) {
    KeycloakSettings kc = endpoints.keycloak();
    return JwtDecoders.keycloak(keys, kc.issuer(), api.audience(), api.clockSkew(), clock);
  }

  /** Endpoints are given explicitly, so start-up does not depend on discovery. */
  @Bean
  ClientRegistrationRepository clientRegistrations(StackEndpoints endpoints) {
    String issuer = endpoints.keycloak().issuer();
    String oidc = issuer + "/protocol/openid-connect";
    ClientRegistration keycloak =
        ClientRegistration.withRegistrationId(REGISTRATION_ID)
            .clientId(endpoints.console().clientId())
            .clientSecret(endpoints.console().secret())
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri(endpoints.console().redirectUri())
            .scope("openid", "profile")
            .authorizationUri(oidc + "/auth")
            .tokenUri(oidc + "/token")
            .jwkSetUri(oidc + "/certs")
            .userInfoUri(oidc + "/userinfo")
            .userNameAttributeName("preferred_username")
            .issuerUri(issuer)
            .providerConfigurationMetadata(
                java.util.Map.of("end_session_endpoint", oidc + "/logout"))
            .clientName("Keycloak")
            .build();
    return new InMemoryClientRegistrationRepository(keycloak);
  }
}
