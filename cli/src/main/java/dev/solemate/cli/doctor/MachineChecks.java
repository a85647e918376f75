package dev.solemate.cli.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The checks of the machine itself: Java, serial permissions, the native library, a noexec temp dir. */
public final class MachineChecks {

    /** Where to point jSerialComm when the temp dir cannot run native code. */
    static final String NATIVE_FIX = "run with JAVA_TOOL_OPTIONS=\"-Djava.io.tmpdir=$HOME/.cache/solemate/tmp\""
            + " (a directory that allows executables) or -DjSerialComm.library.path=<dir>";

    private final SystemFacts facts;

    public MachineChecks(SystemFacts facts) {
        this.facts = facts;
    }

    public CheckResult java() {
        String version = facts.javaVersion();
        int feature = feature(version);
        if (feature >= 17) {
            return CheckResult.ok("java", "Java " + version + " (" + facts.javaDescription() + ")");
        }
        return CheckResult.fail("java", "Java " + version + " is too old (expected 17 or later)",
                "install Java 17 or later, e.g. apt-get install openjdk-17-jre, and put it first on PATH");
    }

    public CheckResult serialPermissions() {
        String check = "serial permissions";
        if (!facts.osName().toLowerCase(Locale.ROOT).contains("linux")) {
            return CheckResult.ok(check, facts.osName() + " needs no group membership for serial ports");
        }
        String user = facts.userName();
        List<Path> devices = facts.serialDevices();
        if (facts.isRoot()) {
            return CheckResult.ok(check, "running as root" + ports(devices));
        }
        List<Path> blocked = devices.stream().filter(d -> !facts.canReadWrite(d)).toList();
        Optional<Set<String>> groups = facts.groups();
        boolean inDialout = groups.map(g -> g.contains("dialout") || g.contains("uucp")).orElse(false);
        String join = "sudo usermod -aG dialout " + user + ", then log out and back in";
        if (!blocked.isEmpty()) {
            return CheckResult.fail(check, user + " cannot open " + blocked.get(0)
                    + (blocked.size() > 1 ? " (and " + (blocked.size() - 1) + " more)" : "")
                    + (inDialout ? " although in the dialout group" : " (not in the dialout group)"),
                    inDialout ? "log out and back in so the new group applies, or check the device's owner with ls -l "
                            + blocked.get(0) : join);
        }
        if (!devices.isEmpty()) {
            return CheckResult.ok(check, user + " can open " + String.join(", ", devices.stream().map(Path::toString).toList()));
        }
        if (groups.isEmpty()) {
            return CheckResult.warn(check, "no serial port plugged in and the groups of " + user + " are unknown",
                    "make sure " + user + " is in the dialout group: " + join);
        }
        if (!inDialout) {
            return CheckResult.warn(check, user + " is not in the dialout group (no serial port plugged in now)", join);
        }
        return CheckResult.ok(check, user + " is in the dialout group (no serial port plugged in now)");
    }

    public CheckResult nativeLibrary() {
        String check = "serial native library";
        try {
            return CheckResult.ok(check, facts.loadSerialLibrary());
        } catch (Throwable e) {
            // jSerialComm reports a failed extraction as an Error from its static initialiser; anything
            // it throws here means serial devices cannot be used, so say so instead of crashing.
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return CheckResult.fail(check, "jSerialComm could not load its native library (" + message + ")",
                    NATIVE_FIX);
        }
    }

    public CheckResult tempDirExec() {
        String check = "temp directory";
        String tmp = facts.tmpDir();
        Optional<String> mounts = facts.mounts();
        if (mounts.isEmpty()) {
            return CheckResult.ok(check, tmp + " (mount options unknown on this system)");
        }
        Optional<String[]> mount = mountOf(tmp, mounts.get());
        if (mount.isPresent() && List.of(mount.get()[3].split(",")).contains("noexec")) {
            return CheckResult.warn(check, tmp + " is on a noexec mount (" + mount.get()[1]
                    + "), so jSerialComm cannot run its native library from there", NATIVE_FIX);
        }
        return CheckResult.ok(check, tmp + " allows executables");
    }

    /** The /proc/mounts entry (device, mount point, type, options) holding {@code path}: the longest matching mount point. */
    static Optional<String[]> mountOf(String path, String mounts) {
        String[] best = null;
        for (String line : mounts.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4) {
                continue;
            }
            String point = fields[1].replace("\\040", " ");
            boolean contains = path.equals(point) || point.equals("/")
                    || path.startsWith(point.endsWith("/") ? point : point + "/");
            if (contains && (best == null || point.length() >= best[1].length())) {
                fields[1] = point;
                best = fields;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String ports(List<Path> devices) {
        return devices.isEmpty() ? "" : "; " + String.join(", ", devices.stream().map(Path::toString).toList());
    }

    static int feature(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }
}
