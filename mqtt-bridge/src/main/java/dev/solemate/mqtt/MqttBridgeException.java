package dev.solemate.mqtt;

import dev.solemate.SolemateException;

/** The bridge could not start: a device would not open, or the broker refused us. The message says which and why. */
public class MqttBridgeException extends SolemateException {

    public MqttBridgeException(String message) {
        super(message);
    }

    public MqttBridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
