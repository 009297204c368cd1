package jp.mamori.authz.console;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Console;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page's header needs (templates/fragments/nav.html): the language, the page's
 * path (for the language switch and {@code aria-current}) and which screens the person's roles open
 * — the same rules as the security configuration, so that no link leads to a refusal.
 */
@ControllerAdvice(annotations = Console.class)
class ConsoleNav {

  /**
   * The roles that decide the menu.
   *
   * @param reader an administrator, auditor or CISO: reads every screen
   * @param admin an administrator (情報システム課): may change things
   * @param ciso the CISO: decides exceptions and reinstatements
   * @param sectionHead a section head: answers the ID inventory
   * @param otherLanguage this page in the other language (the query kept, {@code lang} changed)
   */
  record Nav(
      boolean en,
      String path,
      boolean reader,
      boolean admin,
      boolean ciso,
      boolean auditor,
      boolean sectionHead,
      String username,
      String otherLanguage) {}

  @ModelAttribute("nav")
  Nav nav(HttpServletRequest request) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    Set<String> roles =
        auth == null
            ? Set.of()
            : auth.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
    boolean admin = roles.contains("ROLE_" + KeycloakRealmConfigurator.ADMIN_ROLE);
    boolean ciso = roles.contains("ROLE_" + KeycloakRealmConfigurator.CISO_ROLE);
    boolean auditor = roles.contains("ROLE_" + KeycloakRealmConfigurator.AUDITOR_ROLE);
    return new Nav(
        Bilingual.readerChoseEnglish(),
        request.getRequestURI(),
        admin || ciso || auditor,
        admin,
        ciso,
        auditor,
        roles.contains("ROLE_" + KeycloakRealmConfigurator.SECTION_HEAD_ROLE),
        auth == null ? "" : auth.getName(),
        org.springframework.web.util.UriComponentsBuilder.fromPath(request.getRequestURI())
            .query(request.getQueryString())
            .replaceQueryParam("lang", Bilingual.readerChoseEnglish() ? "ja" : "en")
            .build()
            .toUriString());
  }
}
