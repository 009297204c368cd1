package jp.mamori.hrsync.reconcile;

import java.util.List;

/** Whether a plan may be applied as it is. */
public sealed interface Verdict {

  /** Nothing unusual: apply. */
  record Proceed() implements Verdict {}

  /**
   * Something looks wrong (a truncated or empty file, a file in the wrong encoding, too many
   * accounts stopped at once): nothing destructive is applied until a person approves this plan by
   * its fingerprint.
   */
  record Held(List<Reason> reasons) implements Verdict {
    public Held {
      reasons = List.copyOf(reasons);
    }
  }
}
