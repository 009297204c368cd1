package jp.mamori.authz.governance;

import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;

/**
 * A governance request (exception, sanction, inventory) that cannot be carried out as asked, with
 * what was expected; answered as an RFC 9457 problem whose status is the {@link Refusal.Fault}
 * given (403 when the person may not, 409 when the state does not allow it, 400 when the input is
 * wrong) and whose code is {@code GOVERNANCE_} and the fault's name.
 */
public abstract class GovernanceRefusal extends Refusal {

  private static final long serialVersionUID = 1L;

  protected GovernanceRefusal(Fault fault, String message, Bilingual title) {
    super(fault, "GOVERNANCE_" + fault.name(), title, message);
  }
}
