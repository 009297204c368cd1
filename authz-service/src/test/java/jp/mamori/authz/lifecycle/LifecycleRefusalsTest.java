package jp.mamori.authz.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import jp.mamori.hrsync.hr.HrFileException;
import org.junit.jupiter.api.Test;

class LifecycleRefusalsTest {

  @Test
  void planStateThen409WithThePlansTitle() {
    var problem =
        new PlanRefused("plan 7: expected status HELD to approve, found APPLIED").problem();

    assertThat(problem.getStatus()).isEqualTo(409);
    assertThat(problem.getTitle()).isEqualTo("計画の状態と合いません / the plan is not in a state for this");
    assertThat(problem.getDetail())
        .isEqualTo("plan 7: expected status HELD to approve, found APPLIED");
    assertThat(problem.getProperties()).containsEntry("code", "PLAN_STATE");
  }

  @Test
  void hrFileUnreadableThen422WithTheFilesMessage() {
    HrFileException cause = new HrFileException(Path.of("hr.csv"), "line 3: カナ: expected a value");
    LifecycleController.HrFileUnreadable refused = new LifecycleController.HrFileUnreadable(cause);
    var problem = refused.problem();

    assertThat(problem.getStatus()).isEqualTo(422);
    assertThat(problem.getTitle()).isEqualTo("人事ファイルを読めません / the HR file cannot be read");
    assertThat(problem.getDetail()).isEqualTo(cause.getMessage());
    assertThat(problem.getProperties()).containsEntry("code", "HR_FILE_UNREADABLE");
    assertThat(refused.getCause()).isSameAs(cause);
  }
}
