package jp.mamori.policy;

import java.util.List;

/** A part of the policy that enforces named requirements (IDs from the requirements catalogue). */
public interface Rule {

  /** The requirement IDs this rule enforces, e.g. {@code PW-1}. */
  List<String> requirementIds();
}
