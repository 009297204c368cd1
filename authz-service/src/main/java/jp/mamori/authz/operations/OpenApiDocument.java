package jp.mamori.authz.operations;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of Mamori's JSON API ({@code /v3/api-docs}), generated from the
 * controllers by springdoc; the copy checked in as {@code docs/openapi.json} is compared with the
 * served one by {@code OpenApiIT}, which fails when they differ.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

  static final String BEARER = "keycloak-bearer";

  @Bean
  OpenAPI mamoriOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Mamori API")
                .version("1")
                .description(
                    "自治体の ID とアクセス管理 (人事連動・特権 ID・監査) の API。Keycloak のアクセストークン"
                        + " (Bearer) が必要です。エラーはすべて RFC 9457 の problem details"
                        + " (application/problem+json、requestId 付き) で返します。 / Identity and"
                        + " access management for Japanese local governments (HR-driven lifecycle,"
                        + " privileged IDs, audit). Every request needs a Keycloak access token"
                        + " (Bearer); every error is an RFC 9457 problem with a requestId."))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description(
                            "Keycloak のレルムが発行したアクセストークン / an access token of the"
                                + " staff realm")))
        // relative: the document is the same whatever address the service is reached at
        .servers(java.util.List.of(new io.swagger.v3.oas.models.servers.Server().url("/")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }
}
