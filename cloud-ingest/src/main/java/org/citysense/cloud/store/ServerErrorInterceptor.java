package org.citysense.cloud.store;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Turns a 5xx answer into an IOException, which influxdb-java reports as an InfluxDBIOException:
 * its own exceptions for error answers do not keep the status code, and a 5xx means "try later",
 * unlike a 4xx (a bad point or query).
 */
final class ServerErrorInterceptor implements Interceptor {

  static final class ServerErrorException extends IOException {
    ServerErrorException(String message) {
      super(message);
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (response.code() >= 500) {
      String message = "HTTP " + response.code() + " from " + chain.request().url().encodedPath();
      response.close();
      throw new ServerErrorException(message);
    }
    return response;
  }
}
