package jp.mamori.authz.alert;

import java.util.Map;

/**
 * What {@code alert} publishes about open alerts to the features that only read them (the dashboard
 * and the service's gauges): read-only, so that {@code alert} stays this feature's to change.
 * Implemented next to the store ({@link AlertQueryStore}).
 */
public interface AlertQueries {

  /**
   * The alerts not resolved, counted by kind, in the kinds' order; no entry for a kind with none.
   */
  Map<String, Integer> openByKind();
}
