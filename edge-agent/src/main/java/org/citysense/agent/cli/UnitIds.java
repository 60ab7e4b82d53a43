package org.citysense.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * Modbus unit ids to scan, written as ranges and single ids: {@code 1-10,15,20-30}.
 *
 * @param ids in ascending order, each 1..247 once
 * @param text as written, for messages
 */
record UnitIds(List<Integer> ids, String text) {
  static final int MIN = 1;
  static final int MAX = 247;

  /** Picocli's converter for {@code --units}. */
  static final class Converter implements CommandLine.ITypeConverter<UnitIds> {
    @Override
    public UnitIds convert(String value) {
      return parse(value);
    }
  }

  static UnitIds parse(String text) {
    TreeSet<Integer> ids = new TreeSet<>();
    for (String part : text.split(",")) {
      String p = part.strip();
      String[] ends = p.split("-", -1);
      if (p.isEmpty() || ends.length > 2) {
        throw bad(text, "\"" + p + "\" is not a unit id or a range such as 20-30");
      }
      int from = id(text, ends[0]);
      int to = ends.length == 2 ? id(text, ends[1]) : from;
      if (to < from) {
        throw bad(text, "the range " + p + " runs backwards");
      }
      for (int i = from; i <= to; i++) {
        ids.add(i);
      }
    }
    return new UnitIds(List.copyOf(new ArrayList<>(ids)), text.strip());
  }

  private static int id(String text, String s) {
    try {
      int id = Integer.parseInt(s.strip());
      if (id < MIN || id > MAX) {
        throw bad(text, "unit id " + id + " is not 1..247 (0 is broadcast: nobody answers it)");
      }
      return id;
    } catch (NumberFormatException e) {
      throw bad(text, "\"" + s.strip() + "\" is not a number");
    }
  }

  private static CommandLine.TypeConversionException bad(String text, String why) {
    return new CommandLine.TypeConversionException("--units " + text + ": " + why);
  }
}
