package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The OpenAPI description: served at {@code /v3/api-docs} to the monitoring system and readers,
 * valid OpenAPI 3 (swagger-parser reports nothing), covering every {@code /api/} mapping of the
 * service, and the same as the copy checked in as {@code docs/openapi.json}. When the API changes,
 * the test writes the served document to {@code target/openapi.json} and fails; copy it over the
 * checked-in one (or run the test with {@code -Dmamori.openapi.write=true}).
 */
class OpenApiIT extends EmbeddedStackIT {

  static final Path CHECKED_IN = Path.of("..", "docs", "openapi.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired org.keycloak.admin.client.Keycloak admin;
  @Autowired StackEndpoints endpoints;

  private String monitoringToken() throws Exception {
    var realm = admin.realm(endpoints.keycloak().realm());
    TestKeycloak.directGrantClient(realm, "it-openapi", true);
    if (realm.users().searchByUsername("it-openapi-monitor", true).isEmpty()) {
      TestKeycloak.userWithRole(
          realm,
          "it-openapi-monitor",
          "Open-Api-Monitor-2027x",
          KeycloakRealmConfigurator.MONITORING_ROLE);
    }
    return TestKeycloak.accessToken(
        endpoints.keycloak().issuer(),
        "it-openapi",
        "it-openapi-monitor",
        "Open-Api-Monitor-2027x");
  }

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void documentWhenServedThenValidCompleteAndAsCheckedIn() throws Exception {
    HttpResponse<String> served =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(TestStack.baseUrl() + "/v3/api-docs"))
                    .header("Authorization", "Bearer " + monitoringToken())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    String document = served.body();

    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
    assertThat(parsed.getMessages()).as("OpenAPI validation messages").isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.");
    JsonNode tree = JSON.readTree(document);

    Set<String> expected = new TreeSet<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api/")) {
          continue;
        }
        Set<org.springframework.web.bind.annotation.RequestMethod> methods =
            info.getMethodsCondition().getMethods();
        for (var m : methods) {
          expected.add(m.name().toLowerCase(java.util.Locale.ROOT) + " " + pattern);
        }
      }
    }
    Set<String> documented = new TreeSet<>();
    tree.path("paths")
        .properties()
        .forEach(path ->
            path.getValue()
                .properties()
                .forEach(op -> documented.add(op.getKey() + " " + path.getKey())));
    assertThat(expected).as("mappings of the service").hasSizeGreaterThan(50);
    assertThat(documented).containsAll(expected);
    tree.path("paths")
        .properties()
        .forEach(path ->
            path.getValue()
                .properties()
                .forEach(op ->
                    assertThat(op.getValue().path("responses").isEmpty())
                        .as(op.getKey() + " " + path.getKey() + " documents its responses")
                        .isFalse()));

    Path out = Path.of("target", "openapi.json");
    Files.writeString(out, document, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("mamori.openapi.write")) {
      Files.writeString(CHECKED_IN, document, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(CHECKED_IN)).as(CHECKED_IN.toAbsolutePath() + " exists").isTrue();
    assertThat(JSON.readTree(Files.readString(CHECKED_IN, StandardCharsets.UTF_8)))
        .as(
            "docs/openapi.json is the served document; the API changed: copy "
                + out.toAbsolutePath()
                + " to docs/openapi.json")
        .isEqualTo(tree);
  }
}
