package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.pipeline.RuleWorker;
import org.citysense.cloud.pipeline.SetAside;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.rules.RuleBook;
import org.citysense.cloud.rules.RuleReader;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.cloud.rules.RuleWriter;

/**
 * {@code /api/v1/rules}: the rule file in force. Anyone but a gateway reads it (JSON, or the file
 * itself with {@code Accept: application/yaml}); only an admin replaces it, with YAML or JSON; a
 * bad rule is refused with its field, line and reason, and nothing changes. {@code set-aside} lists
 * for an admin the items the rules could not take (with the reason), newest first.
 */
@Path("/api/v1/rules")
@Blocking
public class RuleResource {
  static final String YAML = "application/yaml";

  /** How one rule has been doing since start. */
  public record StatusView(
      String ruleId,
      String type,
      long evaluated,
      long signalled,
      long noDecision,
      List<String> notes) {}

  @Inject RuleBook book;
  @Inject RuleWorker runtime;
  @Inject Access access;

  @GET
  @Produces({MediaType.APPLICATION_JSON, YAML, "text/yaml"})
  public Response get(@Context ContainerRequestContext request, @Context HttpHeaders headers) {
    access.refuseGateway(Authentication.of(request));
    if (wantsYaml(headers)) {
      return Response.ok(book.text(), YAML).build();
    }
    return Response.ok(document(book.current()), MediaType.APPLICATION_JSON).build();
  }

  @PUT
  @Consumes({MediaType.APPLICATION_JSON, YAML, "text/yaml", MediaType.TEXT_PLAIN})
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> replace(
      @Context ContainerRequestContext request, @Context HttpHeaders headers, String body) {
    access.requireAdmin(Authentication.of(request), "change the rules");
    if (body == null || body.isBlank()) {
      throw new ApiException(400, "the body is empty; send the rule file as YAML or JSON");
    }
    String text = body;
    MediaType type = headers.getMediaType();
    if (type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
      // the file stays YAML: JSON is checked, then written in the file's own form
      text = new RuleWriter().toYaml(new RuleReader().read("PUT /api/v1/rules", body));
    }
    return document(book.replace("PUT /api/v1/rules", text));
  }

  @GET
  @Path("status")
  public List<StatusView> status(@Context ContainerRequestContext request) {
    access.refuseGateway(Authentication.of(request));
    return runtime.rules().stream().map(RuleResource::view).toList();
  }

  @GET
  @Path("set-aside")
  @Produces(MediaType.APPLICATION_JSON)
  public List<SetAside> setAside(
      @Context ContainerRequestContext request, @QueryParam("limit") Integer limit) {
    access.requireAdmin(Authentication.of(request), "see the items the rules set aside");
    int n = limit == null ? 50 : limit;
    if (n < 1 || n > 500) {
      throw new FieldException("limit", "must be 1 to 500, was " + n);
    }
    return runtime.setAside(n);
  }

  private static StatusView view(RuleStatus s) {
    return new StatusView(
        s.ruleId(), s.type().id(), s.evaluated(), s.signalled(), s.noDecision(), s.notes());
  }

  private static Map<String, Object> document(RuleSet set) {
    return new RuleWriter().toDocument(set);
  }

  private static boolean wantsYaml(HttpHeaders headers) {
    return headers.getAcceptableMediaTypes().stream().anyMatch(m -> m.getSubtype().equals("yaml"));
  }
}
