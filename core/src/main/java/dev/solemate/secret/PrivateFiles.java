package dev.solemate.secret;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files that hold secrets or private data: warnings about ones others can read (as {@code ssh}
 * warns about a private key), and creating directories ({@code 0700}) and files ({@code 0600})
 * that only their owner can open. On a file system without POSIX permissions these do nothing.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /**
     * A warning when {@code file}, which holds {@code what} (e.g. "a password"), can be read or
     * written by its group or others; empty when only its owner can, or permissions are unknown.
     */
    public static Optional<String> sharedFileWarning(Path file, String what) {
        if (!POSIX) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.retainAll(SHARED);
            if (perms.isEmpty()) {
                return Optional.empty();
            }
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
            return Optional.of(file + " holds " + what + " but its group or others can open it (" + mode
                    + "): make it private with: chmod 600 " + file);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Creates {@code dir} and missing parents; the directories created are {@code 0700}. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createPrivateDirectories(parent);
        }
        try {
            if (POSIX) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(absolute);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another process made it meanwhile: fine
        }
    }

    /** Makes an existing directory {@code 0700}, an existing file {@code 0600}; quietly skipped elsewhere. */
    public static void makePrivate(Path path) throws IOException {
        if (POSIX && Files.exists(path)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwx------" : "rw-------"));
        }
    }

    /** The attributes for creating a file only its owner can read and write ({@code 0600}). */
    public static FileAttribute<?>[] ownerOnlyFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
    }
}
