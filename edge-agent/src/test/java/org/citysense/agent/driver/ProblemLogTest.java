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

  @Test
  void aProblemOfAnotherKindIsNewsAndOpenCountsTheProblemsInForce() {
    assertThat(problems.problem("pm-1/pm2_5", "timeout", "no answer [device: {}]", "pm-1"))
        .isTrue();
    assertThat(problems.problem("pm-1/pm2_5", "timeout", "no answer [device: {}]", "pm-1"))
        .isFalse();
    assertThat(problems.problem("pm-1/pm2_5", "exception 2", "exception [device: {}]", "pm-1"))
        .isTrue();
    assertThat(problems.kindOf("pm-1/pm2_5")).isEqualTo("exception 2");
    assertThat(problems.problem("pm-1/pm10", "timeout", "no answer [device: {}]", "pm-1")).isTrue();
    assertThat(problems.open()).isEqualTo(2);
    problems.cleared("pm-1/pm2_5", "reads again [device: {}]", "pm-1");
    assertThat(problems.open()).isEqualTo(1);
    assertThat(problems.kindOf("pm-1/pm2_5")).isNull();
  }
}
