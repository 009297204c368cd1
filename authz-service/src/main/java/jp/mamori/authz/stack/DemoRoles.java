package jp.mamori.authz.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The demo's people with Mamori's roles, so that a person trying the demo can open every screen:
 * every 課長 of the fictional sample is a section head (所属長, ID inventory), the head of 情報システム課 and
 * one of their staff are ID administrators (two, since unlocking and reinstating need another
 * person), the head of 総務課 acts as CISO and their deputy as auditor. Only in the demo (the sample
 * HR file synced at start); a real municipality grants these roles in Keycloak itself.
 */
final class DemoRoles {

  /** Who got which roles, by username, in the order given. */
  record Assigned(String username, String fullName, String title, List<String> roles) {}

  private DemoRoles() {}

  static List<Assigned> assign(Keycloak admin, String realmName, List<StaffRecord> staff) {
    RealmResource realm = admin.realm(realmName);
    Map<String, List<String>> roles = new LinkedHashMap<>();
    Map<String, StaffRecord> byNumber = new LinkedHashMap<>();
    for (StaffRecord s : staff) {
      byNumber.putIfAbsent(s.employeeNumber(), s);
    }
    boolean secondAdmin = false;
    for (StaffRecord s : byNumber.values()) {
      List<String> r = new ArrayList<>();
      boolean head = s.title().equals("課長");
      if (head) {
        r.add(KeycloakRealmConfigurator.SECTION_HEAD_ROLE);
      }
      if (s.sectionName().equals("情報システム課") && (head || !secondAdmin && s.title().equals("係長"))) {
        r.add(KeycloakRealmConfigurator.ADMIN_ROLE);
        secondAdmin |= !head;
      }
      if (s.sectionName().equals("総務課") && head) {
        r.add(KeycloakRealmConfigurator.CISO_ROLE);
      }
      if (s.sectionName().equals("総務課") && s.title().equals("課長補佐")) {
        r.add(KeycloakRealmConfigurator.AUDITOR_ROLE);
      }
      if (!r.isEmpty()) {
        roles.put(s.employeeNumber(), r);
      }
    }
    List<Assigned> done = new ArrayList<>();
    roles.forEach((username, names) -> {
      List<UserRepresentation> found = realm.users().searchByUsername(username, true);
      if (found.isEmpty()) {
        return; // not created (a rejected row): no role
      }
      List<RoleRepresentation> reps =
          names.stream().map(n -> realm.roles().get(n).toRepresentation()).toList();
      realm.users().get(found.getFirst().getId()).roles().realmLevel().add(reps);
      StaffRecord s = byNumber.get(username);
      done.add(new Assigned(username, s.fullName(), s.sectionName() + s.title(), names));
    });
    return done;
  }
}
