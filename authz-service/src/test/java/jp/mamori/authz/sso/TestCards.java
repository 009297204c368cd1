package jp.mamori.authz.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Test fixture: IC-card certificates made by the JDK's keytool (no test PKI library needed). */
public final class TestCards {

  private TestCards() {}

  /** A card's certificate (self-signed end-entity, made by the JDK's keytool) in PEM. */
  public static String certificatePem(Path files, String name) throws Exception {
    Path store = files.resolve(name + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    run(
        keytool.toString(),
        "-genkeypair",
        "-alias",
        "card",
        "-keyalg",
        "EC",
        "-dname",
        "CN=" + name + ",O=Example City",
        "-validity",
        "365",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        "changeit-card");
    Path pem = files.resolve(name + ".pem");
    run(
        keytool.toString(),
        "-exportcert",
        "-rfc",
        "-alias",
        "card",
        "-keystore",
        store.toString(),
        "-storepass",
        "changeit-card",
        "-file",
        pem.toString());
    return Files.readString(pem);
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
