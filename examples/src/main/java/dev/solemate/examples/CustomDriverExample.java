package dev.solemate.examples;

import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import java.io.PrintStream;

/**
 * Opens a device through a third-party driver, {@link dev.solemate.examples.echo.EchoDriver}, found
 * by its {@code echo:} scheme through {@link java.util.ServiceLoader}; every command passes the safety
 * governor first, whichever driver carries it.
 */
public final class CustomDriverExample {

    private CustomDriverExample() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    public static void run(PrintStream out) {
        // tag::open[]
        out.println("installed drivers: " + String.join(", ", Massagers.drivers().keySet()));
        try (Massager massager = Massagers.open("echo:bench?profile=budget-2zone")) {
            out.println("opened " + massager.info().serialNumber() + " (" + massager.profile().name() + ")");
            massager.setZone(Zone.HEEL, Technique.ROLL, Intensity.of(30)).join();
            massager.stopZone(Zone.HEEL).join();
        }
        // end::open[]
    }
}
