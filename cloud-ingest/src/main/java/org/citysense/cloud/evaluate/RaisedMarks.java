package org.citysense.cloud.evaluate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per subject, the newest event time seen and whether the rule has raised: all that a rule deciding
 * on each reading alone (state, battery) keeps. Survives a restart as {@link Saved}; a seed marks
 * the subjects of open events raised.
 */
final class RaisedMarks {
  private final Map<String, Mark> marks = new HashMap<>();

  static final class Mark {
    final Newest newest;
    boolean raised;

    Mark(Newest newest) {
      this.newest = newest;
    }
  }

  /** The marks as a checkpoint keeps them, by subject id. */
  public record Saved(List<SavedMark> marks) {}

  public record SavedMark(String key, Instant newest, boolean raised) {}

  /** The subject's mark, made on first need. */
  Mark of(String key) {
    return marks.computeIfAbsent(key, k -> new Mark(new Newest()));
  }

  void seed(List<SubjectKey> raised) {
    for (SubjectKey subject : raised) {
      of(subject.id()).raised = true;
    }
  }

  Saved saved() {
    List<SavedMark> saved = new ArrayList<>(marks.size());
    marks.forEach((k, m) -> saved.add(new SavedMark(k, m.newest.at(), m.raised)));
    return new Saved(saved);
  }

  void restore(Saved saved) {
    marks.clear();
    for (SavedMark s : saved.marks()) {
      Mark m = new Mark(new Newest(s.newest()));
      m.raised = s.raised();
      marks.put(s.key(), m);
    }
  }
}
