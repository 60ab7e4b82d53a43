package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.model.WordOrder;
import org.junit.jupiter.api.Test;

/** The ranking on registers made by the one encoder, so no test converts bytes by hand. */
class WordOrderProbeTest {
  private static final ProfileCatalog PROFILES = ProfileCatalog.bundled();

  private static Point point(String profile, String name) {
    return PROFILES.find(profile).orElseThrow().point(name).orElseThrow();
  }

  private static Point as(Point p, WordOrder order) {
    Source.Modbus m = (Source.Modbus) p.source();
    return new Point(
        p.name(),
        p.quantity(),
        p.unit(),
        new Source.Modbus(m.table(), m.address(), m.type(), order),
        p.transform(),
        p.range(),
        p.interval(),
        p.alarm(),
        p.writable());
  }

  /** The registers a device that uses {@code order} serves for {@code value}. */
  private static RawValue.Registers served(Point p, WordOrder order, double value) {
    return new RawValue.Registers(Encoder.registers(as(p, order), Value.of(value)));
  }

  @Test
  void aFloatServedInCdabWhileTheProfileSaysAbcdRanksCdabFirstWithTheHint() {
    Point level = point("water-level-radar", "level"); // float32 ABCD, 0..30 m
    List<WordOrderProbe.Candidate> ranked =
        WordOrderProbe.rank("r", level, served(level, WordOrder.CDAB, 1.234));
    assertThat(ranked)
        .extracting(WordOrderProbe.Candidate::order)
        .first()
        .isEqualTo(WordOrder.CDAB);
    assertThat(ranked.get(0).verdict()).isEqualTo(WordOrderProbe.Verdict.IN_RANGE);
    assertThat(ranked)
        .filteredOn(WordOrderProbe.Candidate::configured)
        .extracting(c -> c.order())
        .containsExactly(WordOrder.ABCD);
    assertThat(WordOrderProbe.hint(level, "water-level-radar", ranked))
        .startsWith("the readings make sense in CDAB; set wordOrder: CDAB on point level");
  }

  @Test
  void aRoundFloatsSwappedWordsAreTinyAndRankBelowTheRealValue() {
    Point level = point("water-level-radar", "level");
    // 12.5 is 0x4148 0x0000: swapped it is about 2e-41, inside 0..30 but no sensor's value
    List<WordOrderProbe.Candidate> ranked =
        WordOrderProbe.rank("r", level, served(level, WordOrder.CDAB, 12.5));
    assertThat(ranked.get(0).order()).isEqualTo(WordOrder.CDAB);
    assertThat(ranked)
        .filteredOn(c -> c.order() == WordOrder.ABCD)
        .extracting(WordOrderProbe.Candidate::verdict)
        .containsExactly(WordOrderProbe.Verdict.TINY);
  }

  @Test
  void theRightProfileRanksItsOwnOrderFirstAndSaysSo() {
    Point flow = point("water-meter-modbus", "flow"); // float32 CDAB, L/h on the wire
    // 0.0125 m³/h is 12.5 L/h: 0x4148 0x0000, swapped tiny, reversed 197632 L/h
    List<WordOrderProbe.Candidate> ranked =
        WordOrderProbe.rank("m", flow, served(flow, WordOrder.CDAB, 0.0125));
    assertThat(ranked.get(0).order()).isEqualTo(WordOrder.CDAB);
    assertThat(ranked.get(0).configured()).isTrue();
    assertThat(WordOrderProbe.hint(flow, "water-meter-modbus", ranked))
        .isEqualTo("the configured order CDAB is the only one that reads in range");
  }

  @Test
  void sixteenBitPointsHaveTwoOrdersAndTiesKeepTheConfiguredFirst() {
    Point battery = point("water-meter-modbus", "battery"); // uint16 0..100
    // 0x0000 reads 0 either way: a tie
    List<WordOrderProbe.Candidate> ranked =
        WordOrderProbe.rank("m", battery, new RawValue.Registers(new int[] {0}));
    assertThat(ranked)
        .extracting(WordOrderProbe.Candidate::order)
        .containsExactly(WordOrder.ABCD, WordOrder.BADC);
    assertThat(WordOrderProbe.hint(battery, "water-meter-modbus", ranked))
        .startsWith("orders ABCD, BADC all read in range");
  }

  @Test
  void outOfRangeValuesRankByDistanceAndNanLast() {
    Point level = point("water-level-radar", "level");
    // a NaN in ABCD; its other orders are finite
    RawValue.Registers nan = new RawValue.Registers(new int[] {0x7FC0, 0x0000});
    List<WordOrderProbe.Candidate> ranked = WordOrderProbe.rank("r", level, nan);
    assertThat(ranked.get(ranked.size() - 1).order()).isEqualTo(WordOrder.ABCD);
    assertThat(ranked.get(ranked.size() - 1).verdict()).isEqualTo(WordOrderProbe.Verdict.INVALID);
    List<Double> distances =
        ranked.stream()
            .filter(c -> c.verdict() == WordOrderProbe.Verdict.OUT_OF_RANGE)
            .map(WordOrderProbe.Candidate::distance)
            .toList();
    assertThat(distances).isSorted();
  }

  @Test
  void bitsAndOtherProtocolsHaveNoOrderToProbe() {
    assertThat(WordOrderProbe.applies(point("gas-lel-modbus", "valve"))).isFalse();
    assertThat(WordOrderProbe.applies(point("smoke-nbiot-mqtt", "smoke"))).isFalse();
    assertThat(WordOrderProbe.applies(point("gas-lel-modbus", "gas"))).isTrue();
  }
}
