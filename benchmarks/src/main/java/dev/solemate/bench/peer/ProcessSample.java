package dev.solemate.bench.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory and CPU time of one process, read from {@code /proc} (Linux): {@code VmRSS} from
 * {@code status}, user plus system time from {@code stat} (fields 14 and 15, in clock ticks of
 * 10 ms, the kernel's USER_HZ on every Linux this runs on).
 */
record ProcessSample(long rssKb, long cpuTicks) {

    static final long MILLIS_PER_TICK = 10;

    static ProcessSample of(long pid) {
        try {
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return new ProcessSample(rss, ticks);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + " (has the process ended?): " + e, e);
        }
    }

    long rssMb() {
        return rssKb / 1024;
    }
}
