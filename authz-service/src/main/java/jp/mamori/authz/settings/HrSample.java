package jp.mamori.authz.settings;

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

  /** The sample's section master (所属マスタ). */
  public static final String SECTIONS_RESOURCE = "/jp/mamori/hrsync/sample/hr-sections.csv";

  /** The bundled sample, copied to a file so that it is read like any HR export. */
  public static Path file() {
    return copy(RESOURCE, "mamori-hr-sample-");
  }

  /** The sample's section master, copied to a file. */
  public static Path sections() {
    return copy(SECTIONS_RESOURCE, "mamori-hr-sections-");
  }

  private static Path copy(String resource, String prefix) {
    try (InputStream in = HrSample.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The HR sample " + resource + " is missing");
      }
      Path file = Files.createTempFile(prefix, ".csv");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
