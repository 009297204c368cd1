package jp.mamori.authz.privileged;

import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;

/**
 * A privileged-ID operation that the rules do not allow, with why (Japanese and English), the
 * requirement it enforces, and whether the caller may not do it at all ({@link Fault#FORBIDDEN}),
 * asked for something that does not exist ({@link Fault#NOT_FOUND}), or asked at the wrong moment
 * or with values outside the rules ({@link Fault#CONFLICT}, {@link Fault#INVALID}).
 */
final class Refused extends Refusal {

  private static final long serialVersionUID = 1L;

  private final Bilingual why;
  private final String requirementId;

  /**
   * @param why why the rules refuse, in both languages; the detail gives both, Japanese first
   */
  public Refused(Fault fault, String code, Bilingual why, String requirementId) {
    super(
        fault,
        code,
        new Bilingual("特権IDの操作は受け付けられません", "privileged-ID operation refused"),
        why.both(),
        requirementId);
    this.why = why;
    this.requirementId = requirementId;
  }

  /** Why the rules refuse, in both languages. */
  public Bilingual why() {
    return why;
  }

  public String requirementId() {
    return requirementId;
  }
}
