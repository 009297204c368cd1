package jp.mamori.authz.governance;

import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;

/**
 * A governance request (exception, sanction, inventory) that cannot be carried out as asked, with
 * what was expected; answered as an RFC 9457 problem: 403 when the person may not, 409 when the
 * state does not allow it, 400 when the input is wrong.
 */
public abstract class GovernanceRefusal extends Refusal {

  private final boolean conflict;
  private final boolean forbidden;

  protected GovernanceRefusal(String message, boolean conflict, boolean forbidden, String title) {
    super(
        forbidden ? Fault.FORBIDDEN : conflict ? Fault.CONFLICT : Fault.INVALID,
        forbidden
            ? "GOVERNANCE_FORBIDDEN"
            : conflict ? "GOVERNANCE_CONFLICT" : "GOVERNANCE_INVALID",
        bilingual(title),
        message);
    this.conflict = conflict;
    this.forbidden = forbidden;
  }

  /** A title written {@code "ja / en"} as its two languages. */
  private static Bilingual bilingual(String title) {
    int slash = title.indexOf(" / ");
    return slash < 0
        ? new Bilingual(title, title)
        : new Bilingual(title.substring(0, slash), title.substring(slash + 3));
  }

  /** 409 (the state does not allow it) rather than 400 (the input is wrong). */
  public boolean conflict() {
    return conflict;
  }

  /** 403: this person may not do it. */
  public boolean forbidden() {
    return forbidden;
  }
}
