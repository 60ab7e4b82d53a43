package org.citysense.profiles.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;

/**
 * Random wire records from a seed, leaning on the edges: nulls, booleans, extreme and awkward
 * doubles, extreme longs, text with quotes, control characters and non-ASCII, every id.
 */
final class WireSamples {
  private static final double[] DOUBLES = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.1 + 0.2,
    Math.PI,
    123.456,
    1e7,
    1e-3,
    1e-300,
    1e300,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.MIN_VALUE,
    Double.MIN_NORMAL,
    9007199254740993.0, // 2^53 + 1, not exactly a double
    -273.15
  };

  private static final long[] LONGS = {
    0, 1, -1, 1_795_334_400_000L, Integer.MAX_VALUE + 1L, Long.MAX_VALUE, Long.MIN_VALUE
  };

  private static final String[] TEXTS = {
    "",
    " ",
    "pm-st01",
    "µg/m³",
    "%LEL",
    ">= 20.0",
    "quote \" backslash \\ slash /",
    "tab\tnew\nline\rcr",
    "\u0000\u0001\u001f\u007f",
    "上海 水表",
    "emoji 🔥💧",
    "line\u2028separator\u2029",
    "ü".repeat(300)
  };

  private final Random random;

  WireSamples(long seed) {
    this.random = new Random(seed);
  }

  WireReading reading() {
    return new WireReading(
        number(),
        text(),
        text(),
        orNull(() -> pick(Quantity.values())),
        value(),
        text(),
        number(),
        orNull(() -> pick(Quality.values())));
  }

  StatusChange statusChange() {
    return new StatusChange(
        number(), text(), orNull(() -> pick(DeviceState.values())), text(), number());
  }

  EdgeEvent edgeEvent() {
    List<EdgeAction> actions = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      actions.add(new EdgeAction(text(), text(), value(), random.nextBoolean(), text()));
    }
    return new EdgeEvent(
        number(),
        text(),
        text(),
        orNull(() -> random.nextBoolean() ? EdgeEvent.RAISED : EdgeEvent.CLEARED),
        value(),
        text(),
        number(),
        random.nextBoolean() ? actions : null);
  }

  Batch batch() {
    return new Batch(
        random.nextInt(3),
        text(),
        text(),
        number(),
        random.nextBoolean()
            ? null
            : new GatewayClock(random.nextBoolean(), text(), finiteDouble()),
        list(this::reading),
        list(this::statusChange),
        list(this::edgeEvent),
        random.nextBoolean() ? null : new Counters(number(), number(), number()),
        random.nextBoolean() ? null : number());
  }

  /** A finite double: a listed edge, or any bit pattern that is a number. */
  double finiteDouble() {
    if (random.nextBoolean()) {
      return DOUBLES[random.nextInt(DOUBLES.length)];
    }
    double d;
    do {
      d = Double.longBitsToDouble(random.nextLong());
    } while (!Double.isFinite(d));
    return d;
  }

  private Value value() {
    return switch (random.nextInt(3)) {
      case 0 -> null;
      case 1 -> Value.of(random.nextBoolean());
      default -> Value.of(finiteDouble());
    };
  }

  private long number() {
    return random.nextBoolean() ? LONGS[random.nextInt(LONGS.length)] : random.nextLong();
  }

  private String text() {
    return switch (random.nextInt(4)) {
      case 0 -> null;
      case 1 -> randomText();
      default -> TEXTS[random.nextInt(TEXTS.length)];
    };
  }

  /** Any code points but lone surrogates, which no JSON writer can encode faithfully. */
  private String randomText() {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(20); i > 0; i--) {
      int cp = random.nextInt(Character.MAX_CODE_POINT + 1);
      if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
        s.appendCodePoint(cp);
      }
    }
    return s.toString();
  }

  private <T> List<T> list(Supplier<T> item) {
    List<T> items = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      items.add(item.get());
    }
    return items;
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private <T> T orNull(Supplier<T> value) {
    return random.nextInt(5) == 0 ? null : value.get();
  }
}
