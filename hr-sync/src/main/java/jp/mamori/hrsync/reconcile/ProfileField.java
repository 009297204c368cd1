package jp.mamori.hrsync.reconcile;

import jp.mamori.hrsync.hr.StaffRecord;

/**
 * An attribute of an account that follows HR on every change, besides the name and the sections:
 * the section's name and the title (職名). A target lists in {@link TargetAccount#profile()} the
 * fields it keeps; the planner updates those that differ from the person's main post.
 */
public enum ProfileField {
  /** 所属名 of the main post ({@code ou} in OpenLDAP, {@code department} in Active Directory). */
  SECTION_NAME("所属名", "section name"),
  /** 職名 ({@code title}). */
  TITLE("職名", "title");

  private final String ja;
  private final String en;

  ProfileField(String ja, String en) {
    this.ja = ja;
    this.en = en;
  }

  public String ja() {
    return ja;
  }

  public String en() {
    return en;
  }

  /** What HR says this field is for the person's main post. */
  public String of(StaffRecord main) {
    return switch (this) {
      case SECTION_NAME -> main.sectionName();
      case TITLE -> main.title();
    };
  }
}
