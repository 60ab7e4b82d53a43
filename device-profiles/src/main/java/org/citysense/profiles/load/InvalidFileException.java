package org.citysense.profiles.load;

import java.util.List;
import java.util.stream.Collectors;

/** A profile, device or config file that cannot be used, with every problem found in it. */
public class InvalidFileException extends RuntimeException {
  private final List<Problem> problems;

  public InvalidFileException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
