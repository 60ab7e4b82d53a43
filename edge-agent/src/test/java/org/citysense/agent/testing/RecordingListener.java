package org.citysense.agent.testing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PushListener;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Reading;

/** A listener that keeps what a push driver hands it, and decodes it as the agent would. */
public final class RecordingListener implements PushListener {

  /** One call of {@link #received}. */
  public record Received(String deviceId, List<Point> points, RawValue raw) {
    /** The named point decoded by the one pipeline. */
    public Reading decode(String pointName) {
      Point point =
          points.stream()
              .filter(p -> p.name().equals(pointName))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no point " + pointName + " in " + points));
      return Decoder.decode(deviceId, point, raw, Instant.EPOCH).reading();
    }
  }

  /** One call of {@link #failed}. */
  public record Failed(String deviceId, Failure failure) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<Failed> failed = new CopyOnWriteArrayList<>();

  @Override
  public void received(String deviceId, List<Point> points, RawValue raw) {
    received.add(new Received(deviceId, points, raw));
  }

  @Override
  public void failed(String deviceId, Failure failure) {
    failed.add(new Failed(deviceId, failure));
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> received(String deviceId) {
    return received.stream().filter(r -> r.deviceId().equals(deviceId)).toList();
  }

  public Optional<Received> latest(String deviceId) {
    List<Received> mine = received(deviceId);
    return mine.isEmpty() ? Optional.empty() : Optional.of(mine.get(mine.size() - 1));
  }

  public List<Failed> failures() {
    return List.copyOf(failed);
  }

  public List<Failure> failures(String deviceId) {
    return failed.stream().filter(f -> f.deviceId().equals(deviceId)).map(Failed::failure).toList();
  }

  public boolean hasFailure(String deviceId, Failure.Kind kind) {
    return failures(deviceId).stream().anyMatch(f -> f.kind() == kind);
  }

  /** Everything seen so far, for failure messages. */
  public String transcript() {
    return "received: " + received + "\nfailed: " + failed;
  }
}
