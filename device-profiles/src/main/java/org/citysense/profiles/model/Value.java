package org.citysense.profiles.model;

/** A reading's value in its canonical unit: a number, or a boolean for alarm-like quantities. */
public sealed interface Value permits Value.Num, Value.Bool {

  static Value of(double number) {
    return new Num(number);
  }

  static Value of(boolean flag) {
    return new Bool(flag);
  }

  /** The value as a number; booleans are 1 and 0. */
  double asDouble();

  /** The value as a boolean; numbers are true when not zero. */
  boolean asBoolean();

  record Num(double value) implements Value {
    @Override
    public double asDouble() {
      return value;
    }

    @Override
    public boolean asBoolean() {
      return value != 0;
    }

    @Override
    public String toString() {
      return Double.toString(value);
    }
  }

  record Bool(boolean value) implements Value {
    @Override
    public double asDouble() {
      return value ? 1 : 0;
    }

    @Override
    public boolean asBoolean() {
      return value;
    }

    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }
}
