package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A target's accounts as last read, the source's mark to read changes after, and when the last
 * complete read was.
 */
public record Snapshot(Map<String, TargetAccount> accounts, String mark, Instant completeAt) {

  public Snapshot {
    accounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
    Objects.requireNonNull(mark, "mark");
    Objects.requireNonNull(completeAt, "completeAt");
  }

  public static Snapshot of(Collection<TargetAccount> accounts, String mark, Instant completeAt) {
    Map<String, TargetAccount> byId = new LinkedHashMap<>();
    accounts.forEach(a -> byId.put(a.id(), a));
    return new Snapshot(byId, mark, completeAt);
  }

  @Override
  public String toString() {
    return "Snapshot["
        + accounts.size()
        + " accounts, mark "
        + mark
        + ", complete "
        + completeAt
        + "]";
  }
}
