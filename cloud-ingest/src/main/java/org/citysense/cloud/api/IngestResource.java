package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.ingest.IngestReply;
import org.citysense.cloud.ingest.IngestService;
import org.citysense.cloud.registry.GatewayContacts;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.WireCodec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /api/v1/ingest}: one batch in wire format v1 from a gateway, JSON, optionally gzip.
 * Thin: authenticates, bounds and decodes the body, and hands the batch to {@link IngestService}.
 */
@Path("/api/v1/ingest")
public class IngestResource {
  private final WireCodec codec = new WireCodec();

  @Inject IngestService ingest;
  @Inject Clock clock;
  @Inject IngestMetrics metrics;
  @Inject GatewayContacts contacts;

  @ConfigProperty(name = "citysense.ingest.max-body-bytes", defaultValue = "8388608")
  int maxBodyBytes;

  @POST
  @Blocking
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public IngestReply post(
      @Context ContainerRequestContext request,
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("Content-Encoding") String contentEncoding,
      InputStream body) {
    long start = System.nanoTime();
    Principal caller = Authentication.of(request);
    if (!caller.isGateway()) {
      throw new ApiException(403, "only a gateway token can send batches");
    }
    if (contentType == null || !contentType.toLowerCase().startsWith(MediaType.APPLICATION_JSON)) {
      throw new ApiException(
          415, "send Content-Type: application/json (got " + contentType + ")", null);
    }
    byte[] bytes = read(body, maxBodyBytes, "the body");
    if (contentEncoding != null && !contentEncoding.isBlank()) {
      if (!contentEncoding.strip().equalsIgnoreCase("gzip")) {
        throw new ApiException(
            415, "Content-Encoding " + contentEncoding + " is not supported; send gzip or nothing");
      }
      bytes = gunzip(bytes);
    }
    Batch batch = codec.decode(bytes);
    IngestReply reply = ingest.ingest(caller.subject(), batch, clock.instant());
    contacts.record(
        caller.subject(),
        clock.instant(),
        reply.clockOffsetMs(),
        reply.clockFlagged(),
        batch.counters(),
        batch.seqStart());
    metrics.accepted(batch, reply, System.nanoTime() - start);
    return reply;
  }

  /** Inflates a gzip body, refusing more than ten times the body limit (a zip bomb). */
  private byte[] gunzip(byte[] gz) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return read(in, 10L * maxBodyBytes, "the uncompressed body");
    } catch (ZipException e) {
      throw new ApiException(400, "the body is not valid gzip (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new ApiException(400, "the body is not valid gzip (" + e.getMessage() + ")");
    }
  }

  private static byte[] read(InputStream in, long limit, String what) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        if (out.size() > limit) {
          throw new ApiException(
              413, what + " is larger than " + limit + " bytes; send smaller batches");
        }
      }
    } catch (ZipException e) {
      throw new ApiException(400, "the body is not valid gzip (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new ApiException(400, "cannot read the body (" + e.getMessage() + ")");
    }
    return out.toByteArray();
  }
}
