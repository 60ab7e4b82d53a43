package org.citysense.agent.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.junit.jupiter.api.Test;

/** Block reads against a scripted transport: slicing, order, retries, a silent device. */
class BlockReaderTest {
  private static final ProfileCatalog PROFILES = ProfileCatalog.bundled();
  private final DeviceProfile pm = PROFILES.find("pm25-rs485").orElseThrow();
  private final DeviceProfile gas = PROFILES.find("gas-lel-modbus").orElseThrow();
  private final ScriptedTransport transport = new ScriptedTransport();

  @Test
  void onePointsRegistersAreCutOutOfTheBlock() {
    transport.answer(Reply.ofWords(new int[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}));
    List<PointResult> results = reader(8).read("pm-1", 1, pm.points());
    assertThat(transport.asked).containsExactly("1 holding-register 0+10");
    assertThat(words(results)).containsExactly(List.of(10), List.of(11), List.of(14), List.of(19));
  }

  @Test
  void resultsComeInTheOrderTheyWereAskedFor() {
    transport.answer(Reply.ofWords(new int[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}));
    List<Point> reversed = new ArrayList<>(pm.points());
    java.util.Collections.reverse(reversed);
    List<PointResult> results = reader(8).read("pm-1", 1, reversed);
    assertThat(results)
        .extracting(r -> r.point().name())
        .containsExactly("pm10", "pm2_5", "temperature", "humidity");
    assertThat(words(results)).containsExactly(List.of(19), List.of(14), List.of(11), List.of(10));
  }

  @Test
  void eachTableIsItsOwnBlockAndBitsComeBackAsBits() {
    transport.answer(Reply.ofBits(new boolean[] {true})); // coil 0: valve
    transport.answer(Reply.ofBits(new boolean[] {false})); // discrete input 0: gas_alarm
    transport.answer(Reply.ofWords(new int[] {125})); // input register 0: gas
    List<PointResult> results = reader(8).read("gas-1", 2, gas.points());
    assertThat(transport.asked)
        .containsExactly("2 coil 0+1", "2 discrete-input 0+1", "2 input-register 0+1");
    assertThat(results)
        .extracting(r -> r.point().name())
        .containsExactly("gas", "gas_alarm", "valve");
    assertThat(((RawValue.Registers) results.get(0).raw()).words()).containsExactly(125);
    assertThat(results.get(1).raw()).isEqualTo(new RawValue.Bit(false));
    assertThat(results.get(2).raw()).isEqualTo(new RawValue.Bit(true));
  }

  @Test
  void aMissedAnswerIsAskedForAgain() {
    transport.answer(Reply.failed(Failure.Kind.TIMEOUT, "silence"));
    transport.answer(Reply.ofWords(new int[] {523, 65436}));
    List<PointResult> results = reader(8).read("pm-1", 1, pm.points().subList(0, 2));
    assertThat(transport.asked).hasSize(2);
    assertThat(results).allMatch(PointResult::isOk);
  }

  @Test
  void anExceptionIsTheAnswerAndIsNotRepeated() {
    transport.answer(Reply.exception(6, "busy"));
    List<PointResult> results = reader(8).read("pm-1", 1, pm.points());
    assertThat(transport.asked).hasSize(1);
    assertThat(results)
        .extracting(PointResult::failure)
        .allMatch(f -> f.kind() == Failure.Kind.EXCEPTION && f.code() == 6);
  }

  @Test
  void aSilentDeviceIsNotAskedForItsOtherBlocks() {
    transport.answer(Reply.failed(Failure.Kind.TIMEOUT, "silence"));
    transport.answer(Reply.failed(Failure.Kind.TIMEOUT, "silence"));
    // maxGap 0: three blocks (0-1, 4, 9); the first one's two tries are all that go out
    List<PointResult> results = reader(0).read("pm-1", 1, pm.points());
    assertThat(transport.asked).containsExactly("1 holding-register 0+2", "1 holding-register 0+2");
    assertThat(results)
        .extracting(r -> r.failure().kind())
        .containsOnly(Failure.Kind.TIMEOUT)
        .hasSize(4);
  }

  @Test
  void anAnswerShorterThanTheBlockIsMalformed() {
    transport.answer(Reply.ofWords(new int[] {1, 2}));
    List<PointResult> results = reader(8).read("pm-1", 1, pm.points());
    assertThat(results).extracting(r -> r.failure().kind()).containsOnly(Failure.Kind.MALFORMED);
  }

  @Test
  void aPointWithoutModbusSourceFailsAlone() {
    Point frameField = PROFILES.find("pm25-sds011").orElseThrow().points().get(0);
    transport.answer(Reply.ofWords(new int[] {523}));
    List<PointResult> results = reader(8).read("pm-1", 1, List.of(pm.points().get(0), frameField));
    assertThat(results.get(0).isOk()).isTrue();
    assertThat(results.get(1).failure().kind()).isEqualTo(Failure.Kind.MALFORMED);
  }

  private BlockReader reader(int maxGap) {
    return new BlockReader(
        new DriverSettings(Duration.ofMillis(100), 1, Duration.ofMillis(1), maxGap), transport);
  }

  private static List<List<Integer>> words(List<PointResult> results) {
    return results.stream()
        .map(r -> java.util.Arrays.stream(((RawValue.Registers) r.raw()).words()).boxed().toList())
        .toList();
  }

  /** Answers block reads from a script, recording what was asked. */
  private static final class ScriptedTransport implements BlockReader.Transport {
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<String> asked = new ArrayList<>();

    void answer(Reply reply) {
      script.add(reply);
    }

    @Override
    public Reply read(int unitId, Block block) {
      asked.add(unitId + " " + block.table() + " " + block.start() + "+" + block.count());
      return script.isEmpty() ? Reply.failed(Failure.Kind.TIMEOUT, "script ended") : script.poll();
    }
  }
}
