package jp.mamori.authz.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The daily HR reconciliation ({@code mamori.lifecycle.*}, LC-1 … LC-7).
 *
 * @param scheduleEnabled run the reconciliation on a schedule in this service (off: run it from the
 *     CLI or the API); several instances run each due time once
 * @param cron when (Spring cron, Japan time): by default 05:30 every day
 * @param completeEvery how often a run reads the targets completely instead of what changed
 * @param hrExportMaxUnchanged how long the HR export may stay the same (content and file) before a
 *     plan calls it stale: an alert on the dashboard, an audit record, a warning in the plan
 * @param uploadDir where HR exports uploaded in the console are kept (a plan is applied from its
 *     stored file; an instance that applies it must see the same folder); default {@code
 *     mamori-hr-uploads} in the system's temporary folder
 * @param uploadMaxSize the largest HR export the console accepts (1 KB to 200 MB)
 */
@ConfigurationProperties("mamori.lifecycle")
public record LifecycleSettings(
    @DefaultValue("false") boolean scheduleEnabled,
    @DefaultValue("0 30 5 * * *") String cron,
    @DefaultValue("P7D") Duration completeEvery,
    @DefaultValue("P2D") Duration hrExportMaxUnchanged,
    Path uploadDir,
    @DefaultValue("20MB") DataSize uploadMaxSize) {
  public LifecycleSettings {
    if (uploadDir == null) {
      uploadDir = Path.of(System.getProperty("java.io.tmpdir"), "mamori-hr-uploads");
    }
    if (uploadMaxSize.toBytes() < 1024 || uploadMaxSize.toMegabytes() > 200) {
      throw new IllegalArgumentException(
          "mamori.lifecycle.upload-max-size: expected 1KB to 200MB, found " + uploadMaxSize);
    }
  }
}
