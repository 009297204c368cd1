package jp.mamori.authz.governance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.audit.AuditExport;
import jp.mamori.authz.governance.Inventories.Campaign;
import jp.mamori.authz.governance.Inventories.Item;
import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * ID inventories over the JSON API (LC-3): ID administrators start campaigns; section heads see and
 * answer for their own sections' staff (administrators for IDs with no section); readers see
 * everything; the items export as CSV (formula-safe). Errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/api/inventories")
class InventoryController {

  private final Inventories inventories;

  InventoryController(Inventories inventories) {
    this.inventories = inventories;
  }

  @GetMapping
  List<CampaignView> list() {
    return inventories.campaigns().stream().map(this::view).toList();
  }

  @PostMapping
  ResponseEntity<CampaignView> start(
      @RequestBody InventoryStart body, @AuthenticationPrincipal Jwt jwt) {
    Instant deadline;
    try {
      deadline = Instant.parse(String.valueOf(body.deadline()));
    } catch (DateTimeParseException e) {
      throw new Inventories.Refused(
          Fault.INVALID,
          "deadline: expected an ISO-8601 instant such as 2027-05-31T08:30:00Z; found "
              + body.deadline());
    }
    Campaign c = inventories.start(actor(jwt), body.title(), deadline);
    return ResponseEntity.status(HttpStatus.CREATED).body(view(c));
  }

  @GetMapping("/{id}")
  CampaignView campaign(@PathVariable long id, @AuthenticationPrincipal Jwt jwt) {
    return view(inventories.campaign(id))
        .withItems(
            inventories.items(id, visible(jwt)).stream().map(InventoryItemView::of).toList());
  }

  @GetMapping(value = "/{id}/items.csv", produces = "text/csv")
  ResponseEntity<byte[]> csv(@PathVariable long id, @AuthenticationPrincipal Jwt jwt) {
    StringBuilder out = new StringBuilder("職員番号,ログイン名,氏名,所属,ID,人事,指摘,回答,回答者,備考,結果,結果詳細\r\n");
    for (Item i : inventories.items(id, visible(jwt))) {
      out.append(
              String.join(
                  ",",
                  AuditExport.cell(i.employeeNumber()),
                  AuditExport.cell(i.username()),
                  AuditExport.cell(i.fullName()),
                  AuditExport.cell(String.join(" ", i.sections())),
                  AuditExport.cell(i.accounts()),
                  AuditExport.cell(i.hrSummary()),
                  AuditExport.cell(String.join(" ", i.findings())),
                  AuditExport.cell(i.decision().map(Enum::name).orElse("UNANSWERED")),
                  AuditExport.cell(i.decidedBy().orElse("")),
                  AuditExport.cell(i.note().orElse("")),
                  AuditExport.cell(i.outcome().map(Enum::name).orElse("")),
                  AuditExport.cell(i.outcomeDetail().orElse(""))))
          .append("\r\n");
    }
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, all, 0, bom.length);
    System.arraycopy(text, 0, all, bom.length, text.length);
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header("Content-Disposition", "attachment; filename=\"inventory-" + id + ".csv\"")
        .body(all);
  }

  @PostMapping("/{id}/cancel")
  CampaignView cancel(
      @PathVariable long id,
      @RequestBody InventoryCancellation body,
      @AuthenticationPrincipal Jwt jwt) {
    return view(inventories.cancel(id, actor(jwt), body.reason()));
  }

  @PostMapping("/{id}/items/{key}")
  InventoryItemView answer(
      @PathVariable long id,
      @PathVariable String key,
      @RequestBody InventoryAnswer body,
      @AuthenticationPrincipal Jwt jwt) {
    return InventoryItemView.of(
        inventories.answer(id, key, body.decision(), body.note(), answerer(jwt)));
  }

  /** Section heads see their sections only; administrators, auditors and the CISO see all. */
  private static Optional<Set<String>> visible(Jwt jwt) {
    Set<String> roles = roles(jwt);
    if (roles.contains(KeycloakRealmConfigurator.ADMIN_ROLE)
        || roles.contains(KeycloakRealmConfigurator.AUDITOR_ROLE)
        || roles.contains(KeycloakRealmConfigurator.CISO_ROLE)) {
      return Optional.empty();
    }
    return Optional.of(answerer(jwt).headOf());
  }

  static Inventories.Answerer answerer(Jwt jwt) {
    Set<String> roles = roles(jwt);
    Set<String> headOf = new HashSet<>();
    if (roles.contains(KeycloakRealmConfigurator.SECTION_HEAD_ROLE)) {
      List<String> groups = jwt.getClaimAsStringList("groups");
      if (groups != null) {
        for (String g : groups) {
          String name = g.startsWith("/") ? g.substring(1) : g;
          if (name.startsWith("section-")) {
            headOf.add(name.substring("section-".length()));
          }
        }
      }
    }
    return new Inventories.Answerer(
        actor(jwt), Set.copyOf(headOf), roles.contains(KeycloakRealmConfigurator.ADMIN_ROLE));
  }

  private static Set<String> roles(Jwt jwt) {
    Set<String> roles = new HashSet<>();
    if (jwt.getClaim("realm_access") instanceof Map<?, ?> map
        && map.get("roles") instanceof Collection<?> c) {
      c.forEach(r -> roles.add(String.valueOf(r)));
    }
    return roles;
  }

  private CampaignView view(Campaign c) {
    return CampaignView.of(c, inventories.summary(c.id()));
  }

  private static String actor(Jwt jwt) {
    return jwt.getClaimAsString("preferred_username");
  }
}
