package jp.mamori.hrsync.sync;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import jp.mamori.hrsync.hr.HrRowProblem;

/**
 * The result of one sync run: an outcome per valid HR row and the rows that were rejected (GV-7),
 * which caused no change at all.
 */
public record SyncReport(
    Path source,
    Instant startedAt,
    Instant finishedAt,
    List<ProvisioningOutcome> outcomes,
    List<HrRowProblem> rejectedRows) {

  public SyncReport {
    outcomes = List.copyOf(outcomes);
    rejectedRows = List.copyOf(rejectedRows);
  }

  public List<ProvisioningOutcome.Created> created() {
    return outcomes.stream()
        .filter(ProvisioningOutcome.Created.class::isInstance)
        .map(ProvisioningOutcome.Created.class::cast)
        .toList();
  }

  public long count(Class<? extends ProvisioningOutcome> kind) {
    return outcomes.stream().filter(kind::isInstance).count();
  }
}
