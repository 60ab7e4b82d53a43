package org.citysense.agent.buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.citysense.profiles.wire.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue between acquisition and uplink. See docs/storage.md ("Edge buffer") for the
 * file layout, the record format and the numbers.
 *
 * <p><b>Sync policy (group commit).</b> {@link #append} writes the record to its lane's segment
 * file with a {@link FileChannel} write and returns: the record is then in the OS page cache and
 * survives a kill -9 of the process. A daemon thread forces the segment files to disk every {@code
 * syncEvery} (so does {@link #sync()}, and {@link #close()}). Only records forced to disk are
 * <em>taken</em>: reported to {@code onTaken} (in the order they were appended, after each sync)
 * and handed out by {@link #next}. Worst case: a power loss loses the items appended during the
 * last {@code syncEvery} before it; none of them was ever reported as taken or sent.
 *
 * <p><b>One batch at a time.</b> {@link #next} always reads from the acknowledged positions, so
 * after a failed send a fresh {@code next} returns the same items again; the forwarder must not ask
 * for a second batch while one is unacknowledged (it would get the same items).
 *
 * <p><b>Threads.</b> {@code append} may be called from several threads; {@code next} and {@code
 * acknowledge} from one forwarder thread; {@code stats} and {@code counters} from anywhere. One
 * lock guards the bookkeeping and the appends; forcing and reading files happen outside it.
 *
 * <p><b>Eviction.</b> When the segments take more than {@code maxBytes}, the oldest normal segment
 * that is not being written is deleted, its unacknowledged records counted as evicted; priority
 * segments only when no normal one is left. The segments being written are never evicted, so the
 * budget can be exceeded by up to one segment per lane. Items of an evicted segment that were on
 * their way in the batch being sent count as evicted only if that batch gets no answer.
 */
public final class DurableBuffer implements Outbox, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DurableBuffer.class);

  private final BufferSettings settings;
  private final LongConsumer onTaken;
  private final RecordCodec codec = new RecordCodec();
  private final StateFiles files;
  private final LaneChain priority;
  private final LaneChain normal;
  private final ReentrantLock lock = new ReentrantLock();
  private final Object syncLock = new Object();
  private final Object stateWriteLock = new Object();
  private final ScheduledExecutorService syncer;

  /** Priority items the disk would not take, at most this many, are kept in memory. */
  static final int MAX_HELD = 10_000;

  // guarded by lock
  private long nextId;
  private long totalBytes;
  private final Evictions evictions;
  private long rejected;
  private long quarantined;
  private long taken;
  private long[] unsyncedSeqs = new long[1024];
  private int unsyncedCount;
  private boolean closed;
  private boolean shut;
  private long stateVersion;
  private final OldestCache[] oldest = new OldestCache[2];
  private final HeldItems held = new HeldItems(MAX_HELD);
  private final DiskTrouble trouble;

  // guarded by stateWriteLock
  private long stateWritten;

  private record OldestCache(Segment segment, long offset, long ts) {}

  /** Where a batch ends in one segment: its acknowledged position once the batch is answered. */
  record Mark(Segment segment, long endOffset, long endCount) {}

  record Range(Segment segment, long from, long fromCount, long limit, int take) {}

  private record SyncJob(Segment segment, FileChannel channel, long size, long count) {}

  /**
   * Opens the buffer in {@code dir}, recovering what a crash left (a torn last record is cut off).
   *
   * @param onTaken called with each item's seq once it is synced to disk, in order (may be null)
   */
  public DurableBuffer(Path dir, BufferSettings settings, LongConsumer onTaken) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (settings.maxBytes() <= 0
        || settings.segmentBytes() <= 0
        || settings.syncEvery().isNegative()
        || settings.syncEvery().isZero()) {
      throw new IllegalArgumentException("buffer settings must be positive: " + settings);
    }
    this.onTaken = onTaken;
    this.files = new StateFiles(dir);
    this.trouble = new DiskTrouble(dir);
    this.priority = new LaneChain(Lane.PRIORITY, dir.resolve("priority"));
    this.normal = new LaneChain(Lane.NORMAL, dir.resolve("normal"));
    try {
      Files.createDirectories(priority.dir);
      Files.createDirectories(normal.dir);
      Map<String, StateFiles.Ack> acks = files.loadState();
      Counters counters = files.loadCounters();
      evictions = new Evictions(counters.evicted());
      rejected = counters.rejected();
      quarantined = counters.quarantined();
      long dropped = 0;
      long maxId = 0;
      for (LaneChain chain : List.of(priority, normal)) {
        SegmentRecovery.Recovered r = SegmentRecovery.recover(chain.lane, chain.dir, acks);
        chain.segments.addAll(r.segments());
        for (Segment s : r.segments()) {
          totalBytes += s.size;
        }
        dropped += r.dropped();
        maxId = Math.max(maxId, r.maxId());
      }
      nextId = maxId + 1;
      if (dropped > 0) {
        evictions.countLost(dropped);
        saveCountersQuietly(true);
      }
      lock.lock();
      try {
        evictWhileOverBudget();
      } finally {
        lock.unlock();
      }
      saveStateQuietly(); // a full disk must not keep the agent from starting; saved again later
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the buffer in " + dir, e);
    }
    long period = settings.syncEvery().toNanos();
    this.syncer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "buffer-sync");
              t.setDaemon(true);
              return t;
            });
    syncer.scheduleWithFixedDelay(this::syncQuietly, period, period, TimeUnit.NANOSECONDS);
    LOG.info(
        "buffer open [dir: {}, priority: {}, normal: {}, bytes: {}]",
        dir,
        priority.unacked(),
        normal.unacked(),
        totalBytes);
  }

  /**
   * Appends an item; thread-safe; durable within {@code syncEvery}. When this returns true the item
   * is in the OS page cache (safe from a crash of the process, not yet from a power loss).
   *
   * <p>When the disk will not take it (full, or failing), nothing half-written stays behind and
   * this returns false: a priority item is then held in memory and sent ahead of the disk's items
   * (up to {@link #MAX_HELD} of them); any other item is counted as not stored, with the evicted
   * ones. The next append tries the disk again, so the buffer recovers by itself.
   */
  public boolean append(Item item) {
    byte[] record = codec.encode(item);
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the buffer is closed");
      }
      try {
        write(chain(item.lane()), record);
      } catch (IOException e) {
        boolean heldInMemory = item.lane() == Lane.PRIORITY && held.hold(item);
        trouble.failed(e, item, !heldInMemory);
        if (!heldInMemory) {
          evictions.countLost(1);
        }
        return false;
      }
      totalBytes += record.length;
      if (unsyncedCount == unsyncedSeqs.length) {
        unsyncedSeqs = Arrays.copyOf(unsyncedSeqs, unsyncedCount * 2);
      }
      unsyncedSeqs[unsyncedCount++] = item.seq();
      evictWhileOverBudget();
      if (trouble.ok(held.size())) {
        saveCountersQuietly(true); // what was not stored is counted on disk too, from now on
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Writes one record at the end of the lane's segment, rolling to a new one when it is full. */
  private void write(LaneChain chain, byte[] record) throws IOException {
    Segment segment = chain.writing;
    if (segment == null
        || (segment.size > 0 && segment.size + record.length > settings.segmentBytes())) {
      segment = roll(chain);
    }
    try {
      segment.write(record);
    } catch (ClosedChannelException e) {
      // an interrupt of an appending thread closes the channel: go on in a new segment
      boolean interrupted = Thread.interrupted();
      try {
        segment = roll(chain);
        segment.write(record);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    } catch (IOException e) {
      cutTornTail(segment);
      throw e;
    }
    segment.size += record.length;
    segment.count++;
  }

  /**
   * Cuts off what a failed write left of a record, so the next record follows the last whole one.
   * Shrinking a file needs no space; should it fail anyway, the closed channel makes the next
   * append roll to a new segment, and the roll cuts the old one.
   */
  private static void cutTornTail(Segment segment) {
    try {
      segment.channel.truncate(segment.size);
    } catch (IOException e) {
      try {
        segment.channel.close();
      } catch (IOException ignored) {
        // closed either way
      }
    }
  }

  /** Forces everything appended so far to disk now, then reports the newly taken seqs. */
  public void sync() {
    synchronized (syncLock) {
      List<SyncJob> jobs = new ArrayList<>();
      List<LaneChain> dirs = new ArrayList<>();
      long[] seqs;
      lock.lock();
      try {
        if (shut) {
          return;
        }
        for (LaneChain chain : List.of(priority, normal)) {
          if (chain.dirDirty) {
            dirs.add(chain);
            chain.dirDirty = false;
          }
          for (Segment s : chain.segments) {
            if (s.size > s.syncedSize) {
              jobs.add(new SyncJob(s, s.channel, s.size, s.count));
            }
          }
        }
        seqs = Arrays.copyOf(unsyncedSeqs, unsyncedCount);
      } finally {
        lock.unlock();
      }
      for (LaneChain chain : dirs) {
        StateFiles.forceDirectory(chain.dir);
      }
      List<SyncJob> failed = new ArrayList<>();
      for (SyncJob job : jobs) {
        try {
          force(job);
        } catch (IOException e) {
          failed.add(job);
          LOG.debug("cannot force segment [segment: {}, cause: {}]", job.segment(), e.toString());
        }
      }
      lock.lock();
      try {
        for (SyncJob job : failed) {
          if (!job.segment().deleted) {
            LOG.error("cannot sync the buffer, will retry [segment: {}]", job.segment());
            for (LaneChain chain : dirs) {
              chain.dirDirty = true;
            }
            return;
          }
        }
        for (SyncJob job : jobs) {
          Segment s = job.segment();
          s.syncedSize = Math.max(s.syncedSize, job.size());
          s.syncedCount = Math.max(s.syncedCount, job.count());
          if (!s.writable && s.syncedSize == s.size) {
            s.closeChannel();
          }
        }
        System.arraycopy(unsyncedSeqs, seqs.length, unsyncedSeqs, 0, unsyncedCount - seqs.length);
        unsyncedCount -= seqs.length;
        taken += seqs.length;
      } finally {
        lock.unlock();
      }
      if (onTaken != null) {
        for (long seq : seqs) {
          onTaken.accept(seq);
        }
      }
    }
  }

  /**
   * The next batch's items, synced ones only: all waiting priority items first (up to {@code max}),
   * then normal ones, drawn from both the oldest backlog and the newest live segment so live data
   * keeps flowing while a backlog drains. Leaves them in the buffer.
   *
   * <p>When more than one normal segment has items waiting, up to a quarter of the room left after
   * the priority items is taken from the newest of them, the rest from the oldest ones in order.
   * Always reads from the acknowledged positions: calling it again before {@link #acknowledge}
   * returns the same items (that is how a failed send is retried).
   */
  public Pending next(int max) {
    for (int attempt = 0; ; attempt++) {
      List<Range> plan;
      List<Item> inMemory;
      lock.lock();
      try {
        if (shut) {
          throw new IllegalStateException("the buffer is closed");
        }
        settleDoomed();
        inMemory = held.first(max);
        plan = plan(max - inMemory.size());
        Evictions.markInFlight(List.of(priority, normal), plan);
      } finally {
        lock.unlock();
      }
      try {
        return withHeld(inMemory, read(plan));
      } catch (NoSuchFileException e) {
        // evicted between planning and reading: plan again
        if (attempt >= 10) {
          throw new UncheckedIOException("cannot read the buffer", e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the buffer", e);
      }
    }
  }

  /** Held items go first: they are priority items that exist nowhere but in memory. */
  private static Pending withHeld(List<Item> inMemory, Pending fromDisk) {
    if (inMemory.isEmpty()) {
      return fromDisk;
    }
    List<Item> items = new ArrayList<>(inMemory);
    items.addAll(fromDisk.items());
    List<Object> marks = new ArrayList<>(fromDisk.marks());
    marks.add(new HeldItems.Mark(inMemory.size()));
    return new Pending(items, marks);
  }

  /** The cloud answered for these (stored, duplicate or rejected): they leave the buffer. */
  public void acknowledge(Pending pending) {
    if (pending.marks().isEmpty()) {
      return;
    }
    lock.lock();
    try {
      for (Object o : pending.marks()) {
        if (o instanceof HeldItems.Mark h) {
          held.release(h.count());
          continue;
        }
        Mark m = (Mark) o;
        Segment s = m.segment();
        if (s.deleted) {
          evictions.answered(s); // evicted while on its way, but the cloud has it: not lost
          continue;
        }
        if (m.endOffset() > s.ackedOffset) {
          s.ackedOffset = m.endOffset();
          s.ackedCount = m.endCount();
        }
        if (s != chain(s.lane).writing && s.unacked() == 0) {
          delete(s);
        }
      }
    } finally {
      lock.unlock();
    }
    saveStateQuietly();
  }

  /** Counts items the cloud rejected; reported in every batch's counters from now on. */
  public void countRejected(long n) {
    lock.lock();
    try {
      rejected += n;
      saveCountersQuietly(false);
    } finally {
      lock.unlock();
    }
  }

  /** Counts items set aside in quarantine; reported in every batch's counters from now on. */
  public void countQuarantined(long n) {
    lock.lock();
    try {
      quarantined += n;
      saveCountersQuietly(true);
    } finally {
      lock.unlock();
    }
  }

  /** The cumulative counters the batches carry. */
  public Counters counters() {
    lock.lock();
    try {
      return new Counters(evictions.total(), rejected, quarantined);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Depths count every record not yet acknowledged, synced or not; the oldest unsent time is read
   * from the first unacknowledged record of each lane (and cached until that position moves).
   */
  public BufferStats stats() {
    long p;
    long n;
    long bytes;
    long ev;
    long rej;
    long tk;
    int inMemory;
    long lost;
    String diskError;
    Segment[] firsts = new Segment[2];
    long[] offsets = new long[2];
    long[] limits = new long[2];
    long[] ts = {-1, -1};
    lock.lock();
    try {
      p = priority.unacked() + held.size();
      n = normal.unacked();
      inMemory = held.size();
      lost = trouble.notStored();
      diskError = trouble.cause();
      bytes = totalBytes;
      ev = evictions.total();
      rej = rejected;
      tk = taken;
      for (LaneChain chain : List.of(priority, normal)) {
        int i = chain.lane.ordinal();
        Segment s = chain.firstUnacked();
        if (s == null) {
          continue;
        }
        OldestCache cached = oldest[i];
        if (cached != null && cached.segment() == s && cached.offset() == s.ackedOffset) {
          ts[i] = cached.ts();
        } else {
          firsts[i] = s;
          offsets[i] = s.ackedOffset;
          limits[i] = s.size;
        }
      }
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < 2; i++) {
      if (firsts[i] != null) {
        ts[i] = readTs(firsts[i], offsets[i], limits[i]);
        if (ts[i] >= 0) {
          lock.lock();
          try {
            oldest[i] = new OldestCache(firsts[i], offsets[i], ts[i]);
          } finally {
            lock.unlock();
          }
        }
      }
    }
    long oldestTs = ts[0] < 0 ? ts[1] : ts[1] < 0 ? ts[0] : Math.min(ts[0], ts[1]);
    return new BufferStats(p, n, bytes, oldestTs, ev, rej, tk, inMemory, lost, diskError);
  }

  /** Syncs and closes the files. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    syncer.shutdown();
    try {
      syncer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sync();
    lock.lock();
    try {
      shut = true;
      for (LaneChain chain : List.of(priority, normal)) {
        for (Segment s : chain.segments) {
          s.closeChannel();
        }
      }
      // items of evicted segments still on their way got no answer before the stop: lost, and
      // counted as such, or they would be missing from every count after the restart
      settleDoomed();
      saveCountersQuietly(false);
    } finally {
      lock.unlock();
    }
    saveStateQuietly();
  }

  private LaneChain chain(Lane lane) {
    return lane == Lane.PRIORITY ? priority : normal;
  }

  /** Starts a new segment for the lane's appends; the old one stays until acked or evicted. */
  private Segment roll(LaneChain chain) throws IOException {
    Segment old = chain.writing;
    Segment segment = Segment.create(chain.lane, nextId++, chain.dir);
    chain.segments.add(segment);
    chain.writing = segment;
    chain.dirDirty = true;
    if (old != null) {
      old.writable = false;
      if (old.channel != null && !old.channel.isOpen()) {
        // closed by an interrupt, maybe after part of a record: cut that part off
        old.closeChannel();
        try (FileChannel ch = FileChannel.open(old.path, StandardOpenOption.WRITE)) {
          ch.truncate(old.size);
        }
      }
      if (old.syncedSize == old.size) {
        old.closeChannel();
      }
      if (old.unacked() == 0) {
        delete(old);
      }
    }
    return segment;
  }

  private void evictWhileOverBudget() {
    while (totalBytes > settings.maxBytes()) {
      Segment victim = normal.oldestEvictable();
      if (victim == null) {
        victim = priority.oldestEvictable();
      }
      if (victim == null) {
        return;
      }
      delete(victim);
      evictions.evicted(victim);
      saveCountersQuietly(true);
    }
  }

  private void delete(Segment s) {
    s.deleted = true;
    s.closeChannel();
    chain(s.lane).segments.remove(s);
    totalBytes -= s.size;
    try {
      Files.deleteIfExists(s.path);
    } catch (IOException e) {
      LOG.error("cannot delete a buffer segment [segment: {}, cause: {}]", s, e.toString());
    }
  }

  private void force(SyncJob job) throws IOException {
    if (job.channel() != null) {
      try {
        job.channel().force(false);
        return;
      } catch (ClosedChannelException e) {
        // closed by an interrupted appender or an eviction: force through a fresh descriptor
      }
    }
    try (FileChannel ch = FileChannel.open(job.segment().path, StandardOpenOption.WRITE)) {
      ch.force(false);
    }
  }

  private void syncQuietly() {
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.error("buffer sync failed, will retry", e);
    }
  }

  /** A new batch is planned (or the buffer closes): counts what the last one lost, if anything. */
  private void settleDoomed() {
    if (evictions.settle()) {
      saveCountersQuietly(true);
    }
  }

  private List<Range> plan(int max) {
    List<Range> plan = new ArrayList<>();
    int room = Math.max(0, max);
    for (Segment s : priority.segments) {
      room -= take(plan, s, room);
    }
    List<Segment> waiting = new ArrayList<>();
    for (Segment s : normal.segments) {
      if (s.syncedUnacked() > 0) {
        waiting.add(s);
      }
    }
    Segment last =
        normal.segments.isEmpty() ? null : normal.segments.get(normal.segments.size() - 1);
    if (waiting.size() > 1 && room > 0 && waiting.get(waiting.size() - 1) == last) {
      // a backlog: the newest segment (live data) gets up to a quarter of the room
      Segment newest = waiting.remove(waiting.size() - 1);
      int live = (int) Math.min(room / 4, newest.syncedUnacked());
      room -= live;
      for (Segment s : waiting) {
        room -= take(plan, s, room);
      }
      take(plan, newest, room + live);
    } else {
      for (Segment s : waiting) {
        room -= take(plan, s, room);
      }
    }
    return plan;
  }

  private static int take(List<Range> plan, Segment s, int room) {
    int n = (int) Math.min(room, s.syncedUnacked());
    if (n > 0) {
      plan.add(new Range(s, s.ackedOffset, s.ackedCount, s.syncedSize, n));
    }
    return n;
  }

  private Pending read(List<Range> plan) throws IOException {
    List<Item> items = new ArrayList<>();
    List<Object> marks = new ArrayList<>();
    for (Range r : plan) {
      try (FileChannel ch = FileChannel.open(r.segment().path, StandardOpenOption.READ)) {
        RecordReader reader = new RecordReader(ch, r.from(), r.limit());
        for (int i = 0; i < r.take(); i++) {
          RecordReader.Result result = reader.next();
          if (result != RecordReader.Result.RECORD) {
            throw new IOException(
                "segment "
                    + r.segment()
                    + " does not read back at offset "
                    + reader.position()
                    + " ("
                    + result.name().toLowerCase(Locale.ROOT)
                    + "); restarting the agent cuts it there");
          }
          items.add(codec.decode(reader.payloadArray(), reader.payloadOffset(), reader.length()));
        }
        marks.add(new Mark(r.segment(), reader.position(), r.fromCount() + r.take()));
      }
    }
    return new Pending(items, marks);
  }

  private long readTs(Segment s, long offset, long limit) {
    try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
      RecordReader reader = new RecordReader(ch, offset, limit);
      if (reader.next() == RecordReader.Result.RECORD) {
        return codec.decode(reader.payloadArray(), reader.payloadOffset(), reader.length()).ts();
      }
    } catch (IOException e) {
      LOG.debug("cannot read the oldest item [segment: {}, cause: {}]", s, e.toString());
    }
    return -1;
  }

  private void saveState() throws IOException {
    String text;
    long version;
    lock.lock();
    try {
      List<Segment> all = new ArrayList<>(priority.segments);
      all.addAll(normal.segments);
      text = StateFiles.stateText(all);
      version = ++stateVersion;
    } finally {
      lock.unlock();
    }
    synchronized (stateWriteLock) {
      if (version > stateWritten) {
        files.saveState(text);
        stateWritten = version;
      }
    }
  }

  private void saveStateQuietly() {
    try {
      saveState();
    } catch (IOException e) {
      LOG.warn("cannot save the buffer state; acknowledged items may be sent again", e);
    }
  }

  private void saveCountersQuietly(boolean force) {
    try {
      files.saveCounters(new Counters(evictions.total(), rejected, quarantined), force);
    } catch (IOException e) {
      LOG.error("cannot save the buffer counters", e);
    }
  }
}
