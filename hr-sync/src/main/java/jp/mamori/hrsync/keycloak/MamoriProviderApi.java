package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * The client side of Mamori's Keycloak provider ({@code keycloak-provider/}, deployed into
 * Keycloak's {@code providers/}): {@code /realms/{realm}/mamori/v1}. The shapes mirror the
 * provider's records.
 */
@Path("/realms/{realm}/mamori/v1")
public interface MamoriProviderApi {

  /** The version the client speaks. */
  String VERSION = "1";

  /** One user: the fields {@link KeycloakTarget} reads, attributes asked for, group names. */
  record Row(
      String id,
      String username,
      String firstName,
      String lastName,
      boolean enabled,
      Long createdTimestamp,
      Map<String, List<String>> attributes,
      List<String> groups) {}

  record Accounts(long now, List<Row> users) {}

  record Changes(
      long now, boolean complete, String incompleteReason, List<Row> users, List<String> gone) {}

  record Move(String id, List<String> join, List<String> leave, boolean logout) {}

  record MoveResult(String id, String outcome, String detail) {}

  /** One imported user: {@code ADDED} with its ID, or {@code SKIPPED} (the username exists). */
  record Imported(String username, String id, String outcome) {}

  /** Creates the users that do not exist yet, in one transaction (Keycloak's batch mode). */
  @POST
  @Path("users")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  List<Imported> importUsers(
      @PathParam("realm") String realm,
      List<org.keycloak.representations.idm.UserRepresentation> users);

  @GET
  @Path("info")
  @Produces(MediaType.APPLICATION_JSON)
  Map<String, Object> info(@PathParam("realm") String realm);

  @GET
  @Path("accounts")
  @Produces(MediaType.APPLICATION_JSON)
  Accounts accounts(
      @PathParam("realm") String realm,
      @QueryParam("attribute") List<String> attributes,
      @QueryParam("groupPrefix") String groupPrefix);

  @GET
  @Path("changes")
  @Produces(MediaType.APPLICATION_JSON)
  Changes changes(
      @PathParam("realm") String realm,
      @QueryParam("since") long since,
      @QueryParam("attribute") List<String> attributes,
      @QueryParam("groupPrefix") String groupPrefix);

  @POST
  @Path("users/{user}/credentials/{credential}/suspend")
  @Produces(MediaType.APPLICATION_JSON)
  Map<String, Object> suspendCredential(
      @PathParam("realm") String realm,
      @PathParam("user") String user,
      @PathParam("credential") String credential);

  @POST
  @Path("users/{user}/credentials/{credential}/reinstate")
  @Produces(MediaType.APPLICATION_JSON)
  Map<String, Object> reinstateCredential(
      @PathParam("realm") String realm,
      @PathParam("user") String user,
      @PathParam("credential") String credential);

  @POST
  @Path("memberships")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  List<MoveResult> memberships(@PathParam("realm") String realm, List<Move> moves);
}
