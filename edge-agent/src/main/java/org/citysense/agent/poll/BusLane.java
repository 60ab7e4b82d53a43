package org.citysense.agent.poll;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.function.Consumer;

/**
 * One lane of a {@link Bus}: a queue of the tasks of the devices pinned to it, served in order by
 * one thread, so a device's polls and writes never overlap. Writes sort ahead of polls, then both
 * by arrival. What serving a task means is the bus's.
 */
final class BusLane {
  private final BlockingQueue<Bus.Task> queue =
      new PriorityBlockingQueue<>(
          16, Comparator.comparing(Bus.Task::isPoll).thenComparingLong(Bus.Task::order));
  private final Consumer<Bus.Task> serve;
  private final Consumer<List<Bus.Task>> leftOver;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param serve runs one task; it must not throw, or the lane's devices are read no more
   * @param leftOver takes what is still queued when the lane's thread ends, on that thread
   */
  BusLane(String name, Consumer<Bus.Task> serve, Consumer<List<Bus.Task>> leftOver) {
    this.serve = serve;
    this.leftOver = leftOver;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void add(Bus.Task task) {
    queue.add(task);
  }

  int depth() {
    return queue.size();
  }

  private void run() {
    try {
      while (running) {
        serve.accept(queue.take());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      leftOver.accept(waiting());
    }
  }

  /** Ends the lane after the task at hand: the driver sees the interrupt and gives up waiting. */
  void stop() {
    running = false;
    thread.interrupt();
  }

  /** Waits until the thread has ended, at most {@code millis}. */
  void join(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
  }

  /** The tasks queued now, left in the queue. */
  List<Bus.Task> waiting() {
    return new ArrayList<>(queue);
  }
}
