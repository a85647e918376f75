package dev.solemate.cli.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A made-up machine for doctor tests. */
record FakeSystem(String javaVersion, String userName, boolean isRoot, Optional<Set<String>> groups,
        List<Path> serialDevices, Set<Path> openable, Optional<String> mounts, String tmpDir,
        Throwable nativeFailure) implements SystemFacts {

    /** A healthy Linux machine: Java 17, user ada in dialout, no port plugged in, /tmp allows exec. */
    static FakeSystem healthy() {
        return new FakeSystem("17.0.15", "ada", false, Optional.of(Set.of("ada", "dialout")), List.of(), Set.of(),
                Optional.of("/dev/sda1 / ext4 rw,relatime 0 0\ntmpfs /tmp tmpfs rw,nosuid,nodev 0 0\n"), "/tmp", null);
    }

    FakeSystem withJava(String version) {
        return new FakeSystem(version, userName, isRoot, groups, serialDevices, openable, mounts, tmpDir, nativeFailure);
    }

    FakeSystem withGroups(String... names) {
        return new FakeSystem(javaVersion, userName, isRoot, Optional.of(Set.of(names)), serialDevices, openable,
                mounts, tmpDir, nativeFailure);
    }

    FakeSystem withDevices(List<Path> devices, Set<Path> canOpen) {
        return new FakeSystem(javaVersion, userName, isRoot, groups, devices, canOpen, mounts, tmpDir, nativeFailure);
    }

    FakeSystem asRoot() {
        return new FakeSystem(javaVersion, "root", true, groups, serialDevices, openable, mounts, tmpDir, nativeFailure);
    }

    FakeSystem withMounts(String text) {
        return new FakeSystem(javaVersion, userName, isRoot, groups, serialDevices, openable, Optional.of(text), tmpDir,
                nativeFailure);
    }

    FakeSystem withNativeFailure(Throwable failure) {
        return new FakeSystem(javaVersion, userName, isRoot, groups, serialDevices, openable, mounts, tmpDir, failure);
    }

    @Override
    public String javaDescription() {
        return "Eclipse Adoptium, /opt/java";
    }

    @Override
    public String osName() {
        return "Linux";
    }

    @Override
    public boolean canReadWrite(Path device) {
        return openable.contains(device);
    }

    @Override
    public String loadSerialLibrary() throws Throwable {
        if (nativeFailure != null) {
            throw nativeFailure;
        }
        return "jSerialComm 2.11.4 loaded; 0 serial ports listed";
    }
}
