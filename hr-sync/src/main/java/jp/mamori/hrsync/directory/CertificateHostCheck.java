package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.SSLSocketVerifier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * Checks that the directory server's certificate names the host that was configured, for every host
 * alike. UnboundID's own verifier accepts any name when the host is a loopback address, so a
 * setting such as {@code 127.0.0.1} would not have been checked at all.
 *
 * <p>The rules of RFC 6125: an IP address must be an {@code iPAddress} subject alternative name; a
 * host name must match a {@code dNSName} (a {@code *} only as the whole left-most label), and only
 * when the certificate has no {@code dNSName} at all is the subject's CN compared (what AD and
 * Samba certificates often carry). Names are compared without regard to case.
 */
final class CertificateHostCheck extends SSLSocketVerifier {

  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  @Override
  public void verifySSLSocket(String host, int port, SSLSocket socket) throws LDAPException {
    Certificate[] chain;
    try {
      chain = socket.getSession().getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      throw new LDAPException(
          ResultCode.CONNECT_ERROR,
          "TLS to " + host + ":" + port + ": the server presented no certificate",
          e);
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
      throw new LDAPException(
          ResultCode.CONNECT_ERROR,
          "TLS to " + host + ":" + port + ": the server presented no X.509 certificate");
    }
    List<String> names = new ArrayList<>();
    if (!names(certificate, host, names)) {
      throw new LDAPException(
          ResultCode.CONNECT_ERROR,
          "TLS to "
              + host
              + ":"
              + port
              + ": the server's certificate does not name the host \""
              + host
              + "\" (expected it among the certificate's names, found "
              + names
              + ")");
    }
  }

  /** Whether the certificate names {@code host}; fills {@code seen} with the names it carries. */
  static boolean names(X509Certificate certificate, String host, List<String> seen) {
    String wanted = host.toLowerCase(Locale.ROOT);
    if (wanted.startsWith("[") && wanted.endsWith("]")) {
      wanted = wanted.substring(1, wanted.length() - 1);
    }
    Collection<List<?>> alternatives;
    try {
      alternatives = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      seen.add("(unreadable subject alternative names)");
      return false;
    }
    boolean literal = isIpLiteral(wanted);
    boolean anyDns = false;
    if (alternatives != null) {
      for (List<?> alternative : alternatives) {
        int type = (Integer) alternative.get(0);
        String value = String.valueOf(alternative.get(1)).toLowerCase(Locale.ROOT);
        if (type == DNS_NAME) {
          anyDns = true;
          seen.add("DNS:" + value);
          if (!literal && dnsMatches(value, wanted)) {
            return true;
          }
        } else if (type == IP_ADDRESS) {
          seen.add("IP:" + value);
          if (literal && sameAddress(value, wanted)) {
            return true;
          }
        }
      }
    }
    if (literal || anyDns) {
      return false;
    }
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          String cn = String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT);
          seen.add("CN:" + cn);
          if (dnsMatches(cn, wanted)) {
            return true;
          }
        }
      }
    } catch (InvalidNameException e) {
      seen.add("(unreadable subject)");
    }
    return false;
  }

  private static boolean dnsMatches(String pattern, String host) {
    if (pattern.endsWith(".")) {
      pattern = pattern.substring(0, pattern.length() - 1);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
    }
    return pattern.equals(host);
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  private static boolean sameAddress(String a, String b) {
    try {
      // both are literals: no lookup takes place
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
