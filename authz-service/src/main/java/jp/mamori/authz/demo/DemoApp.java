package jp.mamori.authz.demo;

import jp.mamori.authz.shared.Bilingual;

/**
 * One sample business system of the demo.
 *
 * @param path its place under {@code /demo/}
 * @param clientId its client in the staff realm: the policy's system name, so that its tier's login
 *     flow applies to it
 * @param title what it is
 * @param tier the network tier it belongs to
 * @param requiredAcr the level its page demands of the login ({@code mfa} for the My Number tier),
 *     or null for none beyond a login
 * @param secret its client secret; never shown by {@link #toString()}
 */
record DemoApp(
    String path,
    String clientId,
    Bilingual title,
    Bilingual tier,
    String requiredAcr,
    String secret) {

  @Override
  public String toString() {
    return "DemoApp[path=" + path + ", clientId=" + clientId + ", secret=***]";
  }
}
