package jp.mamori.authz.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import jp.mamori.policy.Enforces;

/** The fictional HR sample bundled with hr-sync, read by the embedded demo like any HR export. */
@Enforces(
    value = {"GV-8"},
    ja = "既定の実行とテストには架空の職員データだけを使う",
    en = "The default run and the tests use fictional staff data only")
public final class HrSample {

  /** The fictional sample (GV-8: never real personal data). */
  public static final String RESOURCE = "/jp/mamori/hrsync/sample/hr-staff.csv";

  private HrSample() {}

  /** The bundled sample, copied to a file so that it is read like any HR export. */
  public static Path file() {
    try (InputStream in = HrSample.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The HR sample " + RESOURCE + " is missing");
      }
      Path file = Files.createTempFile("mamori-hr-sample-", ".csv");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
