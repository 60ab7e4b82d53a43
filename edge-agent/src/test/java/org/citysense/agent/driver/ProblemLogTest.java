package org.citysense.agent.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProblemLogTest {
  private final ProblemLog problems = new ProblemLog(LoggerFactory.getLogger(ProblemLogTest.class));

  @Test
  void onlyTheFirstOccurrenceOfAProblemCountsUntilItClears() {
    assertThat(problems.problem("meter-1 TIMEOUT", "no answer [device: {}]", "meter-1")).isTrue();
    assertThat(problems.problem("meter-1 TIMEOUT", "no answer [device: {}]", "meter-1")).isFalse();
    assertThat(problems.problem("meter-2 TIMEOUT", "no answer [device: {}]", "meter-2")).isTrue();
    assertThat(problems.active("meter-1 TIMEOUT")).isTrue();

    problems.cleared("meter-1 TIMEOUT", "answering again [device: {}]", "meter-1");

    assertThat(problems.active("meter-1 TIMEOUT")).isFalse();
    assertThat(problems.problem("meter-1 TIMEOUT", "no answer [device: {}]", "meter-1")).isTrue();
  }
}
