package jp.mamori.authz.governance;

/**
 * A section head's or administrator's answer for one person's IDs ({@code POST
 * /api/inventories/{id}/items/{key}}).
 *
 * @param decision the answer, one of {@link Inventories.Decision}'s names; {@link Inventories}
 *     refuses anything else naming the allowed values
 * @param note a note, or null
 */
record InventoryAnswer(String decision, String note) {

  /** Without the note: it may be about the person. */
  @Override
  public String toString() {
    return "InventoryAnswer[" + decision + "]";
  }
}
