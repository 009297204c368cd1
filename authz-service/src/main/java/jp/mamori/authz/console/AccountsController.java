package jp.mamori.authz.console;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import jp.mamori.authz.console.AccountRow.AccountState;
import jp.mamori.authz.shared.Console;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The account list (アカウント): everyone in the staff register and the targets, searched by name, kana,
 * employee number or section, filtered by state (locked, suspended, disabled, dormant, temporary
 * password outstanding), 50 a page; each row leads to the person's page, where the actions are.
 * Readers (administrators, auditors, the CISO) see it.
 */
@Controller
@Console
class AccountsController {

  private final AccountIndex index;

  AccountsController(AccountIndex index) {
    this.index = index;
  }

  @GetMapping("/admin")
  String accounts(
      @RequestParam(required = false) String username,
      @RequestParam(defaultValue = "") String q,
      @RequestParam(required = false) List<String> state,
      @RequestParam(defaultValue = "1") int page,
      Model model) {
    if (username != null && !username.isBlank()) { // the one box of before: straight to the page
      return "redirect:" + AdminConsoleController.page(username.strip());
    }
    Set<AccountState> states = states(state);
    AccountIndex.Rows rows = index.rows();
    AccountSearch.Result result = AccountSearch.search(rows.rows(), q, states, page);
    model.addAttribute("q", q);
    model.addAttribute("states", states);
    model.addAttribute("allStates", AccountState.values());
    model.addAttribute("rows", result.rows());
    model.addAttribute("paging", result.paging());
    model.addAttribute("readAt", rows.readAt());
    model.addAttribute("pageUrl", link(q, states));
    return "admin-accounts";
  }

  /** The states asked for; an unknown name is ignored. */
  static Set<AccountState> states(List<String> names) {
    Set<AccountState> states = EnumSet.noneOf(AccountState.class);
    if (names != null) {
      for (String n : names) {
        for (AccountState s : AccountState.values()) {
          if (s.name().equals(n)) {
            states.add(s);
          }
        }
      }
    }
    return states;
  }

  /** The list's address with the search, to which the pages add {@code page}. */
  static String link(String q, Set<AccountState> states) {
    UriComponentsBuilder b = UriComponentsBuilder.fromPath("/admin").queryParam("q", q);
    states.forEach(s -> b.queryParam("state", s.name()));
    return b.encode(java.nio.charset.StandardCharsets.UTF_8).build().toUriString();
  }
}
