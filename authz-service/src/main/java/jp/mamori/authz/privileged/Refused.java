package jp.mamori.authz.privileged;

/**
 * A privileged-ID operation that the rules do not allow, with why (Japanese and English), the
 * requirement it enforces, and whether the caller may not do it at all ({@link Fault#FORBIDDEN}),
 * asked for something that does not exist ({@link Fault#NOT_FOUND}), or asked at the wrong moment
 * or with values outside the rules ({@link Fault#CONFLICT}, {@link Fault#INVALID}).
 */
public final class Refused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Whose fault, for the HTTP status. */
  public enum Fault {
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    INVALID
  }

  private final String code;
  private final String ja;
  private final String en;
  private final String requirementId;
  private final Fault fault;

  public Refused(Fault fault, String code, String ja, String en, String requirementId) {
    super(ja + " / " + en);
    this.fault = fault;
    this.code = code;
    this.ja = ja;
    this.en = en;
    this.requirementId = requirementId;
  }

  public String code() {
    return code;
  }

  public String ja() {
    return ja;
  }

  public String en() {
    return en;
  }

  public String requirementId() {
    return requirementId;
  }

  public Fault fault() {
    return fault;
  }
}
