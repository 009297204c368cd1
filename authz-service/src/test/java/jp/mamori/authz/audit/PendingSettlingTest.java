package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The settling job runs every feature's settling, and one failing does not stop the others. */
class PendingSettlingTest {

  private final List<String> settled = new ArrayList<>();

  @Test
  void settleWhenOneFeatureFailsThenTheOthersAreSettledAllTheSame() {
    Map<String, Object> beans = new LinkedHashMap<>();
    beans.put("accounts", feature("account actions", false));
    beans.put("sanctions", feature("sanctions' account changes", true));
    beans.put("authenticators", feature("authenticator events", false));
    PendingSettling.SettleJob job =
        new PendingSettling()
            .pendingChangeSettling(
                new StaticListableBeanFactory(beans)
                    .getBeanProvider(RecordedChange.Settling.class));

    job.settle();

    assertThat(settled)
        .containsExactlyInAnyOrder(
            "account actions", "sanctions' account changes", "authenticator events");
  }

  private RecordedChange.Settling feature(String name, boolean fails) {
    return new RecordedChange.Settling() {
      @Override
      public String changes() {
        return name;
      }

      @Override
      public int settlePending() {
        settled.add(name);
        if (fails) {
          throw new IllegalStateException("Keycloak unreachable");
        }
        return 1;
      }
    };
  }
}
