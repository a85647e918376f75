package dev.solemate;

/** The root of every exception Solemate throws on purpose; the message says what went wrong and what to do. */
public class SolemateException extends RuntimeException {

    public SolemateException(String message) {
        super(message);
    }

    public SolemateException(String message, Throwable cause) {
        super(message, cause);
    }
}
