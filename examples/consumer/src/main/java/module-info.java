/**
 * An application that embeds Solemate, built from the published artifacts only. Its requires lines
 * are the ones README.md shows; the drivers ({@code sim:}, {@code serial:}, {@code mqtt:}) are found
 * by service binding and need none.
 */
module dev.solemate.consumer {
    // tag::requires[]
    requires dev.solemate.core;     // Massagers, routines, the player, sim:
    requires dev.solemate.serial;   // only to use its API (here the firmware emulator); serial: needs no requires
    requires dev.solemate.mqtt;     // MqttBridge and its configuration
    // end::requires[]

    // The launcher that starts the embedded broker lives on the class path and calls in here.
    exports dev.solemate.consumer;
}
