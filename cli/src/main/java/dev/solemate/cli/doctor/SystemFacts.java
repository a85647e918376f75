package dev.solemate.cli.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the doctor needs to know about the machine, behind an interface so that every check can be
 * tested with made-up machines (a user outside {@code dialout}, a noexec /tmp, a missing native
 * library) on any build host.
 */
public interface SystemFacts {

    /** {@code java.version}, e.g. {@code 17.0.15}. */
    String javaVersion();

    /** {@code java.vendor} and {@code java.home}, for the detail. */
    String javaDescription();

    /** {@code os.name}, e.g. {@code Linux}. */
    String osName();

    String userName();

    /** True for uid 0. */
    boolean isRoot();

    /** The user's groups, or empty when they cannot be found out. */
    Optional<Set<String>> groups();

    /** Serial device files present, e.g. {@code /dev/ttyUSB0}, {@code /dev/ttyACM0}. */
    List<Path> serialDevices();

    /** True when this process may open {@code device} for reading and writing. */
    boolean canReadWrite(Path device);

    /** The content of {@code /proc/mounts}, when there is one. */
    Optional<String> mounts();

    /** {@code java.io.tmpdir}. */
    String tmpDir();

    /**
     * Loads jSerialComm's native library and lists ports; returns a short description (e.g. the
     * number of ports). Throws whatever the library throws when it cannot load.
     */
    String loadSerialLibrary() throws Throwable;
}
