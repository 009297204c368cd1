package jp.mamori.policy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a class is the mechanism that enforces requirements of {@code
 * shared/requirements.md} (GV-6). The compliance matrix is built from these declarations and from
 * the tests that cite each requirement: a requirement no class declares shows as a gap, not as met.
 * Declare it on the class that makes the decision or takes the action, not on one that only passes
 * it on.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Enforces {

  /** The requirement IDs, e.g. {@code "LC-1"}. */
  String[] value();

  /** How, in one Japanese sentence. */
  String ja();

  /** How, in one English sentence. */
  String en();
}
