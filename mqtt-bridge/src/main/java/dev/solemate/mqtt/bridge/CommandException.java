package dev.solemate.mqtt.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A command was refused before anything changed; the message says what was wrong and what is
 * allowed, and goes back to the sender on the response topic with its transaction.
 */
public class CommandException extends RuntimeException {

    private final transient Optional<JsonNode> transaction;

    public CommandException(String message, Optional<JsonNode> transaction) {
        super(message, null, false, false);
        this.transaction = transaction;
    }

    public Optional<JsonNode> transaction() {
        return transaction;
    }
}
