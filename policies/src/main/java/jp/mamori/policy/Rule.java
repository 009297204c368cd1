package jp.mamori.policy;

import java.util.List;

/**
 * A part of the policy that enforces named requirements, so that the traceability matrix can go
 * from a requirement (e.g. {@code PW-1} in {@code shared/requirements.md}) to the setting that
 * enforces it.
 */
public interface Rule {

  /** The requirement IDs this rule enforces, e.g. {@code PW-1}; never empty. */
  List<String> requirementIds();
}
