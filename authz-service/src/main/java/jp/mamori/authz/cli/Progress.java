package jp.mamori.authz.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Progress of long CLI work (a sync of 40,000 staff, audit verification, reports): a line at most
 * every {@link #EVERY_NANOS} with what is done of the whole, the share, the time spent and an
 * estimate of the time left, Japanese first — e.g. {@code 適用 / apply: 12,000 / 40,000 (30%), 12 s
 * 経過 elapsed, 残り約 / about 28 s left}. Written to the stream given (the CLI's standard error, so
 * that the result on standard output stays clean). Safe for several threads; as a {@link
 * LongConsumer} it is what the services accept as their progress hook.
 */
public final class Progress implements LongConsumer {

  /** At most one line per second. */
  static final long EVERY_NANOS = 1_000_000_000L;

  private final PrintStream out;
  private final String label;
  private volatile long total;
  private final LongSupplier nanos;
  private final long started;
  private final AtomicLong done = new AtomicLong();
  private long lastPrinted;

  Progress(PrintStream out, String label, long total, LongSupplier nanos) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.nanos = nanos;
    this.started = nanos.getAsLong();
    this.lastPrinted = started;
  }

  /** Progress of {@code total} units of work named {@code label} (e.g. {@code 適用 / apply}). */
  public static Progress to(PrintStream out, String label, long total) {
    return new Progress(out, label, total, System::nanoTime);
  }

  /** The whole, when it is known only once the work has started (0 until then: no share shown). */
  public void total(long total) {
    this.total = total;
  }

  /** {@code n} more units done. */
  @Override
  public void accept(long n) {
    long now = done.addAndGet(n);
    long t = nanos.getAsLong();
    synchronized (this) {
      if (t - lastPrinted >= EVERY_NANOS && now < total) {
        lastPrinted = t;
        out.println(line(now, t));
      }
    }
  }

  /** The last line, whatever the time since the previous one. */
  public synchronized void finish() {
    out.println(line(done.get(), nanos.getAsLong()));
  }

  String line(long now, long t) {
    double seconds = (t - started) / 1e9;
    StringBuilder s =
        new StringBuilder(label)
            .append(": ")
            .append(String.format("%,d", now))
            .append(" / ")
            .append(String.format("%,d", total));
    if (total > 0) {
      s.append(String.format(" (%d%%)", Math.min(100, now * 100 / total)));
    }
    s.append(String.format(", %.0f s 経過 elapsed", seconds));
    if (now > 0 && now < total) {
      double left = seconds * (total - now) / now;
      s.append(String.format(", 残り約 / about %.0f s left", left));
    }
    return s.toString();
  }
}
