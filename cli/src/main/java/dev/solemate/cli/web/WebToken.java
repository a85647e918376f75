package dev.solemate.cli.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The secret that lets a phone control the massagers when {@code serve} listens beyond this
 * machine: 256 random bits, kept in {@code web-token} in the state directory, readable by its owner
 * only (0600). Made on the first start that needs it; {@link #renew} replaces it, which signs out
 * every phone that used the old one. Never logged and never shown except in the one link printed
 * when it is made.
 */
final class WebToken {

    /** The token file's name inside the state directory. */
    static final String FILE_NAME = "web-token";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;
    private final boolean created;

    private WebToken(String value, boolean created) {
        this.value = value;
        this.created = created;
    }

    /** The token in {@code dir}, made (and marked {@link #created}) when there is none. */
    static WebToken loadOrCreate(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (text.length() >= 32) {
                ownerOnly(file);
                return new WebToken(text, false);
            }
        } catch (NoSuchFileException e) {
            // first start: make one below
        }
        return renew(dir);
    }

    /** Replaces the token with a new one: every browser signed in with the old one must open the new link. */
    static WebToken renew(Path dir) throws IOException {
        // The state folder is the user's own (0700), as the history's is.
        dev.solemate.secret.PrivateFiles.createPrivateDirectories(dir);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path temp = dir.resolve(FILE_NAME + ".new");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0]);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another 'solemate serve' is renewing the token in " + dir + "; try again", e);
        }
        Files.writeString(temp, token + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new WebToken(token, true);
    }

    /** Removes the token: the next start that needs one makes a new one. */
    static boolean revoke(Path dir) throws IOException {
        return Files.deleteIfExists(dir.resolve(FILE_NAME));
    }

    /** True when this start made the token (so its link is printed, once). */
    boolean created() {
        return created;
    }

    /** The secret itself: for the printed link and the comparison only. */
    String value() {
        return value;
    }

    /** Compares in constant time, so the answer's timing tells nothing about the token. */
    boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "WebToken[redacted]";
    }

    private static void ownerOnly(Path file) throws IOException {
        if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
