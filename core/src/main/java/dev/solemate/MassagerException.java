package dev.solemate;

/**
 * A device could not do what was asked: it could not be opened, refused or did not acknowledge a
 * command, or went away. The message says what happened and, where there is one, what to do.
 */
public class MassagerException extends SolemateException {

    public MassagerException(String message) {
        super(message);
    }

    public MassagerException(String message, Throwable cause) {
        super(message, cause);
    }
}
