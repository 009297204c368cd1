package jp.mamori.authz.governance;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Console;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.reconcile.IdentityAccounts;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The ID inventory in the web console (LC-3): a section head sees the open campaign's IDs of the
 * sections they belong to (read from Keycloak, not from the browser) with what HR says and the
 * findings, and answers "still needed" or "no longer needed" with a reason; an ID administrator
 * answers for the IDs with no section.
 */
@Controller
@Console
class InventoryConsoleController {

  private final Inventories inventories;
  private final IdentityAccounts accounts;

  InventoryConsoleController(Inventories inventories, IdentityAccounts accounts) {
    this.inventories = inventories;
    this.accounts = accounts;
  }

  @GetMapping("/inventory")
  String page(@AuthenticationPrincipal OidcUser user, Model model) {
    Inventories.Answerer who = answerer(user);
    model.addAttribute("en", Bilingual.readerChoseEnglish());
    model.addAttribute("who", who);
    Optional<Inventories.Campaign> open = inventories.open();
    model.addAttribute("campaign", open.orElse(null));
    List<Inventories.Item> items =
        open.map(c ->
                inventories.items(c.id(), Optional.empty()).stream()
                    .filter(i ->
                        i.sections().isEmpty()
                            ? who.administrator()
                            : i.sections().stream().anyMatch(who.headOf()::contains))
                    .toList())
            .orElse(List.of());
    model.addAttribute("items", items);
    return "inventory";
  }

  @PostMapping("/inventory/{id}/items/{key}")
  String answer(
      @PathVariable long id,
      @PathVariable String key,
      @RequestParam String decision,
      @RequestParam(required = false) String note,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    try {
      inventories.answer(id, key, decision, note, answerer(user));
      redirect.addFlashAttribute("done", true);
    } catch (GovernanceRefusal e) {
      redirect.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/inventory";
  }

  private Inventories.Answerer answerer(OidcUser user) {
    String username = user.getPreferredUsername();
    Set<String> roles =
        Set.copyOf(user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
    Set<String> headOf =
        roles.contains("ROLE_" + KeycloakRealmConfigurator.SECTION_HEAD_ROLE)
            ? accounts.current(username).map(c -> c.account().sections()).orElse(Set.of())
            : Set.of();
    return new Inventories.Answerer(
        username, headOf, roles.contains("ROLE_" + KeycloakRealmConfigurator.ADMIN_ROLE));
  }
}
