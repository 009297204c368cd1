package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import jp.mamori.authz.privileged.PrivilegedAccess;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.keycloak.SystemClient;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Without the {@code demo} profile the demo's samples do not exist: no sample system's client in
 * the realm, no sample privileged ID, no page under {@code /demo}.
 */
class DemoOffIT extends EmbeddedStackIT {

  @Autowired ApplicationContext context;
  @Autowired Keycloak admin;
  @Autowired StackEndpoints endpoints;
  @Autowired PrivilegedAccess privileged;

  @Test
  void startWhenNotTheDemoThenNoSampleClientNoSamplePrivilegedIdAndNoSamplePage() throws Exception {
    assertThat(context.getBeansOfType(SystemClient.class)).isEmpty();
    var realm = admin.realm(endpoints.keycloak().realm());
    assertThat(realm.clients().findByClientId("juki")).isEmpty();
    assertThat(realm.clients().findByClientId("groupware")).isEmpty();
    assertThat(privileged.account("demo-admin")).isEmpty();

    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(TestStack.baseUrl() + "/demo/juki")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as("no such page").isEqualTo(404);
    assertThat(page.body()).doesNotContain("住民記録");
    assertThat(page.headers().firstValue("Location")).isEmpty();
  }
}
