package org.citysense.cloud.ingest;

/** A batch names another gateway than the token's: answered 403, nothing stored. */
public class GatewayMismatchException extends RuntimeException {
  public GatewayMismatchException(String tokenGateway, String batchGateway) {
    super(
        "the token belongs to gateway "
            + tokenGateway
            + ", but the batch is from gatewayId "
            + batchGateway);
  }
}
