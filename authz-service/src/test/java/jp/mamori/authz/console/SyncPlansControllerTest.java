package jp.mamori.authz.console;

import static org.assertj.core.api.Assertions.assertThat;

import jp.mamori.authz.lifecycle.LifecycleQueries.ChangeFilter;
import org.junit.jupiter.api.Test;

class SyncPlansControllerTest {

  @Test
  void numbersWhenTypedWithCommasSpacesOrLinesThenEachOnce() {
    assertThat(SyncPlansController.numbers("100234, 100235\n100236、100234  "))
        .containsExactly("100234", "100235", "100236");
    assertThat(SyncPlansController.numbers("  ")).isEmpty();
  }

  @Test
  void linkWhenFilteredThenKeepsEachCriterionEncoded() {
    assertThat(SyncPlansController.link("/admin/sync", new ChangeFilter("Disable", "税務課", ""), 7))
        .isEqualTo("/admin/sync?id=7&action=Disable&section=%E7%A8%8E%E5%8B%99%E8%AA%B2");
    assertThat(SyncPlansController.link("/admin/sync/7/plan.csv", ChangeFilter.none(), 0))
        .isEqualTo("/admin/sync/7/plan.csv");
  }
}
