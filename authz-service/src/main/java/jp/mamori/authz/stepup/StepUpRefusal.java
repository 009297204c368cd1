package jp.mamori.authz.stepup;

import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;

/**
 * What a {@link StepUpGate} refuses ({@link StepUpGate.Needed}, {@link StepUpGate.Failed}): a
 * {@link Refusal} like the others, in a file of its own because the gate itself speaks of the
 * WebAuthn verifier's refusals, which have the same simple name.
 */
abstract class StepUpRefusal extends Refusal {

  private static final long serialVersionUID = 1L;

  StepUpRefusal(Fault fault, String code, Bilingual title, String detail) {
    super(fault, code, title, detail);
  }
}
