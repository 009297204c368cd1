package jp.mamori.authz.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PagingTest {

  @Test
  void pageWhenInRangeThenItsItemsAndNeighbours() {
    Paging p = Paging.of(2, 120);
    assertThat(p.pages()).isEqualTo(3);
    assertThat(p.offset()).isEqualTo(50);
    assertThat(p.first()).isEqualTo(51);
    assertThat(p.last()).isEqualTo(100);
    assertThat(p.hasPrevious()).isTrue();
    assertThat(p.hasNext()).isTrue();
  }

  @Test
  void lastPageWhenPartlyFilledThenEndsAtTheTotal() {
    Paging p = Paging.of(3, 120);
    assertThat(p.first()).isEqualTo(101);
    assertThat(p.last()).isEqualTo(120);
    assertThat(p.hasNext()).isFalse();
  }

  @Test
  void pageWhenOutOfRangeThenBroughtIntoIt() {
    assertThat(Paging.of(99, 120).page()).isEqualTo(3);
    assertThat(Paging.of(0, 120).page()).isEqualTo(1);
    assertThat(Paging.of(-5, 120).page()).isEqualTo(1);
  }

  @Test
  void emptyListWhenPagedThenOneEmptyPage() {
    Paging p = Paging.of(4, 0);
    assertThat(p.page()).isEqualTo(1);
    assertThat(p.pages()).isEqualTo(1);
    assertThat(p.first()).isZero();
    assertThat(p.last()).isZero();
    assertThat(p.hasPrevious()).isFalse();
    assertThat(p.hasNext()).isFalse();
  }

  @Test
  void exactlyFullPagesWhenCountedThenNoEmptyPageAfter() {
    assertThat(Paging.of(1, 100).pages()).isEqualTo(2);
    assertThat(Paging.of(1, 50).pages()).isEqualTo(1);
    assertThat(Paging.of(1, 51).pages()).isEqualTo(2);
  }

  @Test
  void sizeWhenZeroThenRefusedSayingWhatWasExpected() {
    assertThatThrownBy(() -> new Paging(1, 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 1 or more, found 0");
  }
}
