package dev.solemate;

/** The link to the device was lost; commands pending at that moment fail with this. */
public class DeviceDisconnectedException extends MassagerException {

    public DeviceDisconnectedException(String message) {
        super(message);
    }
}
