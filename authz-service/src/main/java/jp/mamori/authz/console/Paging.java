package jp.mamori.authz.console;

/**
 * One page of a list paged on the server: which page (1-based, clamped to the pages there are), its
 * size and the number of items in all.
 */
record Paging(int page, int size, int total) {

  /** The rows of a page on the console's lists. */
  public static final int PAGE_SIZE = 50;

  public Paging {
    if (size < 1) {
      throw new IllegalArgumentException("page size: expected 1 or more, found " + size);
    }
    total = Math.max(0, total);
    page = Math.max(1, Math.min(page, Math.max(1, pages(total, size))));
  }

  /**
   * Page {@code requested} (1-based; anything out of range is brought into it) of {@code total}.
   */
  public static Paging of(int requested, int total) {
    return new Paging(requested, PAGE_SIZE, total);
  }

  private static int pages(int total, int size) {
    return (total + size - 1) / size;
  }

  /** The number of pages (at least 1: an empty list is one empty page). */
  public int pages() {
    return Math.max(1, pages(total, size));
  }

  /** The index of the page's first item (0-based). */
  public int offset() {
    return (page - 1) * size;
  }

  /** The 1-based position of the page's first item, 0 when there is none (for "1–50 of 120"). */
  public int first() {
    return total == 0 ? 0 : offset() + 1;
  }

  /** The 1-based position of the page's last item. */
  public int last() {
    return Math.min(total, offset() + size);
  }

  public boolean hasPrevious() {
    return page > 1;
  }

  public boolean hasNext() {
    return page < pages();
  }
}
