package jp.mamori.authz.demo;

import java.util.List;
import java.util.Optional;

/**
 * The demo's sample systems as served: where the demo is reached and the systems under {@code
 * /demo/}.
 */
record DemoSite(String baseUrl, List<DemoApp> apps, DemoLogin login) {

  DemoSite {
    apps = List.copyOf(apps);
  }

  Optional<DemoApp> app(String path) {
    return apps.stream().filter(a -> a.path().equals(path)).findFirst();
  }

  String home(DemoApp app) {
    return baseUrl + "/demo/" + app.path();
  }

  String callback(DemoApp app) {
    return home(app) + "/callback";
  }
}
